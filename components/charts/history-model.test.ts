import { describe, expect, it } from 'vitest';
import type { MyHistoryPoint } from '@/lib/checkin/types';
import { BRIEF_VR, parsePack } from '@/lib/instruments';
import examplePack from '@/lib/instruments/examples/example-pack.json';
import { getMeasure } from '@/lib/measures';
import {
  PROQOL_SERIES,
  VR_SERIES,
  formatCycleDate,
  formatHistoryValue,
  hasAnyScore,
  levelTicks,
  scaleNote,
  sortPoints,
  summarizeHistory,
  summarizeVrLine,
  vrHistoryLines,
} from './history-model';

const point = (
  cycleDate: string,
  cs: number | null,
  bo: number | null,
  sts: number | null,
  vr: number | null = null,
  vrInstrument: string = BRIEF_VR.id,
) =>
  ({
    cycleId: cycleDate,
    cycleDate,
    submittedOn: cycleDate.slice(0, 10),
    cs,
    bo,
    sts,
    vr,
    vrInstrument,
    selfCareComposite: null,
  }) satisfies MyHistoryPoint;

/** The example pack (lib/instruments/examples/example-pack.json): headline "recovery", 3–15, low ≤ 7, high ≥ 12. */
function packSpec() {
  const parsed = parsePack(examplePack);
  if (!parsed.ok) throw new Error('the example pack must parse');
  return getMeasure('vr', parsed.pack);
}
const PACK_ID = '6f1c2a9e-0000-4000-8000-000000000001';

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

describe('VR history across a switch of instrument (issue 14)', () => {
  const brief = getMeasure('vr');
  const pack = packSpec();
  const specs = { [BRIEF_VR.id]: brief, [PACK_ID]: pack };
  // Two check-ins on the brief check (0–35), then two on the pack (3–15), then the brief check again.
  // Frozen, so a model that mutated its input would throw.
  const points = Object.freeze(
    [
      point('2025-03-03', 38, 27, 22, 20),
      point('2025-06-02', 39, 26, 23, 22),
      point('2025-09-01', 40, 25, 24, 12, PACK_ID),
      point('2025-12-01', 40, 25, 24, null, PACK_ID),
      point('2026-03-02', 41, 24, 25, 25),
    ].map((p) => Object.freeze(p)),
  );

  it('gives each instrument its own line, in order of first use, with its own spec', () => {
    const lines = vrHistoryLines(points, specs);
    expect(lines.map((l) => l.instrument)).toEqual([BRIEF_VR.id, PACK_ID]);
    expect(lines[0]!.spec.range).toEqual(brief.range);
    expect(lines[1]!.spec.range).toEqual({ min: 3, max: 15 });
    expect(lines[1]!.spec.cutPoints).toEqual({ lowMax: 7, highMin: 12 });
    expect(levelTicks(lines[1]!.spec)).toEqual([3, 7, 12, 15]);
  });

  it('never joins points across the switch: another instrument\'s check-in is a gap in each line', () => {
    const [briefLine, packLine] = vrHistoryLines(points, specs);
    expect(briefLine!.values).toEqual([20, 22, null, null, 25]);
    expect(packLine!.values).toEqual([null, null, 12, null, null]);
    // At no check-in do two instruments both have a value: no line segment can span a switch.
    for (let i = 0; i < points.length; i++) {
      expect([briefLine!.values[i], packLine!.values[i]].filter((v) => v !== null).length).toBeLessThanOrEqual(1);
    }
    expect(briefLine!.points.map((p) => p.cycleDate)).toEqual(['2025-03-03', '2025-06-02', '2026-03-02']);
    expect(packLine!.points.map((p) => p.cycleDate)).toEqual(['2025-09-01', '2025-12-01']);
    expect([briefLine!.hasScore, packLine!.hasScore]).toEqual([true, true]);
  });

  it('labels each line with its instrument and describes it on its own scale', () => {
    const [briefLine, packLine] = vrHistoryLines(points, specs);
    expect(briefLine!.style.label).toBe(`Vicarious resilience (${BRIEF_VR.name})`);
    expect(packLine!.style.label).toBe(`Vicarious resilience (${pack.instrumentName})`);
    expect(packLine!.style.color).toBe(VR_SERIES.color);
    expect(summarizeVrLine(packLine!)).toBe(
      `Line chart of your vicarious resilience scores on ${pack.instrumentName} (3–15) at 2 check-ins, Sep 1, 2025 to Dec 1, 2025. ` +
        'Vicarious resilience: 12. The same numbers are in the table below.',
    );
    expect(summarizeVrLine(briefLine!)).toContain('at 3 check-ins, Mar 3, 2025 to Mar 2, 2026. Vicarious resilience: from 20 to 25.');
    expect(scaleNote(packLine!.spec)).toBe('Scores run from 3 to 15. The grid lines at 7 and 12 mark where the low, moderate and high levels begin.');
  });

  it('one instrument throughout is one line with every point; an instrument never scored has no score', () => {
    const one = vrHistoryLines(points.slice(0, 2), specs);
    expect(one).toHaveLength(1);
    expect(one[0]!.values).toEqual([20, 22]);
    const unscored = vrHistoryLines([point('2025-09-01', 40, 25, 24, null, PACK_ID)], specs);
    expect(unscored[0]!.hasScore).toBe(false);
    expect(vrHistoryLines([], specs)).toEqual([]);
  });

  it('refuses a point whose instrument has no spec, naming the function', () => {
    expect(() => vrHistoryLines([point('2025-09-01', 40, 25, 24, 12, 'unknown-pack')], specs)).toThrow(/vrHistoryLines: .*unknown-pack/);
  });
});
