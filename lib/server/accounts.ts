import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { memberships, organizations, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import type { signUpSchema } from '@/lib/validation/identity';
import { writeAudit } from './audit';
import { isUniqueViolation } from './db-errors';

export const DUPLICATE_EMAIL_MESSAGE = 'An account with this email already exists. Sign in instead, or use another email.';

/** Sign-up: a new user, a new agency, and the user as its admin, in one transaction. */
export async function createAgencyWithAdmin(
  db: Db,
  input: z.infer<typeof signUpSchema>,
): Promise<{ orgId: string; userId: string }> {
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  if (existing.length) throw new AppError('CONFLICT', DUPLICATE_EMAIL_MESSAGE, { email: [DUPLICATE_EMAIL_MESSAGE] });
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash })
        .returning({ id: users.id });
      const [org] = await tx.insert(organizations).values({ name: input.agencyName }).returning({ id: organizations.id });
      await tx.insert(memberships).values({ orgId: org!.id, userId: user!.id, role: 'admin' });
      await writeAudit(tx, {
        orgId: org!.id,
        actorUserId: user!.id,
        action: 'organization.create',
        targetType: 'organization',
        targetId: org!.id,
      });
      return { orgId: org!.id, userId: user!.id };
    });
  } catch (err) {
    // Two sign-ups with one email at once: the unique index decides, not the check above.
    if (isUniqueViolation(err)) throw new AppError('CONFLICT', DUPLICATE_EMAIL_MESSAGE, { email: [DUPLICATE_EMAIL_MESSAGE] });
    throw err;
  }
}

/** The agencies a user belongs to (active memberships only), for the switcher. */
export async function listMyOrganizations(db: Db, userId: string) {
  return db
    .select({ orgId: organizations.id, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, userId), eq(memberships.active, true)))
    .orderBy(asc(organizations.name));
}

export async function getUserProfile(db: Db, userId: string) {
  const [row] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  return row ?? null;
}
