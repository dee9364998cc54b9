#!/usr/bin/env node
// The server Playwright tests against: a fresh PGlite data dir, seeded, on E2E_PORT.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfNeeded } from './lib/next-build.mjs';
import { serve } from './lib/serve.mjs';

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sustain-e2e-'));
const env = {
  SUSTAIN_DATA_DIR: dataDir,
  AUTH_SECRET: 'e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  NEXTAUTH_URL: `http://localhost:${port}`,
  DATABASE_URL: '',
  SUSTAIN_SCHEDULER: 'off',
};

buildIfNeeded();
const prep = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/e2e-prepare.ts'], {
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
if (prep.status !== 0) process.exit(prep.status ?? 1);
process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
serve({ port, env });
