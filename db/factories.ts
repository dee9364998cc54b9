import type { Db } from './client';
import { memberships, organizations, teams, users, type Role } from './schema';

/**
 * Test and seed factories. Password hashing is slow by design, so factories take a
 * precomputed hash; tests that sign in pass a real argon2id hash.
 */
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeOrg(db: Db, values: Partial<typeof organizations.$inferInsert> = {}) {
  const [org] = await db
    .insert(organizations)
    .values({ name: `Agency ${unique()}`, ...values })
    .returning();
  return org!;
}

export async function makeTeam(db: Db, orgId: string, name = `Team ${unique()}`) {
  const [team] = await db.insert(teams).values({ orgId, name }).returning();
  return team!;
}

export async function makeUser(db: Db, values: Partial<typeof users.$inferInsert> = {}) {
  const [user] = await db
    .insert(users)
    .values({ email: `user-${unique()}@example.test`, name: `User ${unique()}`, passwordHash: 'x', ...values })
    .returning();
  return user!;
}

export async function makeMember(
  db: Db,
  orgId: string,
  role: Role,
  options: { teamId?: string | null; active?: boolean; user?: Partial<typeof users.$inferInsert> } = {},
) {
  const user = await makeUser(db, options.user);
  const [membership] = await db
    .insert(memberships)
    .values({ orgId, userId: user.id, role, teamId: options.teamId ?? null, active: options.active ?? true })
    .returning();
  return { user, membership: membership! };
}
