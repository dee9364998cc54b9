/**
 * Scoring benchmarks (npm run bench:scoring).
 *
 * 1. In-process: score 1,000,000 ProQOL responses with a compiled scorer.
 *    Target < 1 s. Responses are generated first (seeded), ~1% of answers missing, and
 *    not timed; the figure is the first full pass (JIT warm-up included), then the
 *    best of three further passes.
 * 2. CLI: the real `tsx scripts/score.ts` process on a generated 100,000-row CSV in a
 *    temporary directory, wall time including start-up. Target < 5 s. A 1-row run is
 *    timed too, to show how much of that is start-up.
 *
 * Exits 1 if a target is missed, so it can guard a CI job.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROQOL5 } from '@/lib/instruments';
import { createScorer, type ItemAnswers } from '@/lib/scoring';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IN_PROCESS_N = 1_000_000;
const CLI_ROWS = 100_000;
const IN_PROCESS_TARGET_MS = 1000;
const CLI_TARGET_MS = 5000;

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function answer(next: () => number): number | null {
  return next() < 0.01 ? null : 1 + Math.floor(next() * 5);
}

function generateArrays(n: number, next: () => number): (number | null)[][] {
  const out = new Array<(number | null)[]>(n);
  for (let r = 0; r < n; r++) {
    const a = new Array<number | null>(31);
    a[0] = null;
    for (let id = 1; id <= 30; id++) a[id] = answer(next);
    out[r] = a;
  }
  return out;
}

function generateObjects(n: number, next: () => number): Record<number, number | null>[] {
  const out = new Array<Record<number, number | null>>(n);
  for (let r = 0; r < n; r++) {
    const o: Record<number, number | null> = {};
    for (let id = 1; id <= 30; id++) o[id] = answer(next);
    out[r] = o;
  }
  return out;
}

function timePass(responses: readonly ItemAnswers[]): { ms: number; checksum: number } {
  const score = createScorer(PROQOL5);
  const started = performance.now();
  let checksum = 0;
  for (let r = 0; r < responses.length; r++) {
    const s = score(responses[r]).subscales;
    checksum += (s.compassionSatisfaction.score ?? 0) + (s.burnout.score ?? 0) + (s.secondaryTraumaticStress.score ?? 0);
  }
  return { ms: performance.now() - started, checksum };
}

function inProcess(label: string, responses: readonly ItemAnswers[]): number {
  const first = timePass(responses);
  const again = [timePass(responses), timePass(responses), timePass(responses)];
  const best = Math.min(...again.map((p) => p.ms));
  if (again.some((p) => p.checksum !== first.checksum)) throw new Error('bench: passes disagree');
  const perResponse = (first.ms * 1e6) / responses.length / 1e3;
  console.log(
    `in-process, ${label}: ${responses.length.toLocaleString('en')} ProQOL responses in ${first.ms.toFixed(0)} ms ` +
      `first pass (${perResponse.toFixed(2)} µs each), best of 3 more ${best.toFixed(0)} ms ` +
      `[target < ${IN_PROCESS_TARGET_MS} ms: ${first.ms < IN_PROCESS_TARGET_MS ? 'met' : 'MISSED'}]`,
  );
  return first.ms;
}

function writeCsv(path: string, rows: number, next: () => number): void {
  const lines = [`id,${Array.from({ length: 30 }, (_, i) => `q${i + 1}`).join(',')}`];
  for (let r = 0; r < rows; r++) {
    const cells = [`r${r}`];
    for (let id = 1; id <= 30; id++) {
      // About 1 row in 500 has an out-of-range answer, so the error path is exercised too.
      const v = next() < 0.002 / 30 ? 6 : answer(next);
      cells.push(v === null ? '' : String(v));
    }
    lines.push(cells.join(','));
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}

function runCli(file: string): { ms: number; status: number | null; outRows: number; stderr: string } {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const started = performance.now();
  const result = spawnSync(tsx, ['scripts/score.ts', '--instrument', 'proqol5', file], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  const outRows = result.stdout.split('\r\n').length - 2; // header, trailing empty string
  return { ms, status: result.status, outRows, stderr: result.stderr };
}

function main(): void {
  let missed = false;
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);

  const arrays = generateArrays(IN_PROCESS_N, random(1));
  missed ||= inProcess('arrays indexed by item id', arrays) >= IN_PROCESS_TARGET_MS;
  arrays.length = 0;
  const objects = generateObjects(IN_PROCESS_N, random(2));
  missed ||= inProcess('plain objects { 1: …, 30: … }', objects) >= IN_PROCESS_TARGET_MS;
  objects.length = 0;

  const dir = mkdtempSync(join(tmpdir(), 'sustain-bench-'));
  try {
    const big = join(dir, 'responses.csv');
    const tiny = join(dir, 'one.csv');
    writeCsv(big, CLI_ROWS, random(3));
    writeCsv(tiny, 1, random(4));
    const startup = runCli(tiny);
    const cli = runCli(big);
    if (cli.outRows !== CLI_ROWS) throw new Error(`bench: CLI wrote ${cli.outRows} rows, expected ${CLI_ROWS}`);
    console.log(`CLI start-up (1-row file): ${startup.ms.toFixed(0)} ms wall`);
    console.log(
      `CLI, ${CLI_ROWS.toLocaleString('en')}-row CSV: ${cli.ms.toFixed(0)} ms wall, exit ${cli.status} ` +
        `[target < ${CLI_TARGET_MS} ms: ${cli.ms < CLI_TARGET_MS ? 'met' : 'MISSED'}]`,
    );
    console.log(cli.stderr.trimEnd().replace(/^/gm, '  | '));
    missed ||= cli.ms >= CLI_TARGET_MS;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (missed) process.exitCode = 1;
}

main();
