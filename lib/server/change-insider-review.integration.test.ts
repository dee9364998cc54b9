import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { cycles, memberships, organizations } from '@/db/schema';
import { describeEachDriver, expectAppError } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import type { CheckInPayload } from '@/lib/checkin/types';
import { BRIEF_VR, PROQOL5, SELF_CARE } from '@/lib/instruments';
import { ORG_GROUP, type ChangeCell, type Measure } from '@/lib/privacy';
import { studentTTwoSidedPValue } from '@/lib/stats/distributions';
import { createActionItem, listActionItems, listDidItHelp } from './actions-plan';
import { getAggregatesForApi } from './aggregates-api';
import { getMyHistory, submitCheckIn } from './checkins';
import { closeCycle, closeCycleEarly, openOneOffCycle } from './cycles';
import { getDashboard, getPublishedChanges, listClosedCycles, type CellDto } from './dashboard';
import { updateMember } from './members';
import { installPack } from './packs';
import { setTeamArchived } from './teams';

/**
 * Independent insider review of within-person change publication (issue 11, after
 * 9525662 and 986be37). Each test builds one attack through the real close path, reads
 * only what a director or admin can read (API cells, change cells, participation, did-it-
 * help), performs the subtraction, and asserts it yields nothing about fewer than k
 * non-viewers.
 */

const DAY_MS = 86_400_000;
const T0 = new Date('2026-03-02T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const fill = (items: readonly { id: number }[], v: (id: number) => number) => Object.fromEntries(items.map((i) => [String(i.id), v(i.id)]));
const CS_ITEMS = new Set([3, 6, 12, 16, 18, 20, 22, 24, 27, 30]);

/** Answers that differ by person and by cycle; `cs` fixes the compassion-satisfaction sum. */
function answers(person: number, cycle: number, opts: { cs?: number; packItems?: readonly { id: number }[] } = {}): CheckInPayload {
  let csLeft = opts.cs ?? 0;
  let csItems = 10;
  return {
    proqol: fill(PROQOL5.items, (id) => {
      if (opts.cs !== undefined && CS_ITEMS.has(id)) {
        const v = Math.ceil(csLeft / csItems);
        csLeft -= v;
        csItems -= 1;
        return v;
      }
      return 1 + ((id * 7 + person * 3 + cycle * (1 + (person % 3))) % 5);
    }),
    vr: opts.packItems
      ? fill(opts.packItems, (id) => 1 + ((id + person * 2 + cycle) % 5))
      : fill(BRIEF_VR.items, (id) => (id + person + cycle) % 6),
    selfCare: fill(SELF_CARE.items, (id) => (id + person) % 5),
    profile: null,
  };
}

async function member(db: Db, orgId: string, role: 'admin' | 'director' | 'staff', teamId: string | null = null): Promise<OrgMember> {
  const { user } = await makeMember(db, orgId, role, { teamId });
  return authorizeOrgRole(db, user.id, orgId, role);
}
async function staffOf(db: Db, orgId: string, teamId: string, n: number): Promise<OrgMember[]> {
  const out: OrgMember[] = [];
  for (let i = 0; i < n; i++) out.push(await member(db, orgId, 'staff', teamId));
  return out;
}
async function membershipId(db: Db, orgId: string, userId: string): Promise<string> {
  const [row] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row!.id;
}

/** An agency with an admin (the insider) and a helper that runs one cycle per call. */
async function agency(db: Db, k: number) {
  const org = await makeOrg(db, { minGroupSize: k });
  const admin = await member(db, org.id, 'admin');
  const ids = new Map<string, number>();
  let day = 0;
  const cycle = async (
    people: OrgMember[],
    opts: { vr?: string; packItems?: readonly { id: number }[]; cs?: (p: OrgMember) => number | undefined } = {},
  ) => {
    const opens = day;
    day += 30;
    const id = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: opts.vr ?? 'brief-vr', includeSelfCare: true }, at(opens));
    for (const p of people) {
      if (!ids.has(p.userId)) ids.set(p.userId, ids.size);
      const who = await authorizeOrgRole(db, p.userId, org.id, 'staff').catch(() => p);
      await submitCheckIn(db, who, id, answers(ids.get(p.userId)!, opens / 30, { cs: opts.cs?.(p), packItems: opts.packItems }), at(opens + 1));
    }
    await closeCycleEarly(db, admin, id, at(opens + 2));
    return id;
  };
  return { org, admin, cycle };
}

/** An agency with teams A (Outreach) and B (Shelter & housing) and their staff. */
async function twoTeams(db: Db, k: number, sizeA: number, sizeB: number) {
  const base = await agency(db, k);
  const a = await makeTeam(db, base.org.id, 'Outreach');
  const b = await makeTeam(db, base.org.id, 'Shelter & housing');
  return { ...base, a, b, aStaff: await staffOf(db, base.org.id, a.id, sizeA), bStaff: await staffOf(db, base.org.id, b.id, sizeB) };
}

/**
 * The team move: A = five people and x, B = five people; x moves to B between the two
 * cycles. `cs` optionally fixes each person's compassion satisfaction (index, cycle 1 or 2).
 */
async function teamMove(db: Db, cs?: (index: number, cycle: 1 | 2) => number) {
  const t = await twoTeams(db, 5, 5, 5);
  const [x] = await staffOf(db, t.org.id, t.a.id, 1);
  const everyone = [...t.aStaff, ...t.bStaff, x!];
  const idx = new Map(everyone.map((p, i) => [p.userId, i]));
  const c1 = await t.cycle(everyone, cs ? { cs: (p) => cs(idx.get(p.userId)!, 1) } : {});
  await updateMember(db, t.admin, { membershipId: await membershipId(db, t.org.id, x!.userId), role: 'staff', teamId: t.b.id });
  const c2 = await t.cycle(everyone, cs ? { cs: (p) => cs(idx.get(p.userId)!, 2) } : {});
  return { ...t, x: x!, c1, c2, v: await insiderView(db, t.admin) };
}

/** Everything the insider can read: every closed cycle's cells and every published change. */
async function insiderView(db: Db, viewer: OrgMember) {
  const cells: CellDto[] = [
    ...(await getAggregatesForApi(db, viewer, { cycle: 'all', by: 'org', format: 'json' })).cells,
    ...(await getAggregatesForApi(db, viewer, { cycle: 'all', by: 'team', format: 'json' })).cells,
  ];
  const closed = await listClosedCycles(db, viewer.orgId);
  const changes: ChangeCell[] = (await getPublishedChanges(db, viewer.orgId, closed.map((c) => c.id))).map((c) => c.cell);
  /** Σ scores of a shown cell (n × mean; exact to ±0.05n), or null if hidden. */
  const sum = (cycleId: string, group: string, measure: Measure = 'bo') => {
    const c = cells.find((x) => x.cycle === cycleId && x.group === group && x.measure === measure);
    return c && c.suppressed === null && c.n && c.mean !== null ? c.n * c.mean : null;
  };
  /** Σ changes of a shown change cell, or null if hidden or absent. */
  const delta = (cycleId: string, group: string, measure: Measure = 'bo') => {
    const c = changes.find((x) => x.cycle === cycleId && x.group === group && x.measure === measure);
    return c && c.suppressed === null ? c.nPairs * c.meanChange : null;
  };
  const change = (cycleId: string, group: string, measure: Measure = 'bo') =>
    changes.find((x) => x.cycle === cycleId && x.group === group && x.measure === measure);
  return { cells, changes, sum, delta, change };
}

/** The derivation is blocked when at least one number it needs is hidden. */
function expectBlocked(label: string, needed: (number | null)[], derive: (v: number[]) => number, actual: number) {
  const blocked = needed.some((v) => v === null);
  const derived = blocked ? null : derive(needed as number[]);
  expect(blocked, `${label}: derived ${derived?.toFixed(2)} vs the hidden value ${actual} from ${JSON.stringify(needed)}`).toBe(true);
}

async function scoreOf(db: Db, who: OrgMember, cycleId: string, measure: Measure = 'bo'): Promise<number> {
  const me = await authorizeOrgRole(db, who.userId, who.orgId, 'staff').catch(() => who);
  return (await getMyHistory(db, me)).find((h) => h.cycleId === cycleId)![measure]!;
}

const examplePack = () => fs.readFileSync(path.resolve(import.meta.dirname, '../instruments/examples/example-pack.json'), 'utf8');

describeEachDriver('within-person change: independent insider review', (ctx) => {
  it('(1) a team move: x moves from A to B; A\'s and B\'s cells and changes do not give x\'s earlier score', async () => {
    const db = ctx.db;
    const { a, b, x, c1, c2, v } = await teamMove(db);
    const x1 = await scoreOf(db, x, c1);
    // Sanity: the agency's change is published (the attack has something to work with).
    expect(v.delta(c2, ORG_GROUP)).not.toBeNull();
    // Through A: x₁ = S_A1 − (S_A2 − Δ_A). Through B: x₁ = (S_B2 − S_B1) − Δ_B.
    expectBlocked('via A', [v.sum(c1, a.id), v.sum(c2, a.id), v.delta(c2, a.id)], ([s1, s2, d]) => s1! - (s2! - d!), x1);
    expectBlocked('via B', [v.sum(c1, b.id), v.sum(c2, b.id), v.delta(c2, b.id)], ([s1, s2, d]) => s2! - s1! - d!, x1);
  });

  it('(2) k lowered from 5 to 3 after two closes: four leavers\' earlier scores (published under k = 5) stay hidden', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const staff = await staffOf(db, org.id, team.id, 14);
    await cycle(staff);
    const c2 = await cycle(staff);
    await db.update(organizations).set({ minGroupSize: 3 }).where(eq(organizations.id, org.id));
    const c3 = await cycle(staff.slice(0, 10));
    const v = await insiderView(db, admin);
    const leavers = (await Promise.all(staff.slice(10).map((s) => scoreOf(db, s, c2)))).reduce((s, x) => s + x, 0);
    for (const g of [ORG_GROUP, team.id]) {
      // Σ leavers₂ = S₂ − (S₃ − Δ₂₃): 4 people, fewer than the k = 5 their cycle was published under.
      expectBlocked(`leavers ${g}`, [v.sum(c2, g), v.sum(c3, g), v.delta(c3, g)], ([s2, s3, d]) => s2! - (s3! - d!), leavers);
    }
    // And k = 3 does not silently cover it: nothing stored for c3 pairs fewer than 5 people.
    for (const c of v.changes.filter((x) => x.cycle === c3 && x.suppressed === null)) expect(c.nPairs).toBeGreaterThanOrEqual(5);
  });

  it('(3) VR instrument switch: no VR change across the switch, and a leaver\'s VR score under the new instrument stays hidden', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const g = await staffOf(db, org.id, team.id, 6);
    const [x] = await staffOf(db, org.id, team.id, 1);
    const pack = await installPack(db, admin, examplePack());
    const packItems = [1, 2, 3, 4, 5, 6].map((id) => ({ id }));
    await cycle([...g, x!]);
    const c2 = await cycle([...g, x!], { vr: pack.id, packItems });
    const c3 = await cycle(g, { vr: pack.id, packItems });
    const v = await insiderView(db, admin);
    expect(v.changes.filter((c) => c.cycle === c2 && c.measure === 'vr' && c.suppressed === null)).toEqual([]);
    expect(v.delta(c2, ORG_GROUP, 'bo')).not.toBeNull(); // the chain goes on through the ProQOL changes
    const x2 = await scoreOf(db, x!, c2, 'vr');
    for (const grp of [ORG_GROUP, team.id]) {
      expectBlocked(`vr ${grp}`, [v.sum(c2, grp, 'vr'), v.sum(c3, grp, 'vr'), v.delta(c3, grp, 'vr')], ([s2, s3, d]) => s2! - (s3! - d!), x2);
    }
  });

  it('(4) the insider\'s account promoted then demoted mid-chain never counts, and its pair is never a change', async () => {
    const db = ctx.db;
    const { org, admin, cycle, a, b, aStaff, bStaff } = await twoTeams(db, 5, 4, 5);
    const [alt] = await staffOf(db, org.id, a.id, 1); // the admin's second account, staff in A
    const all = [...aStaff, ...bStaff, alt!];
    await cycle(all);
    const id = await membershipId(db, org.id, alt!.userId);
    await updateMember(db, admin, { membershipId: id, role: 'director', teamId: null });
    const c2 = await cycle(all); // alt checks in as a director this time
    await updateMember(db, admin, { membershipId: id, role: 'staff', teamId: a.id });
    const c3 = await cycle(all); // and as staff in A again
    const v = await insiderView(db, admin);
    for (const c of [c2, c3]) {
      const orgChange = v.change(c, ORG_GROUP);
      if (orgChange?.suppressed === null) expect(orgChange.nPairs).toBe(9); // 4 + 5 strangers, never alt
      // A's four strangers: Δ_org − Δ_B is their summed change (residual 4 < 5): blocked.
      expectBlocked(`A's change at ${c}`, [v.delta(c, ORG_GROUP), v.delta(c, b.id)], ([o, bb]) => o! - bb!, Number.NaN);
      expect(v.delta(c, a.id)).toBeNull();
    }
    const shownOrg = v.cells.filter((c) => c.cycle === c3 && c.group === ORG_GROUP && c.suppressed === null);
    expect(shownOrg.length).toBeGreaterThan(0);
    for (const cell of shownOrg) expect(cell.n).toBe(9); // the demoted account is still a viewer (ever_viewer)
  });

  it('(5) an archived team: its members move to B, one leaves; neither agency nor B numbers give the leaver\'s score', async () => {
    const db = ctx.db;
    const { org, admin, cycle, a, b, aStaff, bStaff } = await twoTeams(db, 5, 6, 6);
    const c1 = await cycle([...aStaff, ...bStaff]);
    for (const s of aStaff) await updateMember(db, admin, { membershipId: await membershipId(db, org.id, s.userId), role: 'staff', teamId: b.id });
    await setTeamArchived(db, admin, a.id, true);
    const y = aStaff[5]!;
    const c2 = await cycle([...aStaff.slice(0, 5), ...bStaff]);
    const v = await insiderView(db, admin);
    const y1 = await scoreOf(db, y, c1);
    expect(v.cells.some((c) => c.cycle === c2 && c.group === a.id)).toBe(false); // archived and empty: no cell
    // y₁ = S_org1 − (S_org2 − Δ_org); y₁ = S_A1 − (S_B2 − Δ_B − S_B1).
    expectBlocked('agency', [v.sum(c1, ORG_GROUP), v.sum(c2, ORG_GROUP), v.delta(c2, ORG_GROUP)], ([s1, s2, d]) => s1! - (s2! - d!), y1);
    expectBlocked(
      'archived A via B',
      [v.sum(c1, a.id), v.sum(c1, b.id), v.sum(c2, b.id), v.delta(c2, b.id)],
      ([sa1, sb1, sb2, d]) => sa1! - (sb2! - d! - sb1!),
      y1,
    );
  });

  it('(6) participation counts single out one newcomer (0 leavers, 1 joiner); the change does not give the newcomer\'s score', async () => {
    const db = ctx.db;
    const { org, admin, cycle, a, aStaff, bStaff } = await twoTeams(db, 5, 6, 6);
    const c1 = await cycle([...aStaff, ...bStaff]);
    const [z] = await staffOf(db, org.id, a.id, 1);
    const c2 = await cycle([...aStaff, ...bStaff, z!]);
    const v = await insiderView(db, admin);
    const dash = await getDashboard(db, admin);
    const partA = dash.latest!.participation.find((p) => p.group === a.id);
    const z2 = await scoreOf(db, z!, c2);
    // The counts say A had 6 → 7 participants; with nPairs = 6 the insider knows z is the only newcomer.
    if (partA?.participated !== null && partA?.participated !== undefined) expect(partA.participated).toBe(7);
    for (const g of [ORG_GROUP, a.id]) {
      expectBlocked(`newcomer ${g}`, [v.sum(c1, g), v.sum(c2, g), v.delta(c2, g)], ([s1, s2, d]) => s2! - s1! - d!, z2);
    }
  });

  // Was a LEAK (rule 8), fixed: change cells now need CHANGE_MIN_PAIRS (5) pairs whatever k is.
  // At k = 3 a change cell over exactly 3 pairs, with the two cycles' cells of
  // the same 3 people, pins the exact set of (before, after) scores, which neither cell pins
  // alone. Cells: mean 30.0 SD 6 (7 candidate score sets) and mean 29.7 SD 9 (12 sets);
  // change: mean −0.3, SD 2 (3 pairs) → only {(23,20), (32,33), (35,36)} fits. The auditor is
  // linear over exact sums and does not see rounded second moments with integer scores.
  // Enumerated over random ProQOL-like triples: about 0.4% of 3-pair groups become pinned by
  // the change (cells alone pin about 2%, the documented residue of whole-point SDs).
  it('(7) rule 8: a 3-pair change with both 3-person cells does not pin the exact scores (k = 3)', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 3);
    const team = await makeTeam(db, org.id, 'Outreach');
    const staff = await staffOf(db, org.id, team.id, 3);
    const before = new Map(staff.map((s, i) => [s.userId, [23, 32, 35][i]!]));
    const after = new Map(staff.map((s, i) => [s.userId, [20, 33, 36][i]!]));
    const c1 = await cycle(staff, { cs: (p) => before.get(p.userId) });
    const c2 = await cycle(staff, { cs: (p) => after.get(p.userId) });
    const v = await insiderView(db, admin);
    const cell = (c: string) => v.cells.find((x) => x.cycle === c && x.group === ORG_GROUP && x.measure === 'cs')!;
    const change = v.change(c2, ORG_GROUP, 'cs');
    if (!change || change.suppressed !== null || cell(c1).suppressed !== null || cell(c2).suppressed !== null) return; // defended
    const candidates = pairSets(cell(c1), cell(c2), change);
    expect(candidates.size, `pinned: ${[...candidates].join(' | ')}`).toBeGreaterThan(1);
  });

  it('(8) DTOs: change p-values follow from the rounded numbers; hidden groups carry no numbers; did-it-help quotes only published numbers', async () => {
    const db = ctx.db;
    const { org, admin, cycle, a, aStaff: small, bStaff: big } = await twoTeams(db, 5, 3, 12);
    await cycle([...small, ...big]);
    await createActionItem(db, admin, {
      title: 'Peer debriefing', recommendationId: null, rationale: 'Burnout is high', priority: 1, tasks: [], lead: null, dueOn: null,
      status: 'in_progress', measure: 'bo', startedOn: at(20).toISOString().slice(0, 10),
    } as Parameters<typeof createActionItem>[2]);
    await cycle([...small, ...big]);
    const dash = await getDashboard(db, admin);
    const shown = dash.latest!.changes.map((c) => c.cell).filter((c) => c.suppressed === null);
    expect(shown.length).toBeGreaterThan(0);
    for (const c of dash.latest!.changes.map((x) => x.cell)) {
      if (c.group === a.id) expect(c).toMatchObject({ suppressed: expect.any(String), nPairs: null, meanChange: null, pValue: null });
      if (c.suppressed !== null || c.pValue === null) continue;
      const p = studentTTwoSidedPValue(c.meanChange / (c.sdChange / Math.sqrt(c.nPairs)), c.nPairs - 1);
      expect(c.pValue).toBe(p);
    }
    const actions = await listActionItems(db, org.id);
    const help = (await listDidItHelp(db, org.id, actions)).get(actions[0]!.id)!;
    const published = new Set(
      [
        ...shown.flatMap((c) => [c.meanChange, Math.abs(c.meanChange), c.ci95[0], c.ci95[1], c.nPairs]),
        ...dash.latest!.cells.flatMap((c) => [c.mean, c.n, ...(c.ci95 ?? [])]),
      ]
        .filter((x): x is number => x !== null)
        .map((x) => Math.abs(x).toFixed(1)),
    );
    for (const n of help.summary.match(/\d+(\.\d+)?/g) ?? []) {
      if (/^20\d\d$/.test(n) || n === "95") continue; // a year, "95% CI"
      expect(published.has(Number(n).toFixed(1)), `did-it-help quotes ${n}: ${help.summary}`).toBe(true);
    }
    for (const s of [...help.steps, ...help.others.flatMap((o) => o.steps)]) expect(s.cell.group).toBe(ORG_GROUP);
  });

  // Was a LEAK, fixed: planChangePublication now recomputes q over the shown cells (withFamilyQ).
  // planChangePublication (lib/privacy/publication.ts) suppressed cells after
  // buildChangeCells has computed every q-value, so a shown change's q is the BY adjustment
  // over a family that still holds the p-values of the changes the auditor hid. BY gives
  // q₍ᵢ₎ = min over j ≥ i of c(m)·m/j · p₍ⱼ₎: where the minimum falls at a hidden rank, the
  // shown q carries that hidden p to full float precision, and p is a function of the hidden
  // change's rounded mean, SD and n, so they can be enumerated. Here (the team move of (1),
  // with compassion satisfaction rising): the agency's CS change is shown, B's is hidden by
  // the auditor, p(agency) = 0.0016 and p(B) = 0.0026 < 2·p(agency), so q(agency) =
  // c(m)·m/2·p(B). Enumerating (n, mean, SD) of B's change against q gives B's mean change,
  // and x's earlier score = S_B2 − S_B1 − n·mean (the very derivation the auditor hid B for).
  it('(8b) a hidden change\'s p-value does not reach a shown q-value (q over the shown family only)', async () => {
    const db = ctx.db;
    // CS changes: A's five [2, −1, 4, 1, 2]; B's five and x (moving to B) [8, 2, 7, 3, 6, 5].
    const rise = [2, -1, 4, 1, 2, 8, 2, 7, 3, 6, 5];
    const before = (i: number) => 25 + (i % 5);
    const { b, c1, c2, v } = await teamMove(db, (i, c) => before(i) + (c === 2 ? rise[i]! : 0));
    expect(v.delta(c2, b.id, 'cs')).toBeNull(); // B's change is hidden (it would give x's score)
    const shownQ = v.changes.flatMap((c) => (c.cycle === c2 && c.suppressed === null && c.qValue !== null && c.qValue < 1 ? [c.qValue] : []));
    // Every p a shown q could carry: q·j / (c(m)·m) for a family of m ≤ 12 cells.
    const implied: number[] = [];
    for (let m = 1; m <= 12; m++) {
      let c = 0;
      for (let i = 1; i <= m; i++) c += 1 / i;
      for (const q of shownQ) for (let j = 1; j <= m; j++) implied.push((q * j) / (c * m));
    }
    const found: number[] = [];
    for (const n of [5, 6, 7]) {
      for (let m10 = 1; m10 <= 200; m10++) {
        for (let s10 = 1; s10 <= 200; s10++) {
          const p = studentTTwoSidedPValue(m10 / 10 / (s10 / 10 / Math.sqrt(n)), n - 1);
          if (implied.some((z) => Math.abs(z - p) <= 1e-12 * p)) found.push(n * (m10 / 10));
        }
      }
    }
    const sB1 = v.sum(c1, b.id, 'cs')!;
    const sB2 = v.sum(c2, b.id, 'cs')!;
    const derived = [...new Set(found.map((sumChange) => Math.round(sB2 - sB1 - sumChange)))].filter((score) => score >= 10 && score <= 50);
    expect(derived, `x's earlier score ${before(10)} from a hidden change's p-value`).not.toContain(before(10));
  });

  it('(9) two closes of one cycle at once (a director and the scheduler) publish once; publication numbers run 1..n', async () => {
    const db = ctx.db;
    const { org, admin, cycle } = await agency(db, 5);
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const staff = await staffOf(db, org.id, team.id, 8);
    await cycle(staff);
    const id = await openOneOffCycle(db, admin, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(100));
    for (const [i, s] of staff.entries()) await submitCheckIn(db, s, id, answers(i, 9), at(101));
    const results = await Promise.all([
      closeCycle(db, org.id, id, { now: at(102), actorUserId: admin.userId }),
      closeCycle(db, org.id, id, { now: at(102) }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const rows = await db
      .select({ seq: cycles.publicationSeq })
      .from(cycles)
      .where(and(eq(cycles.orgId, org.id), isNotNull(cycles.publishedAt)))
      .orderBy(asc(cycles.publicationSeq));
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    const stored = (await getPublishedChanges(db, org.id, [id])).filter((c) => c.group === ORG_GROUP && c.measure === 'bo');
    expect(stored).toHaveLength(1);
  });

  it('(10) one open cycle per agency; a backdated one-off cycle links to the previous publication, and a single leaver stays hidden', async () => {
    const db = ctx.db;
    const { org, admin } = await agency(db, 5);
    const team = await makeTeam(db, org.id, 'Shelter & housing');
    const g = await staffOf(db, org.id, team.id, 6);
    const [x] = await staffOf(db, org.id, team.id, 1);
    const input = { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true };
    const c1 = await openOneOffCycle(db, admin, input, at(60));
    await expectAppError(openOneOffCycle(db, admin, input, at(61)), 'CONFLICT');
    for (const [i, s] of [...g, x!].entries()) await submitCheckIn(db, s, c1, answers(i, 1), at(61));
    await closeCycleEarly(db, admin, c1, at(62));
    // Backdated: opens before c1 did, windows overlap; x does not answer it.
    const c2 = await openOneOffCycle(db, admin, input, at(50));
    for (const [i, s] of g.entries()) await submitCheckIn(db, s, c2, answers(i, 2), at(63));
    await closeCycleEarly(db, admin, c2, at(64));
    const v = await insiderView(db, admin);
    expect(v.changes.filter((c) => c.cycle === c2).every((c) => c.previousCycle === c1)).toBe(true);
    const x1 = await scoreOf(db, x!, c1);
    for (const grp of [ORG_GROUP, team.id]) {
      expectBlocked(`backdated ${grp}`, [v.sum(c1, grp), v.sum(c2, grp), v.delta(c2, grp)], ([s1, s2, d]) => s1! - (s2! - d!), x1);
    }
  });
});

/**
 * Every set of three (before, after) whole-number score pairs in 10–50 that reproduces
 * the published rounded numbers: both cycles' means (one decimal) and whole-point SDs
 * (n < 5), and the change's mean and whole-point SD. More than one means nothing is pinned.
 */
function pairSets(c1: CellDto, c2: CellDto, change: Extract<ChangeCell, { suppressed: null }>): Set<string> {
  const r1 = (x: number) => Math.round(x * 10) / 10 || 0;
  const sd = (a: number[]) => {
    const m = a.reduce((s, x) => s + x, 0) / a.length;
    return Math.sqrt(a.reduce((s, x) => s + (x - m) ** 2, 0) / (a.length - 1));
  };
  const fits = (a: number[], mean: number, s: number) => r1(a.reduce((t, x) => t + x, 0) / a.length) === mean && Math.round(sd(a)) === s;
  const triples = (mean: number, s: number) => {
    const out: number[][] = [];
    for (let p = 10; p <= 50; p++) for (let q = p; q <= 50; q++) for (let r = q; r <= 50; r++) if (fits([p, q, r], mean, s)) out.push([p, q, r]);
    return out;
  };
  const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  const out = new Set<string>();
  for (const x of triples(c1.mean!, c1.sd!)) {
    for (const y of triples(c2.mean!, c2.sd!)) {
      for (const o of orders) {
        const d = [0, 1, 2].map((i) => y[o[i]!]! - x[i]!);
        if (sd(d) > 0 && fits(d, change.meanChange, change.sdChange)) {
          out.add(JSON.stringify([0, 1, 2].map((i) => [x[i], y[o[i]!]]).sort()));
        }
      }
    }
  }
  return out;
}
