// loopback.cjs, loaded the way run-official.sh loads it (`node -r`) into a child process:
// every listen() ends up on 127.0.0.1 with its port readable at once, and connections
// leave only for loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const preload = path.join(here, '..', 'loopback.cjs');
const require = createRequire(import.meta.url);

/** Runs `script` in a fresh Node with the preload and returns its JSON output. */
function withPreload(script) {
  const out = execFileSync(process.execPath, ['-r', preload, '-e', script], { encoding: 'utf8', timeout: 20_000 });
  return JSON.parse(out);
}

test('every form of listen() binds 127.0.0.1, the port known synchronously', () => {
  const result = withPreload(`
    const http = require('node:http');
    const sync = http.createServer().listen(0);
    const address = sync.address();
    const forms = [[0, '0.0.0.0'], [{ port: 0, host: '::' }], [0, '::', 511]];
    let pending = forms.length;
    const seen = [];
    for (const args of forms) {
      const s = http.createServer();
      s.listen(...args, () => {
        seen.push(s.address().address);
        if (--pending === 0) {
          console.log(JSON.stringify({ address, seen }));
          process.exit(0);
        }
      });
    }
  `);
  assert.equal(result.address.address, '127.0.0.1');
  assert.ok(result.address.port > 0);
  assert.deepEqual(result.seen, ['127.0.0.1', '127.0.0.1', '127.0.0.1']);
});

test('an outgoing connection off loopback is refused, loopback still works', () => {
  const result = withPreload(`
    const http = require('node:http');
    const s = http.createServer((q, r) => r.end('ok')).listen(0);
    const port = s.address().port;
    Promise.all([
      fetch('http://localhost:' + port + '/').then((r) => r.text()),
      fetch('https://conformance-test.local/x.json').then(() => 'reached', (e) => e.cause && e.cause.code),
      fetch('http://192.0.2.1/').then(() => 'reached', (e) => e.cause && e.cause.code)
    ]).then((r) => { console.log(JSON.stringify(r)); process.exit(0); });
  `);
  assert.deepEqual(result, ['ok', 'ECONNREFUSED', 'ECONNREFUSED']);
});

test('the host predicate knows loopback in its spellings and nothing else', () => {
  const { isLoopbackHost } = require(preload);
  for (const host of [undefined, '', 'localhost', 'LOCALHOST', '127.0.0.1', '127.9.8.7', '::1', '[::1]', '::ffff:127.0.0.1']) {
    assert.equal(isLoopbackHost(host), true, String(host));
  }
  for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example.com', 'conformance-test.local', '::ffff:10.0.0.1']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});
