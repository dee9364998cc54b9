// Finds a Chromium for Playwright. Order: CHROMIUM_PATH, Debian's /usr/bin/chromium,
// then Playwright's own download. Shared by playwright.config.ts and ensure-chromium.mjs.
import fs from 'node:fs';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, DEBIAN_CHROMIUM, '/usr/bin/chromium-browser'].filter(Boolean);
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return null;
}

/** Flags for running as root in a sandbox without network (STACK-NOTES pitfall 7). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
