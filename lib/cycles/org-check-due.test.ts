import { describe, expect, it } from 'vitest';
import { isOrgCheckDue } from './org-check-due';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('isOrgCheckDue', () => {
  it('every and off ignore history', () => {
    expect(isOrgCheckDue('every', d('2026-06-01'), d('2026-06-02'))).toBe(true);
    expect(isOrgCheckDue('off', null, d('2026-06-02'))).toBe(false);
  });

  it('twice a year: the first cycle, then every sixth month for monthly, bimonthly and quarterly schedules', () => {
    expect(isOrgCheckDue('twice_yearly', null, d('2026-01-01'))).toBe(true);
    const months = (step: number) => {
      let last: Date | null = null;
      const included: string[] = [];
      for (let m = 0; m < 24; m += step) {
        const opens = new Date(Date.UTC(2026, m, 1));
        if (isOrgCheckDue('twice_yearly', last, opens)) {
          included.push(opens.toISOString().slice(0, 7));
          last = opens;
        }
      }
      return included;
    };
    const expected = ['2026-01', '2026-07', '2027-01', '2027-07'];
    expect(months(1)).toEqual(expected);
    expect(months(2)).toEqual(expected);
    expect(months(3)).toEqual(expected);
  });
});
