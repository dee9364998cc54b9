import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { checkInPayloadSchema } from '@/lib/checkin/types';
import { withOrgApi } from '@/lib/server/api';
import { submitCheckIn } from '@/lib/server/checkins';
import { readJsonBody } from '@/lib/server/json-body';

const bodySchema = z.strictObject({ cycleId: z.uuid('cycleId must be a cycle id'), answers: checkInPayloadSchema });

/**
 * POST /api/v1/orgs/{orgId}/checkins: submit the caller's own check-in (the same path as
 * the check-in page). Body: { cycleId, answers: { proqol, vr, selfCare, profile } }.
 * 201 with { cycleId } (no ids of the response or the person); 409 for a second submit
 * or a closed cycle. JSON only: a cross-site form cannot send it, and session cookies are
 * SameSite=Lax, so it cannot be triggered from another site.
 */
export const POST = withOrgApi('staff', async (req, member) => {
  // JSON only, at most 64 KB, no "__proto__"-style keys or hostile nesting (issue 12).
  const body = bodySchema.parse(await readJsonBody(req));
  await submitCheckIn(getDb(), member, body.cycleId, body.answers);
  return NextResponse.json({ cycleId: body.cycleId, status: 'submitted' }, { status: 201 });
});
