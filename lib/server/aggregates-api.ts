import 'server-only';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import type { PillarViewCell } from '@/lib/dashboard/pillars';
import { PILLAR_NAMES } from '@/lib/instruments/org-check';
import { MEASURES, MEASURE_LABELS, ORG_GROUP, PILLAR_MEASURES, PILLAR_NO_LEVELS, isPillarMeasure } from '@/lib/privacy';
import { getPublishedCells, listClosedCycles, type CellDto } from './dashboard';
import { getPublishedPillarCells, getPublishedPillarChanges, type PillarChangeDto } from './pillars';

export const aggregatesQuerySchema = z.strictObject({
  cycle: z.union([z.literal('latest'), z.literal('all'), z.uuid('cycle must be a cycle id, "latest" or "all"')]).default('all'),
  measure: z
    .enum([...MEASURES, ...PILLAR_MEASURES], { error: `measure must be one of ${[...MEASURES, ...PILLAR_MEASURES].join(', ')}` })
    .optional(),
  by: z.enum(['org', 'team'], { error: 'by must be "org" or "team"' }).default('org'),
  format: z.enum(['json', 'csv'], { error: 'format must be "json" or "csv"' }).default('json'),
  /** Which table a CSV holds: the cells (wellbeing and pillar rows), or the pillars' within-person changes. JSON carries both. */
  table: z.enum(['cells', 'pillar_changes'], { error: 'table must be "cells" or "pillar_changes"' }).default('cells'),
});

export type AggregatesQuery = z.infer<typeof aggregatesQuerySchema>;

/** A published pillar cell of the organizational check (issue 15), as the dashboard shows it. */
export type PillarCellDto = PillarViewCell;

/**
 * The API DTO: exactly the privacy layer's cells the pages show, plus names. Nothing
 * row-level. `cells` are the four wellbeing measures; `pillars` the organizational
 * check's published pillar cells (1–5 agreement means, no level breakdown) and
 * `pillarChanges` their published within-person changes (cycles that included the check
 * only), both as the dashboard shows them (ARCHITECTURE §4 rule 5).
 */
export interface AggregatesResponse {
  organization: { id: string; name: string };
  query: { cycle: string; measure: string | null; by: 'org' | 'team' };
  cycles: { id: string; opensAt: string; closesAt: string; k: number | null }[];
  cells: CellDto[];
  pillars: PillarCellDto[];
  pillarChanges: PillarChangeDto[];
}

export async function getAggregatesForApi(db: DbOrTx, member: OrgMember, query: Omit<AggregatesQuery, 'table'>): Promise<AggregatesResponse> {
  const closed = await listClosedCycles(db, member.orgId);
  let cycleIds: string[];
  if (query.cycle === 'all') cycleIds = closed.map((c) => c.id);
  else if (query.cycle === 'latest') cycleIds = closed.length ? [closed[closed.length - 1]!.id] : [];
  else {
    if (!closed.some((c) => c.id === query.cycle))
      throw new AppError('NOT_FOUND', 'No published cycle with that id. Results are published when a cycle closes.');
    cycleIds = [query.cycle];
  }
  const wellbeingMeasure = query.measure && !isPillarMeasure(query.measure) ? query.measure : undefined;
  const pillarMeasure = query.measure && isPillarMeasure(query.measure) ? query.measure : undefined;
  const inGroup = (group: string) => (query.by === 'org' ? group === ORG_GROUP : group !== ORG_GROUP);
  const selected = closed.filter((c) => cycleIds.includes(c.id));
  const [pillars, pillarChanges] =
    cycleIds.length && !wellbeingMeasure
      ? await Promise.all([getPublishedPillarCells(db, member, { closed: selected }), getPublishedPillarChanges(db, member, { closed })])
      : [[], []];
  const keepPillar = (c: { group: string; cycle: string; measure: string }) =>
    inGroup(c.group) && cycleIds.includes(c.cycle) && (!pillarMeasure || c.measure === pillarMeasure);
  const cells = cycleIds.length && !pillarMeasure
    ? (
        await getPublishedCells(
          db,
          member.orgId,
          {
            cycleIds,
            measures: wellbeingMeasure ? [wellbeingMeasure] : undefined,
          },
          { closed },
        )
      ).filter((c) => inGroup(c.group))
    : [];
  return {
    organization: { id: member.orgId, name: member.orgName },
    query: { cycle: query.cycle, measure: query.measure ?? null, by: query.by },
    cycles: selected.map(({ id, opensAt, closesAt, k }) => ({ id, opensAt, closesAt, k })),
    cells,
    pillars: pillars.filter(keepPillar).sort(byCycleGroupMeasure),
    pillarChanges: pillarChanges.filter(keepPillar).sort(byCycleGroupMeasure),
  };
}

const pillarOrder = (m: string) => (PILLAR_MEASURES as readonly string[]).indexOf(m);
/** Cycles by date, agency first, teams by id, pillars in order: a stable order for clients and diffs. */
function byCycleGroupMeasure(
  a: { cycle: string; group: string; measure: string; cycleDate?: string },
  b: { cycle: string; group: string; measure: string; cycleDate?: string },
): number {
  return (
    (a.cycleDate ?? '').localeCompare(b.cycleDate ?? '') ||
    a.cycle.localeCompare(b.cycle) ||
    (a.group === b.group ? 0 : a.group === ORG_GROUP ? -1 : b.group === ORG_GROUP ? 1 : a.group.localeCompare(b.group)) ||
    pillarOrder(a.measure) - pillarOrder(b.measure)
  );
}

/**
 * One CSV field. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at
 * the start: team names are chosen by admins) is prefixed with an apostrophe.
 */
export const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const round = (x: number | null, digits = 2) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/**
 * The same cells as CSV, one row per cycle × group × measure. Suppressed cells keep their
 * reason, and so does a withheld level breakdown (rule 9). Moments are already rounded
 * to one decimal at publication (rule 8); rounding again here changes nothing.
 */
export function aggregatesToCsv(res: AggregatesResponse): string {
  const header = ['cycle_id', 'cycle_opens', 'group_id', 'group', 'measure', 'measure_label', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'low', 'moderate', 'high', 'levels_withheld', 'suppressed'];
  const lines = [header.join(',')];
  for (const c of res.cells) {
    lines.push(
      [
        c.cycle,
        c.cycleDate.slice(0, 10),
        c.group,
        c.groupName,
        c.measure,
        MEASURE_LABELS[c.measure],
        c.n,
        round(c.mean),
        round(c.sd),
        round(c.ci95?.[0] ?? null),
        round(c.ci95?.[1] ?? null),
        c.levelCounts?.low ?? null,
        c.levelCounts?.moderate ?? null,
        c.levelCounts?.high ?? null,
        c.levelsWithheld,
        c.suppressed,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  // The organizational check's pillar cells, in the same columns: no level breakdown (pillars have no cut points).
  for (const c of res.pillars) {
    lines.push(
      [
        c.cycle,
        c.cycleDate.slice(0, 10),
        c.group,
        c.groupName,
        c.measure,
        PILLAR_NAMES[c.measure],
        c.n,
        round(c.mean),
        null,
        round(c.ci95?.[0] ?? null),
        round(c.ci95?.[1] ?? null),
        null,
        null,
        null,
        c.suppressed === null && c.n ? PILLAR_NO_LEVELS : null,
        c.suppressed,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The pillars' published within-person changes as CSV (`table=pillar_changes`), one row
 * per cycle × group × pillar: n of people who answered both checks, mean and SD of their
 * change, paired 95% CI, the BY q-value and whether it is flagged (q < .05). Hidden
 * changes keep their reason and no number.
 */
export function pillarChangesToCsv(res: AggregatesResponse): string {
  const header = ['cycle_id', 'cycle_opens', 'previous_cycle_id', 'previous_cycle_opens', 'group_id', 'measure', 'measure_label', 'n_pairs', 'mean_change', 'ci95_low', 'ci95_high', 'q_value', 'flagged', 'suppressed'];
  const lines = [header.join(',')];
  for (const c of res.pillarChanges) {
    lines.push(
      [
        c.cycle,
        c.cycleDate.slice(0, 10),
        c.previousCycle,
        c.previousCycleDate.slice(0, 10),
        c.group,
        c.measure,
        PILLAR_NAMES[c.measure],
        c.nPairs,
        round(c.meanChange),
        round(c.ci95?.[0] ?? null),
        round(c.ci95?.[1] ?? null),
        round(c.qValue, 4),
        c.suppressed === null ? (c.flagged ? 'yes' : 'no') : null,
        c.suppressed,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
