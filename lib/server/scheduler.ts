import 'server-only';
import { getDb } from '@/db/client';
import { runTick } from './cycles';

/**
 * The in-process scheduler: runs one tick a minute so cycles open, close (and publish)
 * and reminders go out without anyone visiting. Several servers may run it at once,
 * and cron may run `npm run cycles:tick` too: every step of runTick is idempotent.
 */
const INTERVAL_MS = 60_000;
let timer: NodeJS.Timeout | undefined;
let running = false;

async function tickOnce() {
  if (running) return; // never overlap our own ticks
  running = true;
  try {
    const report = await runTick(getDb());
    if (report.closed || report.opened || report.reminded) console.log('[sustain] scheduler', report);
  } catch (err) {
    console.error('[sustain] scheduler tick failed', err);
  } finally {
    running = false;
  }
}

export function startScheduler(): void {
  if (timer) return;
  void tickOnce();
  timer = setInterval(() => void tickOnce(), INTERVAL_MS);
  timer.unref();
}

export function stopScheduler(): void {
  if (timer) clearInterval(timer);
  timer = undefined;
}
