/**
 * `npx tsx scripts/bench/audit.ts [-- --runs 20] [-- --seed 7]`
 *
 * Times the disclosure auditor (`auditPublication`, lib/privacy/audit.ts) on
 * two seeded publications:
 * (a) a 500-response close: 10 teams, 4 measures, 3 viewers;
 * (b) a 50-team agency: 2,000 responses, 10 of the teams below k.
 *
 * The cells are built here by a small reference planner (viewers left out,
 * small teams hidden, then the smallest shown team until the hidden rest is 0
 * or ≥ k; means, SDs and CIs rounded to one decimal; breakdowns that fail
 * rule 9 withheld), not by lib/privacy/aggregates.ts, so the bench does not
 * move when the planner does. Building the input is not timed. The table shows
 * the first run (cold JIT) and the median, p95 and max of the next `--runs`.
 *
 * A second table times what a close actually runs, `planCyclePublication`: the real
 * planner (lib/privacy/aggregates.ts) plus the auditor, on the same responses.
 */
import { auditPublication, type AuditRespondent } from '../../lib/privacy/audit';
import { planCyclePublication } from '../../lib/privacy/publication';
import { getMeasure, levelOf } from '../../lib/measures';
import { MEASURES, type Level, type Measure } from '../../lib/privacy/measures';
import { ORG_GROUP, type AggregateCell, type MeasureScore, type ScoredResponse } from '../../lib/privacy/types';
import { studentTQuantile } from '../../lib/stats/distributions';
import { createRng, type Rng } from '../../lib/stats/random';
import { numericArg as arg, summarize } from './lib';

/** The burnout range, for clamping simulated scores (lib/measures). */
const BO_RANGE = getMeasure('bo').range;

const K = 5;
const CYCLE = 'bench-cycle';

function proqolLevel(value: number): Level {
  return levelOf(getMeasure('bo'), value)!;
}

/** Team sizes, viewers and a 2% chance of a missing score per measure. */
function makeRespondents(rng: Rng, teamSizes: readonly number[], noTeam: number, viewers: number): AuditRespondent[] {
  const out: AuditRespondent[] = [];
  const make = (teamId: string | null, isViewer: boolean): AuditRespondent => {
    const scores: Partial<Record<Measure, MeasureScore>> = {};
    for (const m of MEASURES) {
      if (rng.next() < 0.02) continue;
      const value = Math.max(BO_RANGE.min, Math.min(BO_RANGE.max, Math.round(32 + 8 * rng.normal())));
      scores[m] = { value, level: proqolLevel(value) };
    }
    return { teamId, isViewer, isCounted: !isViewer, scores };
  };
  teamSizes.forEach((size, t) => {
    for (let i = 0; i < size; i++) out.push(make(teamName(t), false));
  });
  for (let i = 0; i < noTeam; i++) out.push(make(null, false));
  for (let i = 0; i < viewers; i++) out.push(make(i % 2 === 0 ? null : teamName(i), true));
  return out;
}

function teamName(t: number): string {
  return `team-${String(t).padStart(2, '0')}`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A reference planner, per measure: rules 1, 2, 6, 8 and 9 on the shown cells. */
function plan(respondents: readonly AuditRespondent[], teams: readonly string[]): AggregateCell[] {
  const cells: AggregateCell[] = [];
  for (const m of MEASURES) {
    const counted = respondents.filter((r) => r.isCounted && r.scores[m]?.value != null);
    const members = (g: string) => counted.filter((r) => g === ORG_GROUP || r.teamId === g);
    const small = (n: number) => n >= 1 && n < K;
    const size = new Map(teams.map((t) => [t, members(t).length]));
    const hidden = new Set(teams.filter((t) => small(size.get(t)!)));
    const orgN = members(ORG_GROUP).length;
    let rest = orgN - teams.filter((t) => !hidden.has(t)).reduce((s, t) => s + size.get(t)!, 0);
    const byCount = [...teams].sort((a, b) => size.get(a)! - size.get(b)! || (a < b ? -1 : 1));
    for (const t of byCount) {
      if (!small(rest)) break;
      if (hidden.has(t) || size.get(t) === 0) continue;
      hidden.add(t);
      rest += size.get(t)!;
    }
    const orgHidden = small(orgN) || small(rest);
    for (const g of [ORG_GROUP, ...teams]) {
      const isHidden = g === ORG_GROUP ? orgHidden : hidden.has(g);
      cells.push(isHidden ? suppressed(g, m) : published(g, m, members(g)));
    }
  }
  return cells;
}

function suppressed(group: string, measure: Measure): AggregateCell {
  return {
    group, cycle: CYCLE, measure,
    n: null, mean: null, sd: null, ci95: null, levelCounts: null, levelsWithheld: null,
    suppressed: `fewer than ${K} responses`,
  } as unknown as AggregateCell;
}

function published(group: string, measure: Measure, members: readonly AuditRespondent[]): AggregateCell {
  const values = members.map((r) => r.scores[measure]!.value!);
  const n = values.length;
  if (n === 0) {
    return {
      group, cycle: CYCLE, measure, n: 0, mean: null, sd: null, ci95: null,
      levelCounts: { low: 0, moderate: 0, high: 0 }, levelsWithheld: null, suppressed: null,
    } as unknown as AggregateCell;
  }
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  // Rule 8 as published: SD in whole points below 5 people, the CI from the rounded mean and SD.
  const m = round1(mean);
  const s = n < 5 ? Math.round(sd) : round1(sd);
  const half = studentTQuantile(0.975, n - 1) * (s / Math.sqrt(n));
  const counts = { low: 0, moderate: 0, high: 0 };
  for (const r of members) {
    const level = r.scores[measure]!.level;
    if (level !== null) counts[level] += 1;
  }
  const levels = Object.values(counts);
  const passes = levels.every((c) => c === 0 || c >= K) && !levels.includes(n);
  return {
    group, cycle: CYCLE, measure, n,
    mean: m, sd: s, ci95: [round1(m - half), round1(m + half)],
    levelCounts: passes ? counts : null,
    levelsWithheld: passes ? null : `a level holds fewer than ${K}`,
    suppressed: null,
  } as unknown as AggregateCell;
}

function bench(label: string, respondents: readonly AuditRespondent[], cells: readonly AggregateCell[], runs: number) {
  const input = { k: K, cells, respondents };
  let started = performance.now();
  const first = auditPublication(input);
  const cold = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    auditPublication(input);
    times.push(performance.now() - started);
  }
  const s = summarize(times);
  const fmt = (ms: number) => Number(ms.toFixed(2));
  return {
    case: label,
    responses: respondents.length,
    cells: cells.length,
    'suppressed cells': cells.filter((c) => c.suppressed !== null).length,
    findings: first.findings.length,
    'first ms': fmt(cold),
    'p50 ms': fmt(s.p50),
    'p95 ms': fmt(s.p95),
    'max ms': fmt(s.max),
  };
}

const runs = arg('runs', 20);
const rng = createRng(arg('seed', 7));

// (a) 500 responses: 10 teams of 40..58 (490 in all), 7 with no team, 3 viewers.
const sizesA = Array.from({ length: 10 }, (_, t) => 40 + 2 * t);
const respondentsA = makeRespondents(rng, sizesA, 500 - 3 - sizesA.reduce((a, b) => a + b, 0), 3);
const teamsA = sizesA.map((_, t) => teamName(t));

// (b) 2,000 responses over 50 teams: 10 teams of 1..4, 40 teams sharing the rest, 5 viewers.
const smallSizes = Array.from({ length: 10 }, (_, t) => 1 + (t % 4));
const bigTotal = 2000 - 5 - smallSizes.reduce((a, b) => a + b, 0);
const bigSizes = Array.from({ length: 40 }, (_, t) => Math.floor(bigTotal / 40) + (t < bigTotal % 40 ? 1 : 0));
const sizesB = [...smallSizes, ...bigSizes];
const respondentsB = makeRespondents(rng, sizesB, 0, 5);
const teamsB = sizesB.map((_, t) => teamName(t));

console.table([
  bench('(a) 10 teams, 4 measures', respondentsA, plan(respondentsA, teamsA), runs),
  bench('(b) 50 teams, 10 below k', respondentsB, plan(respondentsB, teamsB), runs),
]);

/** The whole publication step a close runs: the real planner, then the auditor (and its loop, if needed). */
function benchPublication(label: string, respondents: readonly AuditRespondent[], teams: readonly string[], runs: number) {
  const responses: ScoredResponse[] = respondents.map((r) => ({
    groupId: r.teamId ?? '__no_team__',
    isViewer: r.isViewer,
    cycleId: CYCLE,
    scores: r.scores,
  }));
  const input = { k: K, cycleId: CYCLE, teams: teams.map((id) => ({ id })), responses };
  let started = performance.now();
  const first = planCyclePublication(input);
  const cold = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    started = performance.now();
    planCyclePublication(input);
    times.push(performance.now() - started);
  }
  const s = summarize(times);
  const fmt = (ms: number) => Number(ms.toFixed(2));
  return {
    case: label,
    responses: respondents.length,
    'suppressed cells': first.cells.filter((c) => c.suppressed !== null).length,
    'withheld breakdowns': first.cells.filter((c) => c.levelsWithheld).length,
    'extra by audit': first.extraWithheld,
    refused: first.refused,
    'first ms': fmt(cold),
    'p50 ms': fmt(s.p50),
    'p95 ms': fmt(s.p95),
    'max ms': fmt(s.max),
  };
}

console.log('planCyclePublication (planner + auditor), as run inside each close:');
console.table([
  benchPublication('(a) 10 teams, 4 measures', respondentsA, teamsA, runs),
  benchPublication('(b) 50 teams, 10 below k', respondentsB, teamsB, runs),
]);
