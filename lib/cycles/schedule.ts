/**
 * Cycle schedule arithmetic. PURE: dates in, dates out.
 *
 * A schedule opens a cycle on `openDay` (1–28, so every month has it) of each period's
 * first month, at local midnight in the agency's IANA time zone, plus a small per-agency
 * offset, for `durationDays` local calendar days (so a window that spans a daylight-saving
 * change still closes at local midnight plus the offset). Periods: monthly = every month;
 * bimonthly = Jan, Mar, May, Jul, Sep, Nov; quarterly = Jan, Apr, Jul, Oct. The period key
 * ("2026-11") names the period and is unique per agency in the database, which is what
 * makes opening idempotent.
 *
 * Why the offset: schedules otherwise line up at local midnight, so thousands of agencies
 * would fall due in the same second and every server would race for the same list. The
 * offset is a hash of the agency id (agencyOffsetSeconds), the same on every server and
 * every period, so an agency's cycles always open and close at the same local time.
 */
export type Cadence = 'monthly' | 'bimonthly' | 'quarterly';

export interface ScheduleRule {
  cadence: Cadence;
  openDay: number;
  durationDays: number;
}

/** Where an agency's windows sit in time: its IANA zone and its offset after local midnight. */
export interface SchedulePlacement {
  timeZone: string;
  offsetSeconds: number;
}

export interface ScheduledWindow {
  scheduleKey: string;
  opensAt: Date;
  closesAt: Date;
}

const UTC_PLACEMENT: SchedulePlacement = { timeZone: 'UTC', offsetSeconds: 0 };

const monthsPerPeriod: Record<Cadence, number> = { monthly: 1, bimonthly: 2, quarterly: 3 };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Default spread of the per-agency offset: 30 minutes. */
export const DEFAULT_SPREAD_SECONDS = 30 * 60;

function assertRule(rule: ScheduleRule): void {
  if (!Number.isInteger(rule.openDay) || rule.openDay < 1 || rule.openDay > 28)
    throw new RangeError(`scheduledWindow: openDay must be a whole number from 1 to 28, got ${rule.openDay}`);
  if (!Number.isInteger(rule.durationDays) || rule.durationDays < 7 || rule.durationDays > 28)
    throw new RangeError(`scheduledWindow: durationDays must be a whole number from 7 to 28, got ${rule.durationDays}`);
}

/** True when `timeZone` is an IANA zone this runtime knows (checked with Intl). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    if (!isValidTimeZone(timeZone)) throw new RangeError(`scheduledWindow: unknown time zone ${JSON.stringify(timeZone)}`);
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  /** 0–11 */
  month: number;
  day: number;
}

/** The wall-clock reading of `date` in `timeZone`, as milliseconds of a UTC date with the same fields. */
function wallClockMs(date: Date, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
}

function localDate(date: Date, timeZone: string): LocalParts {
  const wall = new Date(wallClockMs(date, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth(), day: wall.getUTCDate() };
}

/**
 * The first instant of local day (year, month, day) in `timeZone`. Where local midnight does
 * not exist (a daylight-saving gap at midnight, as in America/Santiago), the day starts at the
 * end of the gap. Cost: a few Intl calls.
 */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const wallMidnight = Date.UTC(year, month, day);
  // UTC offsets lie within ±14 h; try the offsets in force around that day, keep the earliest
  // instant whose wall clock reads this day, at or after midnight.
  const candidates = new Set<number>();
  for (const probe of [wallMidnight - DAY_MS, wallMidnight, wallMidnight + DAY_MS]) {
    const offset = wallClockMs(new Date(probe), timeZone) - probe;
    candidates.add(wallMidnight - offset);
  }
  let best: number | undefined;
  for (const t of candidates) {
    const wall = wallClockMs(new Date(t), timeZone);
    if (wall === wallMidnight && (best === undefined || t < best)) best = t;
  }
  if (best !== undefined) return new Date(best);
  // Midnight falls in a gap: the day begins when the clocks jump, the first instant after
  // the candidates whose wall clock is on this day. Search the hour after each candidate.
  let earliest: number | undefined;
  for (const t of candidates) {
    for (let m = 0; m <= 180; m += 1) {
      const at = t + m * 60_000;
      const wall = wallClockMs(new Date(at), timeZone);
      if (wall >= wallMidnight && wall < wallMidnight + DAY_MS) {
        if (earliest === undefined || at < earliest) earliest = at;
        break;
      }
    }
  }
  if (earliest === undefined) throw new RangeError(`startOfLocalDay: no start found for ${year}-${month + 1}-${day} in ${timeZone}`);
  return new Date(earliest);
}

/**
 * A deterministic offset in [0, spreadSeconds) from the agency id (FNV-1a, 32-bit), so
 * agencies on the same schedule fall due spread over `spreadSeconds` instead of in the
 * same second. Example: every id maps to the same offset on every server and run.
 */
export function agencyOffsetSeconds(orgId: string, spreadSeconds = DEFAULT_SPREAD_SECONDS): number {
  if (!Number.isInteger(spreadSeconds) || spreadSeconds < 0) throw new RangeError('agencyOffsetSeconds: spreadSeconds must be a whole number ≥ 0');
  if (spreadSeconds === 0) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < orgId.length; i++) {
    hash ^= orgId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % spreadSeconds;
}

function windowFor(rule: ScheduleRule, year: number, startMonth: number, placement: SchedulePlacement): ScheduledWindow {
  const offsetMs = placement.offsetSeconds * 1000;
  const opensAt = new Date(startOfLocalDay(year, startMonth, rule.openDay, placement.timeZone).getTime() + offsetMs);
  // Close after durationDays local calendar days (Date.UTC normalises the day overflow).
  const closeDay = new Date(Date.UTC(year, startMonth, rule.openDay + rule.durationDays));
  const closesAt = new Date(
    startOfLocalDay(closeDay.getUTCFullYear(), closeDay.getUTCMonth(), closeDay.getUTCDate(), placement.timeZone).getTime() + offsetMs,
  );
  return { scheduleKey: `${year}-${String(startMonth + 1).padStart(2, '0')}`, opensAt, closesAt };
}

/** The window of the period containing `now` (whether or not `now` is inside the open window). */
export function scheduledWindow(rule: ScheduleRule, now: Date, placement: SchedulePlacement = UTC_PLACEMENT): ScheduledWindow {
  assertRule(rule);
  const step = monthsPerPeriod[rule.cadence];
  const local = localDate(now, placement.timeZone);
  let startMonth = local.month - (local.month % step);
  let year = local.year;
  let w = windowFor(rule, year, startMonth, placement);
  // Before this period's opening we are still in the previous period.
  if (now.getTime() < w.opensAt.getTime()) {
    startMonth -= step;
    if (startMonth < 0) {
      startMonth += 12;
      year -= 1;
    }
    w = windowFor(rule, year, startMonth, placement);
  }
  return w;
}

/** The window that should be open at `now`, or null when `now` falls between windows. */
export function dueWindow(rule: ScheduleRule, now: Date, placement: SchedulePlacement = UTC_PLACEMENT): ScheduledWindow | null {
  const w = scheduledWindow(rule, now, placement);
  return now.getTime() >= w.opensAt.getTime() && now.getTime() < w.closesAt.getTime() ? w : null;
}

/** The next opening after `now` (for "the next check-in opens on …"). */
export function nextOpening(rule: ScheduleRule, now: Date, placement: SchedulePlacement = UTC_PLACEMENT): Date {
  const w = scheduledWindow(rule, now, placement);
  if (w.opensAt.getTime() > now.getTime()) return w.opensAt;
  const [year, month] = w.scheduleKey.split('-').map(Number) as [number, number];
  const next = new Date(Date.UTC(year, month - 1 + monthsPerPeriod[rule.cadence], 1));
  return windowFor(rule, next.getUTCFullYear(), next.getUTCMonth(), placement).opensAt;
}

/** When the reminder for a window is due: `daysBefore` days before close (0 = no reminder). */
export function reminderDueAt(closesAt: Date, daysBefore: number): Date | null {
  if (daysBefore <= 0) return null;
  return new Date(closesAt.getTime() - daysBefore * DAY_MS);
}
