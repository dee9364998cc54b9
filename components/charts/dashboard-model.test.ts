import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPLEMENTARY_REASON, fewerThanKForMeasureReason, fewerThanKReason } from '@/lib/privacy/suppression';
import {
  CONCERNING_LEVEL,
  cellStatus,
  compareIsoDates,
  contrastRatio,
  describeCell,
  formatCi,
  formatFullDate,
  formatMean,
  formatMonthYear,
  formatPValue,
  formatUncertainty,
  hiddenClause,
  hiddenText,
  reasonAfterHidden,
  tableToggleLabel,
} from './dashboard-model';
import { LEVEL_FILL } from './level-bars-model';
import { TREND_SERIES_STYLES } from './trend-model';

/** The custom properties defined in app/globals.css, so the tests check the colours actually shipped. */
function cssVariables(): Record<string, string> {
  const css = readFileSync(path.resolve(import.meta.dirname, '../../app/globals.css'), 'utf8');
  return Object.fromEntries([...css.matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2].toLowerCase()]));
}

describe('formatMean', () => {
  it('shows one decimal with a true minus sign and no negative zero', () => {
    expect(formatMean(22.44)).toBe('22.4');
    expect(formatMean(22)).toBe('22.0');
    expect(formatMean(-0.5)).toBe('\u22120.5');
    expect(formatMean(-0.04)).toBe('0.0');
    expect(formatMean(0)).toBe('0.0');
  });
});

describe('formatCi and formatUncertainty', () => {
  it('writes the interval with "to" and pairs it with n', () => {
    expect(formatCi([21, 23.8])).toBe('95% CI 21.0 to 23.8');
    expect(formatCi([-1.25, 0.5])).toBe('95% CI \u22121.3 to 0.5');
    expect(formatUncertainty([21, 23.8], 52)).toBe('95% CI 21.0 to 23.8, n 52');
    expect(formatUncertainty(null, 52)).toBe('n 52');
    expect(formatUncertainty(null, null)).toBeNull();
  });
});

describe('formatPValue', () => {
  it('uses APA style: no leading zero, 2 decimals, 3 below .01, "< .001" at the floor', () => {
    expect(formatPValue(0.03)).toBe('= .03');
    expect(formatPValue(0.0312)).toBe('= .03');
    expect(formatPValue(0.049)).toBe('= .05');
    expect(formatPValue(0.004)).toBe('= .004');
    expect(formatPValue(0.0004)).toBe('< .001');
    expect(formatPValue(0)).toBe('< .001');
  });

  it('never rounds a p-value below 1 up to 1', () => {
    expect(formatPValue(0.9999)).toBe('> .99');
    expect(formatPValue(1)).toBe('= 1');
  });

  it('names itself when p is not a probability', () => {
    expect(() => formatPValue(1.2)).toThrow(/formatPValue/);
    expect(() => formatPValue(Number.NaN)).toThrow(/formatPValue/);
  });
});

describe('hidden wording', () => {
  it('prefixes lib/privacy reasons, without doubling the complementary one\'s "hidden"', () => {
    expect(hiddenText(fewerThanKReason(5))).toBe('Hidden: fewer than 5 responses');
    expect(hiddenText(fewerThanKForMeasureReason(5, 'vr'))).toBe(
      'Hidden: fewer than 5 responses with a vicarious resilience score',
    );
    expect(hiddenText(COMPLEMENTARY_REASON)).toBe('Hidden so that a small group cannot be worked out from the total');
    expect(hiddenClause(fewerThanKReason(5))).toBe('hidden, fewer than 5 responses');
    expect(hiddenClause(COMPLEMENTARY_REASON)).toBe('hidden so that a small group cannot be worked out from the total');
    expect(reasonAfterHidden(COMPLEMENTARY_REASON)).toBe('so that a small group cannot be worked out from the total');
    expect(reasonAfterHidden('fewer than 5 responses')).toBe('fewer than 5 responses');
  });
});

describe('cellStatus and describeCell', () => {
  it('tells the privacy layer\'s three kinds of cell apart', () => {
    const shown = { mean: 22.4, ci95: [21, 23.8] as [number, number], n: 52, suppressed: null };
    const hidden = { mean: null, ci95: null, n: null, suppressed: 'fewer than 5 responses' };
    const empty = { mean: null, ci95: null, n: 0, suppressed: null };
    const odd = { mean: null, ci95: null, n: null, suppressed: null };
    expect(cellStatus(shown).kind).toBe('shown');
    expect(cellStatus(hidden)).toEqual({ kind: 'hidden', reason: 'fewer than 5 responses' });
    expect(cellStatus(empty).kind).toBe('empty');
    expect(cellStatus(odd).kind).toBe('unavailable');
    expect(describeCell(shown)).toBe('22.4 (95% CI 21.0 to 23.8, n 52)');
    expect(describeCell(hidden)).toBe('Hidden: fewer than 5 responses');
    expect(describeCell(empty)).toBe('No responses');
    expect(describeCell(odd)).toBe('Not available');
  });
});

describe('dates', () => {
  it('formats in UTC so server and browser agree', () => {
    expect(formatMonthYear('2026-11-01T00:30:00.000Z')).toBe('Nov 2026');
    expect(formatMonthYear('2026-10-31T23:30:00.000Z')).toBe('Oct 2026');
    expect(formatFullDate('2026-11-02T00:00:00.000Z')).toBe('Nov 2, 2026');
    expect(formatMonthYear('soon')).toBe('soon');
  });

  it('sorts ISO dates with unreadable ones last', () => {
    expect(['2026-05-01', 'x', '2026-02-01'].sort(compareIsoDates)).toEqual(['2026-02-01', '2026-05-01', 'x']);
  });
});

describe('tableToggleLabel', () => {
  it('starts with "Show" and ends with "as a table", which the e2e tests rely on', () => {
    const label = tableToggleLabel('Burnout (10–50)');
    expect(label).toBe('Show "Burnout (10–50)" as a table');
    expect(label).toMatch(/^Show .* as a table$/);
  });
});

describe('CONCERNING_LEVEL', () => {
  it('is high for burnout and STS, low for CS and VR', () => {
    expect(CONCERNING_LEVEL).toEqual({ cs: 'low', bo: 'high', sts: 'high', vr: 'low' });
  });
});

describe('colours in app/globals.css', () => {
  it('give body and muted text at least 4.5:1 on every level and hidden background (WCAG AA)', () => {
    const vars = cssVariables();
    for (const background of ['--level-low', '--level-moderate', '--level-high', '--suppressed']) {
      expect(vars[background], background).toMatch(/^#/);
      expect(contrastRatio(vars['--text'], vars[background]), `--text on ${background}`).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(vars['--muted'], vars[background]), `--muted on ${background}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('match the level bars\' canvas fills (a canvas cannot read CSS variables)', () => {
    const vars = cssVariables();
    expect(LEVEL_FILL).toEqual({ low: vars['--level-low'], moderate: vars['--level-moderate'], high: vars['--level-high'] });
  });

  it('give the trend lines at least 4.5:1 on white, above the 3:1 asked of graphics', () => {
    for (const style of TREND_SERIES_STYLES) {
      expect(contrastRatio(style.color, '#ffffff'), style.color).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('computes contrast as WCAG defines it (black on white is 21:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 10);
  });
});

describe('concernOf', () => {
  it('colours by concern: high burnout/STS and low CS/VR are concerning; the opposite ends favourable', async () => {
    const { concernOf } = await import('./dashboard-model');
    expect(concernOf('bo', 'high')).toBe('concerning');
    expect(concernOf('sts', 'low')).toBe('favourable');
    expect(concernOf('cs', 'high')).toBe('favourable');
    expect(concernOf('vr', 'low')).toBe('concerning');
    expect(concernOf('vr', 'moderate')).toBe('moderate');
  });
});
