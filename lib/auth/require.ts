import 'server-only';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import type { Role } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { authorizeOrgRole, type OrgMember } from './authorize';
import { getSessionUserId } from './session';

/** For pages and server actions: the signed-in user's id, or a redirect to sign-in. */
export async function requireUser(callbackUrl?: string): Promise<string> {
  const userId = await getSessionUserId();
  if (!userId) redirect(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : '/login');
  return userId;
}

/**
 * Every page and server action under /orgs/[orgId] calls this itself; layouts are a convenience,
 * not the guard. Non-members, deactivated members and too-low roles all get the 404 page.
 */
export async function requireOrgRole(orgId: string, minimum: Role): Promise<OrgMember> {
  const userId = await requireUser();
  try {
    return await authorizeOrgRole(getDb(), userId, orgId, minimum);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') notFound();
    throw err;
  }
}

/** For route handlers: throws AppError (401/404), which the handler wrapper maps to JSON. */
export async function requireOrgRoleForApi(orgId: string, minimum: Role): Promise<OrgMember> {
  const userId = await getSessionUserId();
  return authorizeOrgRole(getDb(), userId, orgId, minimum);
}
