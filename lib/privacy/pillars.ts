import { z } from 'zod';

import { cronbachAlpha } from '@/lib/stats/cronbach-alpha';
import { pinsPillarScores } from './pillar-precision';
import { IDENTICAL_ANSWERS_REASON, buildCycleAggregates, type CycleAggregatesInput } from './aggregates';
import { aggregateCellSchema, changeCellSchema } from './cell-schema';
import type { AuditFinding } from './audit';
import type { LinkedCycle } from './audit-change';
import { withFamilyQ, type ChangeCell, type PairedResponse, type PublishedChangeCell, type SuppressedChangeCell } from './change';
import type { Measure } from './measures';
import type { ParticipationCell } from './participation';
import { AUDIT_WITHHELD_REASON, planChangePublication, planCyclePublication } from './publication';
import { ORG_GROUP, isPublishedCell, type AggregateCell, type EmptyCell, type PublishedCell, type ScoredResponse, type SuppressedCell, type TeamRef } from './types';

/**
 * Pillar scores of the brief organizational check (issue 15), published at close as
 * group statistics under every rule of ARCHITECTURE §4.
 *
 * The pillars are run through the SAME planner (buildCycleAggregates: rules 1, 2, 6, 8,
 * 9) and the SAME independent auditor (rule 10) as the four wellbeing measures, as
 * measures of their own: each pillar borrows one of the planner's measure slots for the
 * run and its cells are relabelled afterwards. Five pillars need two runs (four slots,
 * then one). That is equivalent to one run over nine measures because the auditor's
 * linear algebra is per measure (each measure's sums are different unknowns) and the
 * participation counts, shared by both runs, are counts, treated by the auditor as
 * revealing every group size anyway. If either run is refused, every pillar cell is
 * withheld (fail closed).
 *
 * Pillars have no cut points, so no level breakdown is published (a cell's
 * `levelsWithheld` says so); the mean, SD and CI are rounded to one decimal (rule 8).
 * Viewers' answers never enter a number (rule 6); groups below k, and complements, are
 * hidden (rules 1, 2); a group whose members all gave one score is hidden (sd 0).
 * PURE.
 */

/** The published pillar measures, in the VT-ORG's order (codes of lib/instruments/org-check.ts). */
export const PILLAR_MEASURES = ['org_lm', 'org_ms', 'org_ee', 'org_td', 'org_hw'] as const;
export type PillarMeasure = (typeof PILLAR_MEASURES)[number];

export function isPillarMeasure(value: unknown): value is PillarMeasure {
  return typeof value === 'string' && (PILLAR_MEASURES as readonly string[]).includes(value);
}

/** Stored in `cycle_aggregates.measure` for the agency's per-pillar Cronbach's alpha. */
export const PILLAR_ALPHA_MEASURE = 'org_alpha';

/** The measure keys of every organizational row in `cycle_aggregates` (readers of the wellbeing cells exclude them). */
export const ORG_CHECK_AGGREGATE_MEASURES: readonly string[] = Object.freeze([...PILLAR_MEASURES, PILLAR_ALPHA_MEASURE]);

export const PILLAR_NO_LEVELS = 'no levels: the organizational check has no cut points';

/** A pillar cell: an aggregate cell whose measure is a pillar. */
export type PillarCell = (Omit<PublishedCell, 'measure'> | Omit<EmptyCell, 'measure'> | Omit<SuppressedCell, 'measure'>) & {
  readonly measure: PillarMeasure;
};

/** One response's pillar scores as the privacy layer sees them: no identity. */
export interface PillarResponse {
  readonly groupId: string;
  /** Can see results (director or admin) now or when they answered: never counted (rule 6). */
  readonly isViewer?: boolean;
  readonly cycleId: string;
  /** Mean 1–5 per pillar, or null when not scored. */
  readonly pillars: Readonly<Partial<Record<PillarMeasure, number | null>>>;
}

export interface PillarPublicationInput {
  readonly k: number;
  readonly cycleId: string;
  readonly teams: readonly TeamRef[];
  readonly responses: readonly PillarResponse[];
  /** The participation counts published with the cycle, for the auditor. */
  readonly participation?: readonly ParticipationCell[];
}

export interface PillarPublication {
  readonly cells: readonly PillarCell[];
  readonly refused: boolean;
  readonly extraWithheld: number;
  /** Findings fixed or that caused the refusal, with the pillar as measure; no scores. */
  readonly findings: readonly (Omit<AuditFinding, 'measure'> & { readonly measure: PillarMeasure | null })[];
}

const SLOTS: readonly Measure[] = ['cs', 'bo', 'sts', 'vr'];
const BATCHES: readonly (readonly PillarMeasure[])[] = [PILLAR_MEASURES.slice(0, 4), PILLAR_MEASURES.slice(4)];

/** The planner with level breakdowns removed (pillars have no levels); it only removes numbers. */
/**
 * Also hides a cell whose published n, mean, SD and CI admit only one set of pillar scores
 * (rule 8 on the 17-value pillar scale, `pillar-precision.ts`). When a team's cell is hidden
 * so, the agency's cell of that pillar is hidden too: otherwise the team's mean would follow
 * from the agency's total less the other teams', and a cell known to be hidden although its
 * team has k people points at the few pinned score sets with that mean. The audit loop then
 * restores complementary suppression around both.
 */
function planWithoutLevels(input: CycleAggregatesInput): readonly AggregateCell[] {
  const planned = buildCycleAggregates(input);
  const pinned = new Set(
    planned.filter((c) => isPublishedCell(c) && pinsPillarScores({ n: c.n, mean: c.mean, sd: c.sd, ci95: c.ci95 })),
  );
  const pinnedTeamMeasures = new Set([...pinned].filter((c) => c.group !== ORG_GROUP).map((c) => c.measure));
  return planned.map((c): AggregateCell => {
    if (!isPublishedCell(c)) return c;
    if (pinned.has(c) || (c.group === ORG_GROUP && pinnedTeamMeasures.has(c.measure))) {
      return Object.freeze({
        group: c.group, cycle: c.cycle, measure: c.measure,
        n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null,
        suppressed: IDENTICAL_ANSWERS_REASON,
      });
    }
    return Object.freeze({ ...c, levelCounts: null, levelsWithheld: PILLAR_NO_LEVELS });
  });
}

/**
 * Plans and audits one cycle's pillar cells (see the module comment).
 *
 * @example
 * // 6 staff in one team, all with org_ms scores, k = 5: a team cell and an agency cell
 * // with n 6, mean/SD/CI to one decimal, no level breakdown.
 */
export function planPillarPublication(input: PillarPublicationInput): PillarPublication {
  const cells: PillarCell[] = [];
  const findings: PillarPublication['findings'][number][] = [];
  let refused = false;
  let extraWithheld = 0;
  for (const batch of BATCHES) {
    const slotOf = new Map(batch.map((p, i) => [SLOTS[i]!, p]));
    const responses: ScoredResponse[] = input.responses.map((r) => ({
      groupId: r.groupId,
      isViewer: r.isViewer === true,
      cycleId: r.cycleId,
      scores: Object.fromEntries(batch.map((p, i) => [SLOTS[i]!, { value: r.pillars[p] ?? null, level: null }])),
    }));
    const publication = planCyclePublication(
      { k: input.k, cycleId: input.cycleId, teams: input.teams, responses, participation: input.participation },
      planWithoutLevels,
    );
    refused ||= publication.refused;
    extraWithheld += publication.extraWithheld;
    for (const f of publication.findings) findings.push({ ...f, measure: f.measure ? (slotOf.get(f.measure) ?? null) : null });
    for (const c of publication.cells) {
      const pillar = slotOf.get(c.measure);
      if (!pillar) continue;
      // Second line: a shown cell that still pins its scores fails the publication closed.
      if (isPublishedCell(c) && pinsPillarScores({ n: c.n, mean: c.mean, sd: c.sd, ci95: c.ci95 })) refused = true;
      cells.push(Object.freeze({ ...c, measure: pillar }) as PillarCell);
    }
  }
  const out = refused
    ? cells.map((c) =>
        Object.freeze({ ...c, n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null, suppressed: AUDIT_WITHHELD_REASON }) as PillarCell,
      )
    : cells;
  return Object.freeze({ cells: Object.freeze(out), refused, extraWithheld, findings: Object.freeze(findings) });
}

/**
 * zod schema of a stored pillar cell: the aggregate cell schema with a pillar as measure
 * (validated through the same schema with a placeholder measure, so every rule of the
 * stored shape, e.g. a hidden cell carries no number, applies unchanged).
 */
export const pillarCellSchema: z.ZodType<PillarCell> = z
  .custom<PillarCell>((value) => {
    if (value === null || typeof value !== 'object') return false;
    const { measure, ...rest } = value as { measure?: unknown };
    return isPillarMeasure(measure) && aggregateCellSchema.safeParse({ ...rest, measure: 'cs' }).success;
  }, 'not a valid pillar cell');

/** Responses needed (non-viewers with all 3 items of a pillar answered) before its alpha is shown. */
export const ALPHA_MIN_N = 30;

export interface PillarAlpha {
  readonly measure: PillarMeasure;
  /** Rounded to two decimals; null when withheld. */
  readonly alpha: number | null;
  /** Complete responses used; null when withheld. */
  readonly n: number | null;
  readonly withheld: string | null;
}

export const pillarAlphaSchema = z.strictObject({
  measure: z.enum(PILLAR_MEASURES),
  alpha: z.number().min(-100).max(1).nullable(),
  n: z.number().int().min(ALPHA_MIN_N).nullable(),
  withheld: z.string().min(1).nullable(),
});
export const pillarAlphasSchema = z.array(pillarAlphaSchema);

/**
 * Cronbach's alpha per pillar, an agency-level reliability statistic for admins, released
 * only over at least {@link ALPHA_MIN_N} non-viewer responses with all three of the
 * pillar's items answered (viewers' answers never enter it, rule 6), rounded to two
 * decimals. Computed once at close and stored, like every published number (rule 3).
 * At n ≥ 30 with three items, alpha to two decimals says nothing usable about any one
 * person; it is never published per team.
 *
 * @example releasePillarAlphas([...30 non-viewers...]).find((a) => a.measure === 'org_ms')
 */
export function releasePillarAlphas(
  responses: readonly { readonly isViewer: boolean; readonly items: Readonly<Partial<Record<PillarMeasure, readonly (number | null)[]>>> }[],
  /**
   * The agency's k and its published pillar cells (insider review (3)): an alpha needs
   * max(30, k) complete responses, the agency's cell of its pillar shown, and a publication
   * that was not refused; otherwise it would describe a group the cells keep hidden.
   */
  gate: { readonly k: number; readonly cells: readonly PillarCell[]; readonly refused: boolean },
): PillarAlpha[] {
  const minN = Math.max(ALPHA_MIN_N, gate.k);
  return PILLAR_MEASURES.map((measure): PillarAlpha => {
    const rows = responses
      .filter((r) => !r.isViewer)
      .map((r) => r.items[measure])
      .filter((row): row is readonly number[] => Array.isArray(row) && row.length === 3 && row.every((v) => typeof v === 'number'));
    const agency = gate.cells.find((c) => c.group === ORG_GROUP && c.measure === measure);
    if (gate.refused || !agency || agency.suppressed !== null) {
      return { measure, alpha: null, n: null, withheld: "withheld because the agency's result for this pillar is hidden" };
    }
    if (rows.length < minN) {
      return { measure, alpha: null, n: null, withheld: `shown from ${minN} complete responses (not reached)` };
    }
    try {
      const { alpha, n } = cronbachAlpha(rows);
      return { measure, alpha: Math.round(alpha * 100) / 100, n, withheld: null };
    } catch {
      // Zero variance of the total: alpha is undefined.
      return { measure, alpha: null, n: null, withheld: 'not defined: every complete response gave the same total' };
    }
  });
}

/* ───────────────────────── Within-person change of the pillars ───────────────────────── */

/** A pillar change cell: a change cell ({@link ChangeCell}) whose measure is a pillar. */
export type PillarChangeCell = (Omit<PublishedChangeCell, 'measure'> | Omit<SuppressedChangeCell, 'measure'>) & {
  readonly measure: PillarMeasure;
};

/** One person who answered the organizational check in both linked cycles; no identity. */
export interface PillarPairedResponse {
  /** Team at this cycle's submission (the group the change is reported under). */
  readonly groupId: string;
  /** A director or admin, now or then: never counted (rule 6). */
  readonly isViewer?: boolean;
  readonly previous: Readonly<Partial<Record<PillarMeasure, number | null>>>;
  readonly current: Readonly<Partial<Record<PillarMeasure, number | null>>>;
}

/** One response of a linked org-check cycle, for the change auditor (see {@link LinkedRespondent}). */
export interface PillarLinkedRespondent {
  readonly person: number;
  readonly teamId: string | null;
  readonly isViewer: boolean;
  readonly isCounted: boolean;
  readonly pillars: Readonly<Partial<Record<PillarMeasure, number | null>>>;
}

/** One org-check cycle of the chain, as published (see {@link LinkedCycle}). */
export interface PillarLinkedCycle {
  readonly id: string;
  readonly k?: number;
  /** The cycle's stored pillar cells. */
  readonly cells: readonly PillarCell[];
  /** The cycle's responses as they exist now (erased people are gone). */
  readonly respondents: readonly PillarLinkedRespondent[];
}

export interface PillarChangePublicationInput {
  readonly k: number;
  readonly cycleId: string;
  /** The previous PUBLISHED cycle that included the organizational check. */
  readonly previousCycleId: string;
  readonly teams: readonly TeamRef[];
  readonly pairs: readonly PillarPairedResponse[];
  /** This cycle's pillar cells as they will be stored. */
  readonly currentCells: readonly PillarCell[];
  /**
   * The chain of org-check cycles linked by published pillar change cells, oldest first,
   * ending with this cycle: the previous one is `linkedCycles.at(-2)`.
   */
  readonly linkedCycles: readonly PillarLinkedCycle[];
  /** Pillar change cells already published between earlier linked cycles. */
  readonly earlierChanges: readonly PillarChangeCell[];
}

export interface PillarChangePublication {
  readonly cells: readonly PillarChangeCell[];
  readonly refused: boolean;
  readonly extraWithheld: number;
  readonly findings: readonly (Omit<AuditFinding, 'measure'> & { readonly measure: PillarMeasure | null })[];
}

/**
 * Plans and audits one close's within-person pillar changes (issue 15): among the people
 * who answered the organizational check in both this cycle and the previous published
 * cycle that included it (org-check cycles can be months apart), computed EXACTLY as the
 * wellbeing measures' change: the same planner ({@link buildChangeCells}: n pairs ≥
 * max(k, CHANGE_MIN_PAIRS), viewers left out (rule 6), complementary suppression over
 * the teams, a group hidden in either cycle keeps its change hidden, identical changes
 * hidden, mean/SD/CI to one decimal (rule 8; with ≥ 5 pairs the SD always carries one
 * decimal, as pillar cells' SDs do from 5 responses) and the same independent change
 * auditor ({@link planChangePublication} → `auditChanges`) over the whole chain of linked
 * org-check cycles, erased people included, as modelled from the stored counts.
 *
 * As for the cells ({@link planPillarPublication}), each pillar borrows one of the four
 * measure slots, in two batches (four pillars, then one). The change auditor's linear
 * algebra is per measure, so the batches are independent systems; if either is refused,
 * every pillar change is withheld (fail closed).
 *
 * q-values: Benjamini–Yekutieli by {@link withFamilyQ} (the measures' family rule, which
 * keeps hidden changes' p-values out of every shown q) applied ONCE to this publication's
 * pillar change cells, both batches together: a family separate from the wellbeing changes
 * of the same close (the two are published for different cycle pairs when the check is not
 * in every cycle, so one family across both would mix steps of different lengths). As for
 * measures, q is computed after the audit loop, so it reflects the cells finally shown.
 * Flagged only when q < .05.
 *
 * Output order: per batch as the planner orders (agency first, then teams by id), pillars
 * in {@link PILLAR_MEASURES} order within a group. Frozen. PURE.
 *
 * @example
 * // 6 non-viewers in one team answered org_ms in both checks with changes
 * // +1, +0.5, +1, +0.5, +1, +1 (k = 5): the agency cell shows nPairs 6, meanChange 0.8,
 * // sdChange 0.3 (lib/privacy/pillars.test.ts works it by hand).
 */
export function planPillarChangePublication(input: PillarChangePublicationInput): PillarChangePublication {
  const cells: PillarChangeCell[] = [];
  const findings: PillarChangePublication['findings'][number][] = [];
  let refused = false;
  let extraWithheld = 0;
  for (const batch of BATCHES) {
    const slotOf = new Map(batch.map((p, i) => [p, SLOTS[i]!]));
    const pillarOf = new Map(batch.map((p, i) => [SLOTS[i]!, p]));
    const toScores = (values: Readonly<Partial<Record<PillarMeasure, number | null>>>) =>
      Object.fromEntries(batch.map((p, i) => [SLOTS[i]!, { value: values[p] ?? null, level: null }]));
    const toSlotCells = (list: readonly PillarCell[]) =>
      list.flatMap((c) => (slotOf.has(c.measure) ? [Object.freeze({ ...c, measure: slotOf.get(c.measure)! }) as AggregateCell] : []));
    const linkedCycles: LinkedCycle[] = input.linkedCycles.map((c) => ({
      id: c.id,
      ...(c.k !== undefined ? { k: c.k } : {}),
      cells: toSlotCells(c.cells),
      respondents: c.respondents.map((r) => ({
        person: r.person,
        teamId: r.teamId,
        isViewer: r.isViewer,
        isCounted: r.isCounted,
        scores: toScores(r.pillars),
      })),
    }));
    const pairs: PairedResponse[] = input.pairs.map((p) => ({
      groupId: p.groupId,
      isViewer: p.isViewer === true,
      previous: toScores(p.previous),
      current: toScores(p.current),
    }));
    const earlierChanges = input.earlierChanges.flatMap((c) =>
      slotOf.has(c.measure) ? [Object.freeze({ ...c, measure: slotOf.get(c.measure)! }) as ChangeCell] : [],
    );
    const publication = planChangePublication({
      k: input.k,
      cycleId: input.cycleId,
      previousCycleId: input.previousCycleId,
      teams: input.teams,
      pairs,
      currentCells: toSlotCells(input.currentCells),
      linkedCycles,
      earlierChanges,
    });
    refused ||= publication.refused;
    extraWithheld += publication.extraWithheld;
    for (const f of publication.findings) findings.push({ ...f, measure: f.measure ? (pillarOf.get(f.measure) ?? null) : null });
    for (const c of publication.cells) {
      const pillar = pillarOf.get(c.measure);
      if (pillar) cells.push(Object.freeze({ ...c, measure: pillar }) as PillarChangeCell);
    }
  }
  const order = (c: PillarChangeCell) => PILLAR_MEASURES.indexOf(c.measure);
  const groupOrder = new Map(cells.map((c, i) => [c.group, i]));
  // Agency first, then teams in the planner's order; pillars in order within a group.
  const merged = [...cells].sort((a, b) => {
    const ga = a.group === ORG_GROUP ? -1 : groupOrder.get(a.group)!;
    const gb = b.group === ORG_GROUP ? -1 : groupOrder.get(b.group)!;
    return ga === gb ? order(a) - order(b) : ga - gb;
  });
  const out: readonly PillarChangeCell[] = refused
    ? merged.map((c) => withheldChange(c, AUDIT_WITHHELD_REASON))
    : // One BY family over this publication's pillar changes (both batches), after the audit.
      withFamilyQ(merged);
  return Object.freeze({ cells: Object.freeze([...out]), refused, extraWithheld, findings: Object.freeze(findings) });
}

function withheldChange(c: PillarChangeCell, reason: string): PillarChangeCell {
  return Object.freeze({
    group: c.group, cycle: c.cycle, previousCycle: c.previousCycle, measure: c.measure,
    nPairs: null, meanChange: null, sdChange: null, ci95: null, pValue: null, qValue: null, flagged: false,
    suppressed: reason,
  });
}

/**
 * zod schema of a stored pillar change cell (`cycle_changes` rows with a pillar as
 * measure): the strict change cell schema ({@link changeCellSchema}, which accepts the
 * four wellbeing measures only) applied with a placeholder measure, so every rule of the
 * stored shape holds unchanged (a hidden change carries no number, moments to one decimal,
 * n pairs ≥ 3, the CI contains the mean).
 */
export const pillarChangeCellSchema: z.ZodType<PillarChangeCell> = z.custom<PillarChangeCell>((value) => {
  if (value === null || typeof value !== 'object') return false;
  const { measure, ...rest } = value as { measure?: unknown };
  return isPillarMeasure(measure) && changeCellSchema.safeParse({ ...rest, measure: 'cs' }).success;
}, 'not a valid pillar change cell');

/** "Management & Supervision rose 0.7 points of 5 among the 41 people who answered both checks (95% CI 0.5 to 0.9)". */
export function describePillarChange(cell: Extract<PillarChangeCell, { suppressed: null }>, name: string): string {
  const verb = cell.meanChange > 0 ? 'rose' : cell.meanChange < 0 ? 'fell' : 'did not change';
  const size = cell.meanChange === 0 ? '' : ` ${Math.abs(cell.meanChange).toFixed(1)} points of 5`;
  const fmt = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(1)}` : x.toFixed(1));
  return `${name} ${verb}${size} among the ${cell.nPairs} people who answered both checks (95% CI ${fmt(cell.ci95[0])} to ${fmt(cell.ci95[1])})`;
}
