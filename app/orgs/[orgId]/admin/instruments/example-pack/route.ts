import { NextResponse } from 'next/server';
import { z } from 'zod';
import examplePack from '@/lib/instruments/examples/example-pack.json';
import { withOrgApi } from '@/lib/server/api';

/**
 * GET /orgs/{orgId}/admin/instruments/example-pack: the example instrument pack as a
 * download, for admins writing their own (the file in lib/instruments/examples, which the
 * pack tests validate). Admin-only like the rest of the instruments page; no parameters.
 */
const querySchema = z.strictObject({});

export const GET = withOrgApi('admin', async (req) => {
  querySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return new NextResponse(`${JSON.stringify(examplePack, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="sustain-example-pack.json"',
    },
  });
});
