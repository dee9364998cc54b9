import { describe, expect, it } from 'vitest';
import { heatmapRows, levelBarsRows, trendChartProps, type ViewCell } from './view';

const cell = (over: Partial<ViewCell>): ViewCell => ({
  group: 'org',
  groupName: 'Whole agency',
  cycle: 'c1',
  cycleDate: '2026-01-01T00:00:00.000Z',
  measure: 'bo',
  n: 10,
  mean: 24,
  sd: 3,
  ci95: [22, 26],
  levelCounts: { low: 3, moderate: 7, high: 0 },
  suppressed: null,
  meanLevel: 'moderate',
  ...over,
});

describe('dashboard view reshaping (no statistics computed here)', () => {
  it('heatmap rows: agency first, suppressed cells keep their reason, changes only when flagged', () => {
    const rows = heatmapRows(
      [
        cell({ group: 't2', groupName: 'Zeta', n: null, mean: null, ci95: null, levelCounts: null, suppressed: 'fewer than 5 responses', meanLevel: null }),
        cell({}),
        cell({ group: 't1', groupName: 'Alpha' }),
      ],
      [
        { group: 't1', measure: 'bo', cell: { group: 't1', cycle: 'c2', previousCycle: 'c1', measure: 'bo', nPairs: 9, meanChange: 2, sdChange: 1.5, ci95: [0.8, 3.2], pValue: 0.003, qValue: 0.01, flagged: true, suppressed: null } },
        { group: 'org', measure: 'bo', cell: { group: 'org', cycle: 'c2', previousCycle: 'c1', measure: 'bo', nPairs: 30, meanChange: 0.3, sdChange: 2, ci95: [-0.4, 1], pValue: 0.4, qValue: 0.9, flagged: false, suppressed: null } },
      ],
      (g) => (g === 'org' ? null : `/t/${g}`),
    );
    expect(rows.map((r) => r.groupName)).toEqual(['Whole agency', 'Alpha', 'Zeta']);
    expect(rows[2]!.cells.bo.suppressed).toBe('fewer than 5 responses');
    expect(rows[1]!.cells.bo.change).toEqual({ direction: 'increase', difference: 2, ci95: [0.8, 3.2], nPairs: 9, qValue: 0.01 });
    expect(rows[0]!.cells.bo.change).toBeNull();
    expect(rows[0]!.cells.cs.suppressed).toBe('no results for this group in this cycle');
  });

  it('trend props carry range, cut points and gaps for suppressed cycles', () => {
    const p = trendChartProps([cell({}), cell({ cycle: 'c2', cycleDate: '2026-02-01T00:00:00.000Z', mean: null, ci95: null, n: null, suppressed: 'fewer than 5 responses' })], 'bo', ['org'], []);
    expect(p.title).toBe('Burnout (10–50)');
    expect(p.cutPoints).toEqual({ lowMax: 22, highMin: 42 });
    expect(p.series[0]!.points.map((x) => x.mean)).toEqual([24, null]);
  });

  it('level bars rows follow CS, BO, STS, VR order', () => {
    const rows = levelBarsRows([cell({ measure: 'vr' }), cell({ measure: 'cs' })]);
    expect(rows.map((r) => r.measure)).toEqual(['cs', 'vr']);
  });
});
