import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { checkInPayloadSchema } from '@/lib/checkin/types';
import { AppError } from '@/lib/errors';
import { withOrgApi } from '@/lib/server/api';
import { submitCheckIn } from '@/lib/server/checkins';

const bodySchema = z.strictObject({ cycleId: z.uuid('cycleId must be a cycle id'), answers: checkInPayloadSchema });

/**
 * POST /api/v1/orgs/{orgId}/checkins: submit the caller's own check-in (the same path as
 * the check-in page). Body: { cycleId, answers: { proqol, vr, selfCare, profile } }.
 * 201 with { cycleId } (no ids of the response or the person); 409 for a second submit
 * or a closed cycle. JSON only: a cross-site form cannot send it, and session cookies are
 * SameSite=Lax, so it cannot be triggered from another site.
 */
export const POST = withOrgApi('staff', async (req, member) => {
  if (!req.headers.get('content-type')?.toLowerCase().startsWith('application/json')) {
    throw new AppError('VALIDATION', 'Send the check-in as JSON (Content-Type: application/json).');
  }
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid JSON.');
  }
  const body = bodySchema.parse(raw);
  await submitCheckIn(getDb(), member, body.cycleId, body.answers);
  return NextResponse.json({ cycleId: body.cycleId, status: 'submitted' }, { status: 201 });
});
