/**
 * The organizational check's pillar profile (issue 15) as the dashboard shows it, built
 * from published pillar cells and published pillar change cells (both already suppressed
 * and audited by lib/privacy). PURE: it reshapes published numbers; it never sees a response.
 *
 * Change between checks is Sustain's within-person change (lib/privacy pillars.ts
 * planPillarChangePublication, computed like the wellbeing measures' change): among the
 * people who answered both this check and the previous published one, with a paired 95%
 * CI, called a change in words only when it is flagged (Benjamini–Yekutieli q < .05 over
 * the pillar changes of that publication). Two published means are never compared as if
 * they were independent samples.
 */
import { PILLAR_CODES, PILLAR_NAMES, type PillarCode } from '@/lib/instruments/org-check';
import { formatProbability } from '@/lib/drivers/format';
import { formatCi, formatFixed } from '@/lib/stats/format';

export interface PillarViewCell {
  group: string;
  groupName: string;
  cycle: string;
  cycleDate: string;
  measure: PillarCode;
  n: number | null;
  mean: number | null;
  ci95: readonly [number, number] | null;
  suppressed: string | null;
}

/** A published pillar change cell with dates (lib/server/pillars.ts getPublishedPillarChanges). */
export interface PillarChangeView {
  group: string;
  cycle: string;
  previousCycle: string;
  /** When the previous check's cycle opened (ISO). */
  previousCycleDate: string;
  measure: PillarCode;
  nPairs: number | null;
  meanChange: number | null;
  ci95: readonly [number, number] | null;
  qValue: number | null;
  flagged: boolean;
  /** Why it is hidden (privacy), or null when shown. */
  suppressed: string | null;
}

/** A pillar's within-person change since the previous check, as shown. */
export type PillarChange =
  | { previousCycleDate: string; nPairs: number; meanChange: number; ci95: [number, number]; qValue: number | null; flagged: boolean; hidden: null }
  | { previousCycleDate: string; nPairs: null; meanChange: null; ci95: null; qValue: null; flagged: false; hidden: string };

export interface PillarEntry {
  code: PillarCode;
  name: string;
  mean: number | null;
  ci95: [number, number] | null;
  n: number | null;
  /** Why it is not shown (privacy), 'no responses', or null when shown. */
  hidden: string | null;
  /** Within-person change since the previous check; null when no change was published for it. */
  change: PillarChange | null;
}

export interface PillarGroupProfile {
  group: string;
  groupName: string;
  pillars: PillarEntry[];
}

export interface PillarProfile {
  cycle: string;
  cycleDate: string;
  groups: PillarGroupProfile[];
  /** Plain-words sentences: strongest and weakest pillar, flagged within-person changes. */
  summary: string[];
}

const f1 = (x: number) => formatFixed(x, 1);

function isShown(c: PillarViewCell | undefined): c is PillarViewCell & { mean: number; n: number; ci95: readonly [number, number] } {
  return !!c && c.suppressed === null && c.mean !== null && c.n !== null && c.n > 0 && c.ci95 !== null;
}

/** A published change cell as the profile shows it. */
export function toPillarChange(c: PillarChangeView): PillarChange {
  if (c.suppressed !== null || c.nPairs === null || c.meanChange === null || c.ci95 === null) {
    return { previousCycleDate: c.previousCycleDate, nPairs: null, meanChange: null, ci95: null, qValue: null, flagged: false, hidden: c.suppressed ?? 'not published' };
  }
  return {
    previousCycleDate: c.previousCycleDate,
    nPairs: c.nPairs,
    meanChange: c.meanChange,
    ci95: [c.ci95[0], c.ci95[1]],
    qValue: c.qValue,
    flagged: c.flagged,
    hidden: null,
  };
}

/** "q = .003" / "q < .001", for change flags. */
export function formatQ(q: number): string {
  const s = formatProbability(q);
  return s.startsWith('<') ? `q ${s}` : `q = ${s}`;
}

/** "rose 0.7 points of 5 among the 41 people who answered both checks (95% CI 0.5 to 0.9)". */
export function describePillarChangeWords(ch: Extract<PillarChange, { hidden: null }>): string {
  const verb = ch.meanChange > 0 ? 'rose' : ch.meanChange < 0 ? 'fell' : 'did not change';
  const size = ch.meanChange === 0 ? '' : ` ${f1(Math.abs(ch.meanChange))} points of 5`;
  return `${verb}${size} among the ${ch.nPairs} people who answered both checks (95% CI ${formatCi(ch.ci95[0], ch.ci95[1])})`;
}

/**
 * The profile of the latest cycle with pillar cells, agency first then teams by name,
 * with each pillar's published within-person change into that cycle (`changes`). Null
 * when no cycle has pillar cells.
 */
export function buildPillarProfile(cells: readonly PillarViewCell[], changes: readonly PillarChangeView[] = []): PillarProfile | null {
  const cycles = [...new Map(cells.map((c) => [c.cycle, c.cycleDate])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const latest = cycles.at(-1);
  if (!latest) return null;
  const latestCells = cells.filter((c) => c.cycle === latest[0]);
  const groups = [...new Map(latestCells.map((c) => [c.group, c.groupName])).entries()].sort(([a, an], [b, bn]) =>
    a === 'org' ? -1 : b === 'org' ? 1 : an.localeCompare(bn),
  );
  const profiles = groups.map(([group, groupName]): PillarGroupProfile => ({
    group,
    groupName,
    pillars: PILLAR_CODES.map((code): PillarEntry => {
      const c = latestCells.find((x) => x.group === group && x.measure === code);
      const ch = changes.find((x) => x.cycle === latest[0] && x.group === group && x.measure === code);
      const shown = isShown(c);
      return {
        code,
        name: PILLAR_NAMES[code],
        mean: shown ? c.mean : null,
        ci95: shown ? [c.ci95[0], c.ci95[1]] : null,
        n: shown ? c.n : null,
        hidden: shown ? null : (c?.suppressed ?? 'no responses'),
        change: ch ? toPillarChange(ch) : null,
      };
    }),
  }));
  return { cycle: latest[0], cycleDate: latest[1], groups: profiles, summary: summarize(profiles.find((g) => g.group === 'org')) };
}

function summarize(agency: PillarGroupProfile | undefined): string[] {
  if (!agency) return ['No agency-wide pillar results were published for this cycle.'];
  const shown = agency.pillars.filter((p): p is PillarEntry & { mean: number; ci95: [number, number]; n: number } => p.mean !== null);
  if (!shown.length) return ['No pillar was published for the whole agency in this cycle (too few answers, or hidden for privacy).'];
  const sorted = [...shown].sort((a, b) => a.mean - b.mean || PILLAR_CODES.indexOf(a.code) - PILLAR_CODES.indexOf(b.code));
  const weakest = sorted[0]!;
  // Ties go to the pillar first in the VT-ORG's order, for the strongest as for the weakest.
  const strongest = [...shown].sort((a, b) => b.mean - a.mean || PILLAR_CODES.indexOf(a.code) - PILLAR_CODES.indexOf(b.code))[0]!;
  const describe = (p: (typeof shown)[number]) => `${p.name} (mean ${f1(p.mean)} of 5, 95% CI ${formatCi(p.ci95[0], p.ci95[1])}, n ${p.n})`;
  const out: string[] = [];
  if (shown.length === 1) out.push(`Only one pillar was published: ${describe(weakest)}.`);
  else {
    out.push(`Staff rate ${describe(strongest)} highest, and ${describe(weakest)} lowest.`);
    if (weakest.ci95[1] >= strongest.ci95[0]) out.push('The intervals of the highest and lowest pillars overlap, so the gap between them may be chance.');
  }
  const withChange = agency.pillars.filter((p): p is PillarEntry & { change: Extract<PillarChange, { hidden: null }> } => p.change?.hidden === null);
  const flagged = withChange.filter((p) => p.change.flagged && p.change.meanChange !== 0);
  for (const p of flagged) {
    out.push(`${p.name} ${describePillarChangeWords(p.change)}, ${formatQ(p.change.qValue!)}: a clear change since the previous check.`);
  }
  if (!flagged.length && withChange.length) {
    out.push('No pillar changed clearly since the previous check among the people who answered both (no change with q < .05).');
  }
  return out;
}

/** One pillar cell of the dashboard heatmap: the latest check's published mean, or why it is hidden. */
export interface PillarHeatCell {
  mean: number | null;
  ci95: [number, number] | null;
  n: number | null;
  /** Why it is hidden ('no responses' when the group had none), or null when shown. */
  hidden: string | null;
  /** The within-person change into this check, only when flagged (q < .05), as the measure columns flag theirs. */
  change: { meanChange: number; ci95: [number, number]; nPairs: number; qValue: number } | null;
}

/** The pillar columns of the dashboard heatmap (issue 15): the latest check with pillar cells. */
export interface PillarHeatmap {
  cycle: string;
  /** When the check's cycle opened (ISO): it can be older than the latest cycle. */
  cycleDate: string;
  columns: { code: PillarCode; name: string }[];
  /** Per group id, every pillar. Groups without pillar cells in that check are absent. */
  byGroup: Record<string, Record<PillarCode, PillarHeatCell>>;
}

/** Shading by the scale's words: below 2.5 leans "disagree", 3.5 and above leans "agree". */
export function pillarShade(mean: number): { concern: 'concerning' | 'moderate' | 'favourable'; words: string } {
  if (mean < 2.5) return { concern: 'concerning', words: 'staff lean towards disagree' };
  if (mean < 3.5) return { concern: 'moderate', words: 'mixed' };
  return { concern: 'favourable', words: 'staff lean towards agree' };
}

/** The heatmap's pillar columns from the pillar profile (its latest check). Null without one. */
export function pillarHeatmap(profile: PillarProfile | null): PillarHeatmap | null {
  if (!profile) return null;
  const byGroup: PillarHeatmap['byGroup'] = {};
  for (const g of profile.groups) {
    byGroup[g.group] = Object.fromEntries(
      g.pillars.map((p): [PillarCode, PillarHeatCell] => [
        p.code,
        {
          mean: p.mean,
          ci95: p.ci95,
          n: p.n,
          hidden: p.hidden,
          change:
            p.change?.hidden === null && p.change.flagged && p.change.meanChange !== 0 && p.change.qValue !== null
              ? { meanChange: p.change.meanChange, ci95: p.change.ci95, nPairs: p.change.nPairs, qValue: p.change.qValue }
              : null,
        },
      ]),
    ) as Record<PillarCode, PillarHeatCell>;
  }
  return { cycle: profile.cycle, cycleDate: profile.cycleDate, columns: PILLAR_CODES.map((code) => ({ code, name: PILLAR_NAMES[code] })), byGroup };
}
