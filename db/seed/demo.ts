import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { memberships, organizations, teams, users } from '../schema';
import { hashPassword } from '@/lib/auth/password';

export const DEMO_AGENCY_NAME = 'Riverbend Anti-Trafficking Services (demo)';
export const DEMO_PASSWORD = 'sustain-demo-2026';

export const DEMO_ACCOUNTS = {
  admin: { email: 'admin@demo.sustain.test', name: 'Alex Admin' },
  director: { email: 'director@demo.sustain.test', name: 'Dana Director' },
  staff: { email: 'staff@demo.sustain.test', name: 'Sam Staff' },
} as const;

const TEAMS = ['Case management', 'Legal advocacy'];

export interface DemoSeedResult {
  created: boolean;
  orgId: string;
}

/** Seeds the demo agency once. Running it again leaves an existing demo untouched. */
export async function seedDemo(db: Db): Promise<DemoSeedResult> {
  const [existing] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.name, DEMO_AGENCY_NAME))
    .limit(1);
  if (existing) return { created: false, orgId: existing.id };

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [org] = await tx
      .insert(organizations)
      .values({
        name: DEMO_AGENCY_NAME,
        roleWord: 'advocate',
        supportEapLine: 'EAP (demo): 1-800-555-0199, 24/7, free and confidential',
        supportCrisisLine: '988 Suicide & Crisis Lifeline: call or text 988',
        supportText: 'Peer debrief circle: Thursdays 4pm. Clinical consultation: ask your supervisor for a slot.',
      })
      .returning({ id: organizations.id });
    const orgId = org!.id;
    const teamRows = await tx
      .insert(teams)
      .values(TEAMS.map((name) => ({ orgId, name })))
      .returning({ id: teams.id, name: teams.name });
    const teamId = (name: string) => teamRows.find((t) => t.name === name)!.id;

    const people: { email: string; name: string; role: 'admin' | 'director' | 'staff'; team: string | null }[] = [
      { ...DEMO_ACCOUNTS.admin, role: 'admin', team: null },
      { ...DEMO_ACCOUNTS.director, role: 'director', team: null },
      { ...DEMO_ACCOUNTS.staff, role: 'staff', team: 'Case management' },
    ];
    for (let i = 1; i <= 11; i++) {
      people.push({
        email: `staff${i}@demo.sustain.test`,
        name: `Demo Staff ${i}`,
        role: 'staff',
        team: i <= 6 ? 'Case management' : 'Legal advocacy',
      });
    }
    const inserted = await tx
      .insert(users)
      .values(people.map((p) => ({ email: p.email, name: p.name, passwordHash })))
      .returning({ id: users.id, email: users.email });
    await tx.insert(memberships).values(
      people.map((p) => ({
        orgId,
        userId: inserted.find((u) => u.email === p.email)!.id,
        role: p.role,
        teamId: p.team ? teamId(p.team) : null,
      })),
    );
    return { created: true, orgId };
  });
}
