import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { withOrgApi } from '@/lib/server/api';
import { getDrivers } from '@/lib/server/drivers';

/**
 * GET /api/v1/orgs/{orgId}/drivers: the agency-wide driver analysis (directors and admins).
 * Privacy rule 4: there is no per-team analysis. Any team or group parameter is refused.
 */
const querySchema = z.strictObject({});

export const GET = withOrgApi('director', async (req, member) => {
  const params = Object.fromEntries(req.nextUrl.searchParams);
  if ('team' in params || 'teamId' in params || 'group' in params || 'by' in params) {
    throw new AppError('VALIDATION', 'Driver analysis is agency-wide only: it is never run for a single team, to protect individuals.');
  }
  querySchema.parse(params);
  return NextResponse.json(await getDrivers(getDb(), member));
});
