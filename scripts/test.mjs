#!/usr/bin/env node
// npm test: every test. Unit and integration tests (vitest; on PGlite, and on Postgres too
// when DATABASE_URL is set), then the e2e suite in Chromium (Playwright). Chromium is found
// or installed first; if none can be had, this fails saying what to install. It never skips e2e.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
fs.mkdirSync('.reports', { recursive: true });
// Never read a previous run's results.
for (const f of ['.reports/vitest-results.json', '.reports/e2e-results.json']) fs.rmSync(f, { force: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const unitStatus = run('unit and integration tests (vitest)', process.execPath, [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=.reports/vitest-results.json',
]);

const chromium = ensureChromium();
console.log(`[test] Chromium: ${chromium}`);
const e2eStatus = run('end-to-end tests (Playwright)', process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], {
  CHROMIUM_PATH: chromium,
});

const vitest = readJson('.reports/vitest-results.json');
const pw = readJson('.reports/e2e-results.json');
const unitPassed = vitest?.numPassedTests ?? 0;
const unitFailed = vitest ? vitest.numFailedTests : 1;
const e2ePassed = pw?.stats ? pw.stats.expected + (pw.stats.flaky ?? 0) : 0;
const e2eFailed = pw?.stats ? pw.stats.unexpected : 1;
console.log(`\nunit+integration: ${unitPassed} passed, ${unitFailed} failed`);
console.log(`e2e: ${e2ePassed} passed, ${e2eFailed} failed`);
console.log(`${unitPassed + e2ePassed} passed, ${unitFailed + e2eFailed} failed`);
process.exit(unitStatus !== 0 || e2eStatus !== 0 ? 1 : 0);
