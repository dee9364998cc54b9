/**
 * Runs once when the server starts (next start / next dev), not during next build.
 * Requests wait for it, so migrations are applied before the first page.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Before any request: makes the socket address readable for rate limits (Next 16 does not
    // expose it; see lib/auth/client-address.ts and TRUST_PROXY_HOPS).
    const { installPeerAddressCapture } = await import('./lib/auth/peer-address');
    installPeerAddressCapture();
    // Counts in-flight requests so SIGTERM can drain them (graceful shutdown, lib/server/startup.ts).
    const { installHttpDrainTracking } = await import('./lib/server/http-drain');
    installHttpDrainTracking();
    const { startServer } = await import('./lib/server/startup');
    await startServer();
  }
}
