#!/usr/bin/env node
// npm run demo: Sustain on embedded PGlite with a demo agency, at http://localhost:3000.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfNeeded } from './lib/next-build.mjs';
import { serve } from './lib/serve.mjs';

const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.SUSTAIN_DATA_DIR ?? './data');
fs.mkdirSync(dataDir, { recursive: true });

// The demo keeps its own secret in the data dir, so sessions survive restarts.
const secretFile = path.join(dataDir, 'auth-secret');
if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, randomBytes(48).toString('base64url'), { mode: 0o600 });
const authSecret = process.env.AUTH_SECRET ?? fs.readFileSync(secretFile, 'utf8').trim();

const env = {
  SUSTAIN_DATA_DIR: dataDir,
  AUTH_SECRET: authSecret,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  // The demo always runs on the embedded database.
  DATABASE_URL: '',
};

buildIfNeeded();
const prep = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/demo-prepare.ts'], {
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
if (prep.status !== 0) process.exit(prep.status ?? 1);

console.log(`Sustain demo: http://localhost:${port}  (Ctrl+C to stop)\n`);
serve({ port, env });
