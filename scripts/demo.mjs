#!/usr/bin/env node
// npm run demo: Sustain on embedded PGlite with a demo agency, at http://localhost:3000.
// The demo's passwords are published, so it listens on 127.0.0.1 only; HOST overrides that,
// with a warning (scripts/lib/host.mjs).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chooseListenHost } from './lib/host.mjs';
import { buildIfNeeded } from './lib/next-build.mjs';
import { serve } from './lib/serve.mjs';

const { host, warning } = chooseListenHost(process.env, 'demo');
if (warning) console.warn(`\n${warning}\n`);

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
console.log('[sustain] preparing the demo database (migrations and the demo agency)…');
const prep = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/demo-prepare.ts'], {
  stdio: 'inherit',
  env: { ...process.env, ...env },
});
if (prep.status !== 0) process.exit(prep.status ?? 1);

console.log(`Sustain demo: http://localhost:${port}  (listening on ${host}; Ctrl+C to stop)\n`);
if (warning) console.warn(`${warning}\n`);
serve({ port, env, host });
