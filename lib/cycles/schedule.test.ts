import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPREAD_SECONDS,
  agencyOffsetSeconds,
  dueWindow,
  isValidTimeZone,
  nextOpening,
  reminderDueAt,
  scheduledWindow,
  startOfLocalDay,
} from './schedule';

const utc = (s: string) => new Date(`${s}T00:00:00Z`);

describe('scheduledWindow (worked by hand from the calendar)', () => {
  it('monthly, opening on the 5th for 14 days', () => {
    const rule = { cadence: 'monthly' as const, openDay: 5, durationDays: 14 };
    expect(scheduledWindow(rule, utc('2026-11-10'))).toEqual({
      scheduleKey: '2026-11',
      opensAt: utc('2026-11-05'),
      closesAt: utc('2026-11-19'),
    });
    // Before the 5th we are in October's period, whose window has closed.
    expect(scheduledWindow(rule, utc('2026-11-03')).scheduleKey).toBe('2026-10');
    expect(dueWindow(rule, utc('2026-11-03'))).toBeNull();
    expect(dueWindow(rule, utc('2026-11-05'))?.scheduleKey).toBe('2026-11');
    // The close instant is exclusive.
    expect(dueWindow(rule, utc('2026-11-19'))).toBeNull();
  });

  it('January before the open day rolls back to December of the previous year', () => {
    const rule = { cadence: 'monthly' as const, openDay: 10, durationDays: 7 };
    expect(scheduledWindow(rule, utc('2027-01-02')).scheduleKey).toBe('2026-12');
  });

  it('quarterly periods start in Jan, Apr, Jul, Oct; bimonthly in odd months', () => {
    const q = { cadence: 'quarterly' as const, openDay: 1, durationDays: 28 };
    expect(scheduledWindow(q, utc('2026-05-20')).scheduleKey).toBe('2026-04');
    expect(dueWindow(q, utc('2026-05-20'))).toBeNull(); // Apr 1 + 28 days = Apr 29
    expect(dueWindow(q, utc('2026-04-28'))?.closesAt).toEqual(utc('2026-04-29'));
    const b = { cadence: 'bimonthly' as const, openDay: 1, durationDays: 10 };
    expect(scheduledWindow(b, utc('2026-12-05')).scheduleKey).toBe('2026-11');
    expect(scheduledWindow(b, utc('2027-01-05')).scheduleKey).toBe('2027-01');
  });

  it('nextOpening and reminderDueAt', () => {
    const rule = { cadence: 'monthly' as const, openDay: 5, durationDays: 14 };
    expect(nextOpening(rule, utc('2026-11-10'))).toEqual(utc('2026-12-05'));
    expect(nextOpening(rule, utc('2026-11-03'))).toEqual(utc('2026-11-05'));
    expect(reminderDueAt(utc('2026-11-19'), 3)).toEqual(utc('2026-11-16'));
    expect(reminderDueAt(utc('2026-11-19'), 0)).toBeNull();
  });

  it('rejects impossible rules, naming the function', () => {
    expect(() => scheduledWindow({ cadence: 'monthly', openDay: 31, durationDays: 14 }, new Date())).toThrow(/scheduledWindow: openDay/);
    expect(() => scheduledWindow({ cadence: 'monthly', openDay: 1, durationDays: 3 }, new Date())).toThrow(/durationDays/);
  });
});

describe('time zones and daylight saving (offsets checked against the IANA rules for 2026)', () => {
  const rule = { cadence: 'monthly' as const, openDay: 5, durationDays: 14 };
  const at = (iso: string) => new Date(iso);

  it('opens and closes at local midnight: New York is UTC−5 in winter, UTC−4 in summer', () => {
    const ny = { timeZone: 'America/New_York', offsetSeconds: 0 };
    expect(scheduledWindow(rule, at('2026-01-10T12:00:00Z'), ny)).toEqual({
      scheduleKey: '2026-01',
      opensAt: at('2026-01-05T05:00:00Z'),
      closesAt: at('2026-01-19T05:00:00Z'),
    });
    expect(scheduledWindow(rule, at('2026-07-10T12:00:00Z'), ny).opensAt).toEqual(at('2026-07-05T04:00:00Z'));
  });

  it('a window spanning the spring change (8 March 2026 in New York) is 14 local days, an hour shorter in UTC', () => {
    const ny = { timeZone: 'America/New_York', offsetSeconds: 0 };
    const w = scheduledWindow(rule, at('2026-03-06T12:00:00Z'), ny);
    expect(w.opensAt).toEqual(at('2026-03-05T05:00:00Z'));
    expect(w.closesAt).toEqual(at('2026-03-19T04:00:00Z'));
    // …and one spanning the autumn change (1 November) an hour longer.
    const late = { cadence: 'monthly' as const, openDay: 28, durationDays: 14 };
    const oct = scheduledWindow(late, at('2026-10-30T12:00:00Z'), ny);
    expect(oct).toMatchObject({ opensAt: at('2026-10-28T04:00:00Z'), closesAt: at('2026-11-11T05:00:00Z') });
    expect(oct.closesAt.getTime() - oct.opensAt.getTime()).toBe(14 * 86_400_000 + 3_600_000);
  });

  it('where local midnight does not exist (Santiago springs forward at 24:00 on 5 Sept 2026) the day starts at 01:00', () => {
    expect(startOfLocalDay(2026, 8, 6, 'America/Santiago')).toEqual(at('2026-09-06T04:00:00Z'));
    // The day before began at midnight, UTC−4.
    expect(startOfLocalDay(2026, 8, 5, 'America/Santiago')).toEqual(at('2026-09-05T04:00:00Z'));
    // Kathmandu is UTC+5:45 all year.
    expect(startOfLocalDay(2026, 0, 1, 'Asia/Kathmandu')).toEqual(at('2025-12-31T18:15:00Z'));
  });

  it('the period follows the local date: 31 Dec 23:30 in Auckland is already January there', () => {
    const akl = { timeZone: 'Pacific/Auckland', offsetSeconds: 0 };
    const jan = { cadence: 'monthly' as const, openDay: 1, durationDays: 7 };
    // 2026-12-31T11:30Z is 1 January 2027 00:30 in Auckland (UTC+13 in summer).
    expect(dueWindow(jan, at('2026-12-31T11:30:00Z'), akl)?.scheduleKey).toBe('2027-01');
    expect(dueWindow(jan, at('2026-12-31T11:30:00Z'))).toBeNull();
  });

  it('the per-agency offset shifts both ends, is deterministic, and spreads agencies', () => {
    const id = '6f1c2b7e-0000-4000-8000-000000000001';
    const off = agencyOffsetSeconds(id);
    expect(off).toBe(agencyOffsetSeconds(id));
    expect(off).toBeGreaterThanOrEqual(0);
    expect(off).toBeLessThan(DEFAULT_SPREAD_SECONDS);
    const placed = scheduledWindow(rule, utc('2026-11-10'), { timeZone: 'UTC', offsetSeconds: off });
    expect(placed.opensAt.getTime()).toBe(utc('2026-11-05').getTime() + off * 1000);
    expect(placed.closesAt.getTime()).toBe(utc('2026-11-19').getTime() + off * 1000);
    // Just before the shifted opening we are outside the window.
    expect(dueWindow(rule, new Date(placed.opensAt.getTime() - 1), { timeZone: 'UTC', offsetSeconds: off })).toBeNull();
    // 1,000 random-looking ids land in many different seconds (no more than 5 share one).
    const counts = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const o = agencyOffsetSeconds(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      counts.set(o, (counts.get(o) ?? 0) + 1);
    }
    expect(counts.size).toBeGreaterThan(700);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(5);
    expect(agencyOffsetSeconds(id, 0)).toBe(0);
  });

  it('nextOpening in a zone, and time-zone validation with Intl', () => {
    const ny = { timeZone: 'America/New_York', offsetSeconds: 0 };
    expect(nextOpening(rule, at('2026-11-10T12:00:00Z'), ny)).toEqual(at('2026-12-05T05:00:00Z'));
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => scheduledWindow(rule, new Date(), { timeZone: 'Mars/Olympus', offsetSeconds: 0 })).toThrow(/unknown time zone/);
  });
});
