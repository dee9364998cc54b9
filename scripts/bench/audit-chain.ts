/**
 * `npx tsx scripts/bench/audit-chain.ts [-- --seed 7] [-- --cycles 24]`
 *
 * Times what a close would run for within-person change once it is published
 * (lib/privacy `planChangePublication` → `auditChanges` over the whole chain of linked
 * cycles), on two seeded agencies closed monthly:
 * (a) demo-like: 60 staff, 4 teams, 88% response;
 * (b) 300 staff, 10 teams, 88% response.
 * Both have turnover (2% leave a month, replaced), moves between teams (0.5% a month),
 * people without a team, two directors who sometimes check in (viewers), one erasure a
 * year (the person keeps answering afterwards) and one promotion of a staff member to
 * director (their earlier answers become known). Each close publishes the cycle with the
 * real planner and auditor (`planCyclePublication`, not timed), then plans the change
 * from the previous cycle with every cycle linked to it by published changes, the
 * stored cells and changes, and the responses as they exist then: the procedure
 * lib/server/publication.ts should follow.
 *
 * Prints per agency: the time of each close's change planning (first close cold, then
 * median, p95, max), the longest chain audited, audits per close (the planner re-audits
 * after each extra suppression), one bare `auditChanges` of the longest chain (all four
 * measures, nothing reused), how many of the planned change cells survived the audit,
 * and why a close withheld all its change cells, if one did (expected at the erasure or
 * the promotion: a stored cell of exactly k that counted that person now describes k − 1
 * people whose answers are unknown, a finding no change cell can fix; the next close
 * starts a new chain).
 */
import { performance } from 'node:perf_hooks';

import { auditChanges, type LinkedCycle } from '../../lib/privacy/audit-change';
import { buildChangeCells, type ChangeCell, type PairedResponse } from '../../lib/privacy/change';
import { getMeasure, levelOf } from '../../lib/measures';
import { MEASURES, type Level, type Measure } from '../../lib/privacy/measures';
import { planChangePublication, planCyclePublication } from '../../lib/privacy/publication';
import type { AggregateCell, MeasureScore, ScoredResponse } from '../../lib/privacy/types';
import { createRng, type Rng } from '../../lib/stats/random';

/** The burnout range, for clamping simulated scores (lib/measures). */
const BO_RANGE = getMeasure('bo').range;

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const K = 5;
const level = (v: number): Level => levelOf(getMeasure('bo'), v)!;

interface Staff {
  team: string | null;
  viewer: boolean;
  active: boolean;
  base: Record<Measure, number>;
}
interface Row {
  person: number;
  cycle: number;
  team: string | null;
  scores: Record<Measure, MeasureScore>;
}

function scoresOf(rng: Rng, s: Staff): Record<Measure, MeasureScore> {
  const out = {} as Record<Measure, MeasureScore>;
  for (const m of MEASURES) {
    const value = Math.max(BO_RANGE.min, Math.min(BO_RANGE.max, Math.round(s.base[m] + 3 * rng.normal())));
    out[m] = { value, level: level(value) };
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function runAgency(label: string, staffCount: number, teamCount: number, cycleCount: number, seed: number) {
  const rng = createRng(seed);
  const teams = Array.from({ length: teamCount }, (_, t) => ({ id: `team-${String(t).padStart(2, '0')}` }));
  const teamOf = () => (rng.next() < 0.05 ? null : teams[Math.floor(rng.next() * teamCount)]!.id);
  const hire = (viewer = false): Staff => ({
    team: viewer ? null : teamOf(),
    viewer,
    active: true,
    base: { cs: 38 + 5 * rng.normal(), bo: 24 + 5 * rng.normal(), sts: 23 + 5 * rng.normal(), vr: 30 + 6 * rng.normal() },
  });
  const people: Staff[] = [hire(true), hire(true), ...Array.from({ length: staffCount }, () => hire())];
  let data: Row[] = [];
  const ids = Array.from({ length: cycleCount }, (_, i) => `cycle-${String(i).padStart(2, '0')}`);
  const cellsOf: (readonly AggregateCell[])[] = [];
  const changesInto: (readonly ChangeCell[])[] = [[]];
  const times: number[] = [];
  const audits: number[] = [];
  let longest = 0;
  let longestInput: Parameters<typeof auditChanges>[0] | null = null;
  let planned = 0;
  let shown = 0;
  let refused = 0;
  const reasons: string[] = [];

  for (let c = 0; c < cycleCount; c++) {
    // Turnover and moves before the cycle opens.
    for (let i = 2; i < people.length; i++) {
      const p = people[i]!;
      if (!p.active || p.viewer) continue;
      if (rng.next() < 0.02) {
        p.active = false;
        people.push(hire());
      } else if (rng.next() < 0.005) p.team = teamOf();
    }
    if (c === Math.floor(cycleCount / 2)) {
      const promoted = people.find((p, i) => i > 2 && p.active && !p.viewer)!;
      promoted.viewer = true; // ever a viewer: all their responses count as known from now on
      promoted.team = null;
    }
    people.forEach((p, person) => {
      const rate = p.viewer ? 0.5 : 0.88;
      if (p.active && rng.next() < rate) data.push({ person, cycle: c, team: p.team, scores: scoresOf(rng, p) });
    });
    if (c % 12 === 6) {
      const who = data[Math.floor(rng.next() * data.length)]!.person;
      data = data.filter((r) => r.person !== who); // erasure; they may keep answering
    }
    const isViewer = (person: number) => people[person]!.viewer;
    const rowsAt = (i: number) => data.filter((r) => r.cycle === i);
    const current = rowsAt(c);
    const responses: ScoredResponse[] = current.map((r) => ({
      groupId: r.team ?? '__no_team__', cycleId: ids[c]!, isViewer: isViewer(r.person), scores: r.scores,
    }));
    const publication = planCyclePublication({ k: K, cycleId: ids[c]!, teams, responses });
    cellsOf[c] = publication.cells;
    if (c === 0) continue;

    let start = c - 1;
    while (start > 0 && changesInto[start]!.some((x) => x.suppressed === null)) start--;
    const linkedCycles: LinkedCycle[] = [];
    for (let i = start; i <= c; i++) {
      linkedCycles.push({
        id: ids[i]!,
        k: K,
        cells: cellsOf[i]!,
        respondents: rowsAt(i).map((r) => ({
          person: r.person, teamId: r.team, isViewer: isViewer(r.person), isCounted: !isViewer(r.person), scores: r.scores,
        })),
      });
    }
    const earlierChanges = changesInto.slice(start + 1, c).flat();
    const before = new Map(rowsAt(c - 1).map((r) => [r.person, r]));
    const pairs: PairedResponse[] = current.flatMap((r) => {
      const b = before.get(r.person);
      return b ? [{ groupId: r.team ?? '__no_team__', isViewer: isViewer(r.person), previous: b.scores, current: r.scores }] : [];
    });
    const input = { k: K, cycleId: ids[c]!, previousCycleId: ids[c - 1]!, teams, pairs, currentCells: publication.cells, linkedCycles, earlierChanges };
    planned += buildChangeCells(input).filter((x) => x.suppressed === null).length;
    const t0 = performance.now();
    const plan = planChangePublication(input);
    times.push(performance.now() - t0);
    audits.push(plan.extraWithheld + 1);
    shown += plan.cells.filter((x) => x.suppressed === null).length;
    if (plan.refused) {
      refused++;
      const [first] = plan.audit.findings;
      reasons.push(`${ids[c]} (${plan.audit.findings.length} findings; first: ${first?.kind}, ${first?.message})`);
    }
    changesInto[c] = plan.cells;
    if (linkedCycles.length >= longest) {
      longest = linkedCycles.length;
      longestInput = { k: K, cycles: linkedCycles, changes: [...earlierChanges, ...plan.cells] };
    }
  }

  const bare: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    auditChanges({ ...longestInput!, cycles: [...longestInput!.cycles] }); // a new array: no reuse
    bare.push(performance.now() - t0);
  }
  for (const r of reasons) console.log(`[${label}] a close withheld its changes: ${r}`);
  const rest = [...times.slice(1)].sort((a, b) => a - b);
  const sortedAudits = [...audits].sort((a, b) => a - b);
  return {
    agency: label,
    closes: times.length,
    'first ms': +times[0]!.toFixed(1),
    'median ms': +percentile(rest, 50).toFixed(1),
    'p95 ms': +percentile(rest, 95).toFixed(1),
    'max ms': +Math.max(...rest).toFixed(1),
    'longest chain': longest,
    'audits/close (median, max)': `${percentile(sortedAudits, 50)}, ${sortedAudits[sortedAudits.length - 1]}`,
    'bare audit of longest chain ms': +Math.min(...bare).toFixed(1),
    'change cells shown / planned': `${shown} / ${planned}`,
    'closes refused': refused,
  };
}

const seed = arg('seed', 7);
const cycles = arg('cycles', 24);
console.table([runAgency('60 staff, 4 teams', 60, 4, cycles, seed), runAgency('300 staff, 10 teams', 300, 10, cycles, seed + 1)]);
