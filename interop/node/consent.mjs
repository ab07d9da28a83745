// The consent command for oidc_as.mjs (the harness's `authz --consent-command`): plays the
// browser through login and consent, which that server approves without asking.
//
//   node consent.mjs [--timeout SECONDS] AUTHORIZATION_URL
//
// Contract (the harness's): the authorization URL is the LAST argument; the callback URL
// the browser was finally sent to (the client's redirect_uri with `code`, `state`, `iss`, or
// an error) is the LAST line of standard output; exit 0. On any failure a one-line reason
// goes to standard error and the exit code is 1 (2 for bad usage).
//
// How: GET the authorization URL with redirects handled here, not by fetch, so that
// - cookies are kept across the hops (oidc-provider binds the interaction to its cookies);
// - the first Location whose origin is not the authorization server's is the callback and
//   is printed, never fetched (nothing listens there, and it belongs to the client);
// - nothing but loopback is ever contacted, even if the server redirects elsewhere, since
//   a non-issuer origin ends the walk;
// - the walk is bounded: at most MAX_REDIRECTS hops and the timeout (default 20 s) overall.
// The code in the printed URL is a credential: nothing but that last line carries it.

const MAX_REDIRECTS = 20;
const DEFAULT_TIMEOUT_SECONDS = 20;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

class Failure extends Error {}
class Usage extends Failure {}

function parseArgs(argv) {
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  const rest = [...argv];
  if (rest[0] === '--timeout') {
    timeoutSeconds = Number(rest[1]);
    rest.splice(0, 2);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      throw new Usage('--timeout takes a positive number of seconds');
    }
  }
  if (rest.length !== 1) {
    throw new Usage('usage: node consent.mjs [--timeout SECONDS] AUTHORIZATION_URL');
  }
  return { timeoutSeconds, authorizationUrl: rest[0] };
}

// A cookie jar for one origin, honouring each cookie's Path (oidc-provider scopes its
// interaction cookies to the interaction's path) and deletions by expiry.
class CookieJar {
  #cookies = new Map(); // `${path}\n${name}` -> { name, value, path }

  store(setCookieHeaders, requestPath) {
    for (const header of setCookieHeaders) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = requestPath.slice(0, requestPath.lastIndexOf('/') + 1) || '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key, ...v] = attribute.split('=');
        const k = key.trim().toLowerCase();
        const val = v.join('=').trim();
        if (k === 'path' && val.startsWith('/')) path = val;
        if (k === 'max-age' && Number(val) <= 0) expired = true;
        if (k === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      const key = `${path}\n${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(requestPath) {
    const matching = [...this.#cookies.values()].filter(
      (c) => requestPath === c.path
        || requestPath.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
    );
    // Longer paths first, as browsers send them (RFC 6265 §5.4).
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }
}

function requireLoopback(url) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Failure(`refusing to fetch ${url.protocol} URL`);
  }
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Failure(`refusing to contact non-loopback host ${url.hostname}`);
  }
}

// The first bytes of an unexpected response body, on one line, for the error message.
async function snippet(response) {
  const text = await response.text().catch(() => '');
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

async function walk(authorizationUrl, signal) {
  let url = URL.parse(authorizationUrl);
  if (!url) throw new Failure('the authorization URL does not parse');
  requireLoopback(url);
  const issuerOrigin = url.origin;
  const jar = new CookieJar();

  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const cookie = jar.header(url.pathname);
    const response = await fetch(url, {
      redirect: 'manual',
      signal,
      headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
    });
    jar.store(response.headers.getSetCookie(), url.pathname);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Failure(
        `${url.origin}${url.pathname} answered ${response.status} instead of a redirect: ${await snippet(response)}`,
      );
    }
    await response.body?.cancel();
    const next = URL.parse(location, url);
    if (!next) throw new Failure(`unparsable Location after ${url.pathname}`);
    if (next.origin !== issuerOrigin) return next.href;
    url = next;
  }
  throw new Failure(`more than ${MAX_REDIRECTS} redirects without reaching the client's redirect_uri`);
}

async function main() {
  const { timeoutSeconds, authorizationUrl } = parseArgs(process.argv.slice(2));
  const signal = AbortSignal.timeout(timeoutSeconds * 1000);
  try {
    return await walk(authorizationUrl, signal);
  } catch (error) {
    if (error instanceof Failure) throw error;
    if (signal.aborted) throw new Failure(`no callback within ${timeoutSeconds} s`);
    throw new Failure(`request failed: ${error.cause?.message ?? error.message}`);
  }
}

main().then(
  (callback) => {
    console.log(callback);
    process.exit(0);
  },
  (error) => {
    console.error(`consent.mjs: ${error instanceof Failure ? error.message : error}`);
    process.exit(error instanceof Usage ? 2 : 1);
  },
);
