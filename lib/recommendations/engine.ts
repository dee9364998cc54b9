/**
 * The recommendation engine for directors: a pure function from published aggregates,
 * flagged within-person changes, participation and the agency's joint practice model to
 * ranked recommendations, each with the one finding that triggered it. It never uses a
 * suppressed cell: those carry no numbers.
 *
 * ## Agency signals (need)
 * From the latest closed cycle's published cells, for the agency and each shown team:
 * - STS high (need 3): ≥ 30% of responses high, or a mean in the ProQOL high range (≥ 42).
 * - Burnout high (need 3): ≥ 30% high, or a mean in the high range. Burnout above low
 *   (need 2): more than half of responses moderate or high, or any high; where the level
 *   breakdown is withheld (privacy rule 9), a mean above the low range (> 22).
 * - CS low / VR low (need 2): ≥ 30% of responses low, or a mean in the low range (CS with
 *   the ProQOL cut points; VR with the cell's `meanLevel`, since VR cut points depend on
 *   the instrument).
 * - A flagged within-person change in the unfavourable direction (need 2): STS or burnout
 *   rose, CS or VR fell, among the people who answered both the latest and the previous
 *   closed cycle. The flags arrive FDR-controlled across the publication; the engine adds
 *   no test of its own, so the untested "rose two cycles running" rule is gone.
 * - Participation below 60% (need 1): results describe only those who answered.
 * The ProQOL manual's cut points are for individuals; the 30% and 50% group shares are our
 * conventions for "a substantial minority" and "most".
 *
 * ## Organizational pillars (issue 15)
 * From the agency's published pillar means of the latest cycle that included the brief
 * organizational check: a pillar is weak when its mean is below 3.5 on the 1–5 agreement
 * scale (staff do not, on average, lean towards agreeing; our convention). A weak pillar
 * triggers every entry that serves it (catalog `pillars`), with need 2.
 *
 * ## Ranking
 * Entries that serve a weak pillar come first, the weakest pillar's first (the agency's
 * own view of the organization is the most direct evidence of what to change); within a
 * pillar, by the ranking below. Then the other triggered entries, then the study-only ones.
 * A director entry is triggered when one of its catalog triggers fires. Its score is its
 * highest need plus its evidence grade weight (A 3, B 2, C 1: see catalog.ts). Triggered
 * entries come first, by score, then need, then the number of distinct signals, then
 * catalog order. Entries of grade A with no trigger follow, in catalog order, saying that
 * they are shown on the strength of the study alone. Nothing else appears.
 *
 * ## Agency drivers
 * A practice term of the joint model (all practices and covariates together) that is
 * flagged in the favourable direction supports the entries for that practice: it is quoted
 * with its size, 95% CI and n, and it raises the entry one place, over an entry that has no
 * such support, within its section (a driver is not agency need, so it never lifts an
 * untriggered entry above a triggered one). Each entry moves at most one place. A driver
 * never creates a recommendation, and an unfavourable association is never used.
 *
 * Cost: O(entries × (signals + drivers)). PURE.
 */
import { PILLAR_CODES, PILLAR_NAMES, PROQOL5, type PillarCode } from '@/lib/instruments';
import { HIGHER_IS_BETTER, MEASURE_KEYS, MEASURE_NOUNS } from '@/lib/measures';
import { formatCi, formatFixed } from '@/lib/stats/format';
import { CATALOG, type AgencySignalKind, type CatalogEntry, type Evidence, type EvidenceGrade } from './catalog';

const STS_CUTS = PROQOL5.subscales.secondaryTraumaticStress!.levels!;
const BO_CUTS = PROQOL5.subscales.burnout!.levels!;
const CS_CUTS = PROQOL5.subscales.compassionSatisfaction!.levels!;

type Measure = 'cs' | 'bo' | 'sts' | 'vr';
type Level = 'low' | 'moderate' | 'high';

const MEASURE_ORDER: readonly Measure[] = MEASURE_KEYS;
const MEASURE_LABEL: Readonly<Record<Measure, string>> = MEASURE_NOUNS;

export interface EngineCell {
  group: string;
  groupName: string;
  cycle: string;
  measure: Measure;
  n: number | null;
  mean: number | null;
  levelCounts: { low: number; moderate: number; high: number } | null;
  suppressed: string | null;
  /** The level of the mean with the cycle's cut points (needed for VR, whose cuts depend on the instrument). */
  meanLevel?: Level | null;
}

/**
 * The change among the same people who answered both the latest and the previous closed
 * cycle, for one group and measure. `flagged` is already FDR-controlled across all cells of
 * the publication.
 */
export interface EngineChange {
  group: string;
  groupName: string;
  measure: Measure;
  nPairs: number;
  meanChange: number;
  ci95: [number, number];
  flagged: boolean;
}

/** One practice term of the agency's joint driver model. */
export interface EngineDriver {
  outcome: Measure;
  /** Practice key, e.g. 'peerSupport'. */
  practice: string;
  /** Short label, e.g. 'peer support or debriefing'. */
  label: string;
  /** What is compared, e.g. 'about weekly or more vs less often'. */
  contrast: string;
  /** Difference on the contrast in outcome points, signed (negative = lower). */
  estimate: number;
  ci95: [number, number];
  /** People in the model. */
  n: number;
  qValue: number | null;
  flagged: boolean;
  direction: 'favourable' | 'unfavourable' | null;
  /** The analysis's own reverse-causation note for this term, if any. */
  reverseCausation: string | null;
}

export interface EngineInput {
  /** Published cells of the closed cycles, oldest first (agency and teams). */
  cells: readonly EngineCell[];
  /** Closed cycle ids, oldest first. */
  cycleIds: readonly string[];
  /** Participation rate (0–1) of the agency in the latest closed cycle, or null. */
  latestParticipationRate: number | null;
  /** Practice terms of the joint driver model (all of them: the engine picks the flagged favourable ones). */
  drivers: readonly EngineDriver[];
  /** Within-person changes between the latest and the previous closed cycle. */
  changes?: readonly EngineChange[];
  /** The agency's published pillar means of the latest cycle that included the organizational check (shown cells only). */
  pillars?: readonly EnginePillar[];
}

/** One pillar's published agency mean (1–5). */
export interface EnginePillar {
  pillar: PillarCode;
  mean: number;
  ci95: [number, number];
  n: number;
}

/** Below this published agency mean (1–5) a pillar is weak: staff do not, on average, lean towards agreeing. */
export const WEAK_PILLAR_MEAN = 3.5;

/** A flagged favourable agency association quoted in support of a recommendation. */
export interface DriverSupport {
  practice: string;
  outcome: Measure;
  estimate: number;
  ci95: [number, number];
  n: number;
  qValue: number | null;
  text: string;
}

export interface Recommendation {
  id: string;
  title: string;
  text: string;
  /** One line: the single agency finding that triggered it, or why it is shown without one. */
  reason: string;
  /** Everything else to show, in order: other agency findings, driver support, reverse causation, external evidence. */
  evidence: Evidence[];
  measures: Measure[];
  /** 1-based position. */
  rank: number;
  /** What triggered it. A driver never does. */
  source: 'pillar' | 'aggregate' | 'change' | 'participation' | 'study';
  /** The organizational pillars it serves (catalog). */
  pillars: PillarCode[];
  /** The pillar it targets (the weakest published of its pillars, else its first). */
  targetPillar: PillarCode | null;
  /** One line: which pillar it targets and why. */
  pillarReason: string;
  grade: EvidenceGrade;
  /** Highest agency need among its triggers (0 when none). */
  need: number;
  support: DriverSupport[];
  /** True when a driver moved it up one place. */
  raisedByDriver: boolean;
  reverseCausation: string | null;
}

export const HIGH_SHARE = 0.3;
export const LOW_SHARE = 0.3;
export const ABOVE_LOW_BO_SHARE = 0.5;
export const LOW_PARTICIPATION = 0.6;
export const GRADE_WEIGHT: Readonly<Record<EvidenceGrade, number>> = Object.freeze({ A: 3, B: 2, C: 1 });

type SignalSource = 'pillar' | 'aggregate' | 'change' | 'participation';

interface Signal {
  kind: AgencySignalKind;
  need: number;
  source: SignalSource;
  group: string;
  measure: Measure | null;
  text: string;
  pillar?: PillarCode;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const f1 = (x: number) => formatFixed(x, 1);

/** A cell with a mean (its level breakdown may be withheld). */
function shown(c: EngineCell): c is EngineCell & { n: number; mean: number } {
  return !c.suppressed && c.n !== null && c.n > 0 && c.mean !== null;
}

function levelSignals(c: EngineCell & { n: number; mean: number }): Signal[] {
  const lc = c.levelCounts;
  const g = c.groupName;
  const at = (kind: AgencySignalKind, need: number, text: string): Signal => ({ kind, need, source: 'aggregate', group: c.group, measure: c.measure, text });
  const label = MEASURE_LABEL[c.measure];
  const meanText = (range: string) => `${g}: the mean ${label} score is in the ${range} range (${f1(c.mean)}, n ${c.n}).`;
  switch (c.measure) {
    case 'sts': {
      const share = lc ? lc.high / c.n : null;
      if (share !== null && share >= HIGH_SHARE) return [at('sts-high', 3, `${g}: ${pct(share)} of responses show high ${label} (n ${c.n}).`)];
      if (c.mean >= STS_CUTS.highMin) return [at('sts-high', 3, meanText('high'))];
      return [];
    }
    case 'bo': {
      const highShare = lc ? lc.high / c.n : null;
      if (highShare !== null && highShare >= HIGH_SHARE) return [at('bo-above-low', 3, `${g}: ${pct(highShare)} of responses show high ${label} (n ${c.n}).`)];
      if (c.mean >= BO_CUTS.highMin) return [at('bo-above-low', 3, meanText('high'))];
      if (lc) {
        const aboveLow = (lc.moderate + lc.high) / c.n;
        if (aboveLow > ABOVE_LOW_BO_SHARE) return [at('bo-above-low', 2, `${g}: ${pct(aboveLow)} of responses show moderate or high ${label} (n ${c.n}).`)];
        if (lc.high > 0) return [at('bo-above-low', 2, `${g}: ${lc.high} of ${c.n} responses show high ${label}.`)];
        return [];
      }
      // Breakdown withheld (privacy rule 9): read the mean.
      if (c.mean > BO_CUTS.lowMax) return [at('bo-above-low', 2, `${g}: the mean ${label} score is above the low range (${f1(c.mean)}, n ${c.n}).`)];
      return [];
    }
    case 'cs':
    case 'vr': {
      const kind = c.measure === 'cs' ? 'cs-low' : 'vr-low';
      const share = lc ? lc.low / c.n : null;
      if (share !== null && share >= LOW_SHARE) return [at(kind, 2, `${g}: ${pct(share)} of responses show low ${label} (n ${c.n}).`)];
      const meanIsLow = c.measure === 'cs' ? c.mean <= CS_CUTS.lowMax : c.meanLevel === 'low';
      return meanIsLow ? [at(kind, 2, meanText('low'))] : [];
    }
  }
}

const UNFAVOURABLE_CHANGE: Readonly<Record<Measure, { kind: AgencySignalKind; verb: string }>> = {
  sts: { kind: 'sts-rose', verb: 'rose' },
  bo: { kind: 'bo-rose', verb: 'rose' },
  cs: { kind: 'cs-fell', verb: 'fell' },
  vr: { kind: 'vr-fell', verb: 'fell' },
};

function changeSignal(ch: EngineChange): Signal | null {
  if (!ch.flagged) return null;
  if (!Number.isInteger(ch.nPairs) || ch.nPairs < 1 || ![ch.meanChange, ...ch.ci95].every(Number.isFinite)) {
    throw new Error(`recommendForDirectors: flagged change ${ch.group}/${ch.measure} needs a positive whole nPairs and finite meanChange and CI`);
  }
  const worse = HIGHER_IS_BETTER[ch.measure] ? ch.meanChange < 0 : ch.meanChange > 0;
  if (!worse) return null;
  const { kind, verb } = UNFAVOURABLE_CHANGE[ch.measure];
  // Magnitudes in the direction of the change, so the CI reads "0.9 to 3.9" for a rise or a fall.
  const sign = ch.meanChange < 0 ? -1 : 1;
  const [lo, hi] = sign > 0 ? ch.ci95 : [-ch.ci95[1], -ch.ci95[0]];
  return {
    kind,
    need: 2,
    source: 'change',
    group: ch.group,
    measure: ch.measure,
    text: `${ch.groupName}: ${MEASURE_LABEL[ch.measure]} ${verb} ${f1(sign * ch.meanChange)} points (95% CI ${formatCi(lo, hi)}) among the ${ch.nPairs} people who answered both this cycle and the previous one.`,
  };
}

const SOURCE_ORDER: Readonly<Record<SignalSource, number>> = { pillar: -1, change: 0, aggregate: 1, participation: 2 };
const groupOrder = (g: string) => (g === 'org' ? 0 : 1);

function compareSignals(a: Signal, b: Signal): number {
  return (
    b.need - a.need ||
    SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] ||
    groupOrder(a.group) - groupOrder(b.group) ||
    // Code-point order, so the result does not depend on the runtime's locale.
    (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)
  );
}

function collectSignals(input: EngineInput): Signal[] {
  const signals: Signal[] = [];
  const latest = input.cycleIds[input.cycleIds.length - 1];
  if (latest) {
    for (const c of input.cells) if (c.cycle === latest && shown(c)) signals.push(...levelSignals(c));
  }
  for (const ch of input.changes ?? []) {
    const s = changeSignal(ch);
    if (s) signals.push(s);
  }
  const rate = input.latestParticipationRate;
  if (rate !== null && rate < LOW_PARTICIPATION) {
    signals.push({
      kind: 'participation-low',
      need: 1,
      source: 'participation',
      group: 'org',
      measure: null,
      text: `Only ${pct(rate)} of staff checked in last cycle, so results describe those who answered.`,
    });
  }
  return signals.sort(compareSignals);
}

/** A flagged association in the favourable direction whose sign agrees with it. */
function isSupport(d: EngineDriver): boolean {
  if (!d.flagged || d.direction !== 'favourable') return false;
  if (![d.estimate, ...d.ci95].every(Number.isFinite)) return false;
  return HIGHER_IS_BETTER[d.outcome] ? d.estimate > 0 : d.estimate < 0;
}

function supportOf(d: EngineDriver, entry: CatalogEntry): DriverSupport {
  const better = HIGHER_IS_BETTER[d.outcome];
  // Sizes in the favourable direction: "2.1 points lower, 95% CI 1.2 to 3.0".
  const size = better ? d.estimate : -d.estimate;
  const [lo, hi] = better ? d.ci95 : [-d.ci95[1], -d.ci95[0]];
  const own = !entry.reverseCausation && d.reverseCausation ? ` ${d.reverseCausation}` : '';
  return {
    practice: d.practice,
    outcome: d.outcome,
    estimate: d.estimate,
    ci95: [d.ci95[0], d.ci95[1]],
    n: d.n,
    qValue: d.qValue,
    text:
      `In your agency, ${d.label} (${d.contrast}) went with ${MEASURE_LABEL[d.outcome]} ${f1(size)} points ${better ? 'higher' : 'lower'}, ` +
      `95% CI ${formatCi(lo, hi)}, n ${d.n}, adjusting for the other practices; an association, not proof of cause.${own}`,
  };
}

interface Candidate {
  entry: CatalogEntry;
  order: number;
  signals: Signal[];
  support: DriverSupport[];
  need: number;
  score: number;
  kinds: number;
}

/** Moves each supported candidate up one place over an unsupported one that has not moved. Each moves at most once. */
function raiseSupported(list: Candidate[]): { list: Candidate[]; raised: Set<string> } {
  const out = [...list];
  const moved = new Set<string>();
  const raised = new Set<string>();
  for (let i = 1; i < out.length; i++) {
    const above = out[i - 1]!;
    const here = out[i]!;
    if (here.support.length && !above.support.length && !moved.has(above.entry.id) && !moved.has(here.entry.id)) {
      out[i - 1] = here;
      out[i] = above;
      moved.add(here.entry.id);
      moved.add(above.entry.id);
      raised.add(here.entry.id);
    }
  }
  return { list: out, raised };
}

const STUDY_ONLY_REASON =
  'Nothing in your published results points here; it is shown because it is a main finding of research with anti-trafficking service providers.';

/**
 * Ranked director recommendations (rules and ranking in the module comment).
 *
 * @example
 * // 40% of the agency's responses at high STS, and no flagged driver:
 * recommendForDirectors({ cells: [stsCell], cycleIds: ['c3'], latestParticipationRate: 0.9, drivers: [] })
 *   .map((r) => r.id);
 * // ['dir-therapy-access', 'dir-wellness-time', 'dir-reflective-supervision', 'dir-peer-debrief',
 * //  'dir-caseload-balance', 'dir-vt-training', 'dir-onboarding-preparation', 'dir-supervisor-training',
 * //  'dir-advocacy-time']
 */
export function recommendForDirectors(input: EngineInput): Recommendation[] {
  const signals = collectSignals(input);
  const published = publishedPillars(input.pillars ?? []);
  const weak = published.filter((p) => p.mean < WEAK_PILLAR_MEAN);
  const pillarSignals = weak.map((p, i): Signal => ({
    kind: 'pillar-low',
    need: 2,
    source: 'pillar',
    group: 'org',
    measure: null,
    pillar: p.pillar,
    text: `Whole agency: staff rate ${PILLAR_NAMES[p.pillar]} ${f1(p.mean)} of 5 (95% CI ${formatCi(p.ci95[0], p.ci95[1])}, n ${p.n}), ${i === 0 ? 'the lowest of the five pillars' : 'below 3.5'}.`,
  }));
  const pillarRank = (entry: CatalogEntry) => {
    const ranks = entry.pillars.map((p) => weak.findIndex((w) => w.pillar === p)).filter((r) => r >= 0);
    return ranks.length ? Math.min(...ranks) : Infinity;
  };
  const supports = input.drivers
    .filter(isSupport)
    .sort((a, b) => MEASURE_ORDER.indexOf(a.outcome) - MEASURE_ORDER.indexOf(b.outcome) || (a.practice < b.practice ? -1 : a.practice > b.practice ? 1 : 0));

  const forPillars: (Candidate & { pillarRank: number })[] = [];
  const triggered: Candidate[] = [];
  const studyOnly: Candidate[] = [];
  CATALOG.forEach((entry, order) => {
    if (entry.audience !== 'director') return;
    const proqol = signals.filter((s) => entry.triggers.includes(s.kind));
    // The weakest of its pillars' signals leads: the pillar it targets is the finding.
    const ownPillars = pillarSignals.filter((s) => s.pillar !== undefined && entry.pillars.includes(s.pillar));
    const mine = [...ownPillars.slice(0, 1), ...proqol, ...ownPillars.slice(1)];
    if (!mine.length && entry.grade !== 'A') return;
    const support = supports.filter((d) => entry.practices.includes(d.practice)).map((d) => supportOf(d, entry));
    const need = Math.max(0, ...mine.map((s) => s.need));
    // Within a section, ProQOL need and evidence grade order the entries as before.
    const proqolNeed = proqol[0]?.need ?? 0;
    const c: Candidate = { entry, order, signals: mine, support, need, score: proqolNeed + GRADE_WEIGHT[entry.grade], kinds: new Set(mine.map((s) => s.kind)).size };
    const rank = pillarRank(entry);
    if (rank !== Infinity) forPillars.push({ ...c, pillarRank: rank });
    else (mine.length ? triggered : studyOnly).push(c);
  });
  const byScore = (a: Candidate, b: Candidate) => b.score - a.score || b.need - a.need || b.kinds - a.kinds || a.order - b.order;
  forPillars.sort((a, b) => a.pillarRank - b.pillarRank || byScore(a, b));
  triggered.sort(byScore);
  studyOnly.sort((a, b) => a.order - b.order);

  // A driver moves an entry within its own section only: within one weak pillar's entries,
  // so support never lifts an entry above those of a weaker pillar.
  const pillarSections = [...new Set(forPillars.map((c) => c.pillarRank))].map((rank) => raiseSupported(forPillars.filter((c) => c.pillarRank === rank)));
  const sections = [...pillarSections, raiseSupported(triggered), raiseSupported(studyOnly)];
  const raised = new Set(sections.flatMap((x) => [...x.raised]));

  return sections.flatMap((x) => x.list).map((c, i): Recommendation => {
    const [primary, ...others] = c.signals;
    const evidence: Evidence[] = [];
    const seen = new Set<string>(primary ? [primary.text] : []);
    const push = (e: Evidence) => {
      if (seen.has(e.text)) return;
      seen.add(e.text);
      evidence.push(e);
    };
    for (const s of others) push({ kind: 'agency', text: s.text });
    for (const s of c.support) push({ kind: 'driver', text: s.text });
    if (c.entry.reverseCausation) push({ kind: 'caution', text: c.entry.reverseCausation });
    for (const e of c.entry.evidence) push({ ...e });
    return {
      id: c.entry.id,
      title: c.entry.title,
      text: c.entry.text,
      reason: primary ? primary.text : STUDY_ONLY_REASON,
      evidence,
      measures: [...c.entry.measures],
      rank: i + 1,
      source: primary ? primary.source : 'study',
      pillars: [...c.entry.pillars],
      ...describePillarTarget(c.entry, published, weak),
      grade: c.entry.grade,
      need: c.need,
      support: c.support,
      raisedByDriver: raised.has(c.entry.id),
      reverseCausation: c.entry.reverseCausation,
    };
  });
}

/** Shown pillar means, lowest first (ties in the VT-ORG's order); invalid ones dropped. */
function publishedPillars(pillars: readonly EnginePillar[]): EnginePillar[] {
  return pillars
    .filter((p) => PILLAR_CODES.includes(p.pillar) && [p.mean, ...p.ci95].every(Number.isFinite) && Number.isInteger(p.n) && p.n > 0)
    .sort((a, b) => a.mean - b.mean || PILLAR_CODES.indexOf(a.pillar) - PILLAR_CODES.indexOf(b.pillar));
}

/** Which pillar an entry targets and why, in one line. */
function describePillarTarget(
  entry: CatalogEntry,
  published: readonly EnginePillar[],
  weak: readonly EnginePillar[],
): { targetPillar: PillarCode | null; pillarReason: string } {
  if (!entry.pillars.length) return { targetPillar: null, pillarReason: 'It serves no single organizational pillar.' };
  const shown = published.filter((p) => entry.pillars.includes(p.pillar));
  const target = shown[0];
  if (!target) {
    const pillar = entry.pillars[0]!;
    return {
      targetPillar: pillar,
      pillarReason: `Serves ${PILLAR_NAMES[pillar]} (a VT-ORG area); no organizational check result is published for it yet.`,
    };
  }
  const name = PILLAR_NAMES[target.pillar];
  const stat = `${f1(target.mean)} of 5 (95% CI ${formatCi(target.ci95[0], target.ci95[1])}, n ${target.n})`;
  const weakIndex = weak.findIndex((w) => w.pillar === target.pillar);
  const pillarReason =
    weakIndex === 0
      ? `Targets ${name}, the agency's weakest pillar: staff rate it ${stat}.`
      : weakIndex > 0
        ? `Targets ${name}, a weak pillar: staff rate it ${stat}.`
        : `Serves ${name}, which staff rate ${stat}: not a weak pillar now.`;
  return { targetPillar: target.pillar, pillarReason };
}
