#!/usr/bin/env node
// Makes sure a Chromium exists for the e2e tests. Never skips them silently:
// if no browser can be found or installed, it fails saying what to install.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from './lib/chromium.mjs';

function playwrightOwn() {
  try {
    const p = chromium.executablePath();
    return p && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function run(cmd, args) {
  console.log(`[ensure-chromium] ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', timeout: 10 * 60 * 1000 }).status === 0;
}

export function ensureChromium() {
  const found = findChromium() ?? playwrightOwn();
  if (found) return found;
  console.log('[ensure-chromium] No Chromium found; trying to install one.');
  if (run('npx', ['playwright', 'install', 'chromium'])) {
    const p = playwrightOwn();
    if (p) return p;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update', '-qq']);
    if (run('apt-get', ['install', '-y', '-qq', 'chromium'])) {
      const p = findChromium();
      if (p) return p;
    }
  }
  console.error(
    '\n[ensure-chromium] The e2e tests need Chromium and none could be installed.\n' +
      '  Install one of:\n' +
      '    - Debian/Ubuntu (as root): apt-get install -y chromium\n' +
      '    - anywhere with internet:  npx playwright install chromium\n' +
      '  or point CHROMIUM_PATH at an existing Chromium/Chrome binary.\n',
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`[ensure-chromium] using ${ensureChromium()}`);
}
