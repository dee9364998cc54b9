import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, runRegressCli } from './regress-cli';
import { logRelativeError, NIST_LINEAR_DATASETS, nistDesignRows, parseNistDat, type NistDataset } from './testdata/nist-strd';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'sustain-regress-'));
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function loadNist(name: string): NistDataset {
  return parseNistDat(name, readFileSync(new URL(`./testdata/nist-strd/${name}.dat`, import.meta.url), 'utf8'));
}

/** Write a CSV (CRLF, header row) into the temp directory and return its path. */
function writeCsv(name: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const path = join(directory, name);
  writeFileSync(path, [header.join(','), ...rows.map((row) => row.map(String).join(','))].join('\r\n') + '\r\n');
  return path;
}

/** The NIST dataset as CSV: y, then x, x^2, … built with Math.pow on the given x (or the raw columns). */
function nistCsv(dataset: NistDataset): string {
  const design = nistDesignRows(dataset);
  return writeCsv(
    `${dataset.name}.csv`,
    ['y', ...dataset.predictorNames],
    dataset.y.map((y, i) => [y, ...design[i]]),
  );
}

function run(argv: readonly string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runRegressCli(argv, {
    readFile: (path) => readFileSync(path, 'utf8'),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

interface JsonTerm {
  name: string;
  estimate: number | string;
  standardError: number | string;
  tValue: number | string;
  pValue: number;
  confidenceInterval: [number, number];
  standardizedCoefficient: number | null;
  vif: number | null;
}

interface JsonOutput {
  n: number;
  nMissing: number;
  dfModel: number;
  dfResidual: number;
  rSquared: number;
  adjustedRSquared: number;
  fStatistic: number | string | null;
  fPValue: number | null;
  residualStandardError: number;
  terms: JsonTerm[];
  residuals?: number[];
  fitted?: number[];
  rows?: number[];
}

function minimumLreFromJson(output: JsonOutput, dataset: NistDataset): number {
  const c = dataset.certified;
  const values = [
    ...c.coefficients.map((v, j) => logRelativeError(Number(output.terms[j].estimate), v)),
    ...c.standardDeviations.map((v, j) => logRelativeError(Number(output.terms[j].standardError), v)),
    logRelativeError(output.residualStandardError, c.residualStandardDeviation),
    logRelativeError(output.rSquared, c.rSquared),
  ];
  return Math.min(...values);
}

function nistArgs(dataset: NistDataset, path: string): string[] {
  return [
    '--in',
    path,
    '--y',
    'y',
    '--x',
    dataset.predictorNames.join(','),
    ...(dataset.intercept ? [] : ['--no-intercept']),
  ];
}

describe('NIST StRD linear regression through the CLI (CSV in, JSON out)', () => {
  it.each(NIST_LINEAR_DATASETS.map((name) => [name]))('%s', (name) => {
    const dataset = loadNist(name);
    const result = run(nistArgs(dataset, nistCsv(dataset)));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as JsonOutput;
    expect(output.n).toBe(dataset.y.length);
    expect(output.terms.map((term) => term.name)).toEqual([
      ...(dataset.intercept ? ['(Intercept)'] : []),
      ...dataset.predictorNames,
    ]);
    const required = name === 'Filip' ? 6.7 : 12;
    const lre = minimumLreFromJson(output, dataset);
    if (!(lre >= required)) throw new Error(`${name} via CLI: minimum LRE ${lre.toFixed(2)} < ${required}`);
  });
});

describe('the real CLI process (npm run regress → tsx scripts/regress.ts)', () => {
  const tsxCli = join(repositoryRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const spawnCli = (argv: readonly string[]) =>
    spawnSync(process.execPath, [tsxCli, 'scripts/regress.ts', ...argv], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('fits Longley with exit code 0, and exits 2 on an unknown column', () => {
    const dataset = loadNist('Longley');
    const path = nistCsv(dataset);
    const ok = spawnCli(nistArgs(dataset, path));
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(minimumLreFromJson(JSON.parse(ok.stdout) as JsonOutput, dataset)).toBeGreaterThanOrEqual(12);

    const bad = spawnCli(['--in', path, '--y', 'y', '--x', 'x1,nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown column "nope"/);
    expect(bad.stdout).toBe('');
  }, 120_000);
});

describe('output formats', () => {
  it('JSON keeps residuals out by default and adds them with --residuals', () => {
    const path = writeCsv('small.csv', ['x', 'y'], [
      [1, 3],
      [2, 5],
      [3, 7],
      [4, 10],
    ]);
    const plain = JSON.parse(run(['--in', path, '--y', 'y', '--x', 'x']).stdout) as JsonOutput;
    expect(plain.residuals).toBeUndefined();
    expect(plain.terms[1].estimate).toBeCloseTo(2.3, 14);
    expect(plain.terms[0].vif).toBeNull();
    const full = JSON.parse(run(['--in', path, '--y', 'y', '--x', 'x', '--residuals']).stdout) as JsonOutput;
    expect(full.rows).toEqual([1, 2, 3, 4]);
    [0.2, -0.1, -0.4, 0.3].forEach((r, i) => expect(full.residuals![i]).toBeCloseTo(r, 14));
    [2.8, 5.1, 7.4, 9.7].forEach((v, i) => expect(full.fitted![i]).toBeCloseTo(v, 14));
  });

  it('an exact fit writes infinite t values as the string "Infinity", not null', () => {
    const dataset = loadNist('Wampler1');
    const output = JSON.parse(run(nistArgs(dataset, nistCsv(dataset))).stdout) as JsonOutput;
    expect(output.residualStandardError).toBe(0);
    expect(output.terms.every((term) => term.tValue === 'Infinity')).toBe(true);
    expect(output.fStatistic).toBe('Infinity');
  });

  it('table format is an R-like summary', () => {
    const dataset = loadNist('Longley');
    const result = run([...nistArgs(dataset, nistCsv(dataset)), '--format', 'table']);
    expect(result.code).toBe(0);
    for (const text of [
      'Residuals:',
      'Coefficients:',
      'Estimate',
      'Std. Error',
      'Pr(>|t|)',
      '2.5 %',
      '97.5 %',
      'VIF',
      "Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1",
      'Residual standard error: 304.9 on 9 degrees of freedom',
      'Multiple R-squared:  0.9955,\tAdjusted R-squared:  0.9925',
      'F-statistic: 330.3 on 6 and 9 DF,  p-value: 4.984e-10',
    ]) {
      expect(result.stdout).toContain(text);
    }
    expect(result.stdout).toMatch(/^x4\s+-1\.0332\s+0\.21427\s+-4\.822\s+0\.000944\s+\*\*\*/m);
  });

  it('--level changes the interval', () => {
    const dataset = loadNist('Norris');
    const path = nistCsv(dataset);
    const wide = JSON.parse(run([...nistArgs(dataset, path), '--level', '0.99']).stdout) as JsonOutput;
    const narrow = JSON.parse(run([...nistArgs(dataset, path), '--level=0.9']).stdout) as JsonOutput;
    const width = (o: JsonOutput) => o.terms[1].confidenceInterval[1] - o.terms[1].confidenceInterval[0];
    expect(width(wide)).toBeGreaterThan(width(narrow));
  });

  it('--help prints usage with exit code 0', () => {
    const result = run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run regress/);
  });
});

describe('missing values in the CSV', () => {
  it('empty cells and NA are dropped listwise and counted', () => {
    const path = join(directory, 'missing.csv');
    writeFileSync(path, 'id,x,y,unused\n1,1,3,a\n2,,5,b\n3,3,7,c\n4,4,NA,d\n5,5,12,\n6,6,13,e\n');
    const output = JSON.parse(run(['--in', path, '--y', 'y', '--x', 'x', '--residuals']).stdout) as JsonOutput;
    expect(output.n).toBe(4);
    expect(output.nMissing).toBe(2);
    expect(output.rows).toEqual([1, 3, 5, 6]);
  });
});

describe('bad input exits with code 2 and a message naming the column or row', () => {
  const csv = () =>
    writeCsv('errors.csv', ['a', 'b', 'c', 'y'], [
      [1, 2, 3, 1],
      [2, 1, 3, 2],
      [3, 5, 8, 2],
      [4, 3, 7, 5],
      [5, 8, 13, 4],
    ]);

  it.each([
    ['unknown x column', (p: string) => ['--in', p, '--y', 'y', '--x', 'a,zzz'], /unknown column "zzz"/],
    ['unknown y column', (p: string) => ['--in', p, '--y', 'why', '--x', 'a'], /unknown column "why"/],
    ['rank-deficient design (c = a + b)', (p: string) => ['--in', p, '--y', 'y', '--x', 'a,b,c'], /rank deficient: "c" is a linear combination/],
    ['missing --in', () => ['--y', 'y', '--x', 'a'], /--in FILE is required/],
    ['missing --x', (p: string) => ['--in', p, '--y', 'y'], /--x COL1,COL2,\.\.\. is required/],
    ['unknown argument', (p: string) => ['--in', p, '--y', 'y', '--x', 'a', '--robust'], /unknown argument "--robust"/],
    ['bad level', (p: string) => ['--in', p, '--y', 'y', '--x', 'a', '--level', '95'], /--level must be/],
    ['bad format', (p: string) => ['--in', p, '--y', 'y', '--x', 'a', '--format', 'xml'], /--format must be json or table/],
    ['unreadable file', () => ['--in', join(directory, 'does-not-exist.csv'), '--y', 'y', '--x', 'a'], /cannot read ".*does-not-exist\.csv"/],
    ['the same column twice', (p: string) => ['--in', p, '--y', 'y', '--x', 'a,a'], /column "a" is listed twice/],
  ])('%s', (_label, makeArgs, message) => {
    const result = run(makeArgs(csv()));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('n ≤ p: 3 complete rows for 3 coefficients', () => {
    const path = writeCsv('tiny.csv', ['a', 'b', 'y'], [
      [1, 2, 1],
      [2, 1, 2],
      [3, 5, 2],
    ]);
    const result = run(['--in', path, '--y', 'y', '--x', 'a,b']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs more complete observations than coefficients: n = 3/);
  });

  it('a non-numeric cell names its column and row', () => {
    const path = join(directory, 'text.csv');
    writeFileSync(path, 'a,y\r\n1,2\r\n2,3\r\nthree,4\r\n4,6\r\n');
    const result = run(['--in', path, '--y', 'y', '--x', 'a']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/column "a", row 3 \(line 4\): "three" is not a number/);
  });

  it('a row with the wrong number of fields names the row', () => {
    const path = join(directory, 'ragged.csv');
    writeFileSync(path, 'a,y\n1,2\n2,3,9\n3,4\n');
    const result = run(['--in', path, '--y', 'y', '--x', 'a']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/row 2 \(line 3\) has 3 fields; the header has 2/);
  });

  it('a constant response is refused', () => {
    const path = writeCsv('constant.csv', ['a', 'y'], [
      [1, 2],
      [2, 2],
      [3, 2],
    ]);
    const result = run(['--in', path, '--y', 'y', '--x', 'a']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/y is constant/);
  });

  it('an unterminated quote names the line', () => {
    const path = join(directory, 'quote.csv');
    writeFileSync(path, 'a,y\n1,2\n"2,3\n');
    const result = run(['--in', path, '--y', 'y', '--x', 'a']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 3: quoted field is not closed/);
  });
});

describe('parseCsv (RFC 4180)', () => {
  it('quoted fields with commas, doubled quotes and line breaks; CRLF; BOM; blank lines', () => {
    const text = '\ufeffname,"note, with comma",value\r\n"A ""quoted"" name","line1\r\nline2",1.5\r\n\r\nB,,-2e3\r\n';
    expect(parseCsv(text)).toEqual([
      { fields: ['name', 'note, with comma', 'value'], line: 1 },
      { fields: ['A "quoted" name', 'line1\r\nline2', '1.5'], line: 2 },
      { fields: ['B', '', '-2e3'], line: 5 },
    ]);
  });

  it('LF endings and no final newline', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
    ]);
  });

  it('quoted header names with spaces work as column names in the CLI', () => {
    const path = join(directory, 'quoted.csv');
    writeFileSync(path, '"years in field","burn out"\r\n1,20\r\n2,22\r\n3,25\r\n4,25\r\n');
    const result = run(['--in', path, '--y', 'burn out', '--x', 'years in field']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as JsonOutput).terms[1].name).toBe('years in field');
  });
});
