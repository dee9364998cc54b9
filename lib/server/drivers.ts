import 'server-only';
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycleDriverResults, cycles, organizations, profiles, responses } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { analyzeDrivers, type DriverAnalysis, type DriverRow } from '@/lib/drivers/analyze';
import { AppError } from '@/lib/errors';
import { getProfilePredictors, profileAnswersSchema } from '@/lib/instruments';

/**
 * Loads each respondent's latest response from CLOSED cycles that opened within the
 * window ending at `asOf`, joined to their profile by respondent key, and strips the key
 * before anything else sees the rows.
 */
export async function loadDriverRows(db: DbOrTx, orgId: string, asOf: Date): Promise<{ rows: DriverRow[]; windowMonths: number; k: number }> {
  const [org] = await db
    .select({ windowMonths: organizations.driverWindowMonths, k: organizations.minGroupSize })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  if (!org) throw new AppError('NOT_FOUND', 'Not found.');
  const since = new Date(asOf);
  since.setUTCMonth(since.getUTCMonth() - org.windowMonths);
  const latest = await db
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
      and(eq(responses.orgId, orgId), eq(cycles.status, 'closed'), gte(cycles.opensAt, since), lte(cycles.opensAt, asOf)),
    )
    .orderBy(responses.respondentKey, desc(cycles.opensAt));

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
  return { rows, windowMonths: org.windowMonths, k: org.k };
}

export interface DriversDto extends DriverAnalysis {
  windowMonths: number;
  /** The closed cycle whose close published these results; null before any close. */
  asOf: { cycleId: string; closedAt: string } | null;
}

/** Runs every driver model as of `asOf` (pure fitting after one query). */
export async function computeDriverResults(db: DbOrTx, orgId: string, asOf: Date): Promise<Omit<DriversDto, 'asOf'>> {
  const { rows, windowMonths, k } = await loadDriverRows(db, orgId, asOf);
  return { ...analyzeDrivers(rows, { k }), windowMonths };
}

/**
 * Publishes the driver analysis for a closing cycle, inside the close transaction, once.
 * Later check-ins, profile updates and erasures do not change it (privacy rule 3).
 */
export async function publishDriverResults(db: DbOrTx, orgId: string, cycleId: string, now: Date): Promise<void> {
  const result = await computeDriverResults(db, orgId, now);
  await db.insert(cycleDriverResults).values({ cycleId, orgId, result, publishedAt: now }).onConflictDoNothing();
}

/**
 * The latest published driver analysis for directors and admins. Agency-wide only:
 * there is no per-team variant. Before any cycle has closed, an empty analysis.
 */
export async function getDrivers(db: DbOrTx, member: OrgMember): Promise<DriversDto> {
  const [row] = await db
    .select({ cycleId: cycleDriverResults.cycleId, result: cycleDriverResults.result, publishedAt: cycleDriverResults.publishedAt })
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
  return { ...(row.result as Omit<DriversDto, 'asOf'>), asOf: { cycleId: row.cycleId, closedAt: row.publishedAt.toISOString() } };
}
