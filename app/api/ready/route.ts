import { getDb } from '@/db/client';
import { checkReadiness } from '@/lib/server/health';

/**
 * GET /api/ready: readiness for load balancers. 200 when the database answers and every
 * migration of this build is applied; 503 otherwise, and from the moment a graceful shutdown
 * begins, so traffic moves away before the server stops. The body says which, with migration
 * counts only: no host, user, database name, error text or personal data. No session needed.
 */
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const readiness = await checkReadiness(getDb).catch(() => ({ ready: false, status: 'database unavailable' as const, migrations: null }));
  return Response.json(
    { status: readiness.status, migrations: readiness.migrations },
    { status: readiness.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
