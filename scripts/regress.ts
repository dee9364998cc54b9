/**
 * `npm run regress -- --in FILE.csv --y COL --x COL1,COL2,... [--no-intercept]
 *  [--level 0.95] [--format json|table] [--residuals]`
 *
 * Thin wrapper: all logic (argument parsing, CSV reading, output) lives in
 * lib/stats/regress-cli.ts so tests can run it in-process. Exit code 2 means
 * bad input; see `--help`.
 */
import { readFileSync } from 'node:fs';
import { runRegressCli } from '../lib/stats/regress-cli';

process.exitCode = runRegressCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
