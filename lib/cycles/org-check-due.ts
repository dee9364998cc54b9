/**
 * Whether a cycle includes the brief organizational check (issue 15), from the agency's
 * setting: 'every' cycle, 'twice_yearly' (the default) or 'off'. PURE.
 *
 * Twice a year means: included when no cycle with the check opened in the previous 170
 * days. Scheduled cycles open on the same day of the month, so six months apart is at
 * least 181 days and five months at most 153: 170 separates them for every cadence
 * (monthly, every two months, quarterly all include it every sixth month).
 */
export type OrgCheckSetting = 'every' | 'twice_yearly' | 'off';

export const ORG_CHECK_SETTINGS: readonly OrgCheckSetting[] = Object.freeze(['every', 'twice_yearly', 'off'] as const);

export const TWICE_YEARLY_GAP_DAYS = 170;

export function isOrgCheckSetting(value: unknown): value is OrgCheckSetting {
  return typeof value === 'string' && (ORG_CHECK_SETTINGS as readonly string[]).includes(value);
}

/**
 * @param lastWithCheck when the agency's latest cycle that included the check opened, or null.
 * @example isOrgCheckDue('twice_yearly', new Date('2026-01-01'), new Date('2026-07-01')) === true
 */
export function isOrgCheckDue(setting: OrgCheckSetting, lastWithCheck: Date | null, opensAt: Date): boolean {
  if (setting === 'every') return true;
  if (setting === 'off') return false;
  if (lastWithCheck === null) return true;
  return opensAt.getTime() - lastWithCheck.getTime() >= TWICE_YEARLY_GAP_DAYS * 86_400_000;
}
