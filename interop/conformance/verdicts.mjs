// Turns the raw output of one `conformance client ... -o RAW` run into a per-scenario
// verdict file (run-official.sh calls it; README.md describes the format).
//
// Usage:
//   node verdicts.mjs --raw DIR --console FILE --spec-version V|'' --suite-version X
//                     [--scenario NAME ...]
//
// Without --scenario the run was a suite run, and the scenarios are those of the suite's
// console summary; with it, the run was one `--scenario` call per name, whose console
// output was appended to FILE.
//
// Prints the verdict JSON on stdout (keys sorted, no timestamps, no paths, so the same run
// gives the same bytes). Exits 2 when the raw output cannot be read.
//
// Verdict of one scenario, from its checks.json: "fail" if any check is FAILURE, else
// "warn" if any is WARNING, else "pass". Two outcomes the suite itself has no name for:
// "skipped" (the suite declined to run the scenario at this spec version, so there is no
// checks.json) and "error" (the suite listed the scenario as run but wrote no checks.json,
// e.g. its mock failed to start).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The suite names a result directory `<scenario>-<ISO time with ':' and '.' as '-'>`. */
const RESULT_DIR = /^(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** The verdict of one scenario's checks (an array of the suite's check objects). */
export function verdictOf(checks) {
  const ids = (status) => [...new Set(checks.filter((c) => c.status === status).map((c) => String(c.id)))].sort();
  const failed = ids('FAILURE');
  const warned = ids('WARNING');
  const verdict = failed.length > 0 ? 'fail' : warned.length > 0 ? 'warn' : 'pass';
  return { verdict, failed_checks: failed, warning_checks: warned };
}

/** Every `checks.json` under `rawDir`, keyed by scenario name. */
export function findResults(rawDir) {
  const found = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (!statSync(full).isDirectory()) continue;
      const rel = path.relative(rawDir, full).split(path.sep).join('/');
      const match = RESULT_DIR.exec(rel);
      if (match) {
        const checksFile = path.join(full, 'checks.json');
        let hasChecks = false;
        try {
          hasChecks = statSync(checksFile).isFile();
        } catch {
          hasChecks = false;
        }
        if (found.has(match[1]) && hasChecks && found.get(match[1]) !== undefined) {
          throw new Error(`two results for scenario ${match[1]} under ${rawDir}: use a fresh output directory`);
        }
        if (!found.has(match[1]) || hasChecks) {
          found.set(match[1], hasChecks ? checksFile : undefined);
        }
      } else {
        walk(full);
      }
    }
  };
  walk(rawDir);
  return found;
}

/**
 * The scenarios a suite run reported, from its console summary: `✓ name: ...`,
 * `✗ name: ...` and `- name: skipped` lines after `=== SUITE SUMMARY ===`.
 */
export function summaryScenarios(consoleText) {
  const start = consoleText.indexOf('=== SUITE SUMMARY ===');
  if (start === -1) {
    throw new Error('the console output has no suite summary (did the suite run at all?)');
  }
  const scenarios = new Map();
  for (const line of consoleText.slice(start).split('\n')) {
    const ran = /^[✓✗] (\S+): \d+ passed/.exec(line);
    const skipped = /^- (\S+): skipped$/.exec(line.trimEnd());
    if (ran) scenarios.set(ran[1], 'ran');
    if (skipped) scenarios.set(skipped[1], 'skipped');
  }
  return scenarios;
}

/** Whether the suite's console output says it declined to run `name` at this version. */
export function wasSkipped(consoleText, name) {
  return consoleText.includes(`SKIPPED: scenario '${name}' is not applicable`);
}

/** JSON with object keys sorted at every level, two-space indented, newline-terminated. */
export function stableJson(value) {
  const sort = (v) => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort(v[k])])
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/**
 * The verdict document. `expected` maps each scenario the run was asked for (or the suite
 * reported) to 'ran' or 'skipped'; `results` is what findResults returned.
 */
export function buildVerdicts({ suiteVersion, specVersion, expected, results, readChecks }) {
  const scenarios = {};
  const names = new Set([...expected.keys(), ...results.keys()]);
  for (const name of [...names].sort()) {
    const checksFile = results.get(name);
    if (checksFile !== undefined) {
      scenarios[name] = verdictOf(readChecks(checksFile));
    } else if (expected.get(name) === 'skipped') {
      scenarios[name] = { verdict: 'skipped', failed_checks: [], warning_checks: [] };
    } else {
      scenarios[name] = { verdict: 'error', failed_checks: [], warning_checks: [] };
    }
  }
  return { suite_version: suiteVersion, spec_version: specVersion, scenarios };
}

function parseArgs(argv) {
  const options = { scenarios: [] };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--raw':
        options.raw = value;
        i++;
        break;
      case '--console':
        options.console = value;
        i++;
        break;
      case '--spec-version':
        options.specVersion = value;
        i++;
        break;
      case '--suite-version':
        options.suiteVersion = value;
        i++;
        break;
      case '--scenario':
        options.scenarios.push(value);
        i++;
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  // An empty --spec-version means none was given (the extension scenarios): null in the file.
  options.specVersion = options.specVersion === '' ? null : options.specVersion;
  for (const required of ['raw', 'specVersion', 'suiteVersion']) {
    if (options[required] === undefined) throw new Error(`--${required} is required`);
  }
  if (options.console === undefined) {
    throw new Error('--console is required');
  }
  return options;
}

function main() {
  try {
    const options = parseArgs(process.argv.slice(2));
    const results = findResults(options.raw);
    const consoleText = readFileSync(options.console, 'utf8');
    const expected =
      options.scenarios.length === 0
        ? summaryScenarios(consoleText)
        : new Map(options.scenarios.map((name) => [name, wasSkipped(consoleText, name) ? 'skipped' : 'ran']));
    const document = buildVerdicts({
      suiteVersion: options.suiteVersion,
      specVersion: options.specVersion,
      expected,
      results,
      readChecks: (file) => JSON.parse(readFileSync(file, 'utf8'))
    });
    process.stdout.write(stableJson(document));
    return 0;
  } catch (error) {
    process.stderr.write(`verdicts.mjs: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
