import type { Role } from '@/db/schema';

/** Roles are ordered: an admin can do what a director can, a director what staff can. */
const rank: Record<Role, number> = { staff: 1, director: 2, admin: 3 };

export function hasRoleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  director: 'Program director',
  staff: 'Staff member',
};

export const roleDescriptions: Record<Role, string> = {
  admin: 'Manages the agency: settings, teams, members and check-in cycles. Sees anonymized team results.',
  director: 'Runs check-in cycles and sees anonymized team-level results, drivers and the action plan.',
  staff: 'Completes check-ins and sees only their own results.',
};
