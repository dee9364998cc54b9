import 'server-only';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { cycleParticipation } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { PRACTICE_SHORT_LABELS } from '@/lib/drivers/analyze';
import type { PillarViewCell } from '@/lib/dashboard/pillars';
import { ORG_GROUP } from '@/lib/privacy';
import { recommendForDirectors, type EngineDriver, type EnginePillar, type Recommendation } from '@/lib/recommendations/engine';
import { getPublishedCells, getPublishedChanges, listClosedCycles } from './dashboard';
import type { DriversDto } from './drivers';
import { getPublishedPillarCells } from './pillars';

/** The agency's shown pillar means of the latest closed cycle that published pillars (issue 15). */
export function latestAgencyPillars(cells: readonly PillarViewCell[], closed: readonly { id: string }[]): EnginePillar[] {
  const latest = [...closed].reverse().find((c) => cells.some((x) => x.cycle === c.id));
  if (!latest) return [];
  return cells.flatMap((c) =>
    c.cycle === latest.id && c.group === ORG_GROUP && c.suppressed === null && c.mean !== null && c.ci95 && c.n
      ? [{ pillar: c.measure, mean: c.mean, ci95: [c.ci95[0], c.ci95[1]] as [number, number], n: c.n }]
      : [],
  );
}

const DEFAULT_CONTRAST = 'about weekly or more vs less often';

/**
 * The joint model as stored in a driver release. Releases stored before the joint model
 * existed lack it, and their terms lack `flagged`: both read as "not flagged", so an old
 * release never supports a recommendation.
 */
const jointTermSchema = z.object({
  term: z.string(),
  estimate: z.number(),
  ci95: z.tuple([z.number(), z.number()]),
  qValue: z.number().nullable().optional(),
  flagged: z.boolean().optional(),
  direction: z.enum(['favourable', 'unfavourable']).nullable().optional(),
  effect: z.number().optional(),
  effectCi95: z.tuple([z.number(), z.number()]).optional(),
  contrast: z.string().optional(),
  reverseCausation: z.string().nullable().optional(),
});
const jointSchema = z.object({ status: z.literal('ok'), n: z.number(), terms: z.array(jointTermSchema) });

/** Practice terms of each outcome's joint model, in the engine's shape. */
export function listJointPracticeDrivers(drivers: Pick<DriversDto, 'outcomes'>): EngineDriver[] {
  return drivers.outcomes.flatMap((o) => {
    const parsed = jointSchema.safeParse('joint' in o ? (o as { joint?: unknown }).joint : undefined);
    if (!parsed.success) return [];
    const joint = parsed.data;
    return joint.terms.flatMap((t): EngineDriver[] => {
      const label = PRACTICE_SHORT_LABELS[t.term];
      if (!label) return []; // a covariate, not a practice
      // `effect` is the estimate on the term's contrast. For a practice (regular vs not)
      // it is the coefficient itself; it is used only when it agrees in sign with the
      // coefficient, so a convention of "favourable = positive" cannot flip a quote.
      const useEffect = t.effect !== undefined && t.effectCi95 !== undefined && Math.sign(t.effect) === Math.sign(t.estimate);
      return [
        {
          outcome: o.outcome,
          practice: t.term,
          label,
          contrast: t.contrast ?? DEFAULT_CONTRAST,
          estimate: useEffect ? t.effect! : t.estimate,
          ci95: useEffect ? t.effectCi95! : t.ci95,
          n: joint.n,
          qValue: t.qValue ?? null,
          flagged: t.flagged === true,
          direction: t.direction ?? null,
          reverseCausation: t.reverseCausation ?? null,
        },
      ];
    });
  });
}

/** Director recommendations from published cells, published participation and the joint driver model. */
export async function getDirectorRecommendations(db: DbOrTx, member: OrgMember, drivers: DriversDto): Promise<Recommendation[]> {
  const closed = await listClosedCycles(db, member.orgId);
  const last = closed[closed.length - 1];
  const [cells, changes, pillarCells] = await Promise.all([
    getPublishedCells(db, member.orgId, {}, { closed }),
    getPublishedChanges(db, member.orgId, last ? [last.id] : []),
    getPublishedPillarCells(db, member, { groupIds: [ORG_GROUP], closed }),
  ]);
  const names = new Map(cells.map((c) => [c.group, c.groupName]));
  let rate: number | null = null;
  if (last) {
    const [p] = await db
      .select({ invited: cycleParticipation.invited, participated: cycleParticipation.participated })
      .from(cycleParticipation)
      .where(and(eq(cycleParticipation.orgId, member.orgId), eq(cycleParticipation.cycleId, last.id), eq(cycleParticipation.groupId, 'org')));
    rate = p && p.invited > 0 ? p.participated / p.invited : null;
  }
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
      meanLevel: c.meanLevel,
    })),
    cycleIds: closed.map((c) => c.id),
    latestParticipationRate: rate,
    drivers: listJointPracticeDrivers(drivers),
    pillars: latestAgencyPillars(pillarCells, closed),
    // Within-person changes at the latest close (flags already FDR-controlled at publication).
    changes: changes.flatMap(({ cell }) =>
      cell.suppressed === null
        ? [
            {
              group: cell.group,
              groupName: names.get(cell.group) ?? (cell.group === 'org' ? 'Whole agency' : 'Former team'),
              measure: cell.measure,
              nPairs: cell.nPairs,
              meanChange: cell.meanChange,
              ci95: [cell.ci95[0], cell.ci95[1]] as [number, number],
              flagged: cell.flagged,
            },
          ]
        : [],
    ),
  });
}
