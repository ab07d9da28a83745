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
// that callback goes to `transport.finishAuth(code)`, which is all the SDK 1.32.2 API takes
// (it has no parameter for `state` or `iss`, and this driver adds no checks of its own).
// Prints one JSON line describing the outcome and exits 0 on success, 1 when the SDK refused
// or failed (the message says why), 2 on usage errors. Never prints tokens.
//
// This file is a test fixture: it exercises a third-party OAuth client against the
// harness's mock servers. It adds no behaviour of its own to the SDK's flow.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const REDIRECT_URI = 'http://127.0.0.1:8765/callback';
const TIMEOUT_MS = 60_000;

/** Everything the SDK stores lives as long as the process. */
class MemoryProvider {
    constructor() {
        this._clientInformation = undefined;
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

async function connect(url, provider) {
    const client = new Client({ name: 'mcp-auth-harness-node-interop', version: '0.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
    await client.connect(transport);
    return client;
}

async function run(url, tool) {
    const provider = new MemoryProvider();
    let client;
    try {
        client = await connect(url, provider);
    } catch (error) {
        if (!(error instanceof UnauthorizedError)) {
            throw error;
        }
        const code = codeFromCallback(provider);
        const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
        await transport.finishAuth(code);
        client = await connect(url, provider);
    }
    try {
        const tools = await client.listTools();
        const result = await client.callTool({ name: tool, arguments: { text: 'hello from node' } });
        const texts = (result.content ?? []).filter(c => c.type === 'text').map(c => c.text);
        return {
            ok: true,
            tools: tools.tools.map(t => t.name).sort(),
            result: texts,
            is_error: Boolean(result.isError),
            authorization_requests: provider.authorizationUrls.length
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
