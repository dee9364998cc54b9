/**
 * Scores a CSV of instrument answers.
 *
 *   npm run score -- --instrument proqol5 [--format csv|json] [FILE]
 *
 * Input (FILE, or stdin when absent): CSV with a header row holding `id` and one
 * column per item, q1…q30 for the ProQOL (q<itemId> for any instrument). A blank cell
 * is an unanswered item. `--instrument` is a built-in id (proqol5, brief-vr, self-care)
 * or the path of an instrument pack JSON file.
 *
 * Output (stdout): one record per input row, in input order:
 *   id, <sub>, <sub>_level, …, status
 * where <sub> is each subscale's abbreviation (cs, bo, sts for the ProQOL) or, if it has
 * none, its id. status is `ok` or why the row (or part of it) was not scored, naming
 * the column: `q7: 6 is outside 1-5`, `bo: 3 items missing (q1,q4,q8)`. A row with an
 * invalid cell is not scored at all; a row with too many blanks in one subscale still
 * gets the other subscales. JSON output is an array of objects with the same keys,
 * numbers as numbers and null where unscored.
 *
 * Summary (stderr): rows, ok, invalid, and Cronbach's alpha per subscale over the rows
 * without invalid cells (listwise per subscale).
 *
 * Exit codes: 0 every row scored; 1 some rows invalid (all still reported);
 * 2 unusable input (bad arguments, unknown instrument or invalid pack, unreadable
 * file, malformed CSV, missing or duplicate columns), with a message on stderr.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  BUILT_IN_INSTRUMENT_IDS,
  getBuiltInInstrument,
  parsePack,
  type InstrumentDefinition,
} from '@/lib/instruments';
import { createScorer, describeAnswerProblem, subscaleAlpha } from '@/lib/scoring';
import { CsvParseError, formatCsvRecord, parseCsv } from './lib/csv';

export interface CliIo {
  readonly writeStdout: (text: string) => void;
  readonly writeStderr: (text: string) => void;
  /** Whole standard input as text. */
  readonly readStdin: () => Promise<string>;
  readonly readFile: (path: string) => Promise<string>;
  /** True when stdin is an interactive terminal (then FILE is required). */
  readonly stdinIsTerminal?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_SOME_INVALID = 1;
export const EXIT_UNUSABLE = 2;

const USAGE = `Usage: npm run score -- --instrument <id|pack.json> [--format csv|json] [FILE]

  --instrument  built-in id (${BUILT_IN_INSTRUMENT_IDS.join(', ')}) or the path of an instrument pack
  --format      csv (default) or json
  FILE          CSV with a header: id, q1, q2, ...; reads stdin when absent
`;

class UsageError extends Error {}

/** A number-looking cell becomes a number (then checked on the scale); anything else stays text. */
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

interface OutputColumn {
  readonly subscaleId: string;
  readonly name: string;
}

/**
 * The CLI, callable in-process: returns the exit code instead of exiting.
 * argv excludes the node and script paths, e.g. ['--instrument', 'proqol5', 'file.csv'].
 */
export async function runScoreCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.writeStderr(`score: ${error.message}\n`);
      return EXIT_UNUSABLE;
    }
    throw error;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        instrument: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.writeStdout(USAGE);
    return EXIT_OK;
  }
  if (!values.instrument) throw new UsageError(`--instrument is required\n${USAGE}`);
  const format = values.format;
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, not "${format}"`);
  if (positionals.length > 1) throw new UsageError(`expected at most one FILE, got ${positionals.length}`);

  const definition = await loadInstrument(values.instrument, io);
  const file = positionals[0];
  let text: string;
  if (file === undefined) {
    if (io.stdinIsTerminal) throw new UsageError(`no FILE given and stdin is a terminal\n${USAGE}`);
    text = await io.readStdin();
  } else {
    try {
      text = await io.readFile(file);
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
  }

  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvParseError) throw new UsageError(`input is not valid CSV: ${error.message}`);
    throw error;
  }
  if (records.length === 0) throw new UsageError('input is empty (expected a header row: id, q1, q2, ...)');
  return scoreRecords(definition, records, format, io);
}

async function loadInstrument(name: string, io: CliIo): Promise<InstrumentDefinition> {
  const builtIn = getBuiltInInstrument(name);
  if (builtIn) return builtIn;
  let json: string;
  try {
    json = await io.readFile(name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !/[\\/]|\.json$/i.test(name)) {
      throw new UsageError(
        `unknown instrument "${name}" (built-in: ${BUILT_IN_INSTRUMENT_IDS.join(', ')}; or give the path of a pack file)`,
      );
    }
    throw new UsageError(`cannot read instrument pack ${name}: ${(error as Error).message}`);
  }
  const result = parsePack(json);
  if (!result.ok) {
    throw new UsageError(`instrument pack ${name} is invalid:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
  }
  return result.pack;
}

function scoreRecords(
  definition: InstrumentDefinition,
  records: string[][],
  format: 'csv' | 'json',
  io: CliIo,
): number {
  const header = records[0].map((h) => h.trim().toLowerCase());
  const columnIndex = new Map<string, number>();
  const duplicates: string[] = [];
  header.forEach((name, i) => {
    if (name === '') return;
    if (columnIndex.has(name)) duplicates.push(name);
    else columnIndex.set(name, i);
  });
  if (duplicates.length > 0) throw new UsageError(`duplicate columns: ${[...new Set(duplicates)].join(', ')}`);
  const needed = ['id', ...definition.items.map((item) => `q${item.id}`)];
  const missingColumns = needed.filter((name) => !columnIndex.has(name));
  if (missingColumns.length > 0) {
    throw new UsageError(`missing columns: ${missingColumns.join(', ')} (the header needs id and q<item> for every item)`);
  }

  const idColumn = columnIndex.get('id')!;
  const itemIds = definition.items.map((item) => item.id);
  const itemColumns = itemIds.map((id) => columnIndex.get(`q${id}`)!);
  const maxItemId = Math.max(...itemIds);
  const subscaleIds = Object.keys(definition.subscales);
  const outColumns: OutputColumn[] = subscaleIds.map((id) => ({
    subscaleId: id,
    name: definition.subscales[id].abbreviation ?? id,
  }));
  const outHeader = ['id', ...outColumns.flatMap((c) => [c.name, `${c.name}_level`]), 'status'];
  const score = createScorer(definition);
  const scale = definition.responseScale;

  const out: string[] = [];
  if (format === 'csv') out.push(formatCsvRecord(outHeader));
  const validAnswers: (number | null)[][] = [];
  let rows = 0;
  let ok = 0;

  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    // A blank line (one empty field) is not a row, unless the header itself has one column.
    if (record.length === 1 && record[0] === '' && header.length > 1) continue;
    rows++;
    const id = record[idColumn] ?? '';
    const values: (string | number | null)[] = new Array(outHeader.length).fill(null);
    values[0] = id;
    const problems: string[] = [];

    if (record.length !== header.length) {
      problems.push(`row has ${record.length} fields, the header has ${header.length}`);
    } else {
      const answers: (number | null)[] = new Array(maxItemId + 1).fill(null);
      for (let i = 0; i < itemIds.length; i++) {
        const cell = record[itemColumns[i]].trim();
        if (cell === '') continue;
        const value = NUMERIC.test(cell) ? Number(cell) : cell;
        const problem = describeAnswerProblem(scale, value);
        if (problem !== null) problems.push(`q${itemIds[i]}: ${problem}`);
        else answers[itemIds[i]] = value as number;
      }
      if (problems.length === 0) {
        validAnswers.push(answers);
        const { subscales } = score(answers);
        outColumns.forEach((column, c) => {
          const s = subscales[column.subscaleId];
          values[1 + 2 * c] = s.score;
          values[2 + 2 * c] = s.level;
          if (!s.valid) {
            const items = s.missingItems.map((item) => `q${item}`).join(',');
            problems.push(`${column.name}: ${s.missing} item${s.missing === 1 ? '' : 's'} missing (${items})`);
          }
        });
      }
    }
    const status = problems.length === 0 ? 'ok' : problems.join('; ');
    if (problems.length === 0) ok++;
    values[values.length - 1] = status;
    out.push(format === 'csv' ? formatCsvRecord(values) : jsonRecord(outHeader, values));
  }

  if (format === 'csv') io.writeStdout(out.join(''));
  else io.writeStdout(out.length === 0 ? '[]\n' : `[\n${out.join(',\n')}\n]\n`);

  const invalid = rows - ok;
  const alphas = subscaleAlpha(definition, validAnswers);
  const alphaText = outColumns
    .map((c) => {
      const a = alphas[c.subscaleId];
      return a.alpha === null
        ? `  ${c.name}: n/a (${a.reason})`
        : `  ${c.name}: ${a.alpha.toFixed(3)} (n=${a.n}, k=${a.k})`;
    })
    .join('\n');
  io.writeStderr(
    `score: ${definition.id}: ${rows} rows, ${ok} ok, ${invalid} invalid\n` +
      `Cronbach's alpha (rows without invalid cells, listwise per subscale):\n${alphaText}\n`,
  );
  return invalid === 0 ? EXIT_OK : EXIT_SOME_INVALID;
}

function jsonRecord(keys: readonly string[], values: readonly (string | number | null)[]): string {
  const object: Record<string, string | number | null> = {};
  keys.forEach((key, i) => {
    object[key] = values[i];
  });
  return `  ${JSON.stringify(object)}`;
}

/** Standard streams and the file system, for the real command. */
export const processIo: CliIo = {
  writeStdout: (text) => {
    process.stdout.write(text);
  },
  writeStderr: (text) => {
    process.stderr.write(text);
  },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  readFile: (path) => readFile(path, 'utf8'),
  get stdinIsTerminal() {
    return process.stdin.isTTY === true;
  },
};

const invokedPath = process.argv[1];
if (invokedPath !== undefined && resolve(invokedPath) === fileURLToPath(import.meta.url)) {
  runScoreCli(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`score: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = EXIT_UNUSABLE;
    },
  );
}
