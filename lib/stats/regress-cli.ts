/**
 * The `npm run regress` command, as an importable function so tests can run
 * it in-process. I/O is injected (`io`), so this module stays free of `fs`.
 *
 *   npm run regress -- --in FILE.csv --y COL --x COL1,COL2,... \
 *     [--no-intercept] [--level 0.95] [--format json|table] [--residuals]
 *
 * Exit codes: 0 success; 2 bad input (usage, unreadable file, malformed CSV,
 * unknown column, non-numeric cell, n ≤ p, rank-deficient design, constant
 * response); 1 an unexpected internal error.
 *
 * Missing values: an empty cell or `NA` is missing, and rows with a missing
 * value in any used column are dropped (listwise deletion); the output
 * reports n and the number dropped.
 *
 * JSON output (default) has the `fitOls` key names, one entry per term in
 * `terms` (intercept first, named `(Intercept)`). Residuals and fitted values
 * are left out unless `--residuals` is given; then `residuals`, `fitted` and
 * `rows` (1-based data row numbers of the rows used) are added. Non-finite
 * numbers (an exact fit gives t = ±Infinity) are written as the strings
 * "Infinity" / "-Infinity", since JSON has no such numbers and
 * `JSON.stringify` would silently turn them into null.
 */
import { RankDeficientError, StatsError } from './errors';
import { fitOls, type OlsResult } from './ols';

export interface RegressCliIo {
  /** Read a whole text file (UTF-8). Throw if it cannot be read. */
  readFile(path: string): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A problem with the user's input: reported on stderr with exit code 2. */
class InputError extends Error {}

const USAGE = `Usage: npm run regress -- --in FILE.csv --y COLUMN --x COL1,COL2,... [options]

Fits y on the x columns by ordinary least squares (QR with iterative
refinement) and prints coefficients, standard errors, t and p values,
confidence intervals, R², F, standardized coefficients and VIFs.

Options:
  --in FILE          CSV file with a header row (RFC 4180: quoted fields, CRLF or LF)
  --y COLUMN         response column
  --x COL1,COL2,...  predictor columns, comma-separated
  --no-intercept     fit without an intercept (R² is then uncentered, as in R)
  --level L          confidence level for the intervals (default 0.95)
  --format F         json (default) or table (an R-like summary)
  --residuals        also output residuals and fitted values
  --help             show this help

Empty cells and NA are missing; rows with a missing value in a used column are
dropped. Exit code 2 means bad input; the message names the column or row.
`;

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

export interface CsvRecord {
  fields: string[];
  /** 1-based line number where the record starts. */
  line: number;
}

/**
 * Parse CSV text (RFC 4180): comma-separated fields; records end with CRLF,
 * LF or CR; a field in double quotes may contain commas, line breaks and
 * doubled quotes (`""`). A leading UTF-8 byte-order mark is ignored, and so
 * are completely empty lines. Throws for an unterminated quoted field or text
 * between a closing quote and the next comma.
 *
 * Cost: O(length of text).
 *
 * @example
 * parseCsv('a,b\r\n1,"x, ""y"""\r\n');
 * // [{ fields: ['a', 'b'], line: 1 }, { fields: ['1', 'x, "y"'], line: 2 }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const length = text.length;
  while (i < length) {
    const startLine = line;
    const fields: string[] = [];
    let atRecordEnd = false;
    let blank = true;
    while (!atRecordEnd) {
      let field = '';
      if (text[i] === '"') {
        blank = false;
        i++;
        let closed = false;
        while (i < length) {
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          field += ch;
          i++;
        }
        if (!closed) throw new InputError(`line ${startLine}: quoted field is not closed`);
        if (i < length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          throw new InputError(`line ${line}: unexpected text after a closing quote`);
        }
      } else {
        const start = i;
        while (i < length) {
          const ch = text[i];
          if (ch === ',' || ch === '\r' || ch === '\n') break;
          if (ch === '"') throw new InputError(`line ${line}: a quote inside an unquoted field`);
          i++;
        }
        field = text.slice(start, i);
        if (field.length > 0) blank = false;
      }
      fields.push(field);
      if (i >= length) {
        atRecordEnd = true;
      } else if (text[i] === ',') {
        blank = false;
        i++;
      } else {
        // Line break: CRLF, LF or CR.
        if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
        else i++;
        line++;
        atRecordEnd = true;
      }
    }
    if (!blank) records.push({ fields, line: startLine });
  }
  return records;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A CSV cell as a number, null for missing (empty or NA); throws otherwise. */
function parseCell(raw: string, column: string, row: number, line: number): number | null {
  const text = raw.trim();
  if (text === '' || text === 'NA') return null;
  if (!NUMBER.test(text)) {
    throw new InputError(`column "${column}", row ${row} (line ${line}): "${raw}" is not a number`);
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new InputError(`column "${column}", row ${row} (line ${line}): "${raw}" is out of range`);
  }
  return value;
}

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

interface CliOptions {
  input: string;
  response: string;
  predictors: string[];
  intercept: boolean;
  level: number;
  format: 'json' | 'table';
  residuals: boolean;
}

function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const values = new Map<string, string>();
  let intercept = true;
  let residuals = false;
  const withValue = new Set(['--in', '--y', '--x', '--level', '--format']);
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--no-intercept') {
      intercept = false;
      continue;
    }
    if (arg === '--residuals') {
      residuals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!withValue.has(name)) throw new InputError(`unknown argument "${arg}"`);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      if (k + 1 >= argv.length) throw new InputError(`${name} needs a value`);
      value = argv[++k];
    }
    if (values.has(name)) throw new InputError(`${name} given twice`);
    values.set(name, value);
  }
  const input = values.get('--in');
  const response = values.get('--y');
  const predictorList = values.get('--x');
  if (input === undefined) throw new InputError('--in FILE is required');
  if (response === undefined || response.trim() === '') throw new InputError('--y COLUMN is required');
  if (predictorList === undefined) throw new InputError('--x COL1,COL2,... is required');
  const predictors = predictorList
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (predictors.length === 0 && !intercept) throw new InputError('--x names no columns and --no-intercept leaves nothing to fit');
  const levelText = values.get('--level') ?? '0.95';
  const level = Number(levelText);
  if (!NUMBER.test(levelText.trim()) || !(level > 0 && level < 1)) {
    throw new InputError(`--level must be a number strictly between 0 and 1, got "${levelText}"`);
  }
  const format = values.get('--format') ?? 'json';
  if (format !== 'json' && format !== 'table') throw new InputError(`--format must be json or table, got "${format}"`);
  return { input, response: response.trim(), predictors, intercept, level, format, residuals };
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

function jsonNumber(value: number | null): number | string | null {
  if (value === null) return null;
  if (Number.isFinite(value)) return value;
  return value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN';
}

function toJson(fit: OlsResult, options: CliOptions, rowNumbers: number[]): string {
  const output: Record<string, unknown> = {
    response: options.response,
    n: fit.n,
    nMissing: fit.nMissing,
    intercept: fit.intercept,
    level: fit.level,
    dfModel: fit.dfModel,
    dfResidual: fit.dfResidual,
    rSquared: jsonNumber(fit.rSquared),
    adjustedRSquared: jsonNumber(fit.adjustedRSquared),
    fStatistic: jsonNumber(fit.fStatistic),
    fPValue: jsonNumber(fit.fPValue),
    residualStandardError: jsonNumber(fit.residualStandardError),
    residualSumOfSquares: jsonNumber(fit.residualSumOfSquares),
    terms: fit.names.map((name, j) => ({
      name,
      estimate: jsonNumber(fit.coefficients[j]),
      standardError: jsonNumber(fit.standardErrors[j]),
      tValue: jsonNumber(fit.tValues[j]),
      pValue: jsonNumber(fit.pValues[j]),
      confidenceInterval: fit.confidenceIntervals[j].map(jsonNumber),
      standardizedCoefficient: jsonNumber(fit.standardizedCoefficients[j]),
      vif: jsonNumber(fit.vif[j]),
    })),
  };
  if (options.residuals) {
    output.rows = fit.rowIndices.map((index) => rowNumbers[index]);
    output.residuals = fit.residuals.map(jsonNumber);
    output.fitted = fit.fitted.map(jsonNumber);
  }
  return `${JSON.stringify(output, null, 2)}\n`;
}

/** R-style number: `digits` significant digits, exponent form outside [1e-4, 1e6). */
function formatNumber(value: number | null, digits = 5): string {
  if (value === null) return '';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : value < 0 ? '-Inf' : 'NaN';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  const text = value.toPrecision(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function formatPValue(p: number): string {
  if (p < 2.2e-16) return '<2e-16';
  if (p < 1e-4) return p.toExponential(1);
  return formatNumber(p, 3);
}

function significanceStars(p: number): string {
  if (p < 0.001) return '***';
  if (p < 0.01) return '**';
  if (p < 0.05) return '*';
  if (p < 0.1) return '.';
  return '';
}

/** Quantile, type 7 (R's default): linear interpolation between order statistics. */
function quantile(sorted: readonly number[], prob: number): number {
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function alignTable(rows: string[][], leftColumns = 1): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function toTable(fit: OlsResult, options: CliOptions, argv: readonly string[]): string {
  const lines: string[] = [];
  lines.push('Call:');
  lines.push(`regress ${argv.join(' ')}`);
  lines.push('');
  lines.push('Residuals:');
  const sorted = [...fit.residuals].sort((x, y) => x - y);
  lines.push(
    alignTable(
      [
        ['Min', '1Q', 'Median', '3Q', 'Max'],
        [0, 0.25, 0.5, 0.75, 1].map((q) => formatNumber(quantile(sorted, q), 4)),
      ],
      0,
    ),
  );
  lines.push('');
  lines.push('Coefficients:');
  const lowerLabel = `${formatNumber(((1 - fit.level) / 2) * 100, 4)} %`;
  const upperLabel = `${formatNumber(((1 + fit.level) / 2) * 100, 4)} %`;
  const header = ['', 'Estimate', 'Std. Error', 't value', 'Pr(>|t|)', '', lowerLabel, upperLabel, 'Std. coef', 'VIF'];
  const body = fit.names.map((name, j) => [
    name,
    formatNumber(fit.coefficients[j]),
    formatNumber(fit.standardErrors[j]),
    formatNumber(fit.tValues[j], 4),
    formatPValue(fit.pValues[j]),
    significanceStars(fit.pValues[j]),
    formatNumber(fit.confidenceIntervals[j][0]),
    formatNumber(fit.confidenceIntervals[j][1]),
    formatNumber(fit.standardizedCoefficients[j], 4),
    formatNumber(fit.vif[j], 4),
  ]);
  lines.push(alignTable([header, ...body]));
  lines.push('---');
  lines.push("Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
  lines.push('');
  lines.push(
    `Residual standard error: ${formatNumber(fit.residualStandardError, 4)} on ${fit.dfResidual} degrees of freedom`,
  );
  if (fit.nMissing > 0) {
    lines.push(`  (${fit.nMissing} observation${fit.nMissing === 1 ? '' : 's'} deleted due to missingness; n = ${fit.n})`);
  } else {
    lines.push(`  (n = ${fit.n}${options.intercept ? '' : ', no intercept: R² is uncentered'})`);
  }
  lines.push(
    `Multiple R-squared:  ${formatNumber(fit.rSquared, 4)},\tAdjusted R-squared:  ${formatNumber(fit.adjustedRSquared, 4)}`,
  );
  if (fit.fStatistic !== null && fit.fPValue !== null) {
    const p = fit.fPValue < 2.2e-16 ? '< 2.2e-16' : formatNumber(fit.fPValue, 4);
    lines.push(`F-statistic: ${formatNumber(fit.fStatistic, 4)} on ${fit.dfModel} and ${fit.dfResidual} DF,  p-value: ${p}`);
  }
  if (options.residuals) {
    lines.push('');
    lines.push('Residuals by row:');
    lines.push(
      alignTable(
        [
          ['row', 'fitted', 'residual'],
          ...fit.residuals.map((residual, k) => [String(fit.rowIndices[k] + 1), formatNumber(fit.fitted[k], 7), formatNumber(residual, 7)]),
        ],
        0,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/**
 * Run the regression CLI with the given arguments (without `node` and the
 * script name). Writes results to `io.stdout`, messages to `io.stderr`, and
 * returns the exit code (0 ok, 2 bad input, 1 internal error).
 *
 * @example
 * runRegressCli(['--in', 'data.csv', '--y', 'burnout', '--x', 'caseload,years'], io); // 0
 */
export function runRegressCli(argv: readonly string[], io: RegressCliIo): number {
  try {
    const options = parseArgs(argv);
    if (options === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    let text: string;
    try {
      text = io.readFile(options.input);
    } catch (error) {
      throw new InputError(`cannot read "${options.input}": ${error instanceof Error ? error.message : String(error)}`);
    }
    const records = parseCsv(text);
    if (records.length === 0) throw new InputError(`"${options.input}" is empty`);
    const header = records[0].fields.map((name) => name.trim());
    const columnIndex = (name: string): number => {
      const first = header.indexOf(name);
      if (first < 0) throw new InputError(`unknown column "${name}"; the header has: ${header.join(', ')}`);
      if (header.indexOf(name, first + 1) >= 0) throw new InputError(`column "${name}" appears more than once in the header`);
      return first;
    };
    const yIndex = columnIndex(options.response);
    const xIndices = options.predictors.map(columnIndex);
    const seen = new Set<string>();
    for (const name of options.predictors) {
      if (seen.has(name)) throw new InputError(`column "${name}" is listed twice in --x`);
      seen.add(name);
    }

    const dataRecords = records.slice(1);
    const n = dataRecords.length;
    const y = new Array<number | null>(n);
    const columns = options.predictors.map(() => new Array<number | null>(n));
    const rowNumbers = new Array<number>(n);
    for (let r = 0; r < n; r++) {
      const { fields, line } = dataRecords[r];
      const row = r + 1;
      rowNumbers[r] = row;
      if (fields.length !== header.length) {
        throw new InputError(`row ${row} (line ${line}) has ${fields.length} fields; the header has ${header.length}`);
      }
      y[r] = parseCell(fields[yIndex], options.response, row, line);
      for (let j = 0; j < xIndices.length; j++) {
        columns[j][r] = parseCell(fields[xIndices[j]], options.predictors[j], row, line);
      }
    }

    let fit: OlsResult;
    try {
      fit = fitOls({ columns }, y, { intercept: options.intercept, names: options.predictors, level: options.level });
    } catch (error) {
      if (error instanceof RankDeficientError) {
        const list = error.aliased.map((name) => `"${name}"`).join(', ');
        throw new InputError(
          `the design is rank deficient: ${list} ${error.aliased.length === 1 ? 'is a linear combination' : 'are linear combinations'} of earlier columns${options.intercept ? ' (and the intercept)' : ''}; remove ${error.aliased.length === 1 ? 'it' : 'them'}`,
        );
      }
      if (error instanceof StatsError) {
        throw new InputError(error.message.replace(/^fitOls: /, ''));
      }
      throw error;
    }
    io.stdout(options.format === 'json' ? toJson(fit, options, rowNumbers) : toTable(fit, options, argv));
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`regress: ${error.message}\n`);
      if (/required|unknown argument|needs a value/.test(error.message)) io.stderr(`\n${USAGE}`);
      return 2;
    }
    io.stderr(`regress: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
