#!/usr/bin/env node
// npm run lint: ESLint over the repository with eslint.config.mjs. ESLint and typescript-eslint
// are installed in tools/lint, apart from the app (see the comment in eslint.config.mjs);
// this installs them with `npm ci` the first time, or when tools/lint/package-lock.json changes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const toolDir = path.resolve('tools/lint');
const lock = path.join(toolDir, 'package-lock.json');
const marker = path.join(toolDir, 'node_modules', '.installed-lock');
const lockText = fs.readFileSync(lock, 'utf8');
if (!fs.existsSync(marker) || fs.readFileSync(marker, 'utf8') !== lockText) {
  console.log('[lint] installing ESLint into tools/lint (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['ci', '--prefix', toolDir, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
  fs.writeFileSync(marker, lockText);
}
const eslint = path.join(toolDir, 'node_modules', 'eslint', 'bin', 'eslint.js');
const res = spawnSync(process.execPath, [eslint, '.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(res.status ?? 1);
