/**
 * Parser for the NIST StRD linear-regression `.dat` files kept beside this
 * module (public domain, https://www.itl.nist.gov/div898/strd/lls/lls.shtml).
 * Pure: takes the file text; the tests read the files.
 *
 * Each file states where its certified values and data live ("Certified
 * Values (lines 31 to 46)", "Data (lines 61 to 96)"); the parser uses those
 * line numbers rather than guessing. CRLF and LF both work.
 */

export interface NistCertified {
  /** Certified estimates B0 (if present), B1, …, in order. */
  coefficients: number[];
  /** Certified standard deviations of the estimates. */
  standardDeviations: number[];
  residualStandardDeviation: number;
  rSquared: number;
}

export interface NistDataset {
  name: string;
  /** Whether the model has B0 (an intercept). */
  intercept: boolean;
  /** Predictor names in model order (x, x^2, … for polynomial models). */
  predictorNames: string[];
  /** Raw data columns after y: for polynomial models just x. */
  rawColumnNames: string[];
  y: number[];
  /** Raw predictor columns as given (not yet expanded into powers). */
  rawColumns: number[][];
  /** Degree of the polynomial in x, or null when the predictors are the raw columns. */
  polynomialDegree: number | null;
  certified: NistCertified;
}

/** The 11 StRD linear-regression datasets, in NIST's order of difficulty. */
export const NIST_LINEAR_DATASETS = [
  'Norris',
  'Pontius',
  'NoInt1',
  'NoInt2',
  'Filip',
  'Longley',
  'Wampler1',
  'Wampler2',
  'Wampler3',
  'Wampler4',
  'Wampler5',
] as const;

function lineRange(lines: readonly string[], label: string): [number, number] {
  for (const line of lines.slice(0, 12)) {
    const match = new RegExp(`${label}\\s*\\(lines\\s+(\\d+)\\s+to\\s+(\\d+)\\)`).exec(line);
    if (match) return [Number(match[1]), Number(match[2])];
  }
  throw new Error(`NIST file has no "${label} (lines A to B)" header`);
}

/** Parse one StRD linear-regression file. */
export function parseNistDat(name: string, text: string): NistDataset {
  const lines = text.split(/\r?\n/);
  const [certFrom, certTo] = lineRange(lines, 'Certified Values');
  const [dataFrom, dataTo] = lineRange(lines, 'Data');

  const parameters: { index: number; estimate: number; sd: number }[] = [];
  let residualStandardDeviation = NaN;
  let rSquared = NaN;
  for (const line of lines.slice(certFrom - 1, certTo)) {
    const parameter = /^\s*B(\d+)\s+(\S+)\s+(\S+)/.exec(line);
    if (parameter) {
      parameters.push({ index: Number(parameter[1]), estimate: Number(parameter[2]), sd: Number(parameter[3]) });
      continue;
    }
    const sd = /Standard Deviation\s+(\S+)\s*$/.exec(line);
    if (sd && !/of Estimate/.test(line)) residualStandardDeviation = Number(sd[1]);
    const r2 = /R-Squared\s+(\S+)/.exec(line);
    if (r2) rSquared = Number(r2[1]);
  }
  if (parameters.length === 0 || Number.isNaN(residualStandardDeviation) || Number.isNaN(rSquared)) {
    throw new Error(`${name}: could not read the certified values`);
  }
  for (const parameter of parameters) {
    if (!Number.isFinite(parameter.estimate) || !Number.isFinite(parameter.sd)) {
      throw new Error(`${name}: unreadable certified value for B${parameter.index}`);
    }
  }

  const header = lines[dataFrom - 2].replace(/^Data:\s*/, '').trim().split(/\s+/);
  if (header[0] !== 'y') throw new Error(`${name}: expected the data header to start with y, got "${lines[dataFrom - 2]}"`);
  const rawColumnNames = header.slice(1);
  const y: number[] = [];
  const rawColumns: number[][] = rawColumnNames.map(() => []);
  for (const line of lines.slice(dataFrom - 1, dataTo)) {
    const fields = line.trim().split(/\s+/).map(Number);
    if (fields.length !== header.length || fields.some((v) => !Number.isFinite(v))) {
      throw new Error(`${name}: bad data line "${line}"`);
    }
    y.push(fields[0]);
    for (let j = 0; j < rawColumnNames.length; j++) rawColumns[j].push(fields[j + 1]);
  }

  const intercept = parameters[0].index === 0;
  const slopes = parameters.length - (intercept ? 1 : 0);
  let polynomialDegree: number | null = null;
  let predictorNames: string[];
  if (rawColumnNames.length === 1) {
    polynomialDegree = slopes;
    predictorNames = Array.from({ length: slopes }, (_, k) => (k === 0 ? 'x' : `x^${k + 1}`));
  } else {
    if (rawColumnNames.length !== slopes) throw new Error(`${name}: ${slopes} slopes for ${rawColumnNames.length} columns`);
    predictorNames = rawColumnNames;
  }

  return {
    name,
    intercept,
    predictorNames,
    rawColumnNames,
    y,
    rawColumns,
    polynomialDegree,
    certified: {
      coefficients: parameters.map((parameter) => parameter.estimate),
      standardDeviations: parameters.map((parameter) => parameter.sd),
      residualStandardDeviation,
      rSquared,
    },
  };
}

/**
 * Predictor rows for the model: raw columns, or x, x², …, x^d built with
 * Math.pow on the given x (as the StRD README prescribes).
 */
export function nistDesignRows(dataset: NistDataset): number[][] {
  const n = dataset.y.length;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (dataset.polynomialDegree === null) {
      rows.push(dataset.rawColumns.map((column) => column[i]));
    } else {
      const x = dataset.rawColumns[0][i];
      rows.push(Array.from({ length: dataset.polynomialDegree }, (_, k) => Math.pow(x, k + 1)));
    }
  }
  return rows;
}

/**
 * Log relative error, LRE = −log10(|estimate − certified| / |certified|),
 * or −log10|estimate − certified| when the certified value is 0; capped at
 * 15 (McCullough 1998, "Assessing the reliability of statistical software").
 *
 * @example
 * logRelativeError(1.000001, 1); // 6.000000000035728 (six correct digits)
 */
export function logRelativeError(estimate: number, certified: number): number {
  if (!Number.isFinite(estimate)) return 0;
  const error = Math.abs(estimate - certified);
  if (error === 0) return 15;
  const lre = certified === 0 ? -Math.log10(error) : -Math.log10(error / Math.abs(certified));
  return Math.max(0, Math.min(15, lre));
}
