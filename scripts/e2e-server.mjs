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
  // The account-recovery spec runs a real SMTP server on this port and reads the mail.
  SMTP_URL: `smtp://127.0.0.1:${Number(process.env.E2E_SMTP_PORT ?? port + 25)}`,
  // Playwright's requests come through one socket address; with one proxy hop trusted, each
  // test can give its own X-Forwarded-For, so the rate-limit test does not lock out the others.
  TRUST_PROXY_HOPS: '1',
};

buildIfNeeded();
const prep = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/e2e-prepare.ts'], {
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
if (prep.status !== 0) process.exit(prep.status ?? 1);
process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
serve({ port, env });
