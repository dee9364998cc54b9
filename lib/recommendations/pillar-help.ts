/**
 * "Did it help?" for the organizational pillar an action targets (issue 15). PURE.
 *
 * The answer is the pillar's published WITHIN-PERSON change for the agency (lib/privacy
 * pillars.ts planPillarChangePublication, computed like the wellbeing measures' change):
 * at each close since the action started, among the people who answered both that
 * organizational check and the previous published one (checks can be months apart, so a
 * step spans the cycles between them), with its paired 95% CI, called a change only when
 * flagged (BY q < .05 over the pillar changes of that publication). Regression to the
 * mean is named: a pillar picked because it was low tends to move back up anyway.
 *
 * Without a shown paired change (too few people answered both checks, or it was hidden
 * for privacy) it falls back to the agency's published means before and after, with their
 * CIs, and makes NO claim of significance: two means of partly different people are not a
 * test of change.
 */
import type { PillarChange, PillarChangeView } from '@/lib/dashboard/pillars';
import { describePillarChangeWords, formatQ, toPillarChange } from '@/lib/dashboard/pillars';
import { PILLAR_NAMES, type PillarCode } from '@/lib/instruments/org-check';
import { formatCi, formatFixed } from '@/lib/stats/format';
import { getCatalogEntry } from './catalog';

export interface PillarMeanPoint {
  cycle: string;
  /** ISO date the cycle opened. */
  cycleDate: string;
  pillar: PillarCode;
  mean: number;
  ci95: readonly [number, number];
  n: number;
}

/** One published agency pillar change at a close since the action started. */
export interface PillarHelpStep {
  /** When the later check's cycle opened (ISO). */
  cycleDate: string;
  /** When the earlier check's cycle opened (ISO). */
  previousCycleDate: string;
  change: PillarChange;
}

export interface PillarHelp {
  pillar: PillarCode;
  /** The pillar's agency change at each close since the action started, oldest first (hidden ones with their reason). */
  steps: PillarHelpStep[];
  /** True when at least one step shows a paired change. */
  hasPairedChange: boolean;
  /** Fallback: the last published agency mean before the action and the latest since (no claim of significance). */
  before: PillarMeanPoint | null;
  after: PillarMeanPoint | null;
  summary: string;
}

const month = (iso: string) => new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));
const describe = (p: PillarMeanPoint) => `${formatFixed(p.mean, 1)} (95% CI ${formatCi(p.ci95[0], p.ci95[1])}, n ${p.n}) in ${month(p.cycleDate)}`;
const CAVEAT =
  'A pillar chosen because it was low tends to move back up anyway (regression to the mean), and a change over time is not proof the action caused it.';

/**
 * The pillar "did it help?" for an action that came from `recommendationId`, from the
 * agency's published pillar change cells (`changes`, agency only, any cycles) and its
 * shown pillar means (`points`, agency only, for the fallback). Null when the
 * recommendation serves no pillar.
 *
 * @example pillarHelp('dir-reflective-supervision', '2026-04-01', points, changes).summary
 * // "Management & Supervision, the pillar this action targets: among the 41 people who answered both …"
 */
export function pillarHelp(
  recommendationId: string | null,
  startedOn: string,
  points: readonly PillarMeanPoint[],
  changes: readonly (PillarChangeView & { cycleDate: string })[] = [],
): PillarHelp | null {
  const pillars = recommendationId ? (getCatalogEntry(recommendationId)?.pillars ?? []) : [];
  if (!pillars.length) return null;
  const start = Date.parse(`${startedOn}T00:00:00Z`);
  const byDate = [...points].sort((a, b) => a.cycleDate.localeCompare(b.cycleDate));
  const lastBefore = (p: PillarCode) => [...byDate].reverse().find((x) => x.pillar === p && Date.parse(x.cycleDate) < start) ?? null;
  // The pillar it targets: the one of its pillars that was lowest before it started.
  const pillar =
    [...pillars].sort((a, b) => (lastBefore(a)?.mean ?? Infinity) - (lastBefore(b)?.mean ?? Infinity))[0] ?? pillars[0]!;
  const name = PILLAR_NAMES[pillar];
  const before = lastBefore(pillar);
  const after = [...byDate].reverse().find((x) => x.pillar === pillar && Date.parse(x.cycleDate) >= start) ?? null;

  const steps: PillarHelpStep[] = changes
    .filter((c) => c.group === 'org' && c.measure === pillar && Date.parse(c.cycleDate) >= start)
    .sort((a, b) => a.cycleDate.localeCompare(b.cycleDate))
    .map((c) => ({ cycleDate: c.cycleDate, previousCycleDate: c.previousCycleDate, change: toPillarChange(c) }));
  const shown = steps.filter((s): s is PillarHelpStep & { change: Extract<PillarChange, { hidden: null }> } => s.change.hidden === null);
  const lead = `${name}, the pillar this action targets:`;

  if (shown.length) {
    const sentences = shown.map((s) => {
      const verdict = s.change.flagged && s.change.meanChange !== 0
        ? `${formatQ(s.change.qValue!)}, a clear ${s.change.meanChange > 0 ? 'rise' : 'fall'}`
        : `${s.change.qValue !== null ? `${formatQ(s.change.qValue)}, ` : ''}no clear change`;
      return `between the checks of ${month(s.previousCycleDate)} and ${month(s.cycleDate)} it ${describePillarChangeWords(s.change)}: ${verdict}.`;
    });
    return {
      pillar,
      steps,
      hasPairedChange: true,
      before,
      after,
      summary: `${lead} ${sentences.join(' ')} This is the same people followed over time (within-person change). ${CAVEAT}`,
    };
  }
  const hiddenNote = steps.length ? ` The paired change was not shown (${steps.map((s) => s.change.hidden).join('; ')}).` : '';
  if (!before || !after) {
    return {
      pillar,
      steps,
      hasPairedChange: false,
      before,
      after,
      summary: `${lead} there is no published agency result both before and after the action started yet, so there is no answer yet.${hiddenNote}`,
    };
  }
  return {
    pillar,
    steps,
    hasPairedChange: false,
    before,
    after,
    summary:
      `${lead} no within-person change was published since the action started.${hiddenNote} The agency's published mean was ${describe(before)}, before the action started, and ${describe(after)}. ` +
      'These are means of partly different people, not the same people followed over time, so they are not a test of change and no claim is made that the pillar changed. ' +
      CAVEAT,
  };
}
