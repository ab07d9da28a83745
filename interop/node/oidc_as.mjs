// A real third-party OAuth 2.1 / OpenID authorization server for the harness's
// authorization-server mode: npm `oidc-provider` (panva, OpenID-certified), pinned in
// package.json, configured the way a careful operator would configure it for MCP clients,
// on loopback only. Its login and consent pages are replaced by an endpoint that approves
// at once, so a headless consent command (consent.mjs) can complete the flow.
//
//   AS_PORT=PORT node oidc_as.mjs        prints `READY http://127.0.0.1:PORT` when listening
//
// Environment:
//   AS_PORT        (required) loopback port to listen on; the issuer is http://127.0.0.1:PORT
//   AS_SCOPES      space-separated scopes every accepted resource offers (default `mcp:tools`)
//   AS_RESOURCES   space-separated exact resource identifiers (RFC 8707) to accept; unset:
//                  any absolute http(s) URL on a loopback host, without fragment
//   AS_MCP_REDIRECT_POLICY  `off` keeps oidc-provider's own redirect URI rules only (see
//                  "redirect URIs" below), to observe the library's behaviour out of the box
//   AS_ACCESS_TOKEN_FORMAT  `jwt` (default) or `opaque`: oidc-provider refuses to introspect
//                  its own JWT access tokens (`unsupported_token_type`), so a resource server
//                  that relies on RFC 7662 introspection needs opaque ones
//
// Configuration choices, and why:
// - Listens on 127.0.0.1 only, issuer `http://127.0.0.1:PORT` (no trailing slash): tests
//   must not open a port to the network. Plain http is therefore unavoidable, and a
//   conformance tool will rightly flag the metadata's http endpoints (AS-META-HTTPS).
// - Signing keys (RSA 2048 for RS256, the OIDC default, and EC P-256 for ES256) and cookie
//   keys are generated at start, instead of oidc-provider's published development keys, so
//   no two runs and no other installation share a key. Nothing is persisted: the default
//   in-memory adapter is what a throwaway test server wants (oidc-provider warns about it).
// - Only `response_type=code` is offered: OAuth 2.1 removes the implicit grant and the
//   hybrid flows return tokens in the front channel (AS-NO-IMPLICIT).
// - PKCE is required for every client, not only public ones (OAuth 2.1 §4.1.1); oidc-
//   provider 9 implements S256 only, so `plain` is never advertised nor accepted.
// - Open dynamic client registration (RFC 7591; no initial access token): MCP clients
//   register themselves. The registration access token oidc-provider issues is kept (its
//   default), but RFC 7592 management (update/delete) is not enabled.
// - Redirect URIs: oidc-provider accepts any http(s) URI for `web` clients (the default
//   application_type), including `http://` on any host. MCP requires redirect URIs to be
//   loopback or https (MCP Communication Security; AS-DCR-REDIRECT-SCHEME), so a registration
//   naming an `http:` URI on a non-loopback host is refused with `invalid_redirect_uri`.
//   oidc-provider has no setting for this; the hook used is its client-metadata validator,
//   which runs only when at least one extra metadata name is declared: RFC 7591's
//   `software_id` and `software_version`, which oidc-provider does not otherwise know and
//   now echoes back. AS_MCP_REDIRECT_POLICY=off removes the rule.
// - Resource indicators (RFC 8707): every accepted resource gets JWT access tokens (RFC 9068;
//   or opaque ones, AS_ACCESS_TOKEN_FORMAT) whose `aud` is the resource identifier itself,
//   lifetime 5 minutes (short-lived, as MCP asks). Unknown resources are refused with `invalid_target`. Which resources are known
//   is AS_RESOURCES, or any loopback URL so the harness can point it at whatever MCP server
//   it launched.
// - Refresh tokens: issued whenever the client registered the `refresh_token` grant (oidc-
//   provider's default also demands the OIDC `offline_access` scope, which MCP clients do
//   not send), and rotated on every use for every client (OAuth 2.1 §4.3.1 requires rotation
//   or sender-constraining for public clients; the default rotates public clients only
//   and confidential ones late in the token's life). Reuse of a rotated refresh token is
//   detected by oidc-provider itself, which then revokes the grant.
// - Token introspection (RFC 7662) and revocation (RFC 7009) enabled, with oidc-provider's
//   default policies: a public client can only introspect or revoke its own tokens.
// - RFC 9207 `iss` in authorization responses: always on in oidc-provider 9 and advertised
//   as `authorization_response_iss_parameter_supported`.
// - Interactions: oidc-provider's development login/consent pages (`devInteractions`) are
//   off; GET /interaction/:uid finishes login with the fixed account `mcp-harness-user` and
//   grants exactly what the prompt says is missing (OIDC scopes, claims and resource scopes),
//   then sends the browser back to the authorization endpoint with a 303.
// - Lifetimes: authorization code 60 s (OAuth 2.1 recommends at most 10 minutes), session
//   and grant 1 hour, refresh token 1 day, interaction 10 minutes.
//
// Left at oidc-provider's defaults, on purpose (a conformance run should see the library):
// - `allowOmittingSingleRegisteredRedirectUri`: a client with exactly one registered
//   redirect URI may omit `redirect_uri` at the authorization and token endpoints (OAuth 2.1
//   allows it); the code stays bound to that URI, and a different one is refused.
// - Loopback redirect URIs match with any port only for `application_type: native`
//   clients; `web` clients (the registration default) need the exact port.
// - A failed PKCE verification does not consume the code; a second redemption does, and
//   revokes the grant (its refresh tokens; JWT access tokens live until they expire).
//
// Not enabled, and why:
// - Client ID metadata documents (`clientIdMetadataDocument`): experimental in 9.13.3 (draft
//   02, needs an acknowledged version) and by default fetches any URL, loopback included
//   (AS-CIMD-SSRF); a separate configuration when the harness probes CIMD.
// - `client_credentials`, device flow, CIBA, PAR (on by default in oidc-provider, turned off
//   here), JAR, JARM, mTLS, RAR: not used by MCP clients; each is attack surface a
//   conformance run would have to account for.
// - RP-initiated logout: no browser session worth ending on a test server.
// - DPoP stays at oidc-provider's default (enabled, optional): clients that do not use it
//   are unaffected, and it is the sender-constraining alternative to rotation.

import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider, { errors } from 'oidc-provider';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const ACCOUNT_ID = 'mcp-harness-user';

const port = Number.parseInt(process.env.AS_PORT ?? '', 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('oidc_as.mjs: set AS_PORT to a TCP port (1-65535)');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const resourceScopes = (process.env.AS_SCOPES ?? 'mcp:tools').split(/\s+/).filter(Boolean);
const allowedResources = process.env.AS_RESOURCES
  ? new Set(process.env.AS_RESOURCES.split(/\s+/).filter(Boolean))
  : undefined;
const mcpRedirectPolicy = process.env.AS_MCP_REDIRECT_POLICY !== 'off';
const accessTokenFormat = process.env.AS_ACCESS_TOKEN_FORMAT ?? 'jwt';
if (accessTokenFormat !== 'jwt' && accessTokenFormat !== 'opaque') {
  console.error('oidc_as.mjs: AS_ACCESS_TOKEN_FORMAT is `jwt` or `opaque`');
  process.exit(2);
}

// The `kid`s are random too: a fixed kid with a fresh key would confuse a client caching JWKS.
function signingKey(type, options, alg) {
  const jwk = generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomBytes(8).toString('base64url'), use: 'sig', alg };
}

// Whether `resource` names a resource server this AS issues tokens for (see header).
function knownResource(resource) {
  if (allowedResources) return allowedResources.has(resource);
  const url = URL.parse(resource);
  return (
    url !== null
    && (url.protocol === 'http:' || url.protocol === 'https:')
    && LOOPBACK_HOSTS.has(url.hostname)
    && !resource.includes('#')
  );
}

// RFC 7591 redirect URIs for MCP: `http:` only on loopback hosts. Called with the raw
// registration metadata before oidc-provider's own checks; malformed values are left to those.
function mcpRedirectUriRule(_ctx, key, _value, metadata) {
  if (!mcpRedirectPolicy || key !== 'software_id') return;
  const uris = Array.isArray(metadata.redirect_uris) ? metadata.redirect_uris : [];
  for (const uri of uris) {
    const url = typeof uri === 'string' ? URL.parse(uri) : null;
    if (url && url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
      // A description starting with `redirect_uris` makes oidc-provider answer with the
      // RFC 7591 `invalid_redirect_uri` code rather than `invalid_client_metadata`.
      throw new errors.InvalidClientMetadata(
        'redirect_uris using http must use a loopback host (MCP: loopback or https only)',
      );
    }
  }
}

const configuration = {
  jwks: {
    keys: [
      signingKey('rsa', { modulusLength: 2048 }, 'RS256'),
      signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
    ],
  },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  responseTypes: ['code'],
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access', ...resourceScopes],
  async findAccount(_ctx, sub) {
    return { accountId: sub, async claims() { return { sub }; } };
  },
  extraClientMetadata: {
    properties: ['software_id', 'software_version'],
    validator(ctx, key, value, metadata) {
      if (value !== undefined && typeof value !== 'string') {
        throw new errors.InvalidClientMetadata(`${key} must be a string`);
      }
      mcpRedirectUriRule(ctx, key, value, metadata);
    },
  },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: () => true,
  ttl: {
    AccessToken: 300,
    AuthorizationCode: 60,
    IdToken: 300,
    Grant: 3600,
    Session: 3600,
    Interaction: 600,
    RefreshToken: 86400,
  },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true, initialAccessToken: false },
    registrationManagement: { enabled: false },
    introspection: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: false },
    clientCredentials: { enabled: false },
    pushedAuthorizationRequests: { enabled: false },
    resourceIndicators: {
      enabled: true,
      // A token request without `resource` gets the resource the authorization request
      // named, even when `openid` was also asked for (oidc-provider would then issue a
      // userinfo-only token instead); with several granted, the client must pick one.
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => true,
      async getResourceServerInfo(_ctx, resource) {
        if (!knownResource(resource)) throw new errors.InvalidTarget();
        return {
          scope: resourceScopes.join(' '),
          audience: resource,
          accessTokenFormat,
          accessTokenTTL: 300,
          ...(accessTokenFormat === 'jwt' ? { jwt: { sign: { alg: 'RS256' } } } : {}),
        };
      },
    },
  },
};

const provider = new Provider(issuer, configuration);

// The interaction endpoint: approves login, then consent, without asking anyone.
provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(ctx.path);
  if (!match || ctx.method !== 'GET') {
    await next();
    return;
  }
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params, session } = details;
  let result;
  if (prompt.name === 'login') {
    result = { login: { accountId: ACCOUNT_ID } };
  } else if (prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    result = { consent: { grantId: await grant.save() } };
  } else {
    // No other prompt exists in the default policy; refuse rather than loop.
    result = { error: 'access_denied', error_description: `unsupported prompt ${prompt.name}` };
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: true,
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`READY ${issuer}`);
});
server.on('error', (error) => {
  console.error(`oidc_as.mjs: cannot listen on 127.0.0.1:${port}: ${error.message}`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
