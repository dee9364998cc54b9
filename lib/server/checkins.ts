import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import {
  cycles,
  organizations,
  participations,
  profiles,
  responses,
  type ResponseScores,
  type StoredScore,
} from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import type { CheckInFormProps, CheckInPayload, ClientInstrument, MyHistoryPoint, MyScore } from '@/lib/checkin/types';
import { AppError } from '@/lib/errors';
import { RESERVED_KEYS } from '@/lib/validation/json';
import {
  BRIEF_VR,
  ORG_CHECK,
  PROQOL5,
  SELF_CARE,
  getRoleWords,
  isRoleWordPresetId,
  renderItemText,
  type InstrumentDefinition,
  type RoleWords,
} from '@/lib/instruments';
import { MEASURE_KEYS, getMeasure, getMeasures, measureLabel, type MeasureKey, type MeasureSpec } from '@/lib/measures';
import { suggestForStaff, type StaffSuggestion } from '@/lib/recommendations/staff-suggestions';
import { answersSchema, describeProqolLevel, scoreInstrument, scoreOrgCheck, type SubscaleScore } from '@/lib/scoring';
import { writeAudit } from './audit';
import { getOpenCycle } from './cycles';
import { getVrDefinition, headlineSubscaleId } from './packs';
import { respondentKeyFor } from './respondent-key';

const PROFILE_REFRESH_DAYS = 365;

export const ALREADY_CHECKED_IN =
  'You have already checked in for this cycle, so this submission was not counted again. Your results are on your check-ins page.';
export const CYCLE_CLOSED = 'This check-in has closed, so answers can no longer be submitted. The next one will appear on your check-ins page.';

function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
}

async function getRoleWordsForOrg(db: DbOrTx, orgId: string): Promise<RoleWords> {
  const [org] = await db
    .select({ roleWord: organizations.roleWord, custom: organizations.roleWordCustom })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  if (!org) throw new AppError('NOT_FOUND', 'Not found.');
  if (org.roleWord === 'custom' && org.custom) return getRoleWords('custom', org.custom);
  return getRoleWords(isRoleWordPresetId(org.roleWord) ? org.roleWord : 'helper');
}

function toClientInstrument(def: InstrumentDefinition, roleWords: RoleWords | null, note: string | null): ClientInstrument {
  const render = (t: string) => (roleWords ? renderItemText(t, roleWords) : t);
  return {
    id: def.id,
    name: def.name,
    attribution: def.attribution,
    instructions: def.instructions ? render(def.instructions) : null,
    note,
    scale: { min: def.responseScale.min, max: def.responseScale.max, labels: def.responseScale.labels.map((l) => ({ ...l })) },
    missingOption: def.responseScale.missingOption ? { label: def.responseScale.missingOption.label } : null,
    items: def.items.map((i) => ({ id: i.id, text: render(i.text) })),
  };
}

export type CheckInState =
  | { kind: 'none' }
  | { kind: 'done'; cycleId: string; closesAt: string }
  | { kind: 'open'; form: CheckInFormProps };

/** What /checkin shows the caller: the open cycle's form, or that they are done, or nothing open. */
export async function getCheckInState(db: Db, member: OrgMember, now = new Date()): Promise<CheckInState> {
  const cycle = await getOpenCycle(db, member.orgId);
  if (!cycle || cycle.closesAt.getTime() <= now.getTime() || cycle.opensAt.getTime() > now.getTime()) return { kind: 'none' };
  const [done] = await db
    .select({ id: participations.id })
    .from(participations)
    .where(and(eq(participations.cycleId, cycle.id), eq(participations.userId, member.userId)))
    .limit(1);
  if (done) return { kind: 'done', cycleId: cycle.id, closesAt: cycle.closesAt.toISOString() };

  const key = respondentKeyFor(member.userId, member.orgId);
  const [roleWords, vrDef, profile] = await Promise.all([
    getRoleWordsForOrg(db, member.orgId),
    getVrDefinition(db, member.orgId, cycle.instruments.vr),
    db
      .select({ updatedOn: profiles.updatedOn })
      .from(profiles)
      .where(and(eq(profiles.orgId, member.orgId), eq(profiles.respondentKey, key)))
      .limit(1),
  ]);
  const profileDue =
    !profile[0] || now.getTime() - Date.parse(`${profile[0].updatedOn}T00:00:00Z`) > PROFILE_REFRESH_DAYS * 86_400_000;
  return {
    kind: 'open',
    form: {
      orgId: member.orgId,
      cycleId: cycle.id,
      closesAt: cycle.closesAt.toISOString(),
      proqol: toClientInstrument(PROQOL5, roleWords, null),
      vr: toClientInstrument(
        vrDef,
        null,
        vrDef.id === BRIEF_VR.id
          ? 'This is a brief indicator written for Sustain, one question for each area of vicarious resilience. It is not the validated Vicarious Resilience Scale.'
          : null,
      ),
      selfCare: cycle.instruments.selfCare ? toClientInstrument(SELF_CARE, null, null) : null,
      orgCheck: cycle.instruments.orgCheck ? toClientInstrument(ORG_CHECK, null, ORG_CHECK_NOTE) : null,
      profileDue,
      // A tag derived from (not equal to) the respondent key: stable per person, reveals nothing.
      draftOwner: createHash('sha256').update(`draft:${key}`).digest('base64url').slice(0, 16),
    },
  };
}

const ORG_CHECK_NOTE =
  'This is a brief check written for Sustain on the five areas of a vicarious-trauma-informed organization named by the ' +
  'Vicarious Trauma Toolkit (VT-ORG). It is not the validated VT-ORG. Every statement is optional.';

function toStored(s: SubscaleScore | undefined): StoredScore {
  if (!s) return { value: null, level: null, prorated: false, answered: 0, missing: 0, reason: 'Not asked in this cycle.' };
  return {
    value: s.valid ? s.score : null,
    level: s.valid ? s.level : null,
    prorated: s.prorated,
    answered: s.answered,
    missing: s.missing,
    reason: s.reason,
  };
}

function parseAnswers(def: InstrumentDefinition, raw: Record<string, number | null>, section: string) {
  // Every item is present in the stored answers; an absent key means "not answered".
  // Own keys only: `"constructor" in {}` is true, and zod's record drops an own "__proto__",
  // so both are checked here too, whatever the caller validated (issue 12).
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new AppError('VALIDATION', `${section}: answers must be an object keyed by item number.`);
  const complete: Record<string, number | null> = {};
  for (const item of def.items) {
    const key = String(item.id);
    complete[key] = Object.hasOwn(raw, key) ? (raw[key] ?? null) : null;
  }
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(complete, key) || RESERVED_KEYS.has(key))
      throw new AppError('VALIDATION', `${section}: item ${key} is not part of ${def.name}.`);
  }
  const parsed = answersSchema(def).safeParse(complete);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'VALIDATION',
      `${section}: ${first ? `item ${first.path.join('.')}: ${first.message}` : 'some answers are not valid'}.`,
    );
  }
  return complete;
}

const toItemMap = (a: Record<string, number | null>) => new Map(Object.entries(a).map(([k, v]) => [Number(k), v]));

/**
 * Scores one check-in with the scoring core: ProQOL subscales, the VR measure's headline
 * subscale, and self-care (per practice and composite). Answers must already be validated.
 */
export function scoreCheckIn(
  vrDef: InstrumentDefinition,
  proqolAnswers: Record<string, number | null>,
  vrAnswers: Record<string, number | null>,
  selfCareAnswers: Record<string, number | null> | null,
  orgCheckAnswers: Record<string, number | null> | null = null,
): ResponseScores {
  const proqol = scoreInstrument(PROQOL5, toItemMap(proqolAnswers)).subscales;
  const vrScore = scoreInstrument(vrDef, toItemMap(vrAnswers)).subscales[headlineSubscaleId(vrDef)];
  let practices: Record<string, number | null> = {};
  let composite: number | null = null;
  if (selfCareAnswers) {
    const compositeScore = Object.values(scoreInstrument(SELF_CARE, toItemMap(selfCareAnswers)).subscales)[0];
    composite = compositeScore?.valid ? compositeScore.score : null;
    practices = Object.fromEntries(SELF_CARE.items.map((i) => [i.key ?? String(i.id), selfCareAnswers[String(i.id)] ?? null]));
  }
  return {
    cs: toStored(proqol.compassionSatisfaction),
    bo: toStored(proqol.burnout),
    sts: toStored(proqol.secondaryTraumaticStress),
    vr: toStored(vrScore),
    selfCareComposite: composite,
    practices,
    ...(orgCheckAnswers
      ? { orgPillars: Object.fromEntries(Object.entries(scoreOrgCheck(toItemMap(orgCheckAnswers))).map(([code, s]) => [code, toStored(s)])) }
      : {}),
  };
}

/**
 * Submits a check-in. In one transaction: the participation (unique per user and cycle,
 * so a double submit is refused and counts once) and the response (no user id; the
 * respondent key; the day only; the scores from the scoring core), plus the optional profile.
 */
export async function submitCheckIn(
  db: Db,
  member: OrgMember,
  cycleId: string,
  payload: CheckInPayload,
  now = new Date(),
): Promise<void> {
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, member.orgId)))
    .limit(1);
  if (!cycle) throw new AppError('NOT_FOUND', 'That check-in does not exist.');
  if (cycle.status !== 'open' || now.getTime() >= cycle.closesAt.getTime()) throw new AppError('CONFLICT', CYCLE_CLOSED);
  if (now.getTime() < cycle.opensAt.getTime()) throw new AppError('CONFLICT', 'This check-in has not opened yet.');

  const vrDef = await getVrDefinition(db, member.orgId, cycle.instruments.vr);
  const proqolAnswers = parseAnswers(PROQOL5, payload.proqol, 'ProQOL');
  const vrAnswers = parseAnswers(vrDef, payload.vr, measureLabel('vr'));
  if (!cycle.instruments.selfCare && payload.selfCare) throw new AppError('VALIDATION', 'This cycle does not ask about self-care.');
  const selfCareAnswers = cycle.instruments.selfCare ? parseAnswers(SELF_CARE, payload.selfCare ?? {}, 'Self-care') : null;
  if (!cycle.instruments.orgCheck && payload.orgCheck) throw new AppError('VALIDATION', 'This cycle does not include the organizational check.');
  // Every statement is optional: an empty step is stored as all missing (pillars not scored).
  const orgCheckAnswers = cycle.instruments.orgCheck ? parseAnswers(ORG_CHECK, payload.orgCheck ?? {}, 'Organizational check') : null;

  const scores = scoreCheckIn(vrDef, proqolAnswers, vrAnswers, selfCareAnswers, orgCheckAnswers);
  if (![scores.cs, scores.bo, scores.sts].some((s) => s.value !== null)) {
    throw new AppError(
      'VALIDATION',
      'Please answer the ProQOL questions before submitting: with more than 2 unanswered in every part, no score can be given.',
    );
  }
  const composite = scores.selfCareComposite;
  const key = respondentKeyFor(member.userId, member.orgId);
  const day = todayUtc(now);
  // Directors and admins see results, so their own check-ins never enter a published
  // number (privacy rule 6): flagged here, and left out at close. They keep their
  // private results. No team either, so participation counts never place them.
  const isViewer = member.role !== 'staff';
  const countedTeam = isViewer ? null : member.teamId;

  await db.transaction(async (tx) => {
    // FOR SHARE: a concurrent close (UPDATE) waits for us, or we see it closed.
    const [locked] = await tx
      .select({ status: cycles.status })
      .from(cycles)
      .where(and(eq(cycles.id, cycleId), eq(cycles.orgId, member.orgId)))
      .for('share');
    if (!locked || locked.status !== 'open') throw new AppError('CONFLICT', CYCLE_CLOSED);
    const inserted = await tx
      .insert(participations)
      .values({ orgId: member.orgId, cycleId, userId: member.userId, teamId: countedTeam, completedOn: day })
      .onConflictDoNothing()
      .returning({ id: participations.id });
    if (!inserted.length) throw new AppError('CONFLICT', ALREADY_CHECKED_IN);
    const insertedResponse = await tx
      .insert(responses)
      .values({
        orgId: member.orgId,
        cycleId,
        teamId: countedTeam,
        respondentKey: key,
        submittedOn: day,
        submittedAsViewer: isViewer,
        vrInstrument: cycle.instruments.vr,
        answers: { proqol: proqolAnswers, vr: vrAnswers, selfCare: selfCareAnswers, ...(orgCheckAnswers ? { orgCheck: orgCheckAnswers } : {}) },
        scores,
        cs: scores.cs.value,
        bo: scores.bo.value,
        sts: scores.sts.value,
        vr: scores.vr.value,
        selfCareComposite: composite,
      })
      .onConflictDoNothing()
      .returning({ id: responses.id });
    if (!insertedResponse.length) throw new AppError('CONFLICT', ALREADY_CHECKED_IN);
    if (payload.profile && Object.keys(payload.profile).length > 0) {
      await tx
        .insert(profiles)
        .values({ orgId: member.orgId, respondentKey: key, answers: payload.profile, updatedOn: day })
        .onConflictDoUpdate({
          target: [profiles.orgId, profiles.respondentKey],
          set: { answers: payload.profile, updatedOn: day },
        });
    }
  });
}

/** The ProQOL subscale behind each ProQOL measure, for its level's meaning. Labels and ranges come from lib/measures. */
const PROQOL_SUBSCALE_OF = { cs: 'compassionSatisfaction', bo: 'burnout', sts: 'secondaryTraumaticStress', vr: null } as const;

const VR_MEANINGS = {
  low: 'You are noticing few of the positive ways this work can change people right now. That is common in hard stretches; it can grow with reflection and support.',
  moderate: 'You notice some of the positive ways this work can change you, such as hope and perspective drawn from the people you serve.',
  high: 'You notice many positive changes from this work: hope, perspective and strength drawn from the resilience of the people you serve.',
} as const;

async function myResponses(db: DbOrTx, member: OrgMember) {
  const key = respondentKeyFor(member.userId, member.orgId);
  return db
    .select({
      cycleId: responses.cycleId,
      submittedOn: responses.submittedOn,
      scores: responses.scores,
      vrInstrument: responses.vrInstrument,
      opensAt: cycles.opensAt,
    })
    .from(responses)
    .innerJoin(cycles, and(eq(cycles.id, responses.cycleId), eq(cycles.orgId, responses.orgId)))
    .where(and(eq(responses.orgId, member.orgId), eq(responses.respondentKey, key)))
    .orderBy(asc(cycles.opensAt));
}

export interface MyResultsDto {
  cycleId: string;
  cycleDate: string;
  submittedOn: string;
  scores: MyScore[];
  isFirstCheckIn: boolean;
  highSts: boolean;
  suggestions: StaffSuggestion[];
  support: { eap: string | null; crisis: string | null; text: string | null };
}

/** The caller's own results for one cycle, found by their respondent key; null if they have none. */
export async function getMyResults(db: Db, member: OrgMember, cycleId: string): Promise<MyResultsDto | null> {
  const mine = await myResponses(db, member);
  const index = mine.findIndex((r) => r.cycleId === cycleId);
  if (index < 0) return null;
  const current = mine[index]!;
  const previous = index > 0 ? mine[index - 1]! : null;
  const [org] = await db
    .select({ eap: organizations.supportEapLine, crisis: organizations.supportCrisisLine, text: organizations.supportText })
    .from(organizations)
    .where(eq(organizations.id, member.orgId))
    .limit(1);
  // Each measure as this cycle measured it: an installed VR pack's range, not the brief check's.
  const measures = getMeasures(await getVrDefinition(db, member.orgId, current.vrInstrument));
  const scores: MyScore[] = MEASURE_KEYS.map((m) => {
    const s = current.scores[m];
    const prev = previous?.scores[m];
    const spec = measures[m];
    const proqol = PROQOL_SUBSCALE_OF[m];
    const sameVrScale = m !== 'vr' || previous?.vrInstrument === current.vrInstrument;
    return {
      measure: m,
      label: spec.label,
      value: s.value,
      level: s.level,
      range: { min: spec.range.min, max: spec.range.max },
      prorated: s.prorated,
      reason: s.reason,
      meaning: s.level ? (proqol ? describeProqolLevel(proqol, s.level) : VR_MEANINGS[s.level]) : null,
      change:
        s.value !== null && prev?.value !== null && prev?.value !== undefined && sameVrScale
          ? Math.round((s.value - prev.value) * 10) / 10
          : null,
    };
  });
  return {
    cycleId,
    cycleDate: current.opensAt.toISOString(),
    submittedOn: current.submittedOn,
    scores,
    isFirstCheckIn: index === 0,
    highSts: current.scores.sts.level === 'high',
    suggestions: suggestForStaff({
      cs: current.scores.cs,
      bo: current.scores.bo,
      sts: current.scores.sts,
      vr: current.scores.vr,
      practices: current.scores.practices,
    }),
    support: { eap: org?.eap ?? null, crisis: org?.crisis ?? null, text: org?.text ?? null },
  };
}

/**
 * The caller's measures for their history (lib/measures): `latest`, each measure as their
 * latest check-in measured it (the built-in specs before any check-in), and `vr`, the spec of
 * every VR instrument their check-ins used, keyed by the instrument id stored with them. A VR
 * pack's range and cut points are not the brief check's, so the chart draws each on its own.
 */
export async function getMyMeasures(
  db: Db,
  member: OrgMember,
  history: readonly MyHistoryPoint[],
): Promise<{ latest: Readonly<Record<MeasureKey, MeasureSpec>>; vr: Readonly<Record<string, MeasureSpec>> }> {
  const ids = [...new Set(history.map((p) => p.vrInstrument))];
  const definitions = await Promise.all(ids.map((id) => getVrDefinition(db, member.orgId, id)));
  const last = history[history.length - 1];
  return {
    latest: last ? getMeasures(definitions[ids.indexOf(last.vrInstrument)]) : getMeasures(),
    vr: Object.fromEntries(ids.map((id, i) => [id, getMeasure('vr', definitions[i])])),
  };
}

export async function getMyHistory(db: Db, member: OrgMember): Promise<MyHistoryPoint[]> {
  const mine = await myResponses(db, member);
  return mine.map((r) => ({
    cycleId: r.cycleId,
    cycleDate: r.opensAt.toISOString(),
    submittedOn: r.submittedOn,
    cs: r.scores.cs.value,
    bo: r.scores.bo.value,
    sts: r.scores.sts.value,
    vr: r.scores.vr.value,
    vrInstrument: r.vrInstrument,
    selfCareComposite: r.scores.selfCareComposite,
  }));
}

/**
 * Erasure: deletes all of the caller's responses and their profile in this agency.
 * Participation records stay (they hold no answers). Published aggregates do not change,
 * by design: republishing would let a before/after difference reveal the person.
 */
export async function eraseMyData(db: Db, member: OrgMember): Promise<{ responses: number; profile: boolean }> {
  const key = respondentKeyFor(member.userId, member.orgId);
  return db.transaction(async (tx) => {
    const deleted = await tx
      .delete(responses)
      .where(and(eq(responses.orgId, member.orgId), eq(responses.respondentKey, key)))
      .returning({ id: responses.id });
    const deletedProfile = await tx
      .delete(profiles)
      .where(and(eq(profiles.orgId, member.orgId), eq(profiles.respondentKey, key)))
      .returning({ key: profiles.respondentKey });
    await writeAudit(tx, {
      orgId: member.orgId,
      actorUserId: member.userId,
      action: 'checkin.erase_own_data',
      targetType: 'self',
    });
    return { responses: deleted.length, profile: deletedProfile.length > 0 };
  });
}


