import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { aggregatesQuerySchema, aggregatesToCsv, getAggregatesForApi } from '@/lib/server/aggregates-api';
import { withOrgApi } from '@/lib/server/api';

/**
 * GET /api/v1/orgs/{orgId}/aggregates?cycle=latest|all|<id>&measure=cs|bo|sts|vr&by=org|team&format=json|csv
 * Directors and admins only. Returns the published, suppressed cells the dashboard shows.
 */
export const GET = withOrgApi('director', async (req, member) => {
  const query = aggregatesQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const data = await getAggregatesForApi(getDb(), member, query);
  if (query.format === 'csv') {
    return new Response(aggregatesToCsv(data), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="sustain-aggregates-${query.by}-${query.cycle}.csv"`,
      },
    });
  }
  return NextResponse.json(data);
});
