import { describe, expect, it } from 'vitest';
import { parsePack } from '@/lib/instruments';
import examplePack from '@/lib/instruments/examples/example-pack.json';
import { getMeasure } from '@/lib/measures';
import type { PublishedCell, SuppressedCell } from '@/lib/privacy';
import { cellsOnScale, heatmapRows, levelBarsRows, trendChartProps, type ViewCell } from './view';

type Extra = { groupName: string; cycleDate: string; meanLevel: ViewCell['meanLevel'] };

const cell = (over: Partial<PublishedCell & Extra> = {}): ViewCell => ({
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
  levelsWithheld: null,
  suppressed: null,
  meanLevel: 'moderate',
  ...over,
});

const hidden = (over: Partial<SuppressedCell & Extra>): ViewCell => ({
  group: 'org',
  groupName: 'Whole agency',
  cycle: 'c1',
  cycleDate: '2026-01-01T00:00:00.000Z',
  measure: 'bo',
  n: null,
  mean: null,
  sd: null,
  ci95: null,
  levelCounts: null,
  levelsWithheld: null,
  suppressed: 'fewer than 5 responses',
  meanLevel: null,
  ...over,
});

describe('dashboard view reshaping (no statistics computed here)', () => {
  it('heatmap rows: agency first, suppressed cells keep their reason, changes only when flagged', () => {
    const rows = heatmapRows(
      [
        hidden({ group: 't2', groupName: 'Zeta' }),
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
    const p = trendChartProps([cell({}), hidden({ cycle: 'c2', cycleDate: '2026-02-01T00:00:00.000Z' })], getMeasure('bo'), ['org'], []);
    expect(p.title).toBe('Burnout (10–50)');
    // ProQOL 5 manual cut points: low ≤ 22, high ≥ 42.
    expect(p.cutPoints).toEqual({ lowMax: 22, highMin: 42 });
    expect(p.series[0]!.points.map((x) => x.mean)).toEqual([24, null]);
  });

  it('with a VR pack, the trend uses the pack\u2019s range and cut points, and drops cycles on another scale', () => {
    const parsed = parsePack(examplePack);
    if (!parsed.ok) throw new Error('example pack must parse');
    const spec = getMeasure('vr', parsed.pack);
    const cells = [cell({ measure: 'vr', cycle: 'brief', mean: 20 }), cell({ measure: 'vr', cycle: 'pack', mean: 9 }), cell({ measure: 'bo', cycle: 'brief' })];
    const onScale = cellsOnScale(cells, 'vr', (id) => id === 'pack');
    expect(onScale.map((c) => `${c.measure}:${c.cycle}`)).toEqual(['vr:pack', 'bo:brief']);
    const p = trendChartProps(onScale, spec, ['org'], []);
    // The example pack's first subscale: range 3–15, low ≤ 7, high ≥ 12 (example-pack.json).
    expect(p.title).toBe('Vicarious resilience (3–15)');
    expect(p.range).toEqual({ min: 3, max: 15 });
    expect(p.cutPoints).toEqual({ lowMax: 7, highMin: 12 });
    expect(p.series[0]!.points.map((x) => x.mean)).toEqual([9]);
  });

  it('level bars rows follow CS, BO, STS, VR order', () => {
    const rows = levelBarsRows([cell({ measure: 'vr' }), cell({ measure: 'cs' })]);
    expect(rows.map((r) => r.measure)).toEqual(['cs', 'vr']);
  });
});
