/**
 * Cycle schedule arithmetic. PURE: dates in, dates out, all in UTC.
 *
 * A schedule opens a cycle on `openDay` (1–28, so every month has it) of each period's
 * first month, at 00:00 UTC, for `durationDays`. Periods: monthly = every month;
 * bimonthly = Jan, Mar, May, Jul, Sep, Nov; quarterly = Jan, Apr, Jul, Oct.
 * The period key ("2026-11") names the period and is unique per agency in the database,
 * which is what makes opening idempotent.
 */
export type Cadence = 'monthly' | 'bimonthly' | 'quarterly';

export interface ScheduleRule {
  cadence: Cadence;
  openDay: number;
  durationDays: number;
}

export interface ScheduledWindow {
  scheduleKey: string;
  opensAt: Date;
  closesAt: Date;
}

const monthsPerPeriod: Record<Cadence, number> = { monthly: 1, bimonthly: 2, quarterly: 3 };

const DAY_MS = 24 * 60 * 60 * 1000;

function assertRule(rule: ScheduleRule): void {
  if (!Number.isInteger(rule.openDay) || rule.openDay < 1 || rule.openDay > 28)
    throw new RangeError(`scheduledWindow: openDay must be a whole number from 1 to 28, got ${rule.openDay}`);
  if (!Number.isInteger(rule.durationDays) || rule.durationDays < 7 || rule.durationDays > 28)
    throw new RangeError(`scheduledWindow: durationDays must be a whole number from 7 to 28, got ${rule.durationDays}`);
}

/** The window of the period containing `now` (whether or not `now` is inside the open window). */
export function scheduledWindow(rule: ScheduleRule, now: Date): ScheduledWindow {
  assertRule(rule);
  const step = monthsPerPeriod[rule.cadence];
  const month = now.getUTCMonth();
  let startMonth = month - (month % step);
  let year = now.getUTCFullYear();
  let opensAt = new Date(Date.UTC(year, startMonth, rule.openDay));
  // Before this period's open day we are still in the previous period.
  if (now.getTime() < opensAt.getTime()) {
    startMonth -= step;
    if (startMonth < 0) {
      startMonth += 12;
      year -= 1;
    }
    opensAt = new Date(Date.UTC(year, startMonth, rule.openDay));
  }
  return {
    scheduleKey: `${year}-${String(startMonth + 1).padStart(2, '0')}`,
    opensAt,
    closesAt: new Date(opensAt.getTime() + rule.durationDays * DAY_MS),
  };
}

/** The window that should be open at `now`, or null when `now` falls between windows. */
export function dueWindow(rule: ScheduleRule, now: Date): ScheduledWindow | null {
  const w = scheduledWindow(rule, now);
  return now.getTime() >= w.opensAt.getTime() && now.getTime() < w.closesAt.getTime() ? w : null;
}

/** The next opening after `now` (for "the next check-in opens on …"). */
export function nextOpening(rule: ScheduleRule, now: Date): Date {
  const w = scheduledWindow(rule, now);
  const step = monthsPerPeriod[rule.cadence];
  const d = new Date(w.opensAt);
  d.setUTCMonth(d.getUTCMonth() + step);
  return w.opensAt.getTime() > now.getTime() ? w.opensAt : d;
}

/** When the reminder for a window is due: `daysBefore` days before close (0 = no reminder). */
export function reminderDueAt(closesAt: Date, daysBefore: number): Date | null {
  if (daysBefore <= 0) return null;
  return new Date(closesAt.getTime() - daysBefore * DAY_MS);
}
