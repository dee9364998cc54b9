import { and, eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { cycleChanges, memberships, organizations } from '@/db/schema';
import { describeEachDriver } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import type { CheckInPayload } from '@/lib/checkin/types';
import { buildPillarProfile, type PillarViewCell } from '@/lib/dashboard/pillars';
import { BRIEF_VR, ORG_CHECK, ORG_CHECK_PILLARS, PROQOL5, type PillarCode } from '@/lib/instruments';
import { ALPHA_MIN_N, ORG_GROUP, PILLAR_MEASURES } from '@/lib/privacy';
import { publishedMoments } from '@/lib/privacy/levels';
import { WEAK_PILLAR_MEAN } from '@/lib/recommendations/engine';
import { scoreOrgCheck } from '@/lib/scoring/org-check';
import { createActionItem, listActionItems, listDidItHelp } from './actions-plan';
import { submitCheckIn } from './checkins';
import { closeCycleEarly, openOneOffCycle } from './cycles';
import { getAgencyResultsForStaff, getDashboard } from './dashboard';
import { getDrivers } from './drivers';
import { updateMember } from './members';
import { getLatestPillarAlphas, getMyOrgCheck, getPublishedPillarCells } from './pillars';
import { getDirectorRecommendations } from './recommendations';

/**
 * Independent insider review of the organizational check's pillar publication (issue 15).
 * Each test builds one attack through the real close path (openOneOffCycle → submitCheckIn
 * → closeCycleEarly), reads only what a director or admin can read (pillar cells as the
 * dashboard and recommendations read them, pillar change cells as stored, participation,
 * Cronbach's alpha, recommendation and did-it-help texts), performs the derivation, and
 * asserts it yields nothing about 1 to k − 1 people who cannot see results. A test marked
 * `it.fails` would demonstrate a leak still open; none is left (each fixed leak's comment says how).
 */

const DAY_MS = 86_400_000;
const T0 = new Date('2026-03-02T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const fill = <T,>(items: readonly { id: number }[], v: (id: number) => T) => Object.fromEntries(items.map((i) => [String(i.id), v(i.id)]));
const ITEMS_OF: Readonly<Record<PillarCode, readonly number[]>> = Object.fromEntries(
  ORG_CHECK_PILLARS.map((p): [PillarCode, readonly number[]] => [p.code, p.items]),
) as Record<PillarCode, readonly number[]>;

type OrgItems = Partial<Record<PillarCode, readonly (number | null)[]>>;

/** Person p's organizational answers in cycle c: every pillar varies by person; `fixed` overrides a pillar's three items. */
function orgAnswers(p: number, c: number, fixed: OrgItems = {}): Record<string, number | null> {
  const out: Record<string, number | null> = fill(ORG_CHECK.items, (id) => 1 + ((id * 3 + p * 2 + c * (1 + (p % 3))) % 5));
  for (const [code, values] of Object.entries(fixed) as [PillarCode, readonly (number | null)[]][]) {
    ITEMS_OF[code].forEach((id, i) => (out[String(id)] = values[i] ?? null));
  }
  return out;
}

function payload(p: number, c: number, fixed?: OrgItems): CheckInPayload {
  return {
    proqol: fill(PROQOL5.items, (id) => 1 + ((id * 7 + p * 3 + c) % 5)),
    vr: fill(BRIEF_VR.items, (id) => (id + p + c) % 6),
    selfCare: null,
    orgCheck: orgAnswers(p, c, fixed),
    profile: null,
  };
}

async function member(db: Db, orgId: string, role: 'admin' | 'director' | 'staff', teamId: string | null = null): Promise<OrgMember> {
  const { user } = await makeMember(db, orgId, role, { teamId });
  return authorizeOrgRole(db, user.id, orgId, role);
}
async function staffOf(db: Db, orgId: string, teamId: string | null, n: number): Promise<OrgMember[]> {
  const out: OrgMember[] = [];
  for (let i = 0; i < n; i++) out.push(await member(db, orgId, 'staff', teamId));
  return out;
}
async function membershipId(db: Db, orgId: string, userId: string): Promise<string> {
  const [row] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row!.id;
}

/** An agency with an admin (the insider) and a helper that runs one org-check cycle per call. */
async function agency(db: Db, k: number) {
  const org = await makeOrg(db, { minGroupSize: k });
  const admin = await member(db, org.id, 'admin');
  const ids = new Map<string, number>();
  let day = 0;
  const cycle = async (people: readonly OrgMember[], fixed: (p: OrgMember) => OrgItems | undefined = () => undefined) => {
    const opens = day;
    day += 30;
    const id = await openOneOffCycle(
      db,
      admin,
      { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: false, includeOrgCheck: true },
      at(opens),
    );
    for (const p of people) {
      if (!ids.has(p.userId)) ids.set(p.userId, ids.size);
      const who = await authorizeOrgRole(db, p.userId, org.id, 'staff').catch(() => p);
      await submitCheckIn(db, who, id, payload(ids.get(p.userId)!, opens / 30, fixed(p)), at(opens + 1));
    }
    await closeCycleEarly(db, admin, id, at(opens + 2));
    return id;
  };
  return { org, admin, cycle };
}

/** Everything the insider can read about pillars: cells (as the dashboard reads them), stored change cells, alphas. */
async function insiderView(db: Db, viewer: OrgMember) {
  const cells = await getPublishedPillarCells(db, viewer);
  const changeRows = await db
    .select({ cell: cycleChanges.cell })
    .from(cycleChanges)
    .where(and(eq(cycleChanges.orgId, viewer.orgId), inArray(cycleChanges.measure, [...PILLAR_MEASURES])));
  // Read loosely: whatever a pillar change cell carries, if it is shown it has nPairs and meanChange.
  const changes = changeRows.map(
    (r) =>
      r.cell as {
        cycle: string;
        group: string;
        measure: PillarCode;
        nPairs: number | null;
        meanChange: number | null;
        ci95: readonly [number, number] | null;
        suppressed: string | null;
      },
  );
  const cell = (cycleId: string, group: string, pillar: PillarCode) => cells.find((x) => x.cycle === cycleId && x.group === group && x.measure === pillar);
  /** Σ pillar scores of a shown cell (n × mean, exact to ±0.05n), or null if hidden. */
  const sum = (cycleId: string, group: string, pillar: PillarCode) => {
    const c = cell(cycleId, group, pillar);
    return c && c.suppressed === null && c.n && c.mean !== null ? c.n * c.mean : null;
  };
  /** Σ changes of a shown pillar change cell, or null if hidden or absent. */
  const delta = (cycleId: string, group: string, pillar: PillarCode) => {
    const c = changes.find((x) => x.cycle === cycleId && x.group === group && x.measure === pillar);
    return c && c.suppressed === null && c.nPairs !== null && c.meanChange !== null ? c.nPairs * c.meanChange : null;
  };
  return { cells, changes, cell, sum, delta };
}

/** The derivation is blocked when at least one number it needs is hidden. */
function expectBlocked(label: string, needed: (number | null)[], derive: (v: number[]) => number, actual: number) {
  const blocked = needed.some((v) => v === null);
  const derived = blocked ? null : derive(needed as number[]);
  expect(blocked, `${label}: derived ${derived?.toFixed(2)} vs the hidden value ${actual} from ${JSON.stringify(needed)}`).toBe(true);
}

/** A person's own pillar score in a cycle, from their own page (what they, not the insider, see). */
async function pillarOf(db: Db, who: OrgMember, cycleId: string, pillar: PillarCode): Promise<number> {
  const me = await authorizeOrgRole(db, who.userId, who.orgId, 'staff').catch(() => who);
  return (await getMyOrgCheck(db, me, cycleId))!.pillars.find((p) => p.code === pillar)!.mine!;
}

/**
 * Every value a pillar score can take, from the scoring core itself: the score of every
 * answer pattern of one pillar (3 items 1–5, or 2 answered and one "don't know").
 */
const PILLAR_GRID: readonly number[] = (() => {
  const out = new Set<number>();
  const opts = [null, 1, 2, 3, 4, 5];
  for (const a of opts) for (const b of opts) for (const c of opts) {
    const s = scoreOrgCheck({ 4: a, 5: b, 6: c }).org_ms.score;
    if (s !== null) out.add(s);
  }
  return [...out].sort((x, y) => x - y);
})();

/**
 * The insider's enumeration (rule 8): every multiset of n pillar scores whose published
 * moments (lib/privacy publishedMoments: mean to 0.1, SD to whole points below 5 people,
 * else 0.1, CI from the rounded values) reproduce the cell's shown mean and CI. The
 * dashboard shows no SD, but the CI carries it. One candidate = every score pinned.
 */
function candidateSets(cell: PillarViewCell): number[][] {
  const n = cell.n!;
  const out: number[][] = [];
  const rec = (prefix: number[], start: number) => {
    if (prefix.length === n) {
      const mean = prefix.reduce((s, x) => s + x, 0) / n;
      const sd = Math.sqrt(prefix.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
      const p = publishedMoments(n, mean, sd);
      if (p.sd !== 0 && p.mean === cell.mean && p.ci95[0] === cell.ci95![0] && p.ci95[1] === cell.ci95![1]) out.push([...prefix]);
      return;
    }
    for (let i = start; i < PILLAR_GRID.length; i++) {
      prefix.push(PILLAR_GRID[i]!);
      rec(prefix, i);
      prefix.pop();
    }
  };
  rec([], 0);
  return out;
}

describeEachDriver('organizational check pillars: independent insider review', (ctx) => {
  // LEAK (rule 8, published precision). A team of k = 5 whose pillar is near the ceiling:
  // four members answer 5, 5, 5 and one 5, 5, 4 on Leadership & Mission, so the scores are
  // 5, 5, 5, 5, 4.67. Published: n 5, mean 4.9, CI 4.8–5.0 (SD 0.1). The insider
  // enumerates the 20,349 multisets of 5 pillar scores on the scoring grid (17 values:
  // thirds and halves from 1 to 5): exactly one reproduces mean and CI, so every member's
  // exact score is pinned. Enumerated over all shown cells: 0.73% of multisets pinned at
  // n = 3, 0.09% at n = 4, 0.23% at n = 5, 0.05% at n = 6 (ProQOL, 10–50: 1.28% at n = 3,
  // 0.14% at n = 5); but pillar answers cluster at the scale's ends, and drawing items
  // 5/4/3/2/1 with probability .6/.3/.07/.02/.01 (a strong pillar) pins 2.4% of 5-person
  // cells and 4.7% of 3-person cells: above the "about 2% at n = 3" the README accepts, and
  // at the recommended k = 5. The sd = 0 rule catches only identical scores.
  // FIXED by pinsPillarScores (unique multiset; the shared-value case was judged harmless):
  // in planPillarPublication, generalize the identical-answers rule: hide a pillar cell
  // (IDENTICAL_ANSWERS_REASON, so the reason says nothing) when the multisets on the pillar
  // grid consistent with its published (n, mean, SD) are all one multiset, or all share a
  // value held by ≥ 1 person (cheap: 17 values, a DP over (count, sum in sixths) with the
  // sum of squares for n < 10; above that no cell is pinned), and have the auditor re-run it.
  it('(1) rule 8, k = 5: a near-ceiling team of 5 — mean and CI admit more than one set of pillar scores', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const team = await makeTeam(db, org.id, 'Outreach');
    const staff = await staffOf(db, org.id, team.id, 5);
    const lm = new Map(staff.map((s, i) => [s.userId, i === 4 ? [5, 5, 4] : [5, 5, 5]]));
    const c1 = await cycle(staff, (p) => ({ org_lm: lm.get(p.userId)! }));
    const v = await insiderView(db, admin);
    const shown = v.cells.filter((c) => c.cycle === c1 && c.measure === 'org_lm' && c.suppressed === null);
    // Fixed (lib/privacy/pillar-precision.ts): the pinned cell is hidden; anything still shown must not pin.
    expect(v.cells.find((c) => c.cycle === c1 && c.measure === 'org_lm' && c.group === team.id)?.suppressed).toEqual(expect.any(String));
    for (const cell of shown) {
      const sets = candidateSets(cell);
      const truth = (await Promise.all(staff.map((s) => pillarOf(db, s, c1, 'org_lm')))).sort((a, b) => a - b);
      expect(sets.map((s) => JSON.stringify(s))).toContain(JSON.stringify(truth)); // the enumeration is right
      expect(sets.length, `${cell.group}: n ${cell.n} mean ${cell.mean} CI ${cell.ci95} pins ${JSON.stringify(sets)}`).toBeGreaterThan(1);
    }
  });

  // Was a LEAK, fixed as (1). (rule 8) at the floor k = 3 with whole-point SDs: scores 2, 5, 5 (one member
  // answers 2, 2, 2 on Management & Supervision, two answer 5, 5, 5) publish mean 4.0,
  // SD 2 (CI −1.0 to 9.0); of the 969 multisets of 3 pillar scores only {2, 5, 5} gives
  // them, so the insider learns that exactly one of the three rates their supervision 2.
  // Same fix as (1).
  it('(2) rule 8, k = 3: a 3-person team with one dissenter — mean and CI admit more than one set of scores', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 3);
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const staff = await staffOf(db, org.id, team.id, 3);
    const c1 = await cycle(staff, (p) => ({ org_ms: p.userId === staff[0]!.userId ? [2, 2, 2] : [5, 5, 5] }));
    const v = await insiderView(db, admin);
    const shown = v.cells.filter((c) => c.cycle === c1 && c.measure === 'org_ms' && c.suppressed === null);
    expect(v.cells.find((c) => c.cycle === c1 && c.measure === 'org_ms' && c.group === team.id)?.suppressed).toEqual(expect.any(String));
    for (const cell of shown) {
      const sets = candidateSets(cell);
      expect(sets.length, `${cell.group}: n ${cell.n} mean ${cell.mean} CI ${cell.ci95} pins ${JSON.stringify(sets)}`).toBeGreaterThan(1);
    }
  });

  // Was a LEAK, fixed by the gate in releasePillarAlphas. (rule 1 and the alpha's own n ≥ 30). Cronbach's alpha is released from 30
  // complete non-viewer responses whatever k is, and whether or not the agency's pillar
  // cell is shown. k may be set up to 50: at k = 40 with 35 staff, every pillar cell is
  // hidden ("fewer than 40 responses") but alpha is stored and shown to admins with n 35,
  // a statistic about a group smaller than the agency's minimum. It is also computed and
  // stored when the pillar publication is refused by the auditor (fail closed does not
  // reach it).
  // FIX: in publishCyclePillars / releasePillarAlphas, release a pillar's alpha only when
  // its complete non-viewer rows number at least max(ALPHA_MIN_N, k) AND the agency's
  // pillar cell is shown in the stored publication (not refused); otherwise withhold it
  // with a reason.
  it('(3) k = 40, 35 staff: the agency\'s pillar cells are hidden, and so is Cronbach\'s alpha', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 40);
    const staff = await staffOf(db, org.id, null, 35);
    expect(staff.length).toBeGreaterThanOrEqual(ALPHA_MIN_N);
    const c1 = await cycle(staff);
    const v = await insiderView(db, admin);
    const agencyCells = v.cells.filter((c) => c.cycle === c1 && c.group === ORG_GROUP);
    expect(agencyCells.length).toBe(PILLAR_MEASURES.length);
    for (const c of agencyCells) expect(c.suppressed).toMatch(/fewer than 40/);
    const alphas = (await getLatestPillarAlphas(db, admin))!.alphas;
    for (const a of alphas) expect(a.alpha, `${a.measure}: alpha ${a.alpha} over n ${a.n} < k 40`).toBeNull();
  });

  it('(4) Cronbach\'s alpha counts only complete non-viewer answers: a partial answer and a viewer\'s answers do not move it', async () => {
    const db = ctx.db;
    // Two agencies with the same 30 complete staff answers; they differ only in one staff
    // member with a "don't know" on Leadership & Mission and in the admin's own check-in.
    const run = async (partial: readonly (number | null)[], viewerItems: readonly number[]) => {
      const { org, admin, cycle } = await agency(db, 5);
      const staff = await staffOf(db, org.id, null, 30);
      const [odd] = await staffOf(db, org.id, null, 1);
      const c1 = await cycle([...staff, odd!, admin], (p) =>
        p.userId === odd!.userId ? { org_lm: partial } : p.userId === admin.userId ? { org_lm: viewerItems } : undefined,
      );
      const v = await insiderView(db, admin);
      return { alphas: (await getLatestPillarAlphas(db, admin))!.alphas, lm: v.cell(c1, ORG_GROUP, 'org_lm')! };
    };
    const x = await run([1, null, 1], [5, 5, 5]);
    const y = await run([5, 5, null], [1, 1, 1]);
    const ax = x.alphas.find((a) => a.measure === 'org_lm')!;
    expect(ax.n).toBe(30); // neither the partial answer nor the admin
    expect(ax.alpha).not.toBeNull();
    // Alpha is a function of the 30 complete rows only: identical whatever the partial and viewer answers.
    expect(x.alphas).toEqual(y.alphas);
    // The pillar cell holds the partial answer (n 31) and not the admin; its mean is published to one decimal.
    expect(x.lm.n).toBe(31);
    // Alpha has no location, so "cell (31) − alpha's rows (30)" is not a subtraction: the
    // partial person's score is in no difference of two published sums.
    expect(JSON.stringify(x.alphas)).not.toMatch(/"(mean|sum|sd|variance)"/);
  });

  it('(5) "don\'t know" makes a pillar\'s n differ from the wellbeing n and from the other pillars: the 4 who scored it stay hidden, and so does their complement', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const a = await makeTeam(db, org.id, 'Outreach');
    const b = await makeTeam(db, org.id, 'Shelter & housing');
    const aStaff = await staffOf(db, org.id, a.id, 5);
    const bStaff = await staffOf(db, org.id, b.id, 6);
    const dk = aStaff[0]!; // "don't know" on two Management & Supervision items: no org_ms score
    const c1 = await cycle([...aStaff, ...bStaff], (p) => (p.userId === dk.userId ? { org_ms: [null, null, 4] } : undefined));
    const v = await insiderView(db, admin);
    const dash = await getDashboard(db, admin);
    const partA = dash.latest!.participation.find((p) => p.group === a.id);
    if (partA?.participated != null) expect(partA.participated).toBe(5);
    // The n differences the insider sees: A's other pillars over all 5, the agency's org_ms over 10 of 11.
    expect(v.cell(c1, a.id, 'org_lm')).toMatchObject({ suppressed: null, n: 5 });
    const agencyMs = v.cell(c1, ORG_GROUP, 'org_ms')!;
    expect(agencyMs).toMatchObject({ suppressed: null, n: 10 });
    expect(v.cell(c1, a.id, 'org_ms')?.suppressed).not.toBeNull(); // 4 scored < k
    // Σ A's four org_ms = agency − B (complementary suppression must hide B).
    const aMs = (await Promise.all(aStaff.slice(1).map((s) => pillarOf(db, s, c1, 'org_ms')))).reduce((s, x) => s + x, 0);
    expectBlocked('A by subtraction', [v.sum(c1, ORG_GROUP, 'org_ms'), v.sum(c1, b.id, 'org_ms')], ([o, s]) => o! - s!, aMs);
    // Across pillars: A's org_lm (5 people) and org_ms share 4 people, but each pillar is its own unknowns and no published
    // number mixes two pillars, so the "don't know" person's org_lm is in no difference: no shown cell covers A's other four.
    const overFour = v.cells.filter((x) => x.cycle === c1 && x.group === a.id && x.suppressed === null && x.n === 4);
    expect(overFour).toEqual([]);
    const dkLm = await pillarOf(db, dk, c1, 'org_lm');
    expectBlocked('the "don\'t know" person\'s org_lm', [v.sum(c1, a.id, 'org_lm'), v.sum(c1, a.id, 'org_ms')], ([lm, ms]) => lm! - ms!, dkLm);
  });

  it('(6) known answers: a director in a team and the insider\'s demoted second account never count; the team left with k − 1 strangers is hidden', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const a = await makeTeam(db, org.id, 'Outreach');
    const b = await makeTeam(db, org.id, 'Shelter & housing');
    const aStaff = await staffOf(db, org.id, a.id, 4);
    const bStaff = await staffOf(db, org.id, b.id, 6);
    const director = await member(db, org.id, 'director', a.id);
    // The admin's second account: promoted to director once, then back to staff in A.
    const [alt] = await staffOf(db, org.id, a.id, 1);
    const id = await membershipId(db, org.id, alt!.userId);
    await updateMember(db, admin, { membershipId: id, role: 'director', teamId: null });
    await updateMember(db, admin, { membershipId: id, role: 'staff', teamId: a.id });
    const extreme = { org_lm: [5, 5, 5], org_ms: [1, 1, 1], org_ee: [5, 5, 5], org_td: [1, 1, 1], org_hw: [5, 5, 5] };
    const c1 = await cycle([...aStaff, ...bStaff, director, alt!], (p) => (p.userId === director.userId || p.userId === alt!.userId ? extreme : undefined));
    const v = await insiderView(db, admin);
    for (const pillar of PILLAR_MEASURES) {
      const agencyCell = v.cell(c1, ORG_GROUP, pillar);
      if (agencyCell?.suppressed === null) expect(agencyCell.n).toBe(10); // 4 + 6 strangers, never the director or alt
      expect(v.cell(c1, a.id, pillar)?.suppressed).not.toBeNull(); // 4 strangers < k
      const aSum = (await Promise.all(aStaff.map((s) => pillarOf(db, s, c1, pillar)))).reduce((s, x) => s + x, 0);
      expectBlocked(`A's ${pillar}`, [v.sum(c1, ORG_GROUP, pillar), v.sum(c1, b.id, pillar)], ([o, s]) => o! - s!, aSum);
    }
  });

  it('(7) a team move between two org-check cycles: x moves from A to B; pillar cells and changes do not give x\'s scores', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const a = await makeTeam(db, org.id, 'Outreach');
    const b = await makeTeam(db, org.id, 'Shelter & housing');
    const aStaff = await staffOf(db, org.id, a.id, 5);
    const bStaff = await staffOf(db, org.id, b.id, 5);
    const [x] = await staffOf(db, org.id, a.id, 1);
    const everyone = [...aStaff, ...bStaff, x!];
    const c1 = await cycle(everyone);
    await updateMember(db, admin, { membershipId: await membershipId(db, org.id, x!.userId), role: 'staff', teamId: b.id });
    const c2 = await cycle(everyone);
    const v = await insiderView(db, admin);
    expect(v.sum(c1, ORG_GROUP, 'org_ms')).not.toBeNull(); // the attack has cells to work with
    expect(v.delta(c2, ORG_GROUP, 'org_ms')).not.toBeNull(); // and the agency's within-person pillar change
    for (const pillar of PILLAR_MEASURES) {
      const x1 = await pillarOf(db, x!, c1, pillar);
      const x2 = await pillarOf(db, x!, c2, pillar);
      // x₁ = S_A1 − (S_A2 − Δ_A) (A's stayers' change); x₂ = S_B2 − (S_B1 + Δ_B) (B's stayers' change).
      expectBlocked(`${pillar} via A`, [v.sum(c1, a.id, pillar), v.sum(c2, a.id, pillar), v.delta(c2, a.id, pillar)], ([s1, s2, d]) => s1! - (s2! - d!), x1);
      expectBlocked(`${pillar} via B`, [v.sum(c1, b.id, pillar), v.sum(c2, b.id, pillar), v.delta(c2, b.id, pillar)], ([s1, s2, d]) => s2! - s1! - d!, x2);
    }
    // No shown change cell pairs fewer than 5 people.
    for (const ch of v.changes.filter((c) => c.suppressed === null)) expect(ch.nPairs).toBeGreaterThanOrEqual(5);
  });

  it('(8) k lowered from 5 to 3 between org-check cycles: four leavers\' pillar scores published under k = 5 stay hidden', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const staff = await staffOf(db, org.id, team.id, 14);
    await cycle(staff);
    const c2 = await cycle(staff);
    await db.update(organizations).set({ minGroupSize: 3 }).where(eq(organizations.id, org.id));
    const c3 = await cycle(staff.slice(0, 10));
    const v = await insiderView(db, admin);
    for (const pillar of PILLAR_MEASURES) {
      const leavers = (await Promise.all(staff.slice(10).map((s) => pillarOf(db, s, c2, pillar)))).reduce((s, x) => s + x, 0);
      for (const g of [ORG_GROUP, team.id]) {
        expectBlocked(`${pillar} leavers ${g}`, [v.sum(c2, g, pillar), v.sum(c3, g, pillar), v.delta(c3, g, pillar)], ([s2, s3, d]) => s2! - (s3! - d!), leavers);
      }
    }
  });

  it('(9) the profile summary, recommendations and did-it-help quote only published pillar numbers', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const a = await makeTeam(db, org.id, 'Outreach');
    const b = await makeTeam(db, org.id, 'Shelter & housing');
    const staff = [...(await staffOf(db, org.id, a.id, 6)), ...(await staffOf(db, org.id, b.id, 7))];
    const idx = new Map(staff.map((s, i) => [s.userId, i]));
    // A weak Management & Supervision pillar that improves after the action.
    await cycle(staff, (p) => ({ org_ms: [1 + (idx.get(p.userId)! % 2), 2, 1 + (idx.get(p.userId)! % 3)] }));
    await createActionItem(db, admin, {
      title: 'Reflective supervision', recommendationId: 'dir-reflective-supervision', rationale: 'Management & Supervision is weak',
      priority: 1, tasks: [], lead: null, dueOn: null, status: 'in_progress', measure: 'sts', startedOn: at(20).toISOString().slice(0, 10),
    } as unknown as Parameters<typeof createActionItem>[2]);
    await cycle(staff, (p) => ({ org_ms: [3 + (idx.get(p.userId)! % 3), 4, idx.get(p.userId)! % 4 === 0 ? 5 : 3] }));
    const v = await insiderView(db, admin);
    const shown = v.cells.filter((c) => c.suppressed === null && c.mean !== null);
    expect(shown.length).toBeGreaterThan(0);
    const published = new Set<string>();
    for (const c of shown) for (const x of [c.mean!, c.n!, ...(c.ci95 ?? [])]) published.add(Math.abs(x).toFixed(1));
    // Published within-person pillar changes (n pairs, mean change, CI), as stored.
    for (const c of v.changes.filter((x) => x.suppressed === null)) {
      for (const x of [c.nPairs!, c.meanChange!, ...(c.ci95 ?? [])]) published.add(Math.abs(x).toFixed(1));
    }
    // A difference of two published means (rounded to 0.1) is published arithmetic, no finer.
    for (const p of shown) for (const q of shown) if (p.measure === q.measure && p.group === q.group) published.add(Math.abs(Math.round((p.mean! - q.mean!) * 10) / 10).toFixed(1));
    for (const x of [ORG_CHECK.responseScale.min, ORG_CHECK.responseScale.max, WEAK_PILLAR_MEAN, 95]) published.add(x.toFixed(1));

    const texts: string[] = [];
    texts.push(...(buildPillarProfile(v.cells)?.summary ?? []));
    const recs = await getDirectorRecommendations(db, admin, await getDrivers(db, admin));
    texts.push(...recs.map((r) => r.pillarReason));
    expect(texts.some((t) => /of 5 \(95% CI/.test(t))).toBe(true); // the texts do quote pillar numbers
    const actions = await listActionItems(db, org.id);
    const help = (await listDidItHelp(db, org.id, actions)).get(actions[0]!.id)!;
    expect(help.pillar?.summary).toBeTruthy();
    texts.push(help.pillar!.summary);
    expect(help.pillar!.summary).toMatch(/people who answered both/); // it quotes the within-person change too
    for (const text of texts) {
      // "q < .001" is a bound on a published q, not a number about anyone.
      for (const n of text.replace(/[pq] < \.\d+/g, '').match(/\d+(\.\d+)?/g) ?? []) {
        if (/^20\d\d$/.test(n)) continue; // a year
        expect(published.has(Number(n).toFixed(1)), `quotes ${n}, not a published number: ${text}`).toBe(true);
      }
    }
  });

  // Was a LEAK while this review ran (fixed in lib/server/pillars.ts getMyOrgCheck at 05:11): staff saw the agency's
  // pillar means (n, mean, CI) even with "staff see agency results" off, so a staff member in an agency cell of n = k
  // read the sum of the other k − 1 colleagues' pillar scores as n·mean − own (rule 6 counts only people who cannot
  // see results). Now the setting gates it, as getAgencyResultsForStaff does for the wellbeing measures.
  it('(10) staff see agency pillar means only when the agency shares agency results with staff', async () => {
    const db = ctx.db;
    const { org, cycle } = await agency(db, 5);
    const staff = await staffOf(db, org.id, null, 5);
    const c1 = await cycle(staff);
    const me = staff[0]!;
    expect(await getAgencyResultsForStaff(db, me)).toBeNull(); // the agency's setting is off
    const mine = (await getMyOrgCheck(db, me, c1))!;
    for (const p of mine.pillars) {
      const others = p.agency && p.mine !== null ? p.agency.n * p.agency.mean - p.mine : null;
      expect(p.agency, `${p.code}: the other ${p.agency ? p.agency.n - 1 : 0} colleagues' sum ≈ ${others?.toFixed(2)}`).toBeNull();
    }
    // Positive control: with the setting on, the same reader does show the means (so the assertion above can fail).
    await db.update(organizations).set({ staffSeeAgencyResults: true }).where(eq(organizations.id, org.id));
    expect((await getMyOrgCheck(db, me, c1))!.pillars.some((p) => p.agency !== null)).toBe(true);
  });
});
