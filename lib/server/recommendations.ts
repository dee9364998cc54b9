import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycleParticipation } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { recommendForDirectors, type EnginePracticeResult, type Recommendation } from '@/lib/recommendations/engine';
import { getPublishedCells, listClosedCycles } from './dashboard';
import type { DriversDto } from './drivers';

/** Director recommendations from published cells, published participation and the driver results. */
export async function getDirectorRecommendations(db: DbOrTx, member: OrgMember, drivers: DriversDto): Promise<Recommendation[]> {
  const closed = await listClosedCycles(db, member.orgId);
  const cells = await getPublishedCells(db, member.orgId, {}, { closed });
  const last = closed[closed.length - 1];
  let rate: number | null = null;
  if (last) {
    const [p] = await db
      .select({ invited: cycleParticipation.invited, participated: cycleParticipation.participated })
      .from(cycleParticipation)
      .where(and(eq(cycleParticipation.orgId, member.orgId), eq(cycleParticipation.cycleId, last.id), eq(cycleParticipation.groupId, 'org')));
    rate = p && p.invited > 0 ? p.participated / p.invited : null;
  }
  const practiceResults: EnginePracticeResult[] = drivers.outcomes.flatMap((o) =>
    o.practices.flatMap((p) => {
      if (p.model.status !== 'ok') return [];
      const t = p.model.terms.find((x) => x.term === p.practice);
      return t ? [{ outcome: o.outcome, practice: p.practice, estimate: t.estimate, ci95: t.ci95, qValue: t.qValue, protective: t.protective, sentence: t.sentence }] : [];
    }),
  );
  return recommendForDirectors({
    cells: cells.map((c) => ({
      group: c.group,
      groupName: c.groupName,
      cycle: c.cycle,
      measure: c.measure,
      n: c.n,
      mean: c.mean,
      levelCounts: c.levelCounts,
      suppressed: c.suppressed,
    })),
    cycleIds: closed.map((c) => c.id),
    latestParticipationRate: rate,
    practiceResults,
  });
}
