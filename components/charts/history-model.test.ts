import { describe, expect, it } from 'vitest';
import type { MyHistoryPoint } from '@/lib/checkin/types';
import {
  PROQOL_SERIES,
  VR_SERIES,
  formatCycleDate,
  formatHistoryValue,
  hasAnyScore,
  sortPoints,
  summarizeHistory,
} from './history-model';

const point = (cycleDate: string, cs: number | null, bo: number | null, sts: number | null, vr: number | null = null) =>
  ({
    cycleId: cycleDate,
    cycleDate,
    submittedOn: cycleDate.slice(0, 10),
    cs,
    bo,
    sts,
    vr,
    selfCareComposite: null,
  }) satisfies MyHistoryPoint;

describe('formatCycleDate', () => {
  it('formats in UTC so server and browser agree', () => {
    expect(formatCycleDate('2025-03-03T00:00:00.000Z')).toBe('Mar 3, 2025');
    expect(formatCycleDate('2025-03-02T23:30:00.000Z')).toBe('Mar 2, 2025');
    expect(formatCycleDate('not a date')).toBe('not a date');
  });
});

describe('sortPoints', () => {
  it('sorts by cycle date without mutating the input', () => {
    const input = Object.freeze([point('2025-06-01', 1, 1, 1), point('2025-03-01', 2, 2, 2)]);
    expect(sortPoints(input).map((p) => p.cycleDate)).toEqual(['2025-03-01', '2025-06-01']);
    expect(input[0].cycleDate).toBe('2025-06-01');
  });
});

describe('formatHistoryValue', () => {
  it('says "No score" for null and keeps prorated decimals', () => {
    expect(formatHistoryValue(null)).toBe('No score');
    expect(formatHistoryValue(38)).toBe('38');
    expect(formatHistoryValue(33.3)).toBe('33.3');
    expect(formatHistoryValue(2.5, 2)).toBe('2.50');
  });
});

describe('summarizeHistory', () => {
  it('names the span and first and last scored value of each line', () => {
    const points = [point('2025-03-03', 38, 27, 22), point('2025-06-02', null, 25, 24), point('2025-09-01', 41, 24, 25)];
    expect(summarizeHistory(points, PROQOL_SERIES, 'ProQOL scores')).toBe(
      'Line chart of your ProQOL scores at 3 check-ins, Mar 3, 2025 to Sep 1, 2025. ' +
        'Compassion satisfaction: from 38 to 41. Burnout: from 27 to 24. Secondary traumatic stress: from 22 to 25. ' +
        'The same numbers are in the table below.',
    );
  });

  it('handles one check-in and measures never scored', () => {
    expect(summarizeHistory([point('2025-03-03', 38, null, 22.2)], PROQOL_SERIES, 'ProQOL scores')).toBe(
      'Line chart of your ProQOL scores at 1 check-in, Mar 3, 2025. ' +
        'Compassion satisfaction: 38. Burnout: no score yet. Secondary traumatic stress: 22.2. ' +
        'The same numbers are in the table below.',
    );
    expect(summarizeHistory([], [VR_SERIES], 'vicarious resilience scores')).toBe('No vicarious resilience scores yet.');
  });
});

describe('series styles', () => {
  it('tells the ProQOL lines apart by dash and point shape, not only colour', () => {
    expect(new Set(PROQOL_SERIES.map((s) => s.dashName)).size).toBe(3);
    expect(new Set(PROQOL_SERIES.map((s) => s.pointStyle)).size).toBe(3);
    expect(new Set(PROQOL_SERIES.map((s) => s.color)).size).toBe(3);
  });

  it('uses colours with at least 4.5:1 contrast on white', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const s of [...PROQOL_SERIES, VR_SERIES]) {
      expect((1.05 / (luminance(s.color) + 0.05))).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('hasAnyScore', () => {
  it('is false when a measure was never scored', () => {
    expect(hasAnyScore([point('2025-03-03', 38, 27, 22)], 'vr')).toBe(false);
    expect(hasAnyScore([point('2025-03-03', 38, 27, 22, 20)], 'vr')).toBe(true);
  });
});
