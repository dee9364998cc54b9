import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { makeMember, makeOrg, makeTeam } from '@/db/factories';
import { auditLog, cycleAggregates, cycles, memberships, organizations, participations, profiles, responses } from '@/db/schema';
import { describeEachDriver, expectAppError, rowsOf } from '@/db/testing';
import { authorizeOrgRole, type OrgMember } from '@/lib/auth/authorize';
import type { CheckInPayload } from '@/lib/checkin/types';
import { AppError } from '@/lib/errors';
import { BRIEF_VR, PROQOL5, SELF_CARE, SELF_CARE_PRACTICES, type InstrumentDefinition, type ProfileAnswers } from '@/lib/instruments';
import { getMeasure, getMeasures } from '@/lib/measures';
import { scoreInstrument, scoreProqol } from '@/lib/scoring';
import {
  ALREADY_CHECKED_IN,
  CYCLE_CLOSED,
  eraseMyData,
  getCheckInState,
  getMyHistory,
  getMyMeasures,
  getMyResults,
  submitCheckIn,
} from './checkins';
import { closeCycleEarly, openOneOffCycle } from './cycles';
import { installPack } from './packs';
import { respondentKeyFor } from './respondent-key';

/* ───────────────────────── helpers ───────────────────────── */

const DAY_MS = 86_400_000;
/** Cycle 1 opens here; every test passes its own fixed `now`. */
const T0 = new Date('2026-03-02T09:00:00Z');
const after = (base: Date, days: number, hours = 0) => new Date(base.getTime() + days * DAY_MS + hours * 3_600_000);



async function memberOf(db: Db, orgId: string, role: 'admin' | 'director' | 'staff', teamId: string | null = null): Promise<OrgMember> {
  const { user } = await makeMember(db, orgId, role, { teamId });
  return authorizeOrgRole(db, user.id, orgId, role);
}

/** An agency with k = 3 (the smallest allowed), one team, a director who runs cycles, and `staffCount` staff on the team. */
async function makeAgency(db: Db, staffCount = 1) {
  const org = await makeOrg(db, { minGroupSize: 3 });
  const team = await makeTeam(db, org.id);
  const director = await memberOf(db, org.id, 'director');
  const staff: OrgMember[] = [];
  for (let i = 0; i < staffCount; i++) staff.push(await memberOf(db, org.id, 'staff', team.id));
  return { org, team, director, staff };
}

function openCycle(
  db: Db,
  director: OrgMember,
  now = T0,
  options: Partial<{ durationDays: number; vrInstrument: string; includeSelfCare: boolean }> = {},
): Promise<string> {
  return openOneOffCycle(db, director, { durationDays: 14, vrInstrument: 'brief-vr', includeSelfCare: true, ...options }, now);
}

type Pattern = (itemId: number) => number | null;
const fill = (def: InstrumentDefinition, value: Pattern) =>
  Object.fromEntries(def.items.map((i) => [String(i.id), value(i.id)])) as Record<string, number | null>;

/** Default answers: every item answered, values spread over each scale. */
const PROQOL_PATTERN: Pattern = (id) => ((id * 7) % 5) + 1; // 1–5
const VR_PATTERN: Pattern = (id) => id % 6; // 0–5
const SELF_CARE_PATTERN: Pattern = (id) => id % 5; // 0–4

function makePayload(
  options: { proqol?: Pattern; vr?: Pattern; selfCare?: Pattern | null; profile?: ProfileAnswers | null } = {},
): CheckInPayload {
  return {
    proqol: fill(PROQOL5, options.proqol ?? PROQOL_PATTERN),
    vr: fill(BRIEF_VR, options.vr ?? VR_PATTERN),
    selfCare: options.selfCare === null ? null : fill(SELF_CARE, options.selfCare ?? SELF_CARE_PATTERN),
    profile: options.profile ?? null,
  };
}

/** ProQOL 5 manual (Stamm, 2010): each subscale's items, and the burnout items that are reversed (6 − value). */
const MANUAL_ITEMS = {
  cs: [3, 6, 12, 16, 18, 20, 22, 24, 27, 30],
  bo: [1, 4, 8, 10, 15, 17, 19, 21, 26, 29],
  sts: [2, 5, 7, 9, 11, 13, 14, 23, 25, 28],
} as const;
const BO_REVERSED = new Set([1, 4, 15, 17, 29]);
const manualSum = (value: Pattern, items: readonly number[], reversed = new Set<number>()) =>
  items.reduce((s, id) => s + (reversed.has(id) ? 6 - value(id)! : value(id)!), 0);
const proqolLevel = (v: number) => (v <= 22 ? 'low' : v >= 42 ? 'high' : 'moderate');

async function countRows(db: Db) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(responses);
  const [p] = await db.select({ n: sql<number>`count(*)::int` }).from(participations);
  const [f] = await db.select({ n: sql<number>`count(*)::int` }).from(profiles);
  return { responses: Number(r!.n), participations: Number(p!.n), profiles: Number(f!.n) };
}

/** Published rows as text, so "unchanged" means byte-for-byte. */
async function publishedSnapshot(db: Db) {
  const aggregates = rowsOf(
    await db.execute(
      sql`select id::text as id, cycle_id::text as cycle_id, group_id, measure, cell::text as cell, published_at::text as published_at
          from cycle_aggregates order by id`,
    ),
  );
  const participation = rowsOf(
    await db.execute(
      sql`select cycle_id::text as cycle_id, group_id, invited, participated from cycle_participation order by cycle_id, group_id`,
    ),
  );
  const cycleRows = rowsOf(
    await db.execute(sql`select id::text as id, status::text as status, published_at::text as published_at, published_k from cycles order by id`),
  );
  return { aggregates, participation, cycles: cycleRows };
}

const SUBMIT_AT = after(T0, 2, 6); // 2026-03-04T15:00Z

/* ───────────────────────── tests ───────────────────────── */

describeEachDriver('check-ins', (ctx) => {
  it('submit stores one response scored as the ProQOL manual and the scoring core say, under the respondent key, dated by day only', async () => {
    const { org, team, director, staff } = await makeAgency(ctx.db);
    const [sam] = staff as [OrgMember];
    const cycleId = await openCycle(ctx.db, director);

    await submitCheckIn(ctx.db, sam, cycleId, makePayload(), SUBMIT_AT);

    const rows = await ctx.db.select().from(responses);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;

    // Worked by hand from the manual's item lists: CS 31, BO 26, STS 29 (all moderate).
    const hand = {
      cs: manualSum(PROQOL_PATTERN, MANUAL_ITEMS.cs),
      bo: manualSum(PROQOL_PATTERN, MANUAL_ITEMS.bo, BO_REVERSED),
      sts: manualSum(PROQOL_PATTERN, MANUAL_ITEMS.sts),
    };
    expect(hand).toEqual({ cs: 31, bo: 26, sts: 29 });
    // The scoring core, called independently on the same answers, agrees.
    const proqolMap = new Map(PROQOL5.items.map((i) => [i.id, PROQOL_PATTERN(i.id)]));
    const core = scoreProqol(proqolMap);
    expect(core.compassionSatisfaction.score).toBe(hand.cs);
    expect(core.burnout.score).toBe(hand.bo);
    expect(core.secondaryTraumaticStress.score).toBe(hand.sts);
    const vrCore = scoreInstrument(BRIEF_VR, new Map(BRIEF_VR.items.map((i) => [i.id, VR_PATTERN(i.id)]))).subscales.vicariousResilience!;
    const scCore = scoreInstrument(SELF_CARE, new Map(SELF_CARE.items.map((i) => [i.id, SELF_CARE_PATTERN(i.id)]))).subscales.selfCare!;
    // Brief VR: 1+2+3+4+5+0+1 = 16 (moderate, 12–23). Self-care: mean of 23/12, two decimals = 1.92.
    expect(vrCore.score).toBe(16);
    expect(scCore.score).toBe(1.92);

    expect(row.scores.cs).toEqual({ value: 31, level: proqolLevel(31), prorated: false, answered: 10, missing: 0, reason: null });
    expect(row.scores.bo).toEqual({ value: 26, level: proqolLevel(26), prorated: false, answered: 10, missing: 0, reason: null });
    expect(row.scores.sts).toEqual({ value: 29, level: proqolLevel(29), prorated: false, answered: 10, missing: 0, reason: null });
    expect(row.scores.vr).toEqual({ value: 16, level: 'moderate', prorated: false, answered: 7, missing: 0, reason: null });
    expect(row.scores.selfCareComposite).toBe(1.92);
    expect(row.scores.practices).toEqual(Object.fromEntries(SELF_CARE_PRACTICES.map((p) => [p.key, SELF_CARE_PATTERN(p.id)])));
    // The denormalized columns match the stored scores.
    expect([row.cs, row.bo, row.sts, row.vr]).toEqual([31, 26, 29, 16]);
    expect(row.selfCareComposite).toBeCloseTo(1.92, 5);
    // Answers are stored complete, keyed by item id.
    expect(row.answers.proqol).toEqual(fill(PROQOL5, PROQOL_PATTERN));
    expect(row.answers.vr).toEqual(fill(BRIEF_VR, VR_PATTERN));
    expect(row.answers.selfCare).toEqual(fill(SELF_CARE, SELF_CARE_PATTERN));

    // Confidential by construction: found by HMAC(user, org), never by the user id.
    expect(row.respondentKey).toBe(respondentKeyFor(sam.userId, org.id));
    expect(row.respondentKey).not.toBe(sam.userId);
    expect(row.respondentKey).not.toContain(sam.userId);
    expect(row.respondentKey).not.toBe(respondentKeyFor(sam.userId, (await makeOrg(ctx.db)).id));
    expect(Object.keys(row)).not.toContain('userId');
    expect(JSON.stringify(row)).not.toContain(sam.userId);
    expect(row).toMatchObject({ orgId: org.id, cycleId, teamId: team.id, vrInstrument: 'brief-vr' });
    // The day only, so submission times cannot be matched to people.
    expect(row.submittedOn).toBe('2026-03-04');

    // The participation (who, not what) is recorded separately, also by day.
    const parts = await ctx.db.select().from(participations);
    expect(parts).toEqual([
      expect.objectContaining({ orgId: org.id, cycleId, userId: sam.userId, teamId: team.id, completedOn: '2026-03-04' }),
    ]);
  });

  it('the responses table has no column that can hold a user id, and stores the submission day as a date', async () => {
    const columns = rowsOf<{ column_name: string; data_type: string }>(
      await ctx.db.execute(
        sql`select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = 'responses'`,
      ),
    );
    const names = columns.map((c) => c.column_name);
    expect(names).toContain('respondent_key');
    expect(names.filter((n) => /user/i.test(n))).toEqual([]);
    expect(columns.find((c) => c.column_name === 'submitted_on')!.data_type).toBe('date');
    // No foreign key from responses to users either.
    const fks = rowsOf<{ target: string }>(
      await ctx.db.execute(sql`select confrelid::regclass::text as target from pg_constraint
            where conrelid = 'responses'::regclass and contype = 'f'`),
    );
    expect(fks.map((f) => f.target)).not.toContain('users');
  });

  it('a second submit is CONFLICT (already checked in) and still counts once', async () => {
    const { director, staff } = await makeAgency(ctx.db);
    const [sam] = staff as [OrgMember];
    const cycleId = await openCycle(ctx.db, director);
    await submitCheckIn(ctx.db, sam, cycleId, makePayload(), SUBMIT_AT);
    await expectAppError(submitCheckIn(ctx.db, sam, cycleId, makePayload({ proqol: () => 1 }), after(SUBMIT_AT, 1)), 'CONFLICT', ALREADY_CHECKED_IN);
    expect(await countRows(ctx.db)).toEqual({ responses: 1, participations: 1, profiles: 0 });
    // The first answers stand.
    const [row] = await ctx.db.select({ cs: responses.cs }).from(responses);
    expect(row!.cs).toBe(31);
  });

  it('two submits at the same moment: exactly one succeeds, the other is CONFLICT, one response and one participation', async () => {
    const { director, staff } = await makeAgency(ctx.db);
    const [sam] = staff as [OrgMember];
    const cycleId = await openCycle(ctx.db, director);
    const results = await Promise.allSettled([
      submitCheckIn(ctx.db, sam, cycleId, makePayload(), SUBMIT_AT),
      submitCheckIn(ctx.db, sam, cycleId, makePayload({ proqol: () => 2 }), SUBMIT_AT),
      submitCheckIn(ctx.db, sam, cycleId, makePayload({ proqol: () => 4 }), SUBMIT_AT),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(AppError);
        expect((r.reason as AppError).code).toBe('CONFLICT');
      }
    }
    expect(await countRows(ctx.db)).toEqual({ responses: 1, participations: 1, profiles: 0 });
  });

  it('a closed cycle refuses answers with CYCLE_CLOSED, whether closed early or past its closing time; a future one has not opened', async () => {
    const { org, director, staff } = await makeAgency(ctx.db, 2);
    const [sam, kim] = staff as [OrgMember, OrgMember];
    const c1 = await openCycle(ctx.db, director);
    // Past closesAt but the scheduler has not run yet: still refused.
    await expectAppError(submitCheckIn(ctx.db, sam, c1, makePayload(), after(T0, 14)), 'CONFLICT', CYCLE_CLOSED);
    await closeCycleEarly(ctx.db, director, c1, after(T0, 3));
    await expectAppError(submitCheckIn(ctx.db, kim, c1, makePayload(), after(T0, 2)), 'CONFLICT', CYCLE_CLOSED);

    // A cycle whose window has not started yet.
    const [future] = await ctx.db
      .insert(cycles)
      .values({ orgId: org.id, opensAt: after(T0, 30), closesAt: after(T0, 44), instruments: { vr: 'brief-vr', selfCare: true } })
      .returning({ id: cycles.id });
    await expectAppError(submitCheckIn(ctx.db, sam, future!.id, makePayload(), after(T0, 29)), 'CONFLICT', /not opened yet/);
    expect(await countRows(ctx.db)).toEqual({ responses: 0, participations: 0, profiles: 0 });
  });

  it('check-ins racing the close are either counted in what is published or refused with CYCLE_CLOSED, never stored unpublished', async () => {
    // The close starts after a range of delays so that it lands before, among and after the submits.
    for (const delayMs of [0, 2, 5, 10, 20, 40]) {
      const { director, staff } = await makeAgency(ctx.db, 5);
      const cycleId = await openCycle(ctx.db, director);
      const results = await Promise.allSettled([
        // Answers differ a little per person: identical scores would hide the cell (an SD of 0).
        ...staff.map((s, i) => submitCheckIn(ctx.db, s, cycleId, makePayload({ proqol: (id) => (id === 3 ? 1 + (i % 5) : 3) }), SUBMIT_AT)),
        new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => closeCycleEarly(ctx.db, director, cycleId, SUBMIT_AT)),
      ]);
      expect(results.at(-1)!.status).toBe('fulfilled');
      const submits = results.slice(0, -1);
      for (const r of submits) {
        if (r.status === 'rejected') {
          expect(r.reason).toBeInstanceOf(AppError);
          expect((r.reason as AppError).message).toBe(CYCLE_CLOSED);
        }
      }
      const accepted = submits.filter((r) => r.status === 'fulfilled').length;
      const [stored] = rowsOf<{ responses: number; participations: number }>(
        await ctx.db.execute(sql`select (select count(*) from responses where cycle_id = ${cycleId})::int as responses,
                                       (select count(*) from participations where cycle_id = ${cycleId})::int as participations`),
      );
      expect({ responses: Number(stored!.responses), participations: Number(stored!.participations) }).toEqual({
        responses: accepted,
        participations: accepted,
      });
      const published = rowsOf<{ participated: number }>(
        await ctx.db.execute(sql`select participated from cycle_participation where cycle_id = ${cycleId} and group_id = 'org'`),
      );
      expect(published.map((p) => Number(p.participated))).toEqual([accepted]);
      const [agg] = await ctx.db
        .select({ cell: cycleAggregates.cell })
        .from(cycleAggregates)
        .where(and(eq(cycleAggregates.cycleId, cycleId), eq(cycleAggregates.groupId, 'org'), eq(cycleAggregates.measure, 'cs')));
      const cell = agg!.cell as { n: number | null; suppressed: string | null };
      // k = 3: with 3 or more accepted the agency cell shows exactly that n; otherwise it is suppressed or empty.
      if (accepted >= 3) expect(cell.n).toBe(accepted);
      else expect(cell.n === 0 || cell.suppressed !== null).toBe(true);
    }
  });

  it("staff of agency B get NOT_FOUND for agency A's cycle, and nothing is written", async () => {
    const a = await makeAgency(ctx.db, 1);
    const b = await makeAgency(ctx.db, 1);
    const cycleA = await openCycle(ctx.db, a.director);
    await openCycle(ctx.db, b.director);
    await expectAppError(submitCheckIn(ctx.db, b.staff[0]!, cycleA, makePayload(), SUBMIT_AT), 'NOT_FOUND');
    expect(await countRows(ctx.db)).toEqual({ responses: 0, participations: 0, profiles: 0 });
  });

  it('an answer outside the scale is VALIDATION naming the item, and nothing is written', async () => {
    const { director, staff } = await makeAgency(ctx.db);
    const [sam] = staff as [OrgMember];
    const cycleId = await openCycle(ctx.db, director);
    const profile: ProfileAnswers = { traumaHistory: 'no' };

    const bad = makePayload({ profile });
    bad.proqol['7'] = 6;
    const err = await expectAppError(submitCheckIn(ctx.db, sam, cycleId, bad, SUBMIT_AT), 'VALIDATION', /ProQOL: item 7\b/);
    expect(err.status).toBe(422);

    const badVr = makePayload({ profile });
    badVr.vr['3'] = 6; // brief VR is 0–5
    await expectAppError(submitCheckIn(ctx.db, sam, cycleId, badVr, SUBMIT_AT), 'VALIDATION', /Vicarious resilience: item 3\b/);

    const badSelfCare = makePayload({ profile });
    badSelfCare.selfCare!['12'] = -1;
    await expectAppError(submitCheckIn(ctx.db, sam, cycleId, badSelfCare, SUBMIT_AT), 'VALIDATION', /Self-care: item 12\b/);

    const halfPoint = makePayload({ profile });
    halfPoint.proqol['1'] = 2.5;
    await expectAppError(submitCheckIn(ctx.db, sam, cycleId, halfPoint, SUBMIT_AT), 'VALIDATION', /ProQOL: item 1\b/);

    const unknownItem = makePayload({ profile });
    unknownItem.proqol['31'] = 3;
    await expectAppError(submitCheckIn(ctx.db, sam, cycleId, unknownItem, SUBMIT_AT), 'VALIDATION', /item 31 is not part of/);

    expect(await countRows(ctx.db)).toEqual({ responses: 0, participations: 0, profiles: 0 });
    // The refusals used nothing up: a valid submit still goes through.
    await submitCheckIn(ctx.db, sam, cycleId, makePayload(), SUBMIT_AT);
    expect(await countRows(ctx.db)).toEqual({ responses: 1, participations: 1, profiles: 0 });
  });

  it('all ProQOL answers blank is VALIDATION and writes nothing', async () => {
    const { director, staff } = await makeAgency(ctx.db);
    const [sam] = staff as [OrgMember];
    const cycleId = await openCycle(ctx.db, director);
    await expectAppError(
      submitCheckIn(ctx.db, sam, cycleId, makePayload({ proqol: () => null }), SUBMIT_AT),
      'VALIDATION',
      /answer the ProQOL questions/,
    );
    // Absent keys are blank too.
    await expectAppError(submitCheckIn(ctx.db, sam, cycleId, { ...makePayload(), proqol: {} }, SUBMIT_AT), 'VALIDATION', /ProQOL/);
    expect(await countRows(ctx.db)).toEqual({ responses: 0, participations: 0, profiles: 0 });
  });

  it('missing data: 2 burnout items blank is prorated (mean × 10); 3 blank leaves burnout unscored with a reason', async () => {
    const { director, staff } = await makeAgency(ctx.db, 2);
    const [sam, kim] = staff as [OrgMember, OrgMember];
    const cycleId = await openCycle(ctx.db, director);

    // Burnout items 8 and 10 blank: answered BO items (1,4,15,17,19,21,26,29) after reversing sum to
    // 26 − (value(8) + value(10)) = 26 − (2 + 1) = 23; mean 23/8 × 10 = 28.75 → 28.8 (one decimal, half up).
    const twoBlank: Pattern = (id) => (id === 8 || id === 10 ? null : PROQOL_PATTERN(id));
    expect(PROQOL_PATTERN(8)! + PROQOL_PATTERN(10)!).toBe(3);
    await submitCheckIn(ctx.db, sam, cycleId, makePayload({ proqol: twoBlank }), SUBMIT_AT);
    const threeBlank: Pattern = (id) => (id === 8 || id === 10 || id === 19 ? null : PROQOL_PATTERN(id));
    await submitCheckIn(ctx.db, kim, cycleId, makePayload({ proqol: threeBlank }), SUBMIT_AT);

    const [samRow] = await ctx.db.select().from(responses).where(eq(responses.respondentKey, respondentKeyFor(sam.userId, sam.orgId)));
    expect(samRow!.scores.bo).toMatchObject({ value: 28.8, level: 'moderate', prorated: true, answered: 8, missing: 2 });
    expect(samRow!.bo).toBeCloseTo(28.8, 5);
    expect(samRow!.cs).toBe(31);

    const [kimRow] = await ctx.db.select().from(responses).where(eq(responses.respondentKey, respondentKeyFor(kim.userId, kim.orgId)));
    expect(kimRow!.scores.bo).toMatchObject({ value: null, level: null, prorated: false, answered: 7, missing: 3 });
    expect(kimRow!.scores.bo.reason).toMatch(/Burnout was not scored/);
    expect(kimRow!.bo).toBeNull();
    expect(kimRow!.answers.proqol['19']).toBeNull();
  });

  it('profile: saved when given; profileDue is true before the first check-in and false in the next cycle', async () => {
    const { org, director, staff } = await makeAgency(ctx.db);
    const [sam] = staff as [OrgMember];
    const c1 = await openCycle(ctx.db, director);

    const before = await getCheckInState(ctx.db, sam, SUBMIT_AT);
    expect(before.kind).toBe('open');
    if (before.kind !== 'open') throw new Error('unreachable');
    expect(before.form.cycleId).toBe(c1);
    expect(before.form.profileDue).toBe(true);
    expect(before.form.proqol.items).toHaveLength(30);
    expect(before.form.vr.items).toHaveLength(7);
    expect(before.form.selfCare!.items).toHaveLength(12);

    const profile: ProfileAnswers = {
      traumaHistory: 'yes',
      traumaCategories: ['livedExperienceOfTrafficking'],
      yearsInField: '3to5',
      role: 'advocate',
      caseloadShare: 'preferNotToSay',
    };
    await submitCheckIn(ctx.db, sam, c1, makePayload({ profile }), SUBMIT_AT);
    const stored = await ctx.db.select().from(profiles);
    expect(stored).toEqual([{ orgId: org.id, respondentKey: respondentKeyFor(sam.userId, org.id), answers: profile, updatedOn: '2026-03-04' }]);

    expect(await getCheckInState(ctx.db, sam, SUBMIT_AT)).toEqual({ kind: 'done', cycleId: c1, closesAt: after(T0, 14).toISOString() });

    await closeCycleEarly(ctx.db, director, c1, after(T0, 10));
    expect(await getCheckInState(ctx.db, sam, after(T0, 11))).toEqual({ kind: 'none' });
    const c2 = await openCycle(ctx.db, director, after(T0, 30));
    const next = await getCheckInState(ctx.db, sam, after(T0, 31));
    expect(next).toMatchObject({ kind: 'open', form: { cycleId: c2, profileDue: false } });

    // A check-in without a profile leaves the saved one alone.
    await submitCheckIn(ctx.db, sam, c2, makePayload(), after(T0, 31));
    expect((await ctx.db.select().from(profiles))[0]!.answers).toEqual(profile);
  });

  it('a cycle without self-care stores none and refuses self-care answers', async () => {
    const { director, staff } = await makeAgency(ctx.db, 2);
    const [sam, kim] = staff as [OrgMember, OrgMember];
    const cycleId = await openCycle(ctx.db, director, T0, { includeSelfCare: false });
    await expectAppError(submitCheckIn(ctx.db, sam, cycleId, makePayload(), SUBMIT_AT), 'VALIDATION', /does not ask about self-care/);
    await submitCheckIn(ctx.db, kim, cycleId, makePayload({ selfCare: null }), SUBMIT_AT);
    const [row] = await ctx.db.select().from(responses);
    expect(row!.answers.selfCare).toBeNull();
    expect(row!.selfCareComposite).toBeNull();
    expect(row!.scores.practices).toEqual({});
    expect(await countRows(ctx.db)).toEqual({ responses: 1, participations: 1, profiles: 0 });
  });

  it("a cycle using an installed pack scores VR as the pack's first subscale as written in the file (recovery), not in jsonb's key order", async () => {
    const { org, director, staff } = await makeAgency(ctx.db, 2);
    const [sam, kim] = staff as [OrgMember, OrgMember];
    const admin = await memberOf(ctx.db, org.id, 'admin');
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../instruments/examples/example-pack.json'), 'utf8');
    const pack = await installPack(ctx.db, admin, text);
    const cycleId = await openCycle(ctx.db, director, T0, { vrInstrument: pack.id });
    // Recovery (example) = items 1, 2, 3 with 3 reversed on 1–5: 4 + 5 + (6 − 2) = 13, high (≥ 12).
    const vr = { '1': 4, '2': 5, '3': 2, '4': 3, '5': 3, '6': 3 };
    await submitCheckIn(ctx.db, sam, cycleId, { ...makePayload(), vr }, SUBMIT_AT);
    const [row] = await ctx.db.select().from(responses);
    expect(row!.vrInstrument).toBe(pack.id);
    expect(row!.scores.vr).toMatchObject({ value: 13, level: 'high', answered: 3, missing: 0 });
    // Brief-VR answers (item 7) do not fit the pack's 6 items.
    await expectAppError(submitCheckIn(ctx.db, kim, cycleId, makePayload(), SUBMIT_AT), 'VALIDATION', /item 7 is not part of/);
  });

  it("getMyResults gives the submitter their scores and the change since their previous cycle; nobody else's", async () => {
    const { org, director, staff } = await makeAgency(ctx.db, 2);
    const [sam, kim] = staff as [OrgMember, OrgMember];
    await ctx.db.update(organizations).set({ supportEapLine: '1-800-555-0100' }).where(eq(organizations.id, org.id));
    const c1 = await openCycle(ctx.db, director);
    // Cycle 1: every ProQOL item 3 → CS 30, BO 30 (reversed 3 is 3), STS 30; VR all 3 → 21.
    await submitCheckIn(ctx.db, sam, c1, makePayload({ proqol: () => 3, vr: () => 3 }), SUBMIT_AT);
    await closeCycleEarly(ctx.db, director, c1, after(T0, 10));
    const c2 = await openCycle(ctx.db, director, after(T0, 30));
    // Cycle 2: the default pattern → CS 31, BO 26, STS 29, VR 16.
    await submitCheckIn(ctx.db, sam, c2, makePayload(), after(T0, 31));

    const first = await getMyResults(ctx.db, sam, c1);
    expect(first!.scores.map((s) => [s.measure, s.value, s.change])).toEqual([
      ['cs', 30, null],
      ['bo', 30, null],
      ['sts', 30, null],
      ['vr', 21, null],
    ]);
    expect(first!.isFirstCheckIn).toBe(true);
    const second = await getMyResults(ctx.db, sam, c2);
    expect(second).toMatchObject({ isFirstCheckIn: false, cycleId: c2, submittedOn: '2026-04-02', highSts: false, support: { eap: '1-800-555-0100' } });
    expect(second!.scores.map((s) => [s.measure, s.value, s.level, s.change])).toEqual([
      ['cs', 31, 'moderate', 1],
      ['bo', 26, 'moderate', -4],
      ['sts', 29, 'moderate', -1],
      ['vr', 16, 'moderate', -5],
    ]);
    expect(second!.scores.every((s) => typeof s.meaning === 'string')).toBe(true);

    // Another staff member of the same agency cannot see Sam's results for that cycle…
    expect(await getMyResults(ctx.db, kim, c2)).toBeNull();
    expect(await getMyResults(ctx.db, kim, c1)).toBeNull();
    // …nor can the director who runs the cycles.
    expect(await getMyResults(ctx.db, director, c2)).toBeNull();
    // After checking in, Kim sees Kim's own scores, not Sam's.
    await submitCheckIn(ctx.db, kim, c2, makePayload({ proqol: () => 5, vr: () => 5 }), after(T0, 32));
    const kims = await getMyResults(ctx.db, kim, c2);
    // All 5s: CS 50; BO = 5 reversed items at 1 + 5 items at 5 = 30; STS 50; VR 35 (high).
    expect(kims!.scores.map((s) => s.value)).toEqual([50, 30, 50, 35]);
    expect(kims!.scores.map((s) => s.change)).toEqual([null, null, null, null]);
    expect(kims!.highSts).toBe(true);
  });

  it("getMyHistory returns only the caller's points, in cycle order", async () => {
    const { director, staff } = await makeAgency(ctx.db, 2);
    const [sam, kim] = staff as [OrgMember, OrgMember];
    const c1 = await openCycle(ctx.db, director);
    await submitCheckIn(ctx.db, sam, c1, makePayload({ proqol: () => 3 }), SUBMIT_AT);
    await submitCheckIn(ctx.db, kim, c1, makePayload({ proqol: () => 5 }), SUBMIT_AT);
    await closeCycleEarly(ctx.db, director, c1, after(T0, 10));
    const c2 = await openCycle(ctx.db, director, after(T0, 30));
    await submitCheckIn(ctx.db, sam, c2, makePayload(), after(T0, 31));
    await closeCycleEarly(ctx.db, director, c2, after(T0, 40));
    const c3 = await openCycle(ctx.db, director, after(T0, 60));
    await submitCheckIn(ctx.db, sam, c3, makePayload({ proqol: () => 4 }), after(T0, 61));

    const history = await getMyHistory(ctx.db, sam);
    expect(history.map((h) => [h.cycleId, h.cycleDate, h.submittedOn, h.cs])).toEqual([
      [c1, T0.toISOString(), '2026-03-04', 30],
      [c2, after(T0, 30).toISOString(), '2026-04-02', 31],
      [c3, after(T0, 60).toISOString(), '2026-05-02', 40],
    ]);
    expect((await getMyHistory(ctx.db, kim)).map((h) => [h.cycleId, h.cs])).toEqual([[c1, 50]]);
    expect(await getMyHistory(ctx.db, director)).toEqual([]);
  });

  it('a switch from the brief VR check to a VR pack: each history point names its instrument, and getMyMeasures gives each its own spec', async () => {
    const { org, director, staff } = await makeAgency(ctx.db, 1);
    const [sam] = staff as [OrgMember];
    const admin = await memberOf(ctx.db, org.id, 'admin');
    const c1 = await openCycle(ctx.db, director);
    // Brief check, all items 3: 7 × 3 = 21 on 0–35 (lib/instruments/brief-vr.ts).
    await submitCheckIn(ctx.db, sam, c1, makePayload({ vr: () => 3 }), SUBMIT_AT);
    await closeCycleEarly(ctx.db, director, c1, after(T0, 10));
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../instruments/examples/example-pack.json'), 'utf8');
    const pack = await installPack(ctx.db, admin, text);
    const c2 = await openCycle(ctx.db, director, after(T0, 30), { vrInstrument: pack.id });
    // Recovery (example) = items 1, 2 and 3 reversed on 1–5: 4 + 5 + (6 − 2) = 13 on 3–15 (example-pack.json).
    await submitCheckIn(ctx.db, sam, c2, { ...makePayload(), vr: { '1': 4, '2': 5, '3': 2, '4': 3, '5': 3, '6': 3 } }, after(T0, 31));

    const history = await getMyHistory(ctx.db, sam);
    expect(history.map((h) => [h.cycleId, h.vrInstrument, h.vr])).toEqual([
      [c1, BRIEF_VR.id, 21],
      [c2, pack.id, 13],
    ]);
    const measures = await getMyMeasures(ctx.db, sam, history);
    expect(Object.keys(measures.vr).sort()).toEqual([BRIEF_VR.id, pack.id].sort());
    expect(measures.vr[BRIEF_VR.id]).toEqual(getMeasure('vr'));
    expect(measures.vr[pack.id]).toMatchObject({ range: { min: 3, max: 15 }, cutPoints: { lowMax: 7, highMin: 12 } });
    // The latest check-in used the pack, so `latest` is VR as the pack measures it.
    expect(measures.latest.vr).toEqual(measures.vr[pack.id]);
    expect(measures.latest.bo).toEqual(getMeasure('bo'));
    expect(await getMyMeasures(ctx.db, sam, [])).toEqual({ latest: getMeasures(), vr: {} });
  });

  it("erasure removes the caller's responses and profile in that agency only, keeps participations, and leaves published aggregates byte-for-byte unchanged", async () => {
    const { org, director, staff } = await makeAgency(ctx.db, 3);
    const [sam, kim, lee] = staff as [OrgMember, OrgMember, OrgMember];
    // Sam also belongs to a second agency, with a check-in there.
    const other = await makeAgency(ctx.db, 0);
    await ctx.db.insert(memberships).values({ orgId: other.org.id, userId: sam.userId, role: 'staff' });
    const samElsewhere = await authorizeOrgRole(ctx.db, sam.userId, other.org.id, 'staff');

    const c1 = await openCycle(ctx.db, director);
    const profile: ProfileAnswers = { traumaHistory: 'no' };
    await submitCheckIn(ctx.db, sam, c1, makePayload({ profile }), SUBMIT_AT);
    await submitCheckIn(ctx.db, kim, c1, makePayload({ proqol: () => 2, profile }), SUBMIT_AT);
    await submitCheckIn(ctx.db, lee, c1, makePayload({ proqol: () => 4 }), SUBMIT_AT);
    await closeCycleEarly(ctx.db, director, c1, after(T0, 10));
    const c2 = await openCycle(ctx.db, director, after(T0, 30));
    await submitCheckIn(ctx.db, sam, c2, makePayload(), after(T0, 31));
    const elsewhere = await openCycle(ctx.db, other.director);
    await submitCheckIn(ctx.db, samElsewhere, elsewhere, makePayload({ profile }), SUBMIT_AT);

    const published = await publishedSnapshot(ctx.db);
    // k = 3 responses on the team: the cycle's cells were published with numbers.
    expect(published.aggregates.length).toBe(8);
    expect(published.aggregates.some((a) => (a as { cell: string }).cell.includes('"n": 3'))).toBe(true);
    const participationsBefore = await ctx.db.select().from(participations);

    expect(await eraseMyData(ctx.db, sam)).toEqual({ responses: 2, profile: true });

    const samKey = respondentKeyFor(sam.userId, org.id);
    expect(await ctx.db.select().from(responses).where(and(eq(responses.orgId, org.id), eq(responses.respondentKey, samKey)))).toEqual([]);
    expect(await ctx.db.select().from(profiles).where(eq(profiles.respondentKey, samKey))).toEqual([]);
    expect(await getMyHistory(ctx.db, sam)).toEqual([]);
    expect(await getMyResults(ctx.db, sam, c1)).toBeNull();
    // Other people's data stays, and so does Sam's data in the other agency.
    expect((await getMyHistory(ctx.db, kim)).map((h) => h.cycleId)).toEqual([c1]);
    expect((await getMyHistory(ctx.db, lee)).map((h) => h.cycleId)).toEqual([c1]);
    expect((await getMyHistory(ctx.db, samElsewhere)).map((h) => h.cycleId)).toEqual([elsewhere]);
    expect(await ctx.db.select().from(profiles)).toHaveLength(2);
    // Participation (who took part, no answers) is kept for response rates.
    expect(await ctx.db.select().from(participations)).toEqual(participationsBefore);
    // Privacy rule 3: nothing republished, not a byte changed.
    expect(await publishedSnapshot(ctx.db)).toEqual(published);

    const [audit] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'checkin.erase_own_data'));
    expect(audit).toMatchObject({ orgId: org.id, actorUserId: sam.userId, detail: null });
    // Erasing again finds nothing more.
    expect(await eraseMyData(ctx.db, sam)).toEqual({ responses: 0, profile: false });
  });
});
