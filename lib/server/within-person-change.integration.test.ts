import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { cycleAggregates, cycleChanges } from '@/db/schema';
import { describeEachDriver } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import type { CheckInPayload } from '@/lib/checkin/types';
import { BRIEF_VR, PROQOL5, SELF_CARE } from '@/lib/instruments';
import { aggregateCellSchema, changeCellSchema, ORG_GROUP, type ChangeCell } from '@/lib/privacy';
import { eraseMyData, submitCheckIn } from './checkins';
import { closeCycleEarly, openOneOffCycle } from './cycles';

/**
 * Within-person change as published by the close path (publishCycleChanges in
 * publication.ts): the chain is walked in publication order, erased people are accounted
 * for, and the attacks of the insider reviews find nothing in what is stored.
 */

const DAY_MS = 86_400_000;
const T0 = new Date('2026-02-02T09:00:00Z');
const at = (days: number) => new Date(T0.getTime() + days * DAY_MS);
const fill = (items: readonly { id: number }[], v: (id: number) => number) => Object.fromEntries(items.map((i) => [String(i.id), v(i.id)]));

/** Answers that differ by person and by cycle, so changes are never all equal. */
function answers(person: number, cycle: number): CheckInPayload {
  return {
    proqol: fill(PROQOL5.items, (id) => 1 + ((id * 7 + person * 3 + cycle * (1 + (person % 3))) % 5)),
    vr: fill(BRIEF_VR.items, (id) => (id + person + cycle) % 6),
    selfCare: fill(SELF_CARE.items, (id) => (id + person) % 5),
    profile: null,
  };
}

async function staffOf(db: Db, orgId: string, teamId: string, n: number): Promise<OrgMember[]> {
  const out: OrgMember[] = [];
  for (let i = 0; i < n; i++) {
    const { user } = await makeMember(db, orgId, 'staff', { teamId });
    out.push(await authorizeOrgRole(db, user.id, orgId, 'staff'));
  }
  return out;
}

async function setup(db: Db, k = 5) {
  const org = await makeOrg(db, { minGroupSize: k });
  const team = await makeTeam(db, org.id, 'Shelter & housing');
  const { user } = await makeMember(db, org.id, 'director');
  const director = await authorizeOrgRole(db, user.id, org.id, 'director');
  let day = 0;
  const ids = new Map<OrgMember, number>();
  /** One cycle in which `people` check in; closes it and runs the change wiring. */
  const cycle = async (people: OrgMember[]) => {
    const opens = day;
    day += 30;
    const id = await openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true }, at(opens));
    for (const p of people) {
      if (!ids.has(p)) ids.set(p, ids.size);
      await submitCheckIn(db, p, id, answers(ids.get(p)!, opens / 30), at(opens + 1));
    }
    await closeCycleEarly(db, director, id, at(opens + 2));
    return id;
  };
  return { org, team, director, cycle };
}

async function changesOf(db: Db, cycleId: string): Promise<ChangeCell[]> {
  return (await db.select({ cell: cycleChanges.cell }).from(cycleChanges).where(eq(cycleChanges.cycleId, cycleId))).map((r) =>
    changeCellSchema.parse(r.cell),
  );
}

async function meanOf(db: Db, cycleId: string, group: string) {
  const [row] = await db
    .select({ cell: cycleAggregates.cell })
    .from(cycleAggregates)
    .where(and(eq(cycleAggregates.cycleId, cycleId), eq(cycleAggregates.groupId, group), eq(cycleAggregates.measure, 'bo')));
  const cell = aggregateCellSchema.parse(row!.cell);
  return cell.suppressed === null && cell.n ? cell.mean : null;
}

describeEachDriver('within-person change published at close', (ctx) => {
  it('publishes changes among the people who answered both, and stores them once', async () => {
    const db = ctx.db;
    const { org, team, cycle } = await setup(db);
    const staff = await staffOf(db, org.id, team.id, 12);
    await cycle(staff);
    const second = await cycle(staff);
    const cells = await changesOf(db, second);
    const orgBo = cells.find((c) => c.group === ORG_GROUP && c.measure === 'bo')!;
    expect(orgBo).toMatchObject({ nPairs: 12, suppressed: null });
    expect(cells.some((c) => c.group === team.id && c.suppressed === null)).toBe(true);
  });

  it('an erasure between cycles: the change that would give the erased person\'s score is not published (review attack 1)', async () => {
    const db = ctx.db;
    const { org, team, cycle } = await setup(db);
    const staff = await staffOf(db, org.id, team.id, 6);
    await cycle(staff);
    await eraseMyData(db, staff[5]!);
    const second = await cycle(staff.slice(0, 5));
    for (const c of await changesOf(db, second)) if (c.measure === 'bo') expect(c.suppressed).not.toBeNull();
  });

  it('an empty close between cycles breaks the chain without switching changes off for good (third review)', async () => {
    const db = ctx.db;
    const { org, team, cycle } = await setup(db);
    const staff = await staffOf(db, org.id, team.id, 12);
    await cycle(staff);
    await cycle([]); // every change into it is hidden, and stored as hidden
    await cycle(staff);
    const last = await cycle(staff);
    const orgBo = (await changesOf(db, last)).find((c) => c.group === ORG_GROUP && c.measure === 'bo')!;
    expect(orgBo).toMatchObject({ nPairs: 12, suppressed: null });
  });

  it('a leak that needs four cycles is not published (review attack 2)', async () => {
    // G = 5, x = 1, N = 5, M = 5: cycles G+x, G+x+N, G+M, G. x's cycle-2 score would be
    // 6(mean₁ + Δ₁₂) − [5(mean₄ − Δ₃₄) − 5Δ₂₃]: at least one of those numbers must be hidden.
    const db = ctx.db;
    const { org, team, cycle } = await setup(db);
    const g = await staffOf(db, org.id, team.id, 5);
    const [x] = await staffOf(db, org.id, team.id, 1);
    const n = await staffOf(db, org.id, team.id, 5);
    const m = await staffOf(db, org.id, team.id, 5);
    const c1 = await cycle([...g, x!]);
    const c2 = await cycle([...g, x!, ...n]);
    const c3 = await cycle([...g, ...m]);
    const c4 = await cycle(g);
    for (const group of [ORG_GROUP, team.id]) {
      const change = async (id: string) => {
        const c = (await changesOf(db, id)).find((x) => x.group === group && x.measure === 'bo');
        return c && c.suppressed === null ? c.meanChange : null;
      };
      const needed = [await meanOf(db, c1, group), await change(c2), await change(c3), await change(c4), await meanOf(db, c4, group)];
      expect(needed.some((v) => v === null), `${group}: ${JSON.stringify(needed)}`).toBe(true);
    }
  });
});
