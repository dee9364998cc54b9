/**
 * One Sustain server process for the fleet fault tests and benchmarks: the same start-up
 * `next start` runs from instrumentation.ts (migrations, the per-minute scheduler, the job
 * worker, SIGTERM/SIGINT handling), without the HTTP layer. Configured by the environment
 * (DATABASE_URL, SMTP_URL, SUSTAIN_JOB_*). Prints "ready" when started.
 */
import { startServer } from '@/lib/server/startup';

startServer()
  .then(() => {
    console.log('[job-server] ready');
    // Keep the process alive until a signal ends it (the startup handlers exit).
    setInterval(() => {}, 60_000);
  })
  .catch((err: unknown) => {
    console.error('[job-server] failed to start', err);
    process.exit(1);
  });
