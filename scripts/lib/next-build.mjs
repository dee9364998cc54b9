// Builds the app when the last build is missing or older than any source file.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['app', 'components', 'lib', 'db'];
const SOURCE_FILES = ['next.config.js', 'proxy.ts', 'instrumentation.ts', 'package-lock.json', 'tsconfig.json'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

export function isBuildStale(root = process.cwd()) {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const newest = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((p) => newestMtime(path.join(root, p))));
  return newest > built;
}

export function buildIfNeeded({ force = false } = {}) {
  if (!force && !isBuildStale()) return;
  const first = !fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'));
  console.log(
    first
      ? '[sustain] building the app (next build). A first build takes about 1 to 3 minutes on a 2-core machine; later runs skip it unless the code changed. Next prints its progress below.'
      : '[sustain] the code changed since the last build: rebuilding the app (next build), usually under a minute…',
  );
  const started = Date.now();
  // next build is quiet for long stretches (compiling, type-checking): a heartbeat says it is
  // still working. It is a separate process because the build below blocks this one; it is
  // stopped by its own pid as soon as the build ends.
  const heartbeat = startHeartbeat(first ? 'a first build takes about 1 to 3 minutes' : 'usually under a minute');
  let res;
  try {
    res = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    });
  } finally {
    heartbeat.kill();
  }
  if (res.status !== 0) {
    console.error('[sustain] next build failed.');
    process.exit(res.status ?? 1);
  }
  console.log(`[sustain] built in ${Math.round((Date.now() - started) / 1000)} s.`);
}

/** A child process that prints "[sustain] still building… 40 s so far (…)" every 20 s. */
export function startHeartbeat(expectation, everyMs = 20_000) {
  const code = `const t0 = Date.now(); setInterval(() => console.log('[sustain] still building\u2026 ' + Math.round((Date.now() - t0) / 1000) + ' s so far (' + ${JSON.stringify(expectation)} + ').'), ${everyMs});`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'inherit', 'inherit'] });
  return { kill: () => child.kill('SIGTERM') };
}
