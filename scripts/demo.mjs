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

// Before building: a build next to a running server would replace the files it serves, and
// the data dir it holds cannot be opened twice (db/pglite-lock.ts; demo-prepare checks it too).
const holder = readLockHolder(path.join(dataDir, 'pglite.lock'));
if (holder) {
  console.error(
    `[demo] The demo database at ${dataDir} is in use by ${holder.owner === 'server' ? 'a running Sustain server' : `\`${holder.owner}\``} (pid ${holder.pid}). ` +
      'A second process would corrupt it. Stop that server first (Ctrl+C in its terminal), or open the running one, or give this demo its own SUSTAIN_DATA_DIR.',
  );
  process.exit(1);
}

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

/** The live holder of the PGlite lock file, or null (no file, unreadable, or its process is gone). */
function readLockHolder(file) {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8'));
    process.kill(holder.pid, 0);
    return holder.pid === process.pid ? null : holder;
  } catch (err) {
    return err?.code === 'EPERM' ? { pid: '?', owner: 'another user' } : null;
  }
}
