import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createRng } from '@/lib/stats/random';

import { buildCycleAggregates } from './aggregates';
import { auditChanges, type LinkedCycle, type LinkedRespondent } from './audit-change';
import { buildChangeCells, type ChangeCell, type PairedResponse } from './change';
import type { Level, Measure } from './measures';
import {
  PRIMES,
  eliminateSparse,
  invMod,
  leftNullVector,
  mulMod,
  reconstructRational,
  reduceEchelon,
  verifyLeftNullVector,
} from './modular';
import { planChangePublication, planCyclePublication } from './publication';
import { ORG_GROUP, type AggregateCell, type MeasureScore, type ScoredResponse } from './types';

const level = (v: number): Level => (v <= 22 ? 'low' : v >= 42 ? 'high' : 'moderate');
const bo = (v: number): Partial<Record<Measure, MeasureScore>> => ({ bo: { value: v, level: level(v) } });

describe('modular arithmetic', () => {
  it('uses two primes below 2³¹ (trial division)', () => {
    for (const p of PRIMES) {
      expect(p).toBeLessThan(2 ** 31);
      for (let d = 2; d * d <= p; d++) if (p % d === 0) throw new Error(`${p} is divisible by ${d}`);
    }
    expect(PRIMES[0]).not.toBe(PRIMES[1]);
  });

  it('multiplies exactly (checked against BigInt) and inverts', () => {
    const rng = createRng(7);
    for (const p of PRIMES) {
      for (let i = 0; i < 2000; i++) {
        const a = Math.floor(rng.next() * p);
        const b = i < 4 ? p - 1 - i : Math.floor(rng.next() * p);
        expect(mulMod(a, b, p)).toBe(Number((BigInt(a) * BigInt(b)) % BigInt(p)));
        if (a !== 0) expect(mulMod(a, invMod(a, p), p)).toBe(1);
      }
    }
  });

  it('reconstructs small rationals and refuses what has none', () => {
    const p = PRIMES[0];
    // −5/6 mod p: 6·x ≡ −5.
    const x = mulMod(p - 5, invMod(6, p), p);
    expect(reconstructRational(x, p)).toEqual({ num: -5n, den: 6n });
    expect(reconstructRational(0, p)).toEqual({ num: 0n, den: 1n });
    expect(reconstructRational(12345, p)).toEqual({ num: 12345n, den: 1n });
    // A large "random" residue has no reconstruction with both parts below √(p/2) ≈ 32,768.
    expect(reconstructRational(1_000_000_007 % p, p)).toBeNull();
  });

  it('eliminates in phases and certifies the left null space exactly', () => {
    // Rows (columns 0..3): r0 = x0 + x1, r1 = x1 + x2, r2 = x0 − x2 (= r0 − r1), r3 = x3.
    const rows: [number, number][][] = [
      [[0, 1], [1, 1]],
      [[1, 1], [2, 1]],
      [[0, 1], [2, -1]],
      [[3, 1]],
    ];
    const p = PRIMES[0];
    const e = eliminateSparse(rows, [[1], [0, 2, 3]], p);
    expect(e.phases[0]!.length + e.phases[1]!.length).toBe(3); // rank 3
    expect(e.zeroRows).toHaveLength(1);
    const lifted = verifyLeftNullVector(e.transforms[e.zeroRows[0]!]!, rows, p)!;
    // ±(r0 − r1 − r2).
    const sign = lifted.get(0)! > 0n ? 1n : -1n;
    expect(Object.fromEntries([...lifted].map(([i, v]) => [i, v * sign]))).toEqual({ 0: 1n, 1: -1n, 2: -1n });
    // After phase 0 (column 1), R' = span{x0 − x2, x3}: reduced echelon form.
    const reduced = reduceEchelon(e.rows, e.phases[1]!, p);
    for (const row of reduced) expect(row.has(1)).toBe(false);
    expect(reduced).toHaveLength(2);
    // A wrong "null vector" fails the exact check.
    expect(verifyLeftNullVector(new Map([[0, 1], [1, 1]]), rows, p)).toBeNull();
    // The same null vector times a large factor (a null vector is defined up to one) still lifts.
    const f = 987_654_321;
    const scaled = new Map([[0, f], [1, p - f], [2, p - f]]);
    expect(verifyLeftNullVector(scaled, rows, p)).not.toBeNull();
  });

  it('finds a left null vector of a small dense matrix, or none', () => {
    const p = PRIMES[1];
    expect(leftNullVector([[1, 2], [0, 1]], p)).toBeNull();
    const l = leftNullVector([[1, 2], [2, 4], [0, 1]], p)!;
    const combo = [0, 1].map((j) => (mulMod(l[0]!, [1, 2][j]!, p) + mulMod(l[1]!, [2, 4][j]!, p) + mulMod(l[2]!, [0, 1][j]!, p)) % p);
    expect(combo).toEqual([0, 0]);
    expect(l.some((x) => x !== 0)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Hand-built chains (one team 'A', measure bo)

interface Person {
  /** Score per cycle; null = did not answer (or erased). */
  readonly scores: readonly (number | null)[];
  /** Team id, or null for no team; default 'A'. */
  readonly team?: string | null;
  readonly viewer?: boolean;
}

/** Cells (the real planner) and linked cycles for a chain; `stored` overrides a cycle's cells (as published before an erasure). */
function chain(k: number, people: readonly Person[], cycleCount: number, stored: Record<number, readonly AggregateCell[]> = {}) {
  const teamOf = (p: Person) => (p.team === undefined ? 'A' : p.team);
  const teams = [...new Set(people.map(teamOf).filter((t): t is string => t !== null))].map((id) => ({ id }));
  const ids = Array.from({ length: cycleCount }, (_, i) => `c${i + 1}`);
  const cycles: LinkedCycle[] = ids.map((id, i) => {
    const answering = people.map((p, person) => ({ p, person })).filter(({ p }) => p.scores[i] !== null && p.scores[i] !== undefined);
    const responses: ScoredResponse[] = answering.map(({ p }) => ({ groupId: teamOf(p) ?? '__no_team__', cycleId: id, isViewer: p.viewer, scores: bo(p.scores[i]!) }));
    const respondents: LinkedRespondent[] = answering.map(({ p, person }) => ({
      person, teamId: teamOf(p), isViewer: p.viewer === true, isCounted: p.viewer !== true, scores: bo(p.scores[i]!),
    }));
    return { id, cells: stored[i] ?? buildCycleAggregates({ k, cycleId: id, teams, responses }), respondents };
  });
  /** The change cells the planner would build for link i − 1 → i (burnout only), before any audit. */
  const changeInto = (i: number): ChangeCell[] => {
    const pairs: PairedResponse[] = people.flatMap((p) =>
      p.scores[i - 1] == null || p.scores[i] == null
        ? []
        : [{ groupId: teamOf(p) ?? '__no_team__', isViewer: p.viewer, previous: bo(p.scores[i - 1]!), current: bo(p.scores[i]!) }],
    );
    // Floor 0: these tests audit cells of 3 or 4 pairs, which the planner no longer publishes.
    return buildChangeCells({ k, cycleId: ids[i]!, previousCycleId: ids[i - 1]!, teams, pairs, currentCells: cycles[i]!.cells }, 0).filter(
      (c) => c.measure === 'bo',
    );
  };
  return { ids, cycles, changeInto, teams };
}

const scoresFrom = (start: number) => (i: number) => start + ((i * 7) % 11) + (i % 3);

describe('auditChanges over the whole chain', () => {
  it('finds the four-cycle leak of the review, which no three-cycle window shows', () => {
    // k = 5. G = 5 people, x = 1, N = 5, M = 5 (one team). Cycle 1 = G + x, cycle 2 = G + x + N,
    // cycle 3 = G + M, cycle 4 = G. Changes over G + x (1→2), G (2→3), G (3→4).
    // x₂ = (S₁ + C₁₂) − (S₄ − C₃₄ − C₂₃): uses no cell of cycles 2 and 3.
    const g = scoresFrom(20);
    const people: Person[] = [
      ...[0, 1, 2, 3, 4].map((j) => ({ scores: [g(j), g(j + 5) + 1, g(j + 10), g(j + 15) + 2] })),
      { scores: [30, 41, null, null] }, // x
      ...[0, 1, 2, 3, 4].map((j) => ({ scores: [null, g(j + 20), null, null] })), // N
      ...[0, 1, 2, 3, 4].map((j) => ({ scores: [null, null, g(j + 30), null] })), // M
    ];
    const { cycles, changeInto } = chain(5, people, 4);
    const changes = [1, 2, 3].flatMap(changeInto);
    // All three links' agency (and team) changes are shown: 6, 5 and 5 pairs.
    expect(changes.filter((c) => c.group === ORG_GROUP).map((c) => c.nPairs)).toEqual([6, 5, 5]);

    const full = auditChanges({ k: 5, cycles, changes });
    expect(full.ok).toBe(false);
    expect(full.findings).toContainEqual(expect.objectContaining({ kind: 'small-group', measure: 'bo', statistic: 'change', size: 1 }));

    // Each window of three cycles, with the changes inside it, is clean.
    for (const start of [0, 1]) {
      const window = cycles.slice(start, start + 3);
      const ids = new Set(window.map((c) => c.id));
      const inside = changes.filter((c) => ids.has(c.cycle) && ids.has(c.previousCycle));
      expect(auditChanges({ k: 5, cycles: window, changes: inside }).findings).toEqual([]);
    }
  });

  it("finds the erased person's score (the review's erasure attack) and the planner hides the change", () => {
    // One team, k = 5. Cycle 1: 6 people including E (published n = 6). E erases their data.
    // Cycle 2: the other 5. A change over the 5 pairs would give E = S₁ − (S₂ − C₁₂).
    const g = scoresFrom(24);
    const withE: Person[] = [...[0, 1, 2, 3, 4].map((j) => ({ scores: [g(j), g(j + 3) + 1] })), { scores: [45, null] }];
    const published = chain(5, withE, 2).cycles[0]!.cells; // cycle 1 as published, E included
    expect(published.find((c) => c.group === ORG_GROUP && c.measure === 'bo')).toMatchObject({ n: 6 });
    const afterErasure: Person[] = withE.slice(0, 5);
    const { cycles, changeInto, ids, teams } = chain(5, afterErasure, 2, { 0: published });
    const changes = changeInto(1);
    expect(changes.find((c) => c.group === ORG_GROUP)).toMatchObject({ nPairs: 5, suppressed: null });

    const report = auditChanges({ k: 5, cycles, changes });
    expect(report.findings).toContainEqual(
      expect.objectContaining({ kind: 'small-group', measure: 'bo', size: 1, message: expect.stringContaining('no longer in the data') }),
    );
    // Without the stored n (as if cycle 1 were rebuilt from what remains), nothing is seen: the old blind spot.
    const rebuilt = chain(5, afterErasure, 2);
    expect(auditChanges({ k: 5, cycles: rebuilt.cycles, changes: rebuilt.changeInto(1) }).ok).toBe(true);

    const pairs: PairedResponse[] = afterErasure.map((p) => ({ groupId: 'A', previous: bo(p.scores[0]!), current: bo(p.scores[1]!) }));
    const plan = planChangePublication({
      k: 5, cycleId: ids[1]!, previousCycleId: ids[0]!, teams, pairs, currentCells: cycles[1]!.cells, linkedCycles: cycles, earlierChanges: [],
    });
    expect(plan.refused || plan.cells.every((c) => c.measure !== 'bo' || c.suppressed !== null)).toBe(true);
    expect(plan.cells.filter((c) => c.measure === 'bo' && c.suppressed === null)).toEqual([]);
  });

  it('does not mistake an erased person who was in a published pair for a leak', () => {
    // Cycles 1 and 2: G (5 people) + E, change over 6 pairs published. E erases; cycle 3 has G and
    // 5 newcomers N, change over G's 5 pairs. The stored cells and change still count E. Truly,
    // S₃ − C₂₃ − S₂ = N − E (6 people) and E's scores enter S₁, S₂ and C₁₂ exactly as a stayer's do,
    // so nothing about fewer than 5 people is derivable. Modelling E as one phantom per stored row
    // (cell 1, cell 2, and both ends of a pair) would make S₂ − C₁₂ − S₁ look like a statistic about
    // phantoms only; modelling E's whole column, as the auditor does, does not.
    const g = scoresFrom(21);
    const people: Person[] = [
      ...[0, 1, 2, 3, 4].map((j) => ({ scores: [g(j), g(j + 4) + 1, g(j + 8) + 2] })),
      { scores: [33, 37, null] }, // E, erased before cycle 3 closes
      ...[0, 1, 2, 3, 4].map((j) => ({ scores: [null, null, g(j + 12) + 3] })),
    ];
    const before = chain(5, people, 3);
    const storedChange = before.changeInto(1);
    expect(storedChange.find((c) => c.group === ORG_GROUP)).toMatchObject({ nPairs: 6 });
    const erased = people.map((p, i) => (i === 5 ? { scores: [null, null, null] } : p));
    const after = chain(5, erased, 3, { 0: before.cycles[0]!.cells, 1: before.cycles[1]!.cells });
    const changes = [...storedChange, ...after.changeInto(2)];
    expect(changes.filter((c) => c.group === ORG_GROUP).map((c) => c.nPairs)).toEqual([6, 5]);
    expect(auditChanges({ k: 5, cycles: after.cycles, changes }).findings).toEqual([]);
    // Had E only left (no erasure), the same publication is clean as well.
    expect(auditChanges({ k: 5, cycles: before.cycles, changes: [...storedChange, ...before.changeInto(2)] }).findings).toEqual([]);
  });

  it('reports a backdated cycle (two changes from the same previous cycle) as inconsistent instead of throwing', () => {
    // Published in order c1, c2, c3, but c3 opened before c2, so the old linking by opening
    // date paired it with c1: changes c1→c2 and c1→c3.
    const g = scoresFrom(22);
    const people: Person[] = [0, 1, 2, 3, 4, 5].map((j) => ({ scores: [g(j), g(j + 1) + 1, g(j + 2) + 3] }));
    const { cycles, changeInto } = chain(3, people, 3);
    const c12 = changeInto(1);
    const c13 = changeInto(2).map((c) => ({ ...c, previousCycle: 'c1' }));
    let report: ReturnType<typeof auditChanges> | undefined;
    expect(() => (report = auditChanges({ k: 3, cycles, changes: [...c12, ...c13] }))).not.toThrow();
    expect(report!.ok).toBe(false);
    expect(report!.findings[0]).toMatchObject({ kind: 'inconsistent', statistic: 'change' });
    // So is a change from a cycle that is not in the chain, and a stored n the data cannot explain.
    expect(auditChanges({ k: 3, cycles: cycles.slice(1), changes: c12 }).findings[0]!.kind).toBe('inconsistent');
    const shrunk = cycles.map((c, i) => (i === 0 ? { ...c, cells: c.cells.map((cell) => (cell.n ? { ...cell, n: cell.n - 1 } : cell)) as AggregateCell[] } : c));
    expect(auditChanges({ k: 3, cycles: shrunk, changes: c12 }).findings[0]!.kind).toBe('inconsistent');
  });

  it('uses the largest k of today and of every linked cycle', () => {
    // 3 stayers, 1 leaver and 2 newcomers: S₂ − C − S₁ = newcomers − leaver, 3 people. Not a
    // finding under k = 3; a finding when any linked cycle was published under k = 4.
    const g = scoresFrom(25);
    const people: Person[] = [
      ...[0, 1, 2].map((j) => ({ scores: [g(j), g(j + 2) + 2] })),
      { scores: [40, null] }, // leaver
      { scores: [null, 18] }, // newcomer
      { scores: [null, 44] }, // newcomer
    ];
    const { cycles, changeInto } = chain(3, people, 2);
    const changes = changeInto(1);
    expect(changes.find((c) => c.group === ORG_GROUP)).toMatchObject({ nPairs: 3, suppressed: null });
    expect(auditChanges({ k: 3, cycles, changes }).ok).toBe(true);
    expect(auditChanges({ k: 3, cycles: [{ ...cycles[0]!, k: 4 }, cycles[1]!], changes }).findings).toContainEqual(
      expect.objectContaining({ kind: 'small-group', size: 3 }),
    );
    expect(auditChanges({ k: 4, cycles, changes }).ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Random histories against an independent brute force

/** Exact rationals for the brute force (its own, so a bug in modular.ts cannot hide itself). */
type Q = readonly [bigint, bigint];
const qGcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : qGcd(b, a % b));
const q = (n: bigint, d: bigint): Q => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = qGcd(n, d) || 1n;
  return [n / g, d / g];
};
const qSub = (a: Q, b: Q) => q(a[0] * b[1] - b[0] * a[1], a[1] * b[1]);
const qMul = (a: Q, b: Q) => q(a[0] * b[0], a[1] * b[1]);
const qDiv = (a: Q, b: Q) => q(a[0] * b[1], a[1] * b[0]);

/** Reduced row echelon form in place; returns the pivot columns. */
function rrefQ(m: Q[][], width: number): number[] {
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < width && r < m.length; c++) {
    const i = m.findIndex((row, idx) => idx >= r && row[c]![0] !== 0n);
    if (i < 0) continue;
    [m[r], m[i]] = [m[i]!, m[r]!];
    const pv = m[r]![c]!;
    m[r] = m[r]!.map((x) => qDiv(x, pv));
    for (let j = 0; j < m.length; j++) {
      if (j === r || m[j]![c]![0] === 0n) continue;
      const f = m[j]![c]!;
      m[j] = m[j]!.map((x, col) => qSub(x, qMul(f, m[r]![col]!)));
    }
    pivots.push(c);
    r++;
  }
  return pivots;
}

/**
 * Every set of at most k − 1 non-viewers about whom a statistic is derivable from the rows
 * (each row: column → ±1, columns = one person in one cycle). A set P leaks iff the
 * row space holds a nonzero vector on P's columns, iff the rows of a null-space basis Z
 * restricted to those columns are dependent.
 */
function bruteForceLeaks(rows: readonly Map<string, number>[], personOf: ReadonlyMap<string, number>, k: number): number[][] {
  const columns = [...personOf.keys()];
  const at = new Map(columns.map((c, i) => [c, i]));
  const m: Q[][] = rows.map((row) => columns.map((c) => q(BigInt(row.get(c) ?? 0), 1n)));
  const pivots = rrefQ(m, columns.length);
  const free = columns.map((_, i) => i).filter((i) => !pivots.includes(i));
  // Null-space basis: one vector per free column.
  const z: Q[][] = columns.map(() => free.map(() => q(0n, 1n)));
  free.forEach((f, s) => {
    z[f]![s] = q(1n, 1n);
    pivots.forEach((pc, t) => (z[pc]![s] = q(-m[t]![f]![0], m[t]![f]![1])));
  });
  const people = [...new Set(personOf.values())].sort((a, b) => a - b);
  const leaks: number[][] = [];
  const pick = (start: number, chosen: number[]) => {
    if (chosen.length > 0) {
      const cols = columns.filter((c) => chosen.includes(personOf.get(c)!)).map((c) => at.get(c)!);
      const sub = cols.map((c) => z[c]!.slice());
      if (cols.length > 0 && rrefQ(sub, free.length).length < cols.length) {
        leaks.push([...chosen]);
        return; // its supersets leak too
      }
    }
    if (chosen.length === k - 1) return;
    for (let i = start; i < people.length; i++) pick(i + 1, [...chosen, people[i]!]);
  };
  pick(0, []);
  // The minimal ones only.
  return leaks.filter((l) => !leaks.some((o) => o.length < l.length && o.every((x) => l.includes(x))));
}

interface Sim {
  seed: number;
  k: number;
  cycles: number;
  staff: number;
}

/**
 * A small agency's history, closed the way lib/server/publication.ts should (see
 * auditChanges): each close publishes the cycle (planCyclePublication), then the change
 * from the previous cycle with every cycle linked to it by published changes, cells as
 * stored, responses as they exist now. Between closes people leave, join, move teams,
 * skip cycles, and erase their data (some come back). Returns the true system: every
 * published row over the people counted when it was published.
 */
function simulate({ seed, k, cycles: cycleCount, staff }: Sim) {
  const rng = createRng(seed);
  const teams = [{ id: 'A' }, { id: 'B' }];
  const teamOf = () => (rng.next() < 0.15 ? null : rng.next() < 0.5 ? 'A' : 'B');
  const people: { team: string | null; viewer: boolean; active: boolean }[] = [];
  for (let i = 0; i < staff; i++) people.push({ team: teamOf(), viewer: i === 0, active: true });
  interface Stored { person: number; cycle: number; team: string | null; viewer: boolean; value: number }
  let data: Stored[] = [];
  const ids = Array.from({ length: cycleCount }, (_, i) => `h${i}`);
  const cellsOf: (readonly AggregateCell[])[] = [];
  const changesInto: (readonly ChangeCell[])[] = [[]];
  const truth: Map<string, number>[] = [];
  const personOf = new Map<string, number>();
  const col = (person: number, cycle: number) => {
    const key = `${person}:${cycle}`;
    personOf.set(key, person);
    return key;
  };
  let published = 0;
  let refusedCloses = 0;

  for (let c = 0; c < cycleCount; c++) {
    for (const p of people) {
      if (!p.active) continue;
      if (rng.next() < 0.08) p.active = false;
      else if (rng.next() < 0.12) p.team = teamOf();
    }
    if (rng.next() < 0.6) people.push({ team: teamOf(), viewer: false, active: true });
    people.forEach((p, person) => {
      if (p.active && rng.next() < 0.85) data.push({ person, cycle: c, team: p.team, viewer: p.viewer, value: 15 + Math.floor(rng.next() * 30) });
    });
    if (c > 0 && rng.next() < 0.35) {
      // An erasure: all of one person's responses go; they may answer again later.
      const who = data[Math.floor(rng.next() * data.length)]!.person;
      data = data.filter((r) => r.person !== who);
    }
    const rowsNow = (cycle: number) => data.filter((r) => r.cycle === cycle);
    const current = rowsNow(c);
    const responses: ScoredResponse[] = current.map((r) => ({ groupId: r.team ?? '__no_team__', cycleId: ids[c]!, isViewer: r.viewer, scores: bo(r.value) }));
    const pub = planCyclePublication({ k, cycleId: ids[c]!, teams, responses });
    cellsOf[c] = pub.cells;
    for (const cell of pub.cells) {
      if (cell.measure !== 'bo' || cell.suppressed !== null || !cell.n) continue;
      truth.push(new Map(current.filter((r) => !r.viewer && (cell.group === ORG_GROUP || r.team === cell.group)).map((r) => [col(r.person, c), 1])));
    }
    if (c === 0) continue;

    // The chain: back from the previous cycle while each link has a published change.
    let start = c - 1;
    while (start > 0 && changesInto[start]!.some((x) => x.suppressed === null)) start--;
    const linkedCycles: LinkedCycle[] = [];
    for (let i = start; i <= c; i++) {
      linkedCycles.push({
        id: ids[i]!,
        k,
        cells: cellsOf[i]!,
        respondents: rowsNow(i).map((r) => ({ person: r.person, teamId: r.team, isViewer: r.viewer, isCounted: !r.viewer, scores: bo(r.value) })),
      });
    }
    const earlierChanges = changesInto.slice(start + 1, c).flat();
    const before = new Map(rowsNow(c - 1).map((r) => [r.person, r]));
    const pairs: PairedResponse[] = current.flatMap((r) => {
      const b = before.get(r.person);
      return b ? [{ groupId: r.team ?? '__no_team__', isViewer: r.viewer || b.viewer, previous: bo(b.value), current: bo(r.value) }] : [];
    });
    const plan = planChangePublication({
      k, cycleId: ids[c]!, previousCycleId: ids[c - 1]!, teams, pairs, currentCells: pub.cells, linkedCycles, earlierChanges,
    });
    if (plan.refused) refusedCloses++;
    changesInto[c] = plan.cells;
    for (const cell of plan.cells) {
      if (cell.measure !== 'bo' || cell.suppressed !== null) continue;
      published++;
      const row = new Map<string, number>();
      for (const r of current) {
        const b = before.get(r.person);
        if (!b || r.viewer || (cell.group !== ORG_GROUP && r.team !== cell.group)) continue;
        row.set(col(r.person, c), 1);
        row.set(col(b.person, c - 1), -1);
      }
      truth.push(row);
    }
  }
  return { truth, personOf, published, refusedCloses };
}

describe('auditChanges: failing closed, reuse, rule 9', () => {
  // k = 3: 3 stayers, 2 leavers (cycle 1 only), 2 newcomers (cycle 2 only). S₂ − C − S₁ = N − L:
  // 4 people, not a finding, but a minimal support the search has to examine.
  const g = scoresFrom(23);
  const people: Person[] = [
    ...[0, 1, 2].map((j) => ({ scores: [g(j), g(j + 5) + 2] })),
    { scores: [31, null] },
    { scores: [36, null] },
    { scores: [null, 19] },
    { scores: [null, 44] },
  ];
  const built = chain(3, people, 2);
  const changes = built.changeInto(1);

  it('fails closed when the search cannot finish within its limit', () => {
    expect(auditChanges({ k: 3, cycles: built.cycles, changes }).ok).toBe(true);
    const capped = auditChanges({ k: 3, cycles: built.cycles, changes, searchLimit: 1 });
    expect(capped.findings).toContainEqual(
      expect.objectContaining({ kind: 'small-group', size: 0, message: expect.stringContaining('could not finish') }),
    );
  });

  it('reuses per-measure results only for the same, unchanged chain', () => {
    const cycles = [...built.cycles];
    const first = auditChanges({ k: 3, cycles, changes });
    expect(auditChanges({ k: 3, cycles, changes })).toEqual(first);
    expect(first.ok).toBe(true);
    // A new respondents array (the two leavers erased from cycle 1, its stored cells unchanged)
    // is seen: S₂ − C − S₁ = N − L, and erased people count as no one, so it is about the 2 newcomers.
    cycles[0] = { ...cycles[0]!, respondents: cycles[0]!.respondents.filter((r) => r.person < 3) };
    const after = auditChanges({ k: 3, cycles, changes });
    expect(after.findings).toContainEqual(expect.objectContaining({ kind: 'small-group', size: 2 }));
  });

  it('reports a person whose viewer status differs between cycles as inconsistent', () => {
    const cycles = built.cycles.map((c, i) =>
      i === 1 ? { ...c, respondents: c.respondents.map((r) => (r.person === 0 ? { ...r, isViewer: true, isCounted: false } : r)) } : c,
    );
    expect(auditChanges({ k: 3, cycles, changes }).findings[0]).toMatchObject({ kind: 'inconsistent', measure: null });
  });

  it('finds a derivable group of pairs whose changes are all equal (rule 9 for changes)', () => {
    // Team A: 4 pairs with varied changes (shown); 3 people without a team, each +2 (k = 3):
    // the agency's change minus A's shows the three equal changes, hence each one.
    const mixed: Person[] = [
      ...[0, 1, 2, 3].map((j) => ({ scores: [g(j), g(j) + (j % 3)], team: 'A' })),
      ...[0, 1, 2].map((j) => ({ scores: [30 + j, 32 + j], team: null })),
    ];
    const m = chain(3, mixed, 2);
    const cells = m.changeInto(1);
    expect(cells.filter((c) => c.suppressed === null).map((c) => c.group).sort()).toEqual(['A', ORG_GROUP]);
    expect(auditChanges({ k: 3, cycles: m.cycles, changes: cells }).findings).toContainEqual(
      expect.objectContaining({ kind: 'homogeneity', statistic: 'change', size: 3 }),
    );
  });
});

describe('random histories (turnover, moves, viewers, erasures)', () => {
  it('what planChangePublication and the auditor publish contains no statistic about fewer than k people (brute force)', () => {
    let published = 0;
    let histories = 0;
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 30 }),
          k: fc.constantFrom(3, 4),
          cycles: fc.integer({ min: 3, max: 5 }),
          staff: fc.integer({ min: 6, max: 11 }),
        }),
        (sim) => {
          const result = simulate(sim);
          published += result.published;
          histories++;
          expect(bruteForceLeaks(result.truth, result.personOf, sim.k)).toEqual([]);
        },
      ),
      { seed: 20260311, numRuns: 60 },
    );
    // The property is not vacuous: change cells do get published (fewer since change cells
    // need 5 pairs whatever k is: 26 over these 60 histories).
    expect(histories).toBe(60);
    expect(published).toBeGreaterThan(15);
  });

  it('without erasures, reports a small group exactly when the brute force finds one (forced publications)', () => {
    // Cells and changes built with k = 3 and published without the audit loop, then audited
    // under k = 3..5: the auditor must neither miss a leak nor report one that is not there.
    let leaky = 0;
    let clean = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: 3, max: 4 }),
        fc.integer({ min: 5, max: 10 }),
        fc.constantFrom(3, 4, 5),
        (seed, cycleCount, staff, k) => {
          const rng = createRng(seed);
          const teamOf = () => (rng.next() < 0.2 ? null : rng.next() < 0.5 ? 'A' : 'B');
          const people = Array.from({ length: staff }, (_, i) => ({
            viewer: i === 0 && rng.next() < 0.5,
            cycles: Array.from({ length: cycleCount }, () => (rng.next() < 0.75 ? { team: teamOf(), value: 15 + Math.floor(rng.next() * 30) } : null)),
          }));
          const teams = [{ id: 'A' }, { id: 'B' }];
          const ids = Array.from({ length: cycleCount }, (_, i) => `f${i}`);
          const cycles: LinkedCycle[] = ids.map((id, i) => {
            const present = people.flatMap((p, person) => (p.cycles[i] ? [{ p, person, at: p.cycles[i]! }] : []));
            const responses = present.map(({ p, at }) => ({ groupId: at.team ?? '__no_team__', cycleId: id, isViewer: p.viewer, scores: bo(at.value) }));
            return {
              id,
              cells: buildCycleAggregates({ k: 3, cycleId: id, teams, responses }),
              respondents: present.map(({ p, person, at }) => ({ person, teamId: at.team, isViewer: p.viewer, isCounted: !p.viewer, scores: bo(at.value) })),
            };
          });
          const changes = ids.slice(1).flatMap((id, j) => {
            const pairs: PairedResponse[] = people.flatMap((p) => {
              const [b, a] = [p.cycles[j], p.cycles[j + 1]];
              return a && b ? [{ groupId: a.team ?? '__no_team__', isViewer: p.viewer, previous: bo(b.value), current: bo(a.value) }] : [];
            });
            return buildChangeCells({ k: 3, cycleId: id, previousCycleId: ids[j]!, teams, pairs, currentCells: cycles[j + 1]!.cells }, 0);
          });
          // The true rows, built directly from the people.
          const personOf = new Map<string, number>();
          const colOf = (person: number, i: number) => {
            personOf.set(`${person}:${i}`, person);
            return `${person}:${i}`;
          };
          const truth: Map<string, number>[] = [];
          cycles.forEach((cycle, i) => {
            for (const cell of cycle.cells) {
              if (cell.measure !== 'bo' || cell.suppressed !== null || !cell.n) continue;
              truth.push(new Map(people.flatMap((p, person) => (p.viewer || !p.cycles[i] || (cell.group !== ORG_GROUP && p.cycles[i]!.team !== cell.group) ? [] : [[colOf(person, i), 1] as const]))));
            }
          });
          for (const cell of changes) {
            if (cell.measure !== 'bo' || cell.suppressed !== null) continue;
            const i = ids.indexOf(cell.cycle);
            const row = new Map<string, number>();
            people.forEach((p, person) => {
              const [b, a] = [p.cycles[i - 1], p.cycles[i]];
              if (p.viewer || !a || !b || (cell.group !== ORG_GROUP && a.team !== cell.group)) return;
              row.set(colOf(person, i), 1);
              row.set(colOf(person, i - 1), -1);
            });
            truth.push(row);
          }
          const leaks = bruteForceLeaks(truth, personOf, k);
          const report = auditChanges({ k, cycles, changes });
          const flagged = report.findings.filter((f) => f.kind === 'small-group');
          expect(flagged.every((f) => f.size > 0)).toBe(true); // the search always finished
          expect(flagged.length > 0).toBe(leaks.length > 0);
          if (leaks.length > 0) {
            // And the smallest group it names is the smallest the brute force finds.
            expect(Math.min(...flagged.map((f) => f.size))).toBe(Math.min(...leaks.map((l) => l.length)));
            leaky++;
          }
          else clean++;
        },
      ),
      { seed: 4242, numRuns: 150 },
    );
    expect(leaky).toBeGreaterThan(20);
    expect(clean).toBeGreaterThan(20);
  });

  it('the brute force itself sees the review leaks when nothing is audited', () => {
    // The erasure attack as true rows: S₁ = G₁ + E, S₂ = G₂, C = G₂ − G₁ (k = 5).
    const personOf = new Map<string, number>();
    const colOf = (p: number, c: number) => {
      personOf.set(`${p}:${c}`, p);
      return `${p}:${c}`;
    };
    const g = [0, 1, 2, 3, 4];
    const s1 = new Map([...g.map((p) => [colOf(p, 1), 1] as const), [colOf(9, 1), 1]]);
    const s2 = new Map(g.map((p) => [colOf(p, 2), 1] as const));
    const change = new Map([...g.map((p) => [colOf(p, 2), 1] as const), ...g.map((p) => [colOf(p, 1), -1] as const)]);
    expect(bruteForceLeaks([s1, s2, change], personOf, 5)).toEqual([[9]]);
    expect(bruteForceLeaks([s1, s2], personOf, 5)).toEqual([]);
  });
});
