import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { cycleSchedules, cycles, memberships, organizations, participations, profiles, responses, teams, users } from '../schema';
import { createRng, type Rng } from '@/lib/stats/random';
import { BRIEF_VR, PROQOL5, SELF_CARE, type ProfileAnswers } from '@/lib/instruments';
import { scoreCheckIn } from '@/lib/server/checkins';
import { closeCycle } from '@/lib/server/cycles';
import { respondentKeyFor } from '@/lib/server/respondent-key';

/**
 * Realistic demo history for the demo agency, from a seeded generator (runs repeat).
 *
 * Shape (after Corbett-Hone & Johnson, 2022): nobody high on burnout, nobody low on
 * compassion satisfaction, most secondary traumatic stress low to moderate, vicarious
 * resilience moderate to high.
 *
 * PLANTED EFFECTS, in score points on each measure's sum scale. Practices are "regular"
 * when done about weekly or more (frequency ≥ 2 of 0–4). Trauma history, regular
 * personal therapy, regular advocacy and caseload share are drawn independently, so the
 * driver models (issue 7) can recover each coefficient without confounding:
 *   burnout:                     trauma history −2.0; personal therapy −2.5; advocacy −1.5
 *   secondary traumatic stress:  trauma history −2.0; personal therapy −2.0; caseload share (0–1) +3.0
 *   compassion satisfaction:     advocacy +2.0
 *   vicarious resilience (0–35): advocacy +2.0; trauma history +1.5
 * Trauma history as a protective factor mirrors the 2022 study's finding. Years in the
 * field has no planted effect. The Shelter & housing team's STS rises over the last
 * three closed cycles (+2 per cycle), so a trend flag and a recommendation appear.
 *
 * The program director and the admin check in every cycle as well. They see their own
 * results, but their answers never enter a published number (privacy rule 6), so the
 * agency totals hold the staff only.
 */
export const DEMO_PLANTED_EFFECTS = {
  bo: { traumaHistory: -2.0, personalTherapy: -2.5, advocacy: -1.5 },
  sts: { traumaHistory: -2.0, personalTherapy: -2.0, caseloadShare: 3.0 },
  cs: { advocacy: 2.0 },
  vr: { advocacy: 2.0, traumaHistory: 1.5 },
} as const;

export const DEMO_HISTORY_SEED = 20221;
export const DEMO_CLOSED_CYCLES = 8;

const DEMO_TEAMS: { name: string; size: number }[] = [
  { name: 'Case management', size: 20 },
  // Legal advocacy is the next-smallest team, so complementary suppression hides it
  // alongside Outreach (hiding only Outreach would let it be worked out from the total).
  { name: 'Legal advocacy', size: 14 },
  { name: 'Shelter & housing', size: 22 },
  // Smaller than k = 5: always suppressed, which the dashboard must show.
  { name: 'Outreach', size: 4 },
];

interface Person {
  userId: string;
  teamId: string;
  team: string;
  trauma: 0 | 1;
  caseloadShare: number;
  caseloadBand: string;
  yearsBand: string;
  therapy: 0 | 1;
  advocacy: 0 | 1;
  practiceBase: number[];
  personEffect: { bo: number; sts: number; cs: number; vr: number };
}

const CASELOAD = [
  { value: 'under25', midpoint: 0.125 },
  { value: '25to49', midpoint: 0.375 },
  { value: '50to74', midpoint: 0.625 },
  { value: '75to100', midpoint: 0.875 },
] as const;
const YEARS = ['lessThan1', '1to2', '3to5', '6to10', '11to20', 'moreThan20'] as const;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Item answers whose (reverse-adjusted) sum is exactly round(target), within the scale.
 * Items scatter around target/n; then single steps move random items until the sum matches.
 */
export function itemsForTarget(
  rng: Rng,
  target: number,
  itemIds: readonly number[],
  reverse: ReadonlySet<number>,
  min: number,
  max: number,
): Record<number, number> {
  const n = itemIds.length;
  const want = Math.round(clamp(target, n * min, n * max));
  const effective = itemIds.map(() => clamp(Math.round(want / n + rng.normal() * 0.7), min, max));
  let sum = effective.reduce((a, b) => a + b, 0);
  for (let guard = 0; sum !== want && guard < 1000; guard++) {
    const i = Math.floor(rng.next() * n);
    const step = sum < want ? 1 : -1;
    const v = effective[i]! + step;
    if (v >= min && v <= max) {
      effective[i] = v;
      sum += step;
    }
  }
  const out: Record<number, number> = {};
  itemIds.forEach((id, i) => {
    out[id] = reverse.has(id) ? min + max - effective[i]! : effective[i]!;
  });
  return out;
}

function makeAnswers(rng: Rng, targets: { cs: number; bo: number; sts: number; vr: number }, practices: number[]) {
  const proqol: Record<string, number | null> = {};
  for (const [id, target] of [
    ['compassionSatisfaction', targets.cs],
    ['burnout', targets.bo],
    ['secondaryTraumaticStress', targets.sts],
  ] as const) {
    const sub = PROQOL5.subscales[id]!;
    Object.assign(proqol, itemsForTarget(rng, target, sub.items, new Set(sub.reverse), 1, 5));
  }
  // About 1 in 40 check-ins skips one item, so prorated scores appear too.
  if (rng.next() < 0.025) proqol[String(1 + Math.floor(rng.next() * 30))] = null;
  const vrSub = Object.values(BRIEF_VR.subscales)[0]!;
  const vr = itemsForTarget(rng, targets.vr, vrSub.items, new Set(vrSub.reverse), 0, 5);
  const selfCare: Record<string, number | null> = {};
  SELF_CARE.items.forEach((item, i) => {
    selfCare[String(item.id)] = practices[i]!;
  });
  return {
    proqol: Object.fromEntries(Object.entries(proqol).map(([k, v]) => [String(k), v])),
    vr: Object.fromEntries(Object.entries(vr).map(([k, v]) => [String(k), v])),
    selfCare,
  };
}

const DAY = 86_400_000;

/**
 * Adds ~60 staff in 4 teams, 8 closed monthly cycles (published through the same close
 * path as production) and one open cycle to the demo agency. Idempotent: does nothing
 * if the agency already has cycles.
 */
export async function seedDemoHistory(db: Db, orgId: string, options: { now?: Date; seed?: number } = {}): Promise<boolean> {
  const existing = await db.select({ id: cycles.id }).from(cycles).where(eq(cycles.orgId, orgId)).limit(1);
  if (existing.length) return false;
  const rng = createRng(options.seed ?? DEMO_HISTORY_SEED);
  const now = options.now ?? new Date();
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new Error('seedDemoHistory: demo agency not found');

  // Teams (reuse the base seed's teams by name) and staff.
  const existingTeams = await db.select().from(teams).where(eq(teams.orgId, orgId));
  const teamIds = new Map(existingTeams.map((t) => [t.name, t.id]));
  for (const t of DEMO_TEAMS) {
    if (!teamIds.has(t.name)) {
      const [row] = await db.insert(teams).values({ orgId, name: t.name }).returning({ id: teams.id });
      teamIds.set(t.name, row!.id);
    }
  }
  const staffRows = await db
    .select({ userId: memberships.userId, teamId: memberships.teamId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'staff')))
    // A fixed order keeps the seeded draws identical on every database.
    .orderBy(asc(users.email));
  const [anyUser] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, staffRows[0]!.userId));
  const people: Person[] = [];
  let counter = 100;
  for (const t of DEMO_TEAMS) {
    const teamId = teamIds.get(t.name)!;
    const members = staffRows.filter((s) => s.teamId === teamId);
    while (members.length < t.size) {
      counter++;
      const [u] = await db
        .insert(users)
        .values({ email: `staff${counter}@demo.sustain.test`, name: `Demo Staff ${counter}`, passwordHash: anyUser!.hash })
        .returning({ id: users.id });
      await db.insert(memberships).values({ orgId, userId: u!.id, role: 'staff', teamId });
      members.push({ userId: u!.id, teamId, email: '' });
    }
    for (const m of members) {
      const caseload = pick(rng, CASELOAD);
      const therapy = rng.next() < 0.45 ? 1 : 0;
      const advocacy = rng.next() < 0.4 ? 1 : 0;
      const practiceBase = SELF_CARE.items.map((item) => {
        if (item.key === 'personalTherapy') return therapy ? 2 + Math.floor(rng.next() * 2) : Math.floor(rng.next() * 2);
        if (item.key === 'advocacy') return advocacy ? 2 + Math.floor(rng.next() * 2) : Math.floor(rng.next() * 2);
        return Math.floor(rng.next() * 5);
      });
      people.push({
        userId: m.userId,
        teamId,
        team: t.name,
        trauma: rng.next() < 0.55 ? 1 : 0,
        caseloadShare: caseload.midpoint,
        caseloadBand: caseload.value,
        yearsBand: pick(rng, YEARS),
        therapy: therapy as 0 | 1,
        advocacy: advocacy as 0 | 1,
        practiceBase,
        personEffect: { bo: rng.normal() * 1.5, sts: rng.normal() * 1.5, cs: rng.normal() * 1.5, vr: rng.normal() * 1.5 },
      });
    }
  }

  // Profiles (answered once; a few prefer not to say about trauma history).
  for (const p of people) {
    const answers: ProfileAnswers =
      rng.next() < 0.05
        ? { traumaHistory: 'preferNotToSay', yearsInField: p.yearsBand as ProfileAnswers['yearsInField'] }
        : {
            traumaHistory: p.trauma ? 'yes' : 'no',
            ...(p.trauma ? { traumaCategories: [pick(rng, ['childhoodAbuseOrNeglect', 'livedExperienceOfTrafficking', 'partnerOrFamilyViolence', 'traumaticLoss'] as const)] } : {}),
            yearsInField: p.yearsBand as ProfileAnswers['yearsInField'],
            caseloadShare: p.caseloadBand as ProfileAnswers['caseloadShare'],
            role: pick(rng, ['caseManager', 'advocate', 'therapistOrCounselor', 'housingOrShelter'] as const),
          };
    await db
      .insert(profiles)
      .values({ orgId, respondentKey: respondentKeyFor(p.userId, orgId), answers, updatedOn: new Date(now.getTime() - 250 * DAY).toISOString().slice(0, 10) })
      .onConflictDoNothing();
  }

  const viewers = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, ['admin', 'director'])))
    .orderBy(asc(users.email));
  const viewerRng = createRng((options.seed ?? DEMO_HISTORY_SEED) + 1);

  // Monthly cycles: 8 closed, then one open now.
  const openStart = new Date(now.getTime() - 6 * DAY);
  for (let c = 0; c <= DEMO_CLOSED_CYCLES; c++) {
    const isOpen = c === DEMO_CLOSED_CYCLES;
    const opensAt = new Date(openStart.getTime() - (DEMO_CLOSED_CYCLES - c) * 30 * DAY);
    const closesAt = new Date(opensAt.getTime() + 14 * DAY);
    const [cycle] = await db
      .insert(cycles)
      .values({ orgId, opensAt, closesAt, instruments: { vr: 'brief-vr', selfCare: true } })
      .returning({ id: cycles.id });
    const cycleId = cycle!.id;
    const rising = Math.max(0, c - (DEMO_CLOSED_CYCLES - 3)) * 2;
    const rows: (typeof responses.$inferInsert)[] = [];
    const parts: (typeof participations.$inferInsert)[] = [];
    for (const p of people) {
      if (rng.next() > (isOpen ? 0.55 : 0.88)) continue;
      const practices = p.practiceBase.map((v, i) =>
        SELF_CARE.items[i]!.key === 'personalTherapy' || SELF_CARE.items[i]!.key === 'advocacy'
          ? v
          : clamp(v + (rng.next() < 0.2 ? (rng.next() < 0.5 ? -1 : 1) : 0), 0, 4),
      );
      const e = DEMO_PLANTED_EFFECTS;
      const targets = {
        bo: 25 + e.bo.traumaHistory * p.trauma + e.bo.personalTherapy * p.therapy + e.bo.advocacy * p.advocacy + p.personEffect.bo + rng.normal() * 2.5,
        sts:
          22 + e.sts.traumaHistory * p.trauma + e.sts.personalTherapy * p.therapy + e.sts.caseloadShare * p.caseloadShare +
          (p.team === 'Shelter & housing' ? rising : 0) + p.personEffect.sts + rng.normal() * 2.5,
        cs: 38 + e.cs.advocacy * p.advocacy + p.personEffect.cs + rng.normal() * 2.5,
        vr: 21 + e.vr.advocacy * p.advocacy + e.vr.traumaHistory * p.trauma + p.personEffect.vr + rng.normal() * 2.5,
      };
      // Keep to the study's shape: BO below high, CS above low.
      targets.bo = clamp(targets.bo, 12, 39);
      targets.cs = clamp(targets.cs, 26, 50);
      const answers = makeAnswers(rng, targets, practices);
      const scores = scoreCheckIn(BRIEF_VR, answers.proqol, answers.vr, answers.selfCare);
      const day = new Date(opensAt.getTime() + Math.floor(rng.next() * (isOpen ? 5 : 13)) * DAY).toISOString().slice(0, 10);
      rows.push({
        orgId,
        cycleId,
        teamId: p.teamId,
        respondentKey: respondentKeyFor(p.userId, orgId),
        submittedOn: day,
        vrInstrument: 'brief-vr',
        answers,
        scores,
        cs: scores.cs.value,
        bo: scores.bo.value,
        sts: scores.sts.value,
        vr: scores.vr.value,
        selfCareComposite: scores.selfCareComposite,
      });
      parts.push({ orgId, cycleId, userId: p.userId, teamId: p.teamId, completedOn: day });
    }
    // The director and the admin check in too (their own private results), from a
    // separate generator so the staff draws above stay as they were. Their answers are
    // known to themselves, so they never enter a published number (privacy rule 6).
    for (const v of viewers) {
      const answers = makeAnswers(viewerRng, { bo: 24 + viewerRng.normal() * 3, sts: 21 + viewerRng.normal() * 3, cs: 38 + viewerRng.normal() * 3, vr: 22 + viewerRng.normal() * 3 }, SELF_CARE.items.map(() => Math.floor(viewerRng.next() * 5)));
      const scores = scoreCheckIn(BRIEF_VR, answers.proqol, answers.vr, answers.selfCare);
      const day = new Date(opensAt.getTime() + DAY).toISOString().slice(0, 10);
      rows.push({
        orgId,
        cycleId,
        teamId: null,
        respondentKey: respondentKeyFor(v.userId, orgId),
        submittedOn: day,
        submittedAsViewer: true,
        vrInstrument: 'brief-vr',
        answers,
        scores,
        cs: scores.cs.value,
        bo: scores.bo.value,
        sts: scores.sts.value,
        vr: scores.vr.value,
        selfCareComposite: scores.selfCareComposite,
      });
      parts.push({ orgId, cycleId, userId: v.userId, teamId: null, completedOn: day });
    }
    // Shuffle so row order carries nothing about who is who.
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    if (rows.length) await db.insert(responses).values(rows);
    if (parts.length) await db.insert(participations).values(parts);
    if (!isOpen) await closeCycle(db, orgId, cycleId, { now: new Date(closesAt.getTime()) });
  }
  await db
    .insert(cycleSchedules)
    .values({ orgId, enabled: false, cadence: 'monthly', openDay: 1, durationDays: 14 })
    .onConflictDoNothing();
  return true;
}
