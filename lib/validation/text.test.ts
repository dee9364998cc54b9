import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnsafeText, isSafeText, optionalSafeText, safeText } from './text';

const name = safeText({ min: 1, max: 80, label: 'a team name' });
const area = safeText({ max: 2000, multiline: true, label: 'the support text' });

describe('safeText', () => {
  it('trims and keeps ordinary text, accents and emoji (surrogate pairs)', () => {
    expect(name.parse('  Outreach  ')).toBe('Outreach');
    expect(name.parse('Équipe d’accueil 🌱')).toBe('Équipe d’accueil 🌱');
  });

  it('refuses NUL, C0 and C1 controls, DEL and line separators in single-line text', () => {
    for (const bad of ['a\u0000b', 'a\u0001', 'a\tb', 'a\nb', 'a\rb', 'a\u001Bb', 'a\u007Fb', 'a\u0085b', 'a\u2028b']) {
      const r = name.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0]!.message).toMatch(/control characters/);
    }
  });

  it('refuses lone surrogates, high or low, anywhere', () => {
    for (const bad of ['\uD800', 'x\uDC00', 'ab\uD83D', '\uDE00ab', '\uDE00\uD83D']) {
      const r = name.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0]!.message).toMatch(/broken character/);
    }
  });

  it('multi-line text keeps tabs and line breaks, normalizes CR LF, still refuses NUL', () => {
    expect(area.parse('Line 1\r\n\tLine 2\rLine 3')).toBe('Line 1\n\tLine 2\nLine 3');
    expect(area.safeParse('a\u0000b').success).toBe(false);
    expect(area.safeParse('a\u000Bb').success).toBe(false);
  });

  it('bounds the length after trimming and says which field', () => {
    expect(name.safeParse('x'.repeat(80)).success).toBe(true);
    expect(name.safeParse(` ${'x'.repeat(80)} `).success).toBe(true);
    expect(name.safeParse('x'.repeat(81)).error!.issues[0]!.message).toBe('Keep a team name to 80 characters or fewer.');
    expect(name.safeParse('   ').error!.issues[0]!.message).toBe('Enter a team name.');
    expect(name.safeParse(42).success).toBe(false);
    expect(name.safeParse(['a']).success).toBe(false);
  });

  it('optionalSafeText turns absent or blank into null', () => {
    const optional = optionalSafeText({ max: 10, label: 'the lead' });
    expect(optional.parse(undefined)).toBeNull();
    expect(optional.parse('  ')).toBeNull();
    expect(optional.parse(' Ana ')).toBe('Ana');
    expect(optional.safeParse('A\u0000').success).toBe(false);
  });

  it('property: whatever it accepts is bounded, trimmed and storable (no NUL, controls or lone surrogates)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        const r = name.safeParse(s);
        if (!r.success) return;
        expect(r.data.length).toBeGreaterThanOrEqual(1);
        expect(r.data.length).toBeLessThanOrEqual(80);
        expect(r.data).toBe(r.data.trim());
        expect(r.data.includes('\u0000')).toBe(false);
        expect(findUnsafeText(r.data)).toBeNull();
        // Round-trips through UTF-8 unchanged: nothing a database would reject or alter.
        expect(Buffer.from(r.data, 'utf8').toString('utf8')).toBe(r.data);
      }),
      { numRuns: 2000, seed: 12 },
    );
  });

  it('property: a string with a NUL or lone surrogate inside is always refused', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\u0007'),
        fc.string({ maxLength: 30 }),
        (a, bad, b) => {
          expect(area.safeParse(`x${a}${bad}${b}x`).success).toBe(false);
          expect(isSafeText(`x${a}${bad}${b}x`, { multiline: true })).toBe(false);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});
