#!/usr/bin/env node
// npm run test:faults [-- 1 3]: runs the fault tests, one after another (each starts servers and
// loads the machine). A fault test is a file scripts/faults/fault-<n>-<name>.ts whose header
// comment starts with "Fault test <n>"; other fault-* files (shared helpers, the job-server
// entry point) are not run. Each test is its own process and exits non-zero on a failed check.
// Needs PostgreSQL on DATABASE_URL or 127.0.0.1:5432 (fault 2 starts its own private cluster).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded } from '../lib/next-build.mjs';

const dir = path.dirname(new URL(import.meta.url).pathname);
const wanted = process.argv.slice(2).map(Number).filter(Number.isInteger);
const tests = fs
  .readdirSync(dir)
  .map((file) => ({ file, match: /^fault-(\d+)-.+\.ts$/.exec(file) }))
  .filter(({ file, match }) => match && /^\s*\*\s*Fault test \d+/m.test(fs.readFileSync(path.join(dir, file), 'utf8').slice(0, 400)))
  .map(({ file, match }) => ({ file, n: Number(match[1]) }))
  .filter(({ n }) => wanted.length === 0 || wanted.includes(n))
  .sort((a, b) => a.n - b.n || a.file.localeCompare(b.file));

if (tests.length === 0) {
  console.error(`[faults] no fault test matches ${wanted.join(' ') || '(any)'}`);
  process.exit(1);
}

// Faults 1 and 2 run the production server; build once up front if sources changed.
buildIfNeeded();

const results = [];
for (const { file, n } of tests) {
  console.log(`\n::: fault ${n}: ${file}`);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join('scripts/faults', file)], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  results.push({ file, passed: run.status === 0, seconds: Math.round((Date.now() - t0) / 1000) });
}

console.log('\n[faults] summary');
for (const r of results) console.log(`  ${r.passed ? 'passed' : 'FAILED'}  ${r.file}  (${r.seconds} s)`);
process.exit(results.every((r) => r.passed) ? 0 : 1);
