import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParseError, formatCsv, formatCsvField, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads CRLF and LF records, quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('id,q1\r\n"a,b",3\r\n')).toEqual([
      ['id', 'q1'],
      ['a,b', '3'],
    ]);
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('"say ""hi""","two\r\nlines",\r\nx')).toEqual([['say "hi"', 'two\r\nlines', ''], ['x']]);
  });

  it('keeps empty fields and blank lines, drops a BOM and a final line break', () => {
    expect(parseCsv('\uFEFFid,q1,q2\r\n1,,3\r\n\r\n2,4,\r\n')).toEqual([['id', 'q1', 'q2'], ['1', '', '3'], [''], ['2', '4', '']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
    expect(parseCsv('""')).toEqual([['']]);
  });

  it('rejects malformed quoting with the line number', () => {
    expect(() => parseCsv('a,b\r\n"open,c\r\n')).toThrow(new CsvParseError('a quoted field is never closed', 2));
    expect(() => parseCsv('a,b\r\nx"y,c')).toThrow(/^parseCsv: line 2: a quote inside an unquoted field/);
    expect(() => parseCsv('"a\nb"c,d')).toThrow(/^parseCsv: line 2: unexpected text after a closing quote/);
  });

  it('counts lines inside quoted fields', () => {
    expect(() => parseCsv('"a\r\nb",1\r\nbad"')).toThrow(/^parseCsv: line 3:/);
  });

  it('round-trips any table through formatCsv (seeded)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\r', '\n', '\r\n', 'é', '1') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 10 }),
        (rows) => {
          expect(parseCsv(formatCsv(rows))).toEqual(rows);
        },
      ),
      { seed: 0xc5f, numRuns: 300 },
    );
  });
});

describe('formatCsvField', () => {
  it('quotes only when needed', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('a\nb')).toBe('"a\nb"');
    expect(formatCsvField(22.2)).toBe('22.2');
    expect(formatCsvField(null)).toBe('');
  });

  it('parses 100,000 rows of 31 fields quickly', () => {
    const row = `r1,${Array.from({ length: 30 }, (_, i) => (i % 5) + 1).join(',')}\r\n`;
    const text = row.repeat(100_000);
    const started = performance.now();
    const records = parseCsv(text);
    const elapsed = performance.now() - started;
    expect(records).toHaveLength(100_000);
    // Generous bound so a slow CI machine passes; typically about 100 ms.
    expect(elapsed).toBeLessThan(2000);
  });
});
