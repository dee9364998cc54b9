import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycleDriverResults, cycles, organizations, profiles, responses } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { analyzeDrivers, type DriverAnalysis, type DriverRow } from '@/lib/drivers/analyze';
import { normalizeDriverAnalysis } from '@/lib/drivers/normalize';
import { AppError } from '@/lib/errors';
import { getProfilePredictors, profileAnswersSchema } from '@/lib/instruments';
import { loadViewerRespondentKeys } from './publication';

interface DriverWindow {
  rows: DriverRow[];
  windowMonths: number;
  k: number;
  /** The closed cycles in the window (for privacy rule 7). */
  cycleIds: string[];
  /** Respondent keys in the window: server-side only, for counting who is new (rule 7). */
  respondentKeys: Set<string>;
}

function windowStart(asOf: Date, months: number): Date {
  const since = new Date(asOf);
  since.setUTCMonth(since.getUTCMonth() - months);
  return since;
}

/**
 * Loads each respondent's latest response from CLOSED cycles that opened within the
 * window ending at `asOf`, joined to their profile by respondent key, and strips the key
 * from the rows before anything else sees them. Responses of directors and admins never
 * enter the analysis (privacy rule 6: their answers are known to the insider).
 */
export async function loadDriverRows(db: DbOrTx, orgId: string, asOf: Date): Promise<DriverWindow> {
  const [org] = await db
    .select({ windowMonths: organizations.driverWindowMonths, k: organizations.minGroupSize })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  if (!org) throw new AppError('NOT_FOUND', 'Not found.');
  const since = windowStart(asOf, org.windowMonths);
  const [windowCycles, viewerKeys] = await Promise.all([
    db
      .select({ id: cycles.id })
      .from(cycles)
      .where(and(eq(cycles.orgId, orgId), eq(cycles.status, 'closed'), gte(cycles.opensAt, since), lte(cycles.opensAt, asOf))),
    loadViewerRespondentKeys(db, orgId),
  ]);
  const allLatest = await db
    .selectDistinctOn([responses.respondentKey], {
      respondentKey: responses.respondentKey,
      cs: responses.cs,
      bo: responses.bo,
      sts: responses.sts,
      vr: responses.vr,
      vrInstrument: responses.vrInstrument,
      selfCareComposite: responses.selfCareComposite,
      scores: responses.scores,
      profile: profiles.answers,
    })
    .from(responses)
    .innerJoin(cycles, and(eq(cycles.id, responses.cycleId), eq(cycles.orgId, responses.orgId)))
    .leftJoin(profiles, and(eq(profiles.orgId, responses.orgId), eq(profiles.respondentKey, responses.respondentKey)))
    .where(
      and(
        eq(responses.orgId, orgId),
        eq(responses.submittedAsViewer, false),
        eq(cycles.status, 'closed'),
        gte(cycles.opensAt, since),
        lte(cycles.opensAt, asOf),
      ),
    )
    .orderBy(responses.respondentKey, desc(cycles.opensAt));
  const latest = allLatest.filter((r) => !viewerKeys.has(r.respondentKey));

  // VR is only comparable within one instrument: use the most common one in the window.
  const counts = new Map<string, number>();
  for (const r of latest) counts.set(r.vrInstrument, (counts.get(r.vrInstrument) ?? 0) + 1);
  const vrInstrument = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];

  const rows = latest.map((r): DriverRow => {
    const parsed = r.profile ? profileAnswersSchema.safeParse(r.profile) : null;
    const predictors = parsed?.success ? getProfilePredictors(parsed.data) : null;
    return {
      cs: r.cs,
      bo: r.bo,
      sts: r.sts,
      vr: r.vrInstrument === vrInstrument ? r.vr : null,
      traumaHistory: predictors?.traumaHistory ?? null,
      selfCareComposite: r.selfCareComposite,
      yearsInField: predictors?.yearsInField ?? null,
      caseloadShare: predictors?.caseloadShare ?? null,
      practices: r.scores.practices ?? {},
    };
  });
  return {
    rows,
    windowMonths: org.windowMonths,
    k: org.k,
    cycleIds: windowCycles.map((c) => c.id),
    respondentKeys: new Set(latest.map((r) => r.respondentKey)),
  };
}

export interface DriversDto extends DriverAnalysis {
  windowMonths: number;
  /**
   * The release shown: the close that published it, and how many people it is from.
   * Null before any release.
   */
  asOf: { cycleId: string; closedAt: string; respondents: number } | null;
}

/** Runs every driver model as of `asOf` (pure fitting after one query). */
export async function computeDriverResults(db: DbOrTx, orgId: string, asOf: Date): Promise<Omit<DriversDto, 'asOf'>> {
  const { rows, windowMonths, k } = await loadDriverRows(db, orgId, asOf);
  return { ...analyzeDrivers(rows, { k }), windowMonths };
}

export type DriverReleaseOutcome =
  | { released: true; respondents: number; newcomers: number }
  | { released: false; respondents: number; newcomers: number };

/** A short one-way tag of a respondent key, stored with a release to count newcomers later. */
function memberHash(key: string): string {
  return createHash('sha256').update(`driver-release:${key}`).digest('base64url').slice(0, 22);
}

/**
 * Publishes the driver analysis at a close, inside the close transaction, under privacy
 * rules 3 and 7:
 * - it is computed once and never recomputed, so later check-ins, profile updates and
 *   erasures never move what directors see;
 * - it is released again only when at least k people in the window now were in NO earlier
 *   release. Comparing only with the last release is not enough (a small release in
 *   between, from a shrunk window or a few accounts, lets a later one differ from an older
 *   one by one person), nor is comparing with each release separately (three releases
 *   {A, x}, {B}, {A, B} each pass that, and together isolate x). A close with no or few
 *   responses, an erasure, a profile change or a window change never releases by itself;
 * - the first release needs at least k people, and k is the largest in force at any
 *   release, so lowering k never loosens the comparison;
 * - its numbers are rounded to 3 significant digits, as defence in depth against
 *   differencing two releases.
 */
export async function publishDriverResults(db: DbOrTx, orgId: string, cycleId: string, now: Date): Promise<DriverReleaseOutcome> {
  const window = await loadDriverRows(db, orgId, now);
  const earlier = await db
    .select({
      windowCycleIds: cycleDriverResults.windowCycleIds,
      memberHashes: cycleDriverResults.memberHashes,
      publishedAt: cycleDriverResults.publishedAt,
      k: sql<number | null>`(${cycleDriverResults.result}->>'k')::int`,
    })
    .from(cycleDriverResults)
    .where(eq(cycleDriverResults.orgId, orgId));
  const current = new Set([...window.respondentKeys].map(memberHash));
  const everReleased = new Set<string>();
  for (const release of earlier) {
    const members = release.memberHashes
      ? release.memberHashes
      : [...(await loadWindowKeys(db, orgId, release.windowCycleIds, release.publishedAt, window.windowMonths))].map(memberHash);
    for (const h of members) everReleased.add(h);
  }
  const k = Math.max(window.k, ...earlier.map((r) => r.k ?? 0));
  const newcomers = [...current].filter((h) => !everReleased.has(h)).length;
  if (newcomers < k) return { released: false, respondents: window.rows.length, newcomers };
  const result = roundRelease({ ...analyzeDrivers(window.rows, { k: window.k }), windowMonths: window.windowMonths });
  await db
    .insert(cycleDriverResults)
    .values({
      cycleId,
      orgId,
      result,
      windowCycleIds: window.cycleIds,
      respondents: window.rows.length,
      memberHashes: [...current].sort(),
      publishedAt: now,
    })
    .onConflictDoNothing();
  return { released: true, respondents: window.rows.length, newcomers };
}

/** Every non-integer number in a release, to 3 significant digits (strings and counts untouched). */
function roundRelease<T>(value: T): T {
  if (typeof value === 'number') return (Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(3))) as T;
  if (Array.isArray(value)) return value.map((v) => roundRelease(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundRelease(v)])) as T;
  }
  return value;
}

/** Respondent keys in an earlier release's window (derived from its date for releases made before rule 7). */
async function loadWindowKeys(
  db: DbOrTx,
  orgId: string,
  cycleIds: string[] | null,
  publishedAt: Date,
  windowMonths: number,
): Promise<Set<string>> {
  let ids = cycleIds;
  if (ids === null) {
    // Releases made before rule 7 did not store their window: take the widest window an
    // agency can set (36 months), so the comparison errs towards "not new".
    const since = windowStart(publishedAt, Math.max(windowMonths, 36));
    const rows = await db
      .select({ id: cycles.id })
      .from(cycles)
      .where(and(eq(cycles.orgId, orgId), gte(cycles.opensAt, since), lte(cycles.opensAt, publishedAt)));
    ids = rows.map((r) => r.id);
  }
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ key: responses.respondentKey })
    .from(responses)
    .where(and(eq(responses.orgId, orgId), inArray(responses.cycleId, ids)));
  return new Set(rows.map((r) => r.key));
}

/**
 * The latest published driver analysis for directors and admins. Agency-wide only:
 * there is no per-team variant. Before any cycle has closed, an empty analysis.
 */
export async function getDrivers(db: DbOrTx, member: OrgMember): Promise<DriversDto> {
  const [row] = await db
    .select({
      cycleId: cycleDriverResults.cycleId,
      result: cycleDriverResults.result,
      respondents: cycleDriverResults.respondents,
      publishedAt: cycleDriverResults.publishedAt,
    })
    .from(cycleDriverResults)
    .where(eq(cycleDriverResults.orgId, member.orgId))
    .orderBy(desc(cycleDriverResults.publishedAt))
    .limit(1);
  if (!row) {
    const [org] = await db
      .select({ k: organizations.minGroupSize, windowMonths: organizations.driverWindowMonths })
      .from(organizations)
      .where(eq(organizations.id, member.orgId))
      .limit(1);
    return { ...analyzeDrivers([], { k: org!.k }), windowMonths: org!.windowMonths, asOf: null };
  }
  // One shape for the page, the API and recommendations, whichever release format is stored.
  const result = normalizeDriverAnalysis(row.result as Omit<DriversDto, 'asOf'>);
  return {
    ...result,
    asOf: { cycleId: row.cycleId, closedAt: row.publishedAt.toISOString(), respondents: row.respondents ?? result.nRespondents },
  };
}
