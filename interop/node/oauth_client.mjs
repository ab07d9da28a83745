// A headless driver around the TypeScript MCP SDK's OAuth client (npm `@modelcontextprotocol/sdk`,
// pinned in `package.json` / `package-lock.json`).
//
// Usage: node oauth_client.mjs MCP_URL [--tool NAME]
//
// Connects to MCP_URL with `StreamableHTTPClientTransport` and an in-memory
// `OAuthClientProvider`; the SDK does discovery, dynamic registration, PKCE and the token
// exchange. The front channel is played headlessly: `redirectToAuthorization` fetches the
// authorization URL without following redirects and keeps the `Location` the authorization
// server answers with, exactly as a browser would deliver it to the callback. The code from
// that callback goes to `finishAuth(code)` of the transport that was challenged, then a new
// connection is made, as the SDK's `simpleOAuthClient` example does; that is all the SDK 1.32.2 API takes
// (it has no parameter for `state` or `iss`, and this driver adds no checks of its own).
// Prints one JSON line describing the outcome and exits 0 on success, 1 when the SDK refused
// or failed (the message says why), 2 on usage errors. Never prints tokens.
//
// When an MCP request after the connection throws `UnauthorizedError` (the SDK started a new
// authorization for a 401 or a 403 `insufficient_scope`), the driver does the application's
// part the same way: it hands the new callback's code to `finishAuth` on the same transport
// and repeats the request. Whether to start another authorization stays the SDK's decision
// (it stops itself when the same challenge repeats); the driver only gives up after
// MAX_APP_RETRIES, far above any limit a conformance check asks for.
//
// The official conformance suite's client contract (`MCP_CONFORMANCE_SCENARIO`,
// `MCP_CONFORMANCE_CONTEXT`; see interop/conformance/README.md) is honoured only as far as
// it hands the SDK configuration an application would hold, and only when those variables
// are set, so runs without them are unchanged:
// - a context with `client_id` (auth/pre-registration) becomes the stored client
//   information, so the SDK skips registration and picks the token endpoint authentication
//   method itself;
// - auth/client-credentials-basic and auth/client-credentials-jwt use the SDK's
//   `ClientCredentialsProvider` and `PrivateKeyJwtProvider` with the context's values;
// - every other scenario gives the SDK the suite's fixed client ID metadata document URL
//   (`clientMetadataUrl`), which the SDK uses only where the authorization server advertises
//   support for it.
// SDK 1.32.2 has no provider for the other extension scenarios (enterprise-managed
// authorization, workload identity, DPoP), so those get the ordinary flow.
//
// This file is a test fixture: it exercises a third-party OAuth client against the
// harness's mock servers. It adds no behaviour of its own to the SDK's flow.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ClientCredentialsProvider, PrivateKeyJwtProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';

const REDIRECT_URI = 'http://127.0.0.1:8765/callback';
const TIMEOUT_MS = 60_000;
const MAX_APP_RETRIES = 10;
// The client ID metadata document URL the official conformance suite expects
// (src/scenarios/client/auth/basic-cimd.ts, CIMD_CLIENT_METADATA_URL); never fetched.
const CONFORMANCE_CIMD_URL = 'https://conformance-test.local/client-metadata.json';

/** Everything the SDK stores lives as long as the process. */
class MemoryProvider {
    /**
     * @param {{ clientMetadataUrl?: string, preRegistered?: { client_id: string, client_secret?: string } }} options
     */
    constructor(options = {}) {
        this._clientMetadataUrl = options.clientMetadataUrl;
        this._clientInformation = options.preRegistered === undefined
            ? undefined
            : { ...options.preRegistered, redirect_uris: [REDIRECT_URI] };
        this._tokens = undefined;
        this._codeVerifier = undefined;
        this._discoveryState = undefined;
        /** The `Location` the authorization endpoint answered with (the callback URL). */
        this.callbackUrl = undefined;
        this.authorizationUrls = [];
    }

    get redirectUrl() {
        return REDIRECT_URI;
    }

    /** Read by the SDK only when the authorization server supports URL client IDs. */
    get clientMetadataUrl() {
        return this._clientMetadataUrl;
    }

    get clientMetadata() {
        return {
            client_name: 'mcp-auth-harness node interop driver',
            redirect_uris: [REDIRECT_URI],
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            token_endpoint_auth_method: 'none'
        };
    }

    clientInformation() {
        return this._clientInformation;
    }

    saveClientInformation(clientInformation) {
        this._clientInformation = clientInformation;
    }

    tokens() {
        return this._tokens;
    }

    saveTokens(tokens) {
        this._tokens = tokens;
    }

    saveCodeVerifier(codeVerifier) {
        this._codeVerifier = codeVerifier;
    }

    codeVerifier() {
        if (!this._codeVerifier) {
            throw new Error('no code verifier saved');
        }
        return this._codeVerifier;
    }

    /** Plays the user agent: fetches the authorization URL and captures the redirect. */
    async redirectToAuthorization(authorizationUrl) {
        this.authorizationUrls.push(String(authorizationUrl));
        const response = await fetch(authorizationUrl, {
            redirect: 'manual',
            signal: AbortSignal.timeout(10_000)
        });
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (![302, 303].includes(response.status) || !location) {
            throw new Error(`authorization endpoint answered ${response.status} without a redirect`);
        }
        this.callbackUrl = new URL(location, authorizationUrl).href;
    }
}

/** The authorization code from the captured callback, as an application would read it. */
function codeFromCallback(provider) {
    if (provider.callbackUrl === undefined) {
        throw new Error('no authorization response was received');
    }
    const query = new URL(provider.callbackUrl).searchParams;
    if (query.has('error')) {
        throw new Error(`authorization error: ${query.get('error')}`);
    }
    const code = query.get('code');
    if (!code) {
        throw new Error('the authorization response carried no code');
    }
    return code;
}

/** Connects; on failure the error carries the transport, which `finishAuth` needs. */
async function connect(url, provider) {
    const client = new Client({ name: 'mcp-auth-harness-node-interop', version: '0.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
    try {
        await client.connect(transport);
    } catch (error) {
        throw Object.assign(error, { transport });
    }
    return { client, transport };
}

/** The official suite's scenario name and context, when it launched this driver. */
function conformanceContext() {
    const scenario = process.env.MCP_CONFORMANCE_SCENARIO || undefined;
    const raw = process.env.MCP_CONFORMANCE_CONTEXT;
    const context = raw ? JSON.parse(raw) : {};
    if (context === null || typeof context !== 'object' || Array.isArray(context)) {
        throw new Error('MCP_CONFORMANCE_CONTEXT is not a JSON object');
    }
    return { scenario, context };
}

/** The SDK provider an application would configure for this run. */
function providerFor() {
    const { scenario, context } = conformanceContext();
    if (scenario === 'auth/client-credentials-basic') {
        return new ClientCredentialsProvider({ clientId: context.client_id, clientSecret: context.client_secret });
    }
    if (scenario === 'auth/client-credentials-jwt') {
        return new PrivateKeyJwtProvider({
            clientId: context.client_id,
            privateKey: context.private_key_pem,
            algorithm: context.signing_algorithm ?? 'ES256'
        });
    }
    if (scenario === undefined) {
        return new MemoryProvider();
    }
    const preRegistered = typeof context.client_id === 'string'
        ? { client_id: context.client_id, ...(context.client_secret ? { client_secret: context.client_secret } : {}) }
        : undefined;
    return new MemoryProvider({ clientMetadataUrl: CONFORMANCE_CIMD_URL, preRegistered });
}

/**
 * Runs one MCP request; when the SDK answered a challenge by starting a new authorization,
 * completes it with the captured callback and repeats the request.
 */
async function authorized(provider, transport, request) {
    let finished = provider.authorizationUrls?.length ?? 0;
    for (let attempt = 0; ; attempt++) {
        try {
            return await request();
        } catch (error) {
            const started = provider.authorizationUrls?.length ?? 0;
            if (!(error instanceof UnauthorizedError) || started === finished || attempt >= MAX_APP_RETRIES) {
                throw error;
            }
            finished = started;
            await transport.finishAuth(codeFromCallback(provider));
        }
    }
}

async function run(url, tool) {
    const provider = providerFor();
    let client;
    let transport;
    try {
        ({ client, transport } = await connect(url, provider));
    } catch (error) {
        if (!(error instanceof UnauthorizedError) || provider.authorizationUrls === undefined) {
            throw error;
        }
        // As the SDK's own example does: finish on the transport that was challenged (it
        // holds the resource metadata URL of the challenge), then connect afresh.
        await error.transport.finishAuth(codeFromCallback(provider));
        ({ client, transport } = await connect(url, provider));
    }
    try {
        const tools = await authorized(provider, transport, () => client.listTools());
        const result = await authorized(provider, transport, () =>
            client.callTool({ name: tool, arguments: { text: 'hello from node' } })
        );
        const texts = (result.content ?? []).filter(c => c.type === 'text').map(c => c.text);
        return {
            ok: true,
            tools: tools.tools.map(t => t.name).sort(),
            result: texts,
            is_error: Boolean(result.isError),
            authorization_requests: provider.authorizationUrls?.length ?? 0
        };
    } finally {
        await client.close().catch(() => {});
    }
}

/** The chain of causes of an error, without stack traces. */
function describe(error) {
    const parts = [];
    for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; e = e.cause, depth++) {
        parts.push(e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));
    }
    return parts.join('; caused by ');
}

function parseArgs(argv) {
    let url;
    let tool = 'echo';
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--tool' && i + 1 < argv.length) {
            tool = argv[++i];
        } else if (url === undefined && !argv[i].startsWith('--')) {
            url = argv[i];
        } else {
            return undefined;
        }
    }
    return url === undefined ? undefined : { url, tool };
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    if (!args) {
        process.stderr.write('usage: node oauth_client.mjs MCP_URL [--tool NAME]\n');
        return 2;
    }
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    });
    try {
        const outcome = await Promise.race([run(args.url, args.tool), timeout]);
        process.stdout.write(JSON.stringify(outcome) + '\n');
        return 0;
    } catch (error) {
        // every failure is reported as data, never a stack trace dump
        process.stdout.write(JSON.stringify({ ok: false, error: describe(error) }) + '\n');
        return 1;
    } finally {
        clearTimeout(timer);
    }
}

// Exits explicitly so that a request still pending after a timeout cannot keep the process up.
main().then(
    code => process.exit(code),
    () => process.exit(1)
);
