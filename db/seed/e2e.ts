import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { memberships, organizations, teams, users } from '../schema';
import { hashPassword } from '@/lib/auth/password';

/** Fixed fixtures for the e2e suite: two agencies, each with an admin, a director and staff. */
export const E2E_PASSWORD = 'e2e-password-for-tests';

export const E2E_AGENCIES = {
  a: { name: 'E2E Agency A', team: 'Alpha team' },
  b: { name: 'E2E Agency B', team: 'Beta team' },
  /** Used only by e2e/measures-pack.spec.ts (a VR pack through a whole cycle), so no other spec changes its numbers. */
  c: { name: 'E2E Agency C', team: 'Gamma team' },
  /** Used only by e2e/org-check.spec.ts (a cycle with the organizational check, issue 15). */
  d: { name: 'E2E Agency D', team: 'Delta team' },
} as const;

export function e2eEmail(agency: 'a' | 'b' | 'c' | 'd', role: 'admin' | 'director' | 'staff', n = 1) {
  return `${agency}-${role}${n > 1 ? n : ''}@e2e.sustain.test`;
}

export async function seedE2e(db: Db): Promise<void> {
  const [exists] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, E2E_AGENCIES.a.name));
  if (exists) return;
  const passwordHash = await hashPassword(E2E_PASSWORD);
  await db.transaction(async (tx) => {
    for (const key of ['a', 'b', 'c', 'd'] as const) {
      const [org] = await tx.insert(organizations).values({ name: E2E_AGENCIES[key].name }).returning({ id: organizations.id });
      const [team] = await tx.insert(teams).values({ orgId: org!.id, name: E2E_AGENCIES[key].team }).returning({ id: teams.id });
      const people: { role: 'admin' | 'director' | 'staff'; n: number }[] = [
        { role: 'admin', n: 1 },
        { role: 'director', n: 1 },
        ...Array.from({ length: 6 }, (_, i) => ({ role: 'staff' as const, n: i + 1 })),
      ];
      for (const p of people) {
        const [user] = await tx
          .insert(users)
          .values({ email: e2eEmail(key, p.role, p.n), name: `${key.toUpperCase()} ${p.role} ${p.n}`, passwordHash })
          .returning({ id: users.id });
        await tx.insert(memberships).values({
          orgId: org!.id,
          userId: user!.id,
          role: p.role,
          teamId: p.role === 'staff' ? team!.id : null,
        });
      }
    }
  });
}
