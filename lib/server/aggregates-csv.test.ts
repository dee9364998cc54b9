import { describe, expect, it } from 'vitest';
import { csvCell } from './aggregates-api';

describe('csvCell', () => {
  it('quotes separators and neutralizes spreadsheet formulas in text, not in numbers', () => {
    expect(csvCell('Case management')).toBe('Case management');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-1.25)).toBe('-1.25');
    expect(csvCell(null)).toBe('');
  });
});
