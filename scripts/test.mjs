#!/usr/bin/env node
// `npm test`: every package's Jest tests in one run (backstage-cli repo test), then one line
// `N passed, N failed` that CI reads. Extra arguments go to Jest (e.g. a path filter).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, '.meshport', 'jest-results.json');
fs.mkdirSync(path.dirname(results), { recursive: true });
fs.rmSync(results, { force: true });

const env = {
  ...process.env,
  // @kubernetes/client-node is ESM-only; Jest needs VM modules to import() it.
  NODE_OPTIONS: [
    process.env.NODE_OPTIONS,
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
  ]
    .filter(Boolean)
    .join(' '),
  // Migrations and stores are tested on SQLite and on the machine's PostgreSQL (trust auth).
  BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432/postgres',
};
const jestArgs = [
  'repo',
  'test',
  '--watchAll=false',
  '--json',
  `--outputFile=${results}`,
  ...process.argv.slice(2),
];
const run = spawnSync(
  path.join(root, 'node_modules', '.bin', 'backstage-cli'),
  jestArgs,
  { cwd: root, env, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
if (fs.existsSync(results)) {
  const r = JSON.parse(fs.readFileSync(results, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
} else {
  failed = 1;
  console.error('Jest wrote no results file: the run itself failed.');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
