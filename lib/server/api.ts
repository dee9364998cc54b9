import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { Role } from '@/db/schema';
import type { OrgMember } from '@/lib/auth/authorize';
import { requireOrgRoleForApi } from '@/lib/auth/require';
import { toErrorResponse } from '@/lib/errors';

type OrgRouteContext = { params: Promise<{ orgId: string }> };

/**
 * The one wrapper for JSON route handlers under /api/v1/orgs/[orgId]: it authorizes the
 * caller against the org in the URL (401 without a session, 404 for non-members and
 * too-low roles), runs the handler, and maps errors (zod → 422, AppError → its status,
 * anything else → a logged 500). Responses are never cached by shared caches.
 */
export function withOrgApi(minimum: Role, handler: (req: NextRequest, member: OrgMember) => Promise<Response>) {
  return async (req: NextRequest, ctx: OrgRouteContext): Promise<Response> => {
    try {
      const { orgId } = await ctx.params;
      const member = await requireOrgRoleForApi(orgId, minimum);
      const res = await handler(req, member);
      res.headers.set('Cache-Control', 'private, no-store');
      return res;
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      return NextResponse.json(body, { status, headers: { 'Cache-Control': 'private, no-store' } });
    }
  };
}
