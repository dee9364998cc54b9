/**
 * Runs once when the server starts (next start / next dev), not during next build.
 * Requests wait for it, so migrations are applied before the first page.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/server/startup');
    await startServer();
  }
}
