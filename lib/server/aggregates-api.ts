import 'server-only';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import type { OrgMember } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { MEASURES, MEASURE_LABELS, ORG_GROUP } from '@/lib/privacy';
import { getPublishedCells, listClosedCycles, type CellDto } from './dashboard';

export const aggregatesQuerySchema = z.strictObject({
  cycle: z.union([z.literal('latest'), z.literal('all'), z.uuid('cycle must be a cycle id, "latest" or "all"')]).default('all'),
  measure: z.enum(MEASURES, { error: `measure must be one of ${MEASURES.join(', ')}` }).optional(),
  by: z.enum(['org', 'team'], { error: 'by must be "org" or "team"' }).default('org'),
  format: z.enum(['json', 'csv'], { error: 'format must be "json" or "csv"' }).default('json'),
});

export type AggregatesQuery = z.infer<typeof aggregatesQuerySchema>;

/** The API DTO: exactly the privacy layer's cells the pages show, plus names. Nothing row-level. */
export interface AggregatesResponse {
  organization: { id: string; name: string };
  query: { cycle: string; measure: string | null; by: 'org' | 'team' };
  cycles: { id: string; opensAt: string; closesAt: string; k: number | null }[];
  cells: CellDto[];
}

export async function getAggregatesForApi(db: DbOrTx, member: OrgMember, query: AggregatesQuery): Promise<AggregatesResponse> {
  const closed = await listClosedCycles(db, member.orgId);
  let cycleIds: string[];
  if (query.cycle === 'all') cycleIds = closed.map((c) => c.id);
  else if (query.cycle === 'latest') cycleIds = closed.length ? [closed[closed.length - 1]!.id] : [];
  else {
    if (!closed.some((c) => c.id === query.cycle))
      throw new AppError('NOT_FOUND', 'No published cycle with that id. Results are published when a cycle closes.');
    cycleIds = [query.cycle];
  }
  const cells = cycleIds.length
    ? (
        await getPublishedCells(
          db,
          member.orgId,
          {
            cycleIds,
            measures: query.measure ? [query.measure] : undefined,
          },
          { closed },
        )
      ).filter((c) => (query.by === 'org' ? c.group === ORG_GROUP : c.group !== ORG_GROUP))
    : [];
  return {
    organization: { id: member.orgId, name: member.orgName },
    query: { cycle: query.cycle, measure: query.measure ?? null, by: query.by },
    cycles: closed.filter((c) => cycleIds.includes(c.id)).map(({ id, opensAt, closesAt, k }) => ({ id, opensAt, closesAt, k })),
    cells,
  };
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
  return `${lines.join('\r\n')}\r\n`;
}
