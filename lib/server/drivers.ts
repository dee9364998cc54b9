import 'server-only';
import { and, desc, eq, gte } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { cycles, organizations, profiles, responses } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { analyzeDrivers, type DriverAnalysis, type DriverRow } from '@/lib/drivers/analyze';
import { AppError } from '@/lib/errors';
import { getProfilePredictors, profileAnswersSchema } from '@/lib/instruments';

/**
 * Loads each respondent's latest response from CLOSED cycles within the agency's window,
 * joined to their profile by respondent key, and strips the key before anything else
 * sees the rows. Open cycles are excluded: results must not move while a director
 * watches who has just checked in (privacy rule 3).
 */
export async function loadDriverRows(db: DbOrTx, orgId: string, now = new Date()): Promise<{ rows: DriverRow[]; windowMonths: number }> {
  const [org] = await db
    .select({ windowMonths: organizations.driverWindowMonths })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  if (!org) throw new AppError('NOT_FOUND', 'Not found.');
  const since = new Date(now);
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
    .where(and(eq(responses.orgId, orgId), eq(cycles.status, 'closed'), gte(cycles.opensAt, since)))
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
  // Shuffle-free but key-free from here on; order carries nothing since keys are HMACs.
  return { rows, windowMonths: org.windowMonths };
}

export interface DriversDto extends DriverAnalysis {
  windowMonths: number;
}

/** Agency-wide driver analysis for directors and admins. There is no per-team variant. */
export async function getDrivers(db: DbOrTx, member: OrgMember, now = new Date()): Promise<DriversDto> {
  const [org] = await db.select({ k: organizations.minGroupSize }).from(organizations).where(eq(organizations.id, member.orgId)).limit(1);
  const { rows, windowMonths } = await loadDriverRows(db, member.orgId, now);
  return { ...analyzeDrivers(rows, { k: org!.k }), windowMonths };
}
