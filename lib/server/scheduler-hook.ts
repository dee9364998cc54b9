import 'server-only';

/**
 * The in-process cycle scheduler is registered here by the check-in module.
 * Kept as a hook so start-up does not depend on features that come later.
 */
type Scheduler = { start(): void; stop(): void };
const globalForScheduler = globalThis as unknown as { __sustainScheduler?: Scheduler };

export function registerScheduler(s: Scheduler) {
  globalForScheduler.__sustainScheduler = s;
}
export function startScheduler() {
  globalForScheduler.__sustainScheduler?.start();
}
export function stopScheduler() {
  globalForScheduler.__sustainScheduler?.stop();
}
