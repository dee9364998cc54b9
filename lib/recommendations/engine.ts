/**
 * The recommendation engine for directors: a pure function from published aggregates,
 * participation and the agency's driver results to ranked recommendations, each with
 * the reason it was triggered. It never uses a suppressed cell: those carry no numbers.
 *
 * Rules, in rank order:
 * 1. Drivers: a practice whose per-practice model has q < .10 in the protective direction
 *    (any outcome) ranks first, citing its estimate and 95% CI.
 * 2. STS: a team or the agency with ≥ 30% of responses at high STS; or STS means that rose
 *    in each of the last two cycle-to-cycle steps (three published cycles).
 * 3. Burnout: more than 50% of responses at moderate burnout (or any at high).
 *    Where a level breakdown is withheld (privacy rule 9), rules 2 and 3 read the
 *    group's mean instead: a mean STS in the high range, or a mean burnout above the
 *    low range, with the ProQOL cut points.
 * 4. Participation below 60% in the latest closed cycle.
 * 5. Baseline: the 2022 study's main findings (therapy access, time for advocacy) when
 *    nothing more specific applies to them.
 * PURE.
 */
import { PROQOL5 } from '@/lib/instruments';
import { CATALOG, getCatalogEntry, type CatalogEntry, type Evidence } from './catalog';

const STS_CUTS = PROQOL5.subscales.secondaryTraumaticStress!.levels!;
const BO_CUTS = PROQOL5.subscales.burnout!.levels!;

type Measure = 'cs' | 'bo' | 'sts' | 'vr';

export interface EngineCell {
  group: string;
  groupName: string;
  cycle: string;
  measure: Measure;
  n: number | null;
  mean: number | null;
  levelCounts: { low: number; moderate: number; high: number } | null;
  suppressed: string | null;
}

export interface EnginePracticeResult {
  outcome: Measure;
  practice: string;
  estimate: number;
  ci95: [number, number];
  qValue: number | null;
  protective: boolean;
  sentence: string;
}

export interface EngineInput {
  /** Published cells of the closed cycles, oldest first (agency and teams). */
  cells: readonly EngineCell[];
  /** Closed cycle ids, oldest first. */
  cycleIds: readonly string[];
  /** Participation rate (0–1) of the agency in the latest closed cycle, or null. */
  latestParticipationRate: number | null;
  practiceResults: readonly EnginePracticeResult[];
}

export interface Recommendation {
  id: string;
  title: string;
  text: string;
  reason: string;
  evidence: Evidence[];
  measures: Measure[];
  rank: number;
  source: 'driver' | 'aggregate' | 'participation' | 'study';
}

export const HIGH_STS_SHARE = 0.3;
export const MODERATE_BO_SHARE = 0.5;
export const LOW_PARTICIPATION = 0.6;
export const DRIVER_Q = 0.1;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const f1 = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(1)}` : x.toFixed(1));

/** A cell with a mean (its level breakdown may be withheld). */
function shown(c: EngineCell | undefined): c is EngineCell & { n: number; mean: number } {
  return Boolean(c && !c.suppressed && c.n !== null && c.n > 0 && c.mean !== null);
}

function fromEntry(entry: CatalogEntry, rank: number, reason: string, source: Recommendation['source'], extra: Evidence[] = []): Recommendation {
  return { id: entry.id, title: entry.title, text: entry.text, reason, evidence: [...extra, ...entry.evidence], measures: [...entry.measures], rank, source };
}

export function recommendForDirectors(input: EngineInput): Recommendation[] {
  const out = new Map<string, Recommendation>();
  const add = (r: Recommendation) => {
    const prev = out.get(r.id);
    if (!prev) out.set(r.id, r);
    else if (r.rank < prev.rank) out.set(r.id, { ...r, reason: `${r.reason} ${prev.reason}` });
    else out.set(r.id, { ...prev, reason: `${prev.reason} ${r.reason}` });
  };
  const latest = input.cycleIds[input.cycleIds.length - 1];

  // 1. Drivers.
  const strong = input.practiceResults
    .filter((p) => p.protective && p.qValue !== null && p.qValue < DRIVER_Q)
    .sort((a, b) => (a.qValue ?? 1) - (b.qValue ?? 1));
  for (const p of strong) {
    const entry = CATALOG.find((e) => e.audience === 'director' && e.practice === p.practice);
    if (!entry) continue;
    add(
      fromEntry(entry, 1, `In your agency: ${p.sentence} (Benjamini–Hochberg q = ${p.qValue!.toFixed(3)})`, 'driver', [
        { kind: 'driver', text: `Your driver analysis: estimate ${f1(p.estimate)} (95% CI ${f1(p.ci95[0])} to ${f1(p.ci95[1])}), q = ${p.qValue!.toFixed(3)}.` },
      ]),
    );
  }

  if (latest) {
    const latestCells = input.cells.filter((c) => c.cycle === latest);
    // 2a. High STS share.
    for (const c of latestCells.filter((x) => x.measure === 'sts')) {
      if (!shown(c)) continue;
      if (!c.levelCounts) {
        if (c.mean >= STS_CUTS.highMin) {
          const reason = `${c.groupName}: the mean secondary traumatic stress score is in the high range (${f1(c.mean)}, n = ${c.n}).`;
          add(fromEntry(getCatalogEntry('dir-caseload-balance')!, 2, reason, 'aggregate'));
          add(fromEntry(getCatalogEntry('dir-peer-debrief')!, 2, reason, 'aggregate'));
        }
        continue;
      }
      const share = c.levelCounts.high / c.n;
      if (share >= HIGH_STS_SHARE) {
        add(fromEntry(getCatalogEntry('dir-caseload-balance')!, 2, `${c.groupName}: ${pct(share)} of responses show high secondary traumatic stress (n = ${c.n}).`, 'aggregate'));
        add(fromEntry(getCatalogEntry('dir-peer-debrief')!, 2, `${c.groupName}: ${pct(share)} high secondary traumatic stress.`, 'aggregate'));
      }
    }
    // 2b. STS rising two cycles running.
    if (input.cycleIds.length >= 3) {
      const last3 = input.cycleIds.slice(-3);
      const groups = [...new Set(input.cells.filter((c) => c.measure === 'sts').map((c) => c.group))];
      for (const g of groups) {
        const seq = last3.map((id) => input.cells.find((c) => c.cycle === id && c.group === g && c.measure === 'sts'));
        if (!seq.every(shown)) continue;
        const [a, b, c] = seq as (EngineCell & { mean: number; n: number })[];
        if (b!.mean > a!.mean && c!.mean > b!.mean) {
          add(
            fromEntry(
              getCatalogEntry('dir-team-sts-rising')!,
              2,
              `${c!.groupName}: secondary traumatic stress rose two cycles running (${a!.mean.toFixed(1)} → ${b!.mean.toFixed(1)} → ${c!.mean.toFixed(1)}; n ${a!.n}, ${b!.n}, ${c!.n}).`,
              'aggregate',
            ),
          );
        }
      }
    }
    // 3. Burnout.
    for (const c of latestCells.filter((x) => x.measure === 'bo')) {
      if (!shown(c)) continue;
      if (!c.levelCounts) {
        if (c.mean > BO_CUTS.lowMax) {
          const reason = `${c.groupName}: the mean burnout score is above the low range (${f1(c.mean)}, n = ${c.n}).`;
          add(fromEntry(getCatalogEntry('dir-workload-review')!, 3, reason, 'aggregate'));
          add(fromEntry(getCatalogEntry('dir-time-off')!, 3, reason, 'aggregate'));
        }
        continue;
      }
      const moderate = c.levelCounts.moderate / c.n;
      if (moderate > MODERATE_BO_SHARE || c.levelCounts.high > 0) {
        const reason = `${c.groupName}: ${pct(moderate)} of responses show moderate burnout${c.levelCounts.high ? ` and ${c.levelCounts.high} high` : ''} (n = ${c.n}).`;
        add(fromEntry(getCatalogEntry('dir-workload-review')!, 3, reason, 'aggregate'));
        add(fromEntry(getCatalogEntry('dir-time-off')!, 3, reason, 'aggregate'));
      }
    }
  }
  // 4. Participation.
  if (input.latestParticipationRate !== null && input.latestParticipationRate < LOW_PARTICIPATION) {
    add(
      fromEntry(
        getCatalogEntry('dir-participation')!,
        4,
        `Only ${pct(input.latestParticipationRate)} of staff checked in last cycle; results describe those who answered.`,
        'participation',
      ),
    );
  }
  // 5. Baseline from the 2022 study.
  for (const id of ['dir-therapy-access', 'dir-advocacy-time', 'dir-wellness-time']) {
    if (!out.has(id)) add(fromEntry(getCatalogEntry(id)!, 5, 'A main finding of research with anti-trafficking service providers.', 'study'));
  }
  return [...out.values()].sort((a, b) => a.rank - b.rank || a.title.localeCompare(b.title));
}
