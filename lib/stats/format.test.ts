import { describe, expect, it } from 'vitest';
import { StatsError } from './errors';
import { formatCi, formatFixed } from './format';

const MINUS = '\u2212';

/**
 * Expected strings are worked by hand from the rule in format.ts: round the
 * exact binary value of x to nearest, ties away from zero (ECMAScript
 * Number.prototype.toFixed), then drop the sign of a result that is all zeros.
 * Where a decimal literal is not exactly representable, its stored value
 * (from Python's `decimal.Decimal(float)`) is given in the comment.
 */
describe('formatFixed', () => {
  it('prints positives plainly and negatives with the typographic minus', () => {
    expect(formatFixed(0.2)).toBe('0.2');
    expect(formatFixed(22.44)).toBe('22.4');
    expect(formatFixed(22)).toBe('22.0');
    expect(formatFixed(-0.5)).toBe(`${MINUS}0.5`);
    expect(formatFixed(-22.44)).toBe(`${MINUS}22.4`);
  });

  it('never prints a negative zero', () => {
    expect(formatFixed(-0)).toBe('0.0');
    expect(formatFixed(0)).toBe('0.0');
    expect(formatFixed(-0.04)).toBe('0.0');
    // The largest double below 0.05 in magnitude: −0.04999999999999999584…
    expect(formatFixed(-0.049999999999999996)).toBe('0.0');
    expect(formatFixed(-1e-300)).toBe('0.0');
    expect(formatFixed(-0.004, 2)).toBe('0.00');
    expect(formatFixed(-0.4, 0)).toBe('0');
    for (const x of [-0, -0.04, -0.049999999999999996, -1e-12, -0.0049, -0.00049]) {
      for (const digits of [0, 1, 2, 3]) {
        const text = formatFixed(x, digits);
        expect(text.startsWith('-')).toBe(false);
        if (/^[0.]+$/.test(text.replace(MINUS, ''))) expect(text.startsWith(MINUS)).toBe(false);
      }
    }
  });

  it('rounds −0.05 away from zero, because the stored value is just beyond −0.05', () => {
    // −0.05 is stored as −0.05000000000000000277…, so it is not a tie: "−0.1".
    expect(formatFixed(-0.05)).toBe(`${MINUS}0.1`);
    expect(formatFixed(0.05)).toBe('0.1');
    // −1.25 and 2.5 are exact binary ties, rounded away from zero.
    expect(formatFixed(-1.25)).toBe(`${MINUS}1.3`);
    expect(formatFixed(1.25)).toBe('1.3');
    expect(formatFixed(2.5, 0)).toBe('3');
    expect(formatFixed(-0.5, 0)).toBe(`${MINUS}1`);
    // 0.35 is stored as 0.34999999999999997779…, below the tie: "0.3".
    expect(formatFixed(0.35)).toBe('0.3');
  });

  it('agrees with toFixed except for the minus sign and negative zero', () => {
    for (const x of [0.2, 1.25, -1.25, -3.14159, 123.456, -0.06, 0.04]) {
      expect(formatFixed(x).replace(MINUS, '-')).toBe(x.toFixed(1));
      expect(formatFixed(x, 3).replace(MINUS, '-')).toBe(x.toFixed(3));
    }
  });

  it('refuses non-finite values and bad digit counts, naming the function', () => {
    for (const call of [
      () => formatFixed(Number.NaN),
      () => formatFixed(Infinity),
      () => formatFixed(-Infinity),
      () => formatFixed(1, -1),
      () => formatFixed(1, 1.5),
      () => formatFixed(1, 101),
    ]) {
      expect(call).toThrow(StatsError);
      expect(call).toThrow(/^formatFixed: /);
    }
  });
});

describe('formatCi', () => {
  it('writes "lo to hi" with each bound through formatFixed', () => {
    expect(formatCi(21, 23.8)).toBe('21.0 to 23.8');
    expect(formatCi(-1.25, 0.5)).toBe(`${MINUS}1.3 to 0.5`);
    expect(formatCi(-0.04, 0.31)).toBe('0.0 to 0.3');
    expect(formatCi(-0.04, -0.01)).toBe('0.0 to 0.0');
    // −2.345 is stored as −2.34500000000000019539…, so it rounds to −2.35.
    expect(formatCi(-2.345, -0.004, 2)).toBe(`${MINUS}2.35 to 0.00`);
  });

  it('refuses a reversed or non-finite interval', () => {
    expect(() => formatCi(2, 1)).toThrow(/^formatCi: /);
    expect(() => formatCi(Number.NaN, 1)).toThrow(/^formatFixed: /);
    expect(() => formatCi(0, Infinity)).toThrow(StatsError);
  });
});
