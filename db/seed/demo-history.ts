import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import type { ResponseAnswers } from '../schema';
import { actionItems, cycleSchedules, cycles, memberships, organizations, participations, profiles, responses, teams, users } from '../schema';
import { createRng, type Rng } from '@/lib/stats/random';
import { BRIEF_VR, ORG_CHECK_PILLARS, PILLAR_CODES, PROQOL5, SELF_CARE, SELF_CARE_PRACTICE_KEYS, type PillarCode, type ProfileAnswers } from '@/lib/instruments';
import type { Outcome } from '@/lib/drivers/analyze';
import { drawCheckIn, drawPerson, type PlantedTruth, type PracticeKey, type SimPerson } from '@/lib/drivers/simulate';
import { scoreCheckIn } from '@/lib/server/checkins';
import { closeCycle } from '@/lib/server/cycles';
import { respondentKeyFor } from '@/lib/server/respondent-key';

/**
 * Realistic demo history for the demo agency, from a seeded generator (runs repeat).
 *
 * Shape (after Corbett-Hone & Johnson, 2022): nobody high on burnout, nobody low on
 * compassion satisfaction, most secondary traumatic stress low to moderate, vicarious
 * resilience moderate to high. 60 staff in 4 teams (Outreach has 4, fewer than k), 8
 * closed monthly cycles and one open one, about 88% of staff checking in each month.
 *
 * PLANTED TRUTH (DEMO_PLANTED_TRUTH; generating model in lib/drivers/simulate.ts). Points
 * on each measure's sum scale; "regular" = about weekly or more (frequency ≥ 2 of 0–4).
 * Person-level SD 3 (VR 2.5) and month-to-month SD 2 on every measure; latent levels
 * correlated across measures (BO–STS .6, CS–BO −.5, CS–VR .4, CS–STS −.2, BO–VR −.2).
 *
 * Effects an agency of about 60 can see (each flagged in about 97% of 300 simulated
 * 62-person analyses of this model, one check-in each; measured while writing the demo):
 *   burnout:                     personal trauma history −5 (yes vs no)
 *   secondary traumatic stress:  caseload share +10 per 100% (+5 per 50 percentage points)
 * Effects it cannot see (each flagged in under 10% of those), real but small for 60 people:
 *   secondary traumatic stress:  trauma history −1.5
 *   vicarious resilience (0–35): trauma history +1.5
 *   compassion satisfaction:     years in the field +0.1 per year (+1 per 10 years)
 * Practices (a practice can be named only from the joint model, which needs 150 people,
 * so at 60 none can be; the descriptive per-practice models show what confounding does):
 *   - clinical supervision: STS −2.5. Peer support is drawn correlated with it (phi .5)
 *     and has NO effect: alone, it looks like it lowers STS by about 1.2 points.
 *   - personal therapy: NO effect, but reverse-caused: staff with higher latent STS are
 *     more likely to attend regularly (logit slope 1.2 per latent SD, 40% at the mean),
 *     so therapy goes with HIGHER STS (and burnout) without causing it.
 *   - advocacy: CS +2, VR +2.
 *   - the other eight practices: no effect on anything.
 * Trauma history as protective mirrors the 2022 study's direction. The Shelter & housing
 * team's STS rises over the last three closed cycles (+2 per cycle; not a planted driver:
 * it is there for trend and within-person change flags).
 *
 * Turnover: after the third close, three staff leave and three join (one each in Case
 * management, Legal advocacy and Shelter & housing); after the fifth, three more leave and
 * three more join. Team sizes stay as they were. Leavers keep their earlier check-ins in
 * the driver window; joiners are new people to it, so the driver analysis is released
 * again under privacy rule 7 once at least k of them have checked in.
 *
 * ORGANIZATIONAL CHECK (issue 15; DEMO_ORG_CHECK). Cycles 2 and 8 of the 8 closed ones
 * (0-based 1 and 7, six months apart, as "twice a year" schedules it) include Sustain's
 * brief organizational check. Planted pillar means on the 1–5 scale: Leadership & Mission
 * 3.9, Employee Empowerment & Work Environment 3.6, Training & Professional Development
 * 3.6, Staff Health & Wellness 3.8, and a WEAK Management & Supervision: 2.3 in cycle 2.
 * After that close a PLANTED ACTION starts ("Guarantee regular reflective supervision",
 * from the catalog entry dir-reflective-supervision, in progress from cycle 3), and
 * Management & Supervision rises to 3.0 by cycle 8 and is still the weakest pillar. At
 * cycle 8's close the pillars' WITHIN-PERSON change since the previous published check
 * (cycle 2; the five plain cycles between them are skipped) is published like the
 * measures' change (lib/server/pillar-publication.ts publishPillarChanges): among the
 * about 45 people who answered both checks, Management & Supervision rose about 0.8 points
 * of 5 (95% CI about 0.6 to 1.0, flagged, q < .001) while the other four pillars, planted
 * unchanged, moved 0.0–0.1 with q near 1 (measured with this seed). So the director sees
 * the weak pillar, recommendations aimed at it first, and, in "Did it help?" for the
 * planted action, its paired change after the action, with regression to the mean named
 * (org-check-demo.integration.test.ts checks all of this on both drivers). Each person has a stable offset per pillar (SD 0.5) plus noise per check
 * (SD 0.3); items scatter around the pillar (SD 0.6), whole 1–5, and about 6% are
 * "don't know". The answers come from their own generator, so every staff draw above, and
 * with them the planted ProQOL effects, is exactly as before. Viewers answer the check too
 * and are never counted.
 *
 * The program director and the admin check in every cycle as well. They see their own
 * results, but their answers never enter a published number (privacy rule 6), so the
 * agency totals hold the staff only.
 */
export const DEMO_PLANTED_TRUTH: PlantedTruth = {
  baseline: { cs: 37, bo: 27, sts: 18, vr: 20 },
  covariates: {
    cs: { traumaHistory: 0, yearsInField: 0.1, caseloadShare: 0 },
    bo: { traumaHistory: -5, yearsInField: 0, caseloadShare: 0 },
    sts: { traumaHistory: -1.5, yearsInField: 0, caseloadShare: 10 },
    vr: { traumaHistory: 1.5, yearsInField: 0, caseloadShare: 0 },
  },
  practices: { cs: { advocacy: 2 }, bo: {}, sts: { clinicalSupervision: -2.5 }, vr: { advocacy: 2 } },
  personSd: { cs: 3, bo: 3, sts: 3, vr: 2.5 },
  occasionSd: { cs: 2, bo: 2, sts: 2, vr: 2 },
  // Rows and columns in OUTCOMES order: cs, bo, sts, vr.
  latentCorrelation: [
    [1, -0.5, -0.2, 0.4],
    [-0.5, 1, 0.6, -0.2],
    [-0.2, 0.6, 1, 0],
    [0.4, -0.2, 0, 1],
  ],
  traumaRate: 0.55,
  correlatedWith: { peerSupport: { practice: 'clinicalSupervision', phi: 0.5 } },
  reverseCaused: { personalTherapy: { outcome: 'sts', slope: 1.2, base: 0.4 } },
  monthlyPracticeChange: 0.15,
};

/** One planted effect, on its model's coefficient scale (points per unit: per year, per 1.0 of caseload). */
export interface DemoPlantedEffect {
  outcome: Outcome;
  model: 'main' | 'joint';
  term: string;
  coefficient: number;
  /** Whether an agency of about 60 flags it in most histories (see the doc comment above). */
  visibleAt60: boolean;
}

/** Every nonzero planted effect, and whether the demo's 60 staff can see it. */
export const DEMO_PLANTED_EFFECTS: readonly DemoPlantedEffect[] = [
  { outcome: 'bo', model: 'main', term: 'traumaHistory', coefficient: -5, visibleAt60: true },
  { outcome: 'sts', model: 'main', term: 'caseloadShare', coefficient: 10, visibleAt60: true },
  { outcome: 'sts', model: 'main', term: 'traumaHistory', coefficient: -1.5, visibleAt60: false },
  { outcome: 'vr', model: 'main', term: 'traumaHistory', coefficient: 1.5, visibleAt60: false },
  { outcome: 'cs', model: 'main', term: 'yearsInField', coefficient: 0.1, visibleAt60: false },
  { outcome: 'sts', model: 'joint', term: 'clinicalSupervision', coefficient: -2.5, visibleAt60: false },
  { outcome: 'cs', model: 'joint', term: 'advocacy', coefficient: 2, visibleAt60: false },
  { outcome: 'vr', model: 'joint', term: 'advocacy', coefficient: 2, visibleAt60: false },
];
/** Practices whose use is caused by strain, with no effect of their own. */
export const DEMO_REVERSE_CAUSED_PRACTICES: readonly PracticeKey[] = ['personalTherapy'];
/** Practices with no effect on any measure (peer support is the one correlated with supervision). */
export const DEMO_NULL_PRACTICES: readonly PracticeKey[] = SELF_CARE_PRACTICE_KEYS.filter(
  (k) => k !== 'clinicalSupervision' && k !== 'advocacy' && k !== 'personalTherapy',
) as PracticeKey[];

export const DEMO_HISTORY_SEED = 20221;

/** The planted organizational check (see the doc comment): which cycles include it, the pillar means, the action. */
export const DEMO_ORG_CHECK = {
  cycles: [1, 7] as readonly number[],
  means: { org_lm: 3.9, org_ms: 2.3, org_ee: 3.6, org_td: 3.6, org_hw: 3.8 } as Readonly<Record<PillarCode, number>>,
  /** Management & Supervision after the action (cycle 8, 0-based 7). */
  improvedMs: 3.0,
  action: { recommendationId: 'dir-reflective-supervision', title: 'Guarantee regular reflective supervision', startsInCycle: 2 },
} as const;

/** One person's organizational-check answers: items around the person's pillar level, ~6% "don't know" (null). */
function orgCheckAnswers(rng: Rng, levels: Readonly<Record<PillarCode, number>>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const p of ORG_CHECK_PILLARS) {
    for (const id of p.items) {
      out[String(id)] = rng.next() < 0.06 ? null : clamp(Math.round(levels[p.code] + rng.normal() * 0.6), 1, 5);
    }
  }
  return out;
}
export const DEMO_CLOSED_CYCLES = 8;
/** Staff turnover: after the close of cycle `after` (0-based), one person in each listed team leaves and one joins. */
export const DEMO_TURNOVER: readonly { after: number; teams: readonly string[] }[] = [
  { after: 2, teams: ['Case management', 'Legal advocacy', 'Shelter & housing'] },
  { after: 4, teams: ['Case management', 'Legal advocacy', 'Shelter & housing'] },
];

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
  sim: SimPerson;
  /** Cycles [from, until) in which this person is on staff. */
  from: number;
  until: number;
}

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

/** Item answers for one check-in whose scores are round(target) (prorated now and then, as real check-ins are). */
export function makeAnswers(rng: Rng, targets: { cs: number; bo: number; sts: number; vr: number }, practices: number[]) {
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
 * path as production) and one open cycle to the demo agency, with the planted truth and
 * turnover described above. Idempotent: does nothing if the agency already has cycles.
 */
export async function seedDemoHistory(db: Db, orgId: string, options: { now?: Date; seed?: number } = {}): Promise<boolean> {
  const existing = await db.select({ id: cycles.id }).from(cycles).where(eq(cycles.orgId, orgId)).limit(1);
  if (existing.length) return false;
  const rng = createRng(options.seed ?? DEMO_HISTORY_SEED);
  const truth = DEMO_PLANTED_TRUTH;
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
  const people: (Person & { generated: boolean })[] = [];
  let counter = 100;
  const createUser = async () => {
    counter++;
    const [u] = await db
      .insert(users)
      .values({ email: `staff${counter}@demo.sustain.test`, name: `Demo Staff ${counter}`, passwordHash: anyUser!.hash })
      .returning({ id: users.id });
    return u!.id;
  };
  for (const t of DEMO_TEAMS) {
    const teamId = teamIds.get(t.name)!;
    const members: { userId: string; generated: boolean }[] = staffRows.filter((s) => s.teamId === teamId).map((s) => ({ userId: s.userId, generated: false }));
    while (members.length < t.size) {
      const userId = await createUser();
      await db.insert(memberships).values({ orgId, userId, role: 'staff', teamId });
      members.push({ userId, generated: true });
    }
    for (const m of members) {
      people.push({ userId: m.userId, teamId, team: t.name, sim: drawPerson(rng, truth), from: 0, until: DEMO_CLOSED_CYCLES + 1, generated: m.generated });
    }
  }
  // Turnover: leavers are drawn from the generated staff (never a demo sign-in account);
  // joiners are created now and get their membership when they join.
  for (const turn of DEMO_TURNOVER) {
    for (const teamName of turn.teams) {
      const candidates = people.filter((p) => p.team === teamName && p.generated && p.from === 0 && p.until > turn.after + 1);
      const leaver = candidates[Math.floor(rng.next() * candidates.length)]!;
      leaver.until = turn.after + 1;
      const userId = await createUser();
      people.push({ userId, teamId: leaver.teamId, team: teamName, sim: drawPerson(rng, truth), from: turn.after + 1, until: DEMO_CLOSED_CYCLES + 1, generated: true });
    }
  }

  const openStart = new Date(now.getTime() - 6 * DAY);
  const opensAtOf = (c: number) => new Date(openStart.getTime() - (DEMO_CLOSED_CYCLES - c) * 30 * DAY);

  // Profiles (answered once, when joining; a few prefer not to say about trauma history).
  const insertProfile = async (p: Person, on: Date) => {
    const answers: ProfileAnswers =
      rng.next() < 0.05
        ? { traumaHistory: 'preferNotToSay', yearsInField: p.sim.yearsBand }
        : {
            traumaHistory: p.sim.trauma ? 'yes' : 'no',
            ...(p.sim.trauma ? { traumaCategories: [pick(rng, ['childhoodAbuseOrNeglect', 'livedExperienceOfTrafficking', 'partnerOrFamilyViolence', 'traumaticLoss'] as const)] } : {}),
            yearsInField: p.sim.yearsBand,
            caseloadShare: p.sim.caseloadBand,
            role: pick(rng, ['caseManager', 'advocate', 'therapistOrCounselor', 'housingOrShelter'] as const),
          };
    await db
      .insert(profiles)
      .values({ orgId, respondentKey: respondentKeyFor(p.userId, orgId), answers, updatedOn: on.toISOString().slice(0, 10) })
      .onConflictDoNothing();
  };
  for (const p of people) if (p.from === 0) await insertProfile(p, new Date(now.getTime() - 250 * DAY));

  const viewers = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, ['admin', 'director'])))
    .orderBy(asc(users.email));
  const viewerRng = createRng((options.seed ?? DEMO_HISTORY_SEED) + 1);
  // The organizational check draws from its own generator (staff draws above unchanged).
  const orgRng = createRng((options.seed ?? DEMO_HISTORY_SEED) + 2);
  const orgOffset = new Map<string, Record<PillarCode, number>>();
  const orgLevels = (userId: string, c: number): Record<PillarCode, number> => {
    if (!orgOffset.has(userId)) orgOffset.set(userId, Object.fromEntries(PILLAR_CODES.map((code) => [code, orgRng.normal() * 0.5])) as Record<PillarCode, number>);
    const offset = orgOffset.get(userId)!;
    const ms = c >= DEMO_ORG_CHECK.action.startsInCycle ? DEMO_ORG_CHECK.improvedMs : DEMO_ORG_CHECK.means.org_ms;
    return Object.fromEntries(
      PILLAR_CODES.map((code) => [code, (code === 'org_ms' ? ms : DEMO_ORG_CHECK.means[code]) + offset[code] + orgRng.normal() * 0.3]),
    ) as Record<PillarCode, number>;
  };

  // Monthly cycles: 8 closed, then one open now.
  for (let c = 0; c <= DEMO_CLOSED_CYCLES; c++) {
    const isOpen = c === DEMO_CLOSED_CYCLES;
    const opensAt = opensAtOf(c);
    const closesAt = new Date(opensAt.getTime() + 14 * DAY);
    // Turnover happens between closes: leavers' memberships end, joiners' begin.
    for (const p of people) {
      if (c > 0 && p.until === c) {
        await db.update(memberships).set({ active: false }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, p.userId)));
      }
      if (c > 0 && p.from === c) {
        await db.insert(memberships).values({ orgId, userId: p.userId, role: 'staff', teamId: p.teamId });
        await insertProfile(p, new Date(opensAt.getTime() - DAY));
      }
    }
    const hasOrgCheck = DEMO_ORG_CHECK.cycles.includes(c);
    const [cycle] = await db
      .insert(cycles)
      .values({ orgId, opensAt, closesAt, instruments: { vr: 'brief-vr', selfCare: true, orgCheck: hasOrgCheck } })
      .returning({ id: cycles.id });
    if (c === DEMO_ORG_CHECK.action.startsInCycle) {
      // The planted action, started after the check that showed the weak pillar.
      await db.insert(actionItems).values({
        orgId,
        title: DEMO_ORG_CHECK.action.title,
        recommendationId: DEMO_ORG_CHECK.action.recommendationId,
        rationale: 'Staff rated Management & Supervision lowest of the five pillars in the organizational check.',
        priority: 1,
        tasks: [{ text: 'Twice-monthly reflective supervision for every staff member', done: true }],
        status: 'in_progress',
        measure: 'sts',
        startedOn: opensAt.toISOString().slice(0, 10),
      });
    }
    const cycleId = cycle!.id;
    const rising = Math.max(0, c - (DEMO_CLOSED_CYCLES - 3)) * 2;
    const rows: (typeof responses.$inferInsert)[] = [];
    const parts: (typeof participations.$inferInsert)[] = [];
    for (const p of people) {
      if (c < p.from || c >= p.until) continue;
      if (rng.next() > (isOpen ? 0.55 : 0.88)) continue;
      const checkIn = drawCheckIn(rng, truth, p.sim);
      const targets = { ...checkIn.targets };
      if (p.team === 'Shelter & housing') targets.sts += rising;
      // Keep to the study's shape: BO below high, CS above low.
      targets.bo = clamp(targets.bo, 12, 39);
      targets.cs = clamp(targets.cs, 26, 50);
      const answers: ResponseAnswers = makeAnswers(rng, targets, checkIn.practices);
      if (hasOrgCheck) answers.orgCheck = orgCheckAnswers(orgRng, orgLevels(p.userId, c));
      const scores = scoreCheckIn(BRIEF_VR, answers.proqol, answers.vr, answers.selfCare, answers.orgCheck ?? null);
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
      const answers: ResponseAnswers = makeAnswers(viewerRng, { bo: 24 + viewerRng.normal() * 3, sts: 21 + viewerRng.normal() * 3, cs: 38 + viewerRng.normal() * 3, vr: 22 + viewerRng.normal() * 3 }, SELF_CARE.items.map(() => Math.floor(viewerRng.next() * 5)));
      // Viewers answer the check too (high: leaders see themselves kindly); never counted.
      if (hasOrgCheck) answers.orgCheck = orgCheckAnswers(orgRng, Object.fromEntries(PILLAR_CODES.map((code) => [code, 4.5])) as Record<PillarCode, number>);
      const scores = scoreCheckIn(BRIEF_VR, answers.proqol, answers.vr, answers.selfCare, answers.orgCheck ?? null);
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
