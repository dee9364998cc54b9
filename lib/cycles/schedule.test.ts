import { describe, expect, it } from 'vitest';
import { dueWindow, nextOpening, reminderDueAt, scheduledWindow } from './schedule';

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
