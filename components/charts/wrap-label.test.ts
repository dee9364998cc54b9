import { describe, expect, it } from 'vitest';
import { participationSentence } from '@/components/cycles/participation-words';
import { firstLine } from '@/components/actions/first-line';
import { wrapLabel } from './wrap-label';

describe('small words for issue 14 views', () => {
  it('wraps a long predictor label into lines of at most 22 characters, keeping every word', () => {
    const label = 'Each additional 50 percentage points of caseload (per 50 points)';
    const lines = wrapLabel(label);
    expect(lines).toEqual(['Each additional 50', 'percentage points of', 'caseload (per 50', 'points)']);
    expect(lines.every((l) => l.length <= 22)).toBe(true);
    expect(lines.join(' ')).toBe(label);
    expect(wrapLabel('Supercalifragilisticexpialidocious word', 10)).toEqual(['Supercalifragilisticexpialidocious', 'word']);
    expect(wrapLabel('')).toEqual([]);
  });

  it('says participation as a count and a rate, rounding 13 of 20 to 65%', () => {
    expect(participationSentence(13, 20)).toBe('13 of 20 people have checked in (65%).');
    expect(participationSentence(0, 1)).toBe('0 of 1 person has checked in (0%).');
    expect(participationSentence(0, 0)).toBe('0 of 0 people have checked in.');
    expect(participationSentence(2, 3)).toBe('2 of 3 people have checked in (67%).');
  });

  it('takes the first non-empty line of a rationale for the card', () => {
    expect(firstLine('\n  Debriefs help.  \n\nWhy: burnout is high.')).toBe('Debriefs help.');
    expect(firstLine('')).toBe('');
  });
});
