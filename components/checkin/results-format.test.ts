import { describe, expect, it } from 'vitest';
import type { MyScore } from '@/lib/checkin/types';
import {
  describeChange,
  formatScore,
  formatSignedChange,
  levelLabel,
  orderScores,
  telHref,
  webHref,
} from './results-format';

const score = (measure: MyScore['measure']): MyScore => ({
  measure,
  label: measure,
  value: 30,
  level: 'moderate',
  range: { min: 10, max: 50 },
  prorated: false,
  reason: null,
  meaning: null,
  change: null,
});

describe('formatSignedChange / describeChange', () => {
  it('signs changes with one decimal and a true minus', () => {
    expect(formatSignedChange(3)).toBe('+3.0');
    expect(formatSignedChange(-2.5)).toBe('\u22122.5');
    expect(formatSignedChange(0)).toBe('0.0');
    expect(formatSignedChange(-0.04)).toBe('0.0');
  });

  it('words the change line', () => {
    // Worded by direction and by the measure's concerning end (lib/measures).
    expect(describeChange({ measure: 'bo', value: 24, change: -12 })).toBe('Burnout is 12 points lower than last time, a good sign');
    expect(describeChange({ measure: 'bo', value: 34, change: 3 })).toBe('Burnout is 3 points higher than last time, worth watching');
    expect(describeChange({ measure: 'cs', value: 34, change: 1.2 })).toBe('Compassion satisfaction is 1.2 points higher than last time, a good sign');
    expect(describeChange({ measure: 'sts', value: 34, change: -1 })).toBe('Secondary traumatic stress is 1 point lower than last time, a good sign');
    expect(describeChange({ measure: 'vr', value: 20, change: -2.5 })).toBe('Vicarious resilience is 2.5 points lower than last time, worth watching');
    expect(describeChange({ measure: 'bo', value: 34, change: 0 })).toBe('Burnout is the same as last time');
    expect(describeChange({ measure: 'bo', value: 34, change: null })).toBe('First check-in: no change to show yet');
    expect(describeChange({ measure: 'bo', value: 34, change: null }, false)).toMatch(/no comparable score/);
    expect(describeChange({ measure: 'bo', value: null, change: null })).toBeNull();
  });
});

describe('formatScore', () => {
  it('shows whole sums without decimals and prorated scores with one', () => {
    expect(formatScore(34)).toBe('34');
    expect(formatScore(33.3)).toBe('33.3');
    expect(formatScore(22.25)).toBe('22.3');
  });
});

describe('orderScores and levelLabel', () => {
  it('orders cs, bo, sts, vr without mutating the input', () => {
    const input = Object.freeze([score('vr'), score('sts'), score('cs'), score('bo')]);
    expect(orderScores(input).map((s) => s.measure)).toEqual(['cs', 'bo', 'sts', 'vr']);
    expect(input[0].measure).toBe('vr');
  });

  it('capitalizes levels', () => {
    expect([levelLabel('low'), levelLabel('moderate'), levelLabel('high')]).toEqual(['Low', 'Moderate', 'High']);
  });
});

describe('telHref / webHref', () => {
  it('links phone numbers only', () => {
    expect(telHref('988')).toBe('tel:988');
    expect(telHref('+1 (800) 555-0100')).toBe('tel:+18005550100');
    expect(telHref('Call 988 any time')).toBeNull();
    expect(telHref('12')).toBeNull();
    expect(telHref('https://example.org')).toBeNull();
  });

  it('links http(s) addresses only', () => {
    expect(webHref('https://eap.example.org/staff')).toBe('https://eap.example.org/staff');
    expect(webHref('javascript:alert(1)')).toBeNull();
    expect(webHref('eap.example.org')).toBeNull();
    expect(webHref('https://example.org and more')).toBeNull();
  });
});
