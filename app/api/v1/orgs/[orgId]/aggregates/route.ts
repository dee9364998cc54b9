import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { aggregatesQuerySchema, aggregatesToCsv, getAggregatesForApi, pillarChangesToCsv } from '@/lib/server/aggregates-api';
import { withOrgApi } from '@/lib/server/api';

/**
 * GET /api/v1/orgs/{orgId}/aggregates?cycle=latest|all|<id>&measure=cs|bo|sts|vr|org_lm…org_hw&by=org|team&format=json|csv&table=cells|pillar_changes
 * Directors and admins only. Returns the published, suppressed cells the dashboard shows:
 * the wellbeing cells, the organizational check's pillar cells and the pillars'
 * within-person changes (JSON carries all three; a CSV holds the cells, or the pillar
 * changes with table=pillar_changes).
 */
export const GET = withOrgApi('director', async (req, member) => {
  const query = aggregatesQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const data = await getAggregatesForApi(getDb(), member, query);
  if (query.format === 'csv') {
    const changes = query.table === 'pillar_changes';
    return new Response(changes ? pillarChangesToCsv(data) : aggregatesToCsv(data), {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="sustain-${changes ? 'pillar-changes' : 'aggregates'}-${query.by}-${query.cycle}.csv"`,
      },
    });
  }
  return NextResponse.json(data);
});
