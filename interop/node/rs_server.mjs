// An MCP server protected by the TypeScript MCP SDK's own resource-server auth (npm
// `@modelcontextprotocol/sdk`, pinned in `package.json` / `package-lock.json`), trusting an
// authorization server it is told about: the harness's. A test fixture: the harness probes
// it to measure what the SDK does with tokens, so the glue here is as thin as the SDK allows.
//
// Usage: node rs_server.mjs   (configured by the environment)
//
//   MCP_PORT           port to listen on, 127.0.0.1 only (required)
//   AUTH_ISSUER        issuer of the trusted authorization server (required)
//   INTROSPECTION_URL  its RFC 7662 endpoint (default: `introspection_endpoint` of its metadata)
//   RESOURCE_URL       this server's resource identifier, the `aud` tokens must name
//                      (default: http://127.0.0.1:MCP_PORT/mcp)
//   REQUIRED_SCOPES    space-separated scopes every MCP request needs (default: mcp:tools;
//                      empty: none)
//
// Prints `READY http://127.0.0.1:PORT/mcp` on stdout once listening, and nothing else there;
// exits 1 with a message on stderr when the configuration or the issuer's metadata is
// unusable. Never prints tokens.
//
// Every choice, and where it comes from (the SDK's example is
// dist/esm/examples/server/simpleStreamableHttp.js, run there with --oauth):
// - App: `createMcpExpressApp()` with its default host 127.0.0.1, which adds the SDK's
//   Host-header check (DNS rebinding protection) and `express.json()`; listening on
//   127.0.0.1 only (the example's `app.listen(port)` binds every interface). No `Origin`
//   check: the app checks Host only, and the transport's `allowedOrigins` is deprecated in
//   1.32.2 ("use external middleware"); the example sets none either.
// - Token verification: `requireBearerAuth` with an `OAuthTokenVerifier` that is the
//   example's introspection verifier, check for check: POST `token=...` form-encoded to the
//   introspection endpoint, no client authentication; a non-2xx answer throws a plain
//   `Error` (which `requireBearerAuth` turns into 500); the answer's `active` member is NOT
//   read (the example does not read it; an inactive answer carries no `exp`, and
//   `requireBearerAuth` refuses a token without `expiresAt`); `scope` split on spaces;
//   `expiresAt` = `exp`; `resource` = the first `aud` entry on this server's origin.
//   `iss`, `sub` and `client_id` of the answer are not checked, as in the example.
// - Audience: `expectedResource` = RESOURCE_URL, the example's `--oauth-strict`, the
//   strictest the SDK offers (without it the SDK checks no audience at all). The SDK
//   compares serializations with the fragment and one trailing slash removed.
// - Scopes: the SDK has no per-tool scopes; `requiredScopes` applies to a whole route.
//   REQUIRED_SCOPES is that list for /mcp (POST, GET and DELETE), so a token lacking one
//   gets the SDK's 403 `insufficient_scope`. The example requires none; a careful operator
//   requires the one scope the server advertises.
// - Metadata: `mcpAuthMetadataRouter` with the issuer's RFC 8414 metadata as fetched at
//   start (validated by the SDK's `OAuthMetadataSchema`), `resourceServerUrl` = RESOURCE_URL
//   and `scopesSupported` = REQUIRED_SCOPES. It serves Protected Resource Metadata at the
//   path-inserted well-known URL, and (as the SDK does for 2025-03-26 clients) a copy of the
//   authorization server's metadata at this origin. `resourceMetadataUrl` of the challenge
//   is `getOAuthProtectedResourceMetadataUrl(RESOURCE_URL)`.
// - MCP: one `McpServer` with a `StreamableHTTPServerTransport` per session, sessions kept
//   as in the example (a new one on `initialize` without a session id, 404 for an unknown
//   id, 400 otherwise), minus its event store, tasks and idle sweeping. One tool, `whoami`,
//   answering with the client id and scopes the SDK attached to the request.

import { randomUUID } from 'node:crypto';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import {
    getOAuthProtectedResourceMetadataUrl,
    mcpAuthMetadataRouter
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { OAuthMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const HOST = '127.0.0.1';

function fail(message) {
    process.stderr.write(`rs_server.mjs: ${message}\n`);
    process.exit(1);
}

function required(name) {
    const value = process.env[name];
    if (!value) fail(`${name} is not set`);
    return value;
}

/** RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path. */
function metadataUrl(issuer) {
    const url = new URL(issuer);
    const path = url.pathname === '/' ? '' : url.pathname;
    return new URL(`/.well-known/oauth-authorization-server${path}`, url.origin).href;
}

async function fetchMetadata(issuer) {
    const url = metadataUrl(issuer);
    let response;
    try {
        response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
        fail(`cannot fetch ${url}: ${error.message}`);
    }
    if (!response.ok) fail(`${url} answered ${response.status}`);
    const parsed = OAuthMetadataSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) fail(`${url} is not RFC 8414 metadata: ${parsed.error.message}`);
    return parsed.data;
}

const port = Number.parseInt(required('MCP_PORT'), 10);
if (!Number.isInteger(port) || port <= 0 || port > 65535) fail('MCP_PORT is not a port');
const issuer = required('AUTH_ISSUER');
const mcpServerUrl = new URL(process.env.RESOURCE_URL || `http://${HOST}:${port}/mcp`);
const requiredScopes = (process.env.REQUIRED_SCOPES ?? 'mcp:tools').split(' ').filter(s => s);
const oauthMetadata = await fetchMetadata(issuer);
const introspectionEndpoint = process.env.INTROSPECTION_URL || oauthMetadata.introspection_endpoint;
if (!introspectionEndpoint) fail('INTROSPECTION_URL is not set and the metadata names no introspection_endpoint');

// The SDK example's verifier (see the header): kept as the example has it, on purpose.
const tokenVerifier = {
    verifyAccessToken: async token => {
        const response = await fetch(introspectionEndpoint, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ token }).toString()
        });
        if (!response.ok) {
            const text = await response.text().catch(() => null);
            throw new Error(`Invalid or expired token: ${text}`);
        }
        const data = await response.json();
        const audience = [data.aud ?? []]
            .flat()
            .find(aud => URL.canParse(aud) && new URL(aud).origin === mcpServerUrl.origin);
        return {
            token,
            clientId: data.client_id,
            scopes: data.scope ? data.scope.split(' ') : [],
            expiresAt: data.exp,
            resource: audience ? new URL(audience) : undefined
        };
    }
};

const app = createMcpExpressApp({ host: HOST });
app.use(
    mcpAuthMetadataRouter({
        oauthMetadata,
        resourceServerUrl: mcpServerUrl,
        scopesSupported: requiredScopes.length > 0 ? requiredScopes : undefined,
        resourceName: 'mcp-auth-harness interop server (TypeScript SDK)'
    })
);
const auth = requireBearerAuth({
    verifier: tokenVerifier,
    requiredScopes,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpServerUrl),
    expectedResource: mcpServerUrl
});

function newServer() {
    const server = new McpServer({ name: 'mcp-auth-harness-node-rs', version: '0.0.0' });
    server.registerTool('whoami', { description: 'The client id and scopes of the token this request carried' }, async extra => ({
        content: [
            {
                type: 'text',
                text: JSON.stringify({ client_id: extra.authInfo?.clientId, scopes: extra.authInfo?.scopes ?? [] })
            }
        ]
    }));
    return server;
}

const sessions = new Map();

function jsonRpcError(res, status, code, message) {
    res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

app.post('/mcp', auth, async (req, res) => {
    const sessionId = req.headers['mcp-session-id'];
    try {
        if (sessionId) {
            const transport = sessions.get(sessionId);
            if (!transport) return jsonRpcError(res, 404, -32001, 'Session not found');
            return await transport.handleRequest(req, res, req.body);
        }
        if (!isInitializeRequest(req.body)) {
            return jsonRpcError(res, 400, -32000, 'Bad Request: No valid session ID provided');
        }
        const transport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: id => sessions.set(id, transport)
        });
        transport.onclose = () => {
            if (transport.sessionId) sessions.delete(transport.sessionId);
        };
        await newServer().connect(transport);
        await transport.handleRequest(req, res, req.body);
    } catch (error) {
        process.stderr.write(`rs_server.mjs: ${error?.message ?? error}\n`);
        if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal server error');
    }
});

// GET (the SSE stream) and DELETE (end of session) go to the session's transport.
const sessionRequest = async (req, res) => {
    const sessionId = req.headers['mcp-session-id'];
    if (!sessionId) return res.status(400).send('Missing session ID');
    const transport = sessions.get(sessionId);
    if (!transport) return jsonRpcError(res, 404, -32001, 'Session not found');
    try {
        await transport.handleRequest(req, res);
    } catch (error) {
        process.stderr.write(`rs_server.mjs: ${error?.message ?? error}\n`);
        if (!res.headersSent) res.status(500).send('Internal server error');
    }
};
app.get('/mcp', auth, sessionRequest);
app.delete('/mcp', auth, sessionRequest);

const listener = app.listen(port, HOST, error => {
    if (error) fail(`cannot listen on ${HOST}:${port}: ${error.message}`);
    process.stdout.write(`READY http://${HOST}:${listener.address().port}/mcp\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => process.exit(0));
}
