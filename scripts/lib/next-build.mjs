// Builds the app when the last build is missing or older than any source file.
import { spawnSync } from 'node:child_process';
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
  const res = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (res.status !== 0) {
    console.error('[sustain] next build failed.');
    process.exit(res.status ?? 1);
  }
  console.log(`[sustain] built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
