/**
 * GET /api/health: liveness for load balancers and orchestrators. The process is up and
 * serving; it does not touch the database (that is /api/ready), so a database outage never
 * gets healthy servers restarted. No session needed, nothing about the deployment disclosed.
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
