import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './lib/csv';
import { runScoreCli, type CliIo } from './score';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE_PACK = fileURLToPath(new URL('../lib/instruments/examples/example-pack.json', import.meta.url));

const HEADER = ['id', ...Array.from({ length: 30 }, (_, i) => `q${i + 1}`)];

/** A CSV row: every item `fill`, with overrides by item number ('' = blank cell). */
function row(id: string, fill: number | string, overrides: Record<number, number | string> = {}): string[] {
  return [id, ...Array.from({ length: 30 }, (_, i) => String(overrides[i + 1] ?? fill))];
}
const csv = (...rows: string[][]) => [HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';

/*
 * Mixed input, expected values worked from the ProQOL key (see lib/scoring tests):
 *   all-3    all 3s: every subscale 30, moderate.
 *   all-1    all 1s: CS 10 low, BO 5 + 25 = 30 moderate, STS 10 low.
 *   two-gaps q3 and q6 blank (CS), rest 4: CS 8 × 4 / 8 × 10 = 40; BO forward 4 × 5 = 20 +
 *            reversed (6 − 4) × 5 = 10 → 30; STS 40.
 *   bo-gaps  q1, q4, q8 blank: BO not scored; CS and STS 40.
 *   range    q7 = 6: not scored at all.
 *   words    q2 = "x", q9 = 2.5: both reported.
 */
const MIXED = csv(
  row('all-3', 3),
  row('all-1', 1),
  row('two-gaps', 4, { 3: '', 6: '' }),
  row('bo-gaps', 4, { 1: '', 4: '', 8: '' }),
  row('range', 3, { 7: 6 }),
  row('words', 3, { 2: 'x', 9: 2.5 }),
);

function memoryIo(files: Record<string, string> = {}, stdin = ''): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    writeStdout: (text: string) => {
      io.out += text;
    },
    writeStderr: (text: string) => {
      io.err += text;
    },
    readStdin: async () => stdin,
    readFile: async (path: string) => {
      if (path in files) return files[path];
      if (path === EXAMPLE_PACK) return readFile(path, 'utf8');
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    },
  };
  return io;
}

describe('runScoreCli', () => {
  it('scores a CSV mixing good and bad rows, reports every row in order, exits 1', async () => {
    const io = memoryIo({ 'mixed.csv': MIXED });
    expect(await runScoreCli(['--instrument', 'proqol5', 'mixed.csv'], io)).toBe(1);
    expect(parseCsv(io.out)).toEqual([
      ['id', 'cs', 'cs_level', 'bo', 'bo_level', 'sts', 'sts_level', 'status'],
      ['all-3', '30', 'moderate', '30', 'moderate', '30', 'moderate', 'ok'],
      ['all-1', '10', 'low', '30', 'moderate', '10', 'low', 'ok'],
      ['two-gaps', '40', 'moderate', '30', 'moderate', '40', 'moderate', 'ok'],
      ['bo-gaps', '40', 'moderate', '', '', '40', 'moderate', 'bo: 3 items missing (q1,q4,q8)'],
      ['range', '', '', '', '', '', '', 'q7: 6 is outside 1-5'],
      ['words', '', '', '', '', '', '', 'q2: "x" is not a number; q9: 2.5 is not a whole number'],
    ]);
    expect(io.out.endsWith('\r\n')).toBe(true);
    expect(io.err).toContain('score: proqol5: 6 rows, 3 ok, 3 invalid');
    // Alpha over the 4 rows without invalid cells: CS and STS have 3 complete rows, BO 2.
    expect(io.err).toMatch(/cs: -?\d\.\d{3} \(n=3, k=10\)/);
    expect(io.err).toMatch(/bo: (-?\d\.\d{3} \(n=2, k=10\)|n\/a)/);
  });

  it('writes JSON with numbers as numbers and null where unscored', async () => {
    const io = memoryIo({}, MIXED);
    expect(await runScoreCli(['--instrument', 'proqol5', '--format', 'json'], io)).toBe(1);
    const records = JSON.parse(io.out);
    expect(records).toHaveLength(6);
    expect(records[0]).toEqual({
      id: 'all-3',
      cs: 30,
      cs_level: 'moderate',
      bo: 30,
      bo_level: 'moderate',
      sts: 30,
      sts_level: 'moderate',
      status: 'ok',
    });
    expect(records[3]).toMatchObject({ bo: null, bo_level: null, cs: 40, status: 'bo: 3 items missing (q1,q4,q8)' });
  });

  it('exits 0 when every row is scored, and prorates with one decimal', async () => {
    // CS with q3 blank; the other 9 CS items 2,2,2,2,2,2,2,3,3 = 20 → 22.2 (moderate).
    const cs = [6, 12, 16, 18, 20, 22, 24, 27, 30];
    const values = Object.fromEntries(cs.map((item, i) => [item, i < 7 ? 2 : 3]));
    const io = memoryIo({}, csv(row('p', 3, { 3: '', ...values })));
    expect(await runScoreCli(['--instrument', 'proqol5'], io)).toBe(0);
    expect(parseCsv(io.out)[1]).toEqual(['p', '22.2', 'moderate', '30', 'moderate', '30', 'moderate', 'ok']);
    expect(io.err).toContain('1 rows, 1 ok, 0 invalid');
    expect(io.err).toContain("cs: n/a (alpha needs at least 2 complete responses; 0 had every item answered)");
  });

  it('accepts extra columns, any column order, a quoted id and a header in another case', async () => {
    const header = ['Q30', 'note', ...HEADER.slice(1, 30), 'ID'];
    const body = ['5', '"hello, world"', ...Array(29).fill('5'), '"id ""7"""'];
    const io = memoryIo({}, `${header.join(',')}\n${body.join(',')}\n`);
    expect(await runScoreCli(['--instrument', 'proqol5'], io)).toBe(0);
    expect(parseCsv(io.out)[1]).toEqual(['id "7"', '50', 'high', '30', 'moderate', '50', 'high', 'ok']);
  });

  it('scores with an instrument pack file: columns q<itemId>, output by subscale id', async () => {
    const io = memoryIo({}, 'id,q1,q2,q3,q4,q5,q6\nr1,4,5,2,2,3,3\nr2,4,4,,2,3,\n');
    expect(await runScoreCli(['--instrument', EXAMPLE_PACK], io)).toBe(1);
    expect(parseCsv(io.out)).toEqual([
      ['id', 'recovery', 'recovery_level', 'support', 'support_level', 'status'],
      // recovery = 4 + 5 + (6 − 2) = 13 (high); support = (2 + 3 + 3) / 3 = 2.67.
      ['r1', '13', 'high', '2.67', '', 'ok'],
      // recovery prorated (4 + 4) / 2 × 3 = 12 (high); support allows no missing item.
      ['r2', '12', 'high', '', '', 'support: 1 item missing (q6)'],
    ]);
  });

  it.each([
    [['--instrument', 'vrs', 'x.csv'], /unknown instrument "vrs" \(built-in: proqol5, brief-vr, self-care/],
    [['x.csv'], /--instrument is required/],
    [['--instrument', 'proqol5', '--format', 'xml'], /--format must be csv or json, not "xml"/],
    [['--instrument', 'proqol5', '--bogus'], /Unknown option '--bogus'/],
    [['--instrument', 'proqol5', 'missing.csv'], /cannot read missing\.csv: ENOENT/],
    [['--instrument', 'packs/nope.json', 'x.csv'], /cannot read instrument pack packs\/nope\.json/],
    [['--instrument', 'bad-pack.json', 'x.csv'], /instrument pack bad-pack\.json is invalid:\n {2}subscales\.r\.items\[1\]: item 9 does not exist/],
    [['--instrument', 'proqol5', 'short.csv'], /missing columns: q29, q30 \(the header needs id/],
    [['--instrument', 'proqol5', 'dup.csv'], /duplicate columns: q1/],
    [['--instrument', 'proqol5', 'broken.csv'], /input is not valid CSV: parseCsv: line 2: a quoted field is never closed/],
    [['--instrument', 'proqol5', 'empty.csv'], /input is empty/],
  ])('exits 2 with a message for unusable input: %j', async (argv, message) => {
    const badPack = JSON.parse(await readFile(EXAMPLE_PACK, 'utf8'));
    badPack.subscales = { r: { ...badPack.subscales.support, items: [1, 9] } };
    const io = memoryIo({
      'x.csv': MIXED,
      'bad-pack.json': JSON.stringify(badPack),
      'short.csv': HEADER.slice(0, 29).join(',') + '\r\n',
      'dup.csv': [...HEADER, 'q1'].join(',') + '\r\n',
      'broken.csv': `${HEADER.join(',')}\r\n"a,1\r\n`,
      'empty.csv': '',
    });
    expect(await runScoreCli(argv, io)).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.out).toBe('');
  });

  it('refuses to wait on an interactive terminal', async () => {
    const io = { ...memoryIo(), stdinIsTerminal: true };
    expect(await runScoreCli(['--instrument', 'proqol5'], io)).toBe(2);
  });
});

describe('the real CLI (spawned through tsx)', () => {
  const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
  const spawn = (args: string[], input: string) =>
    spawnSync(tsx, ['scripts/score.ts', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000 });

  it('reads stdin, writes CSV to stdout and the summary to stderr, exits 1 for mixed input', () => {
    const result = spawn(['--instrument', 'proqol5'], MIXED);
    expect(result.status).toBe(1);
    const out = parseCsv(result.stdout);
    expect(out).toHaveLength(7);
    expect(out[5]).toEqual(['range', '', '', '', '', '', '', 'q7: 6 is outside 1-5']);
    expect(result.stderr).toContain('6 rows, 3 ok, 3 invalid');
  });

  it('exits 0 for good input and 2 for an unknown instrument', () => {
    expect(spawn(['--instrument', 'proqol5', '--format', 'json'], csv(row('a', 2))).status).toBe(0);
    const unknown = spawn(['--instrument', 'nope'], '');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^score: unknown instrument "nope"/);
  });
});
