import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 14, "one home for measures": no measure's label, range, cut points or concern
 * direction is restated outside lib/measures and the instrument data (lib/instruments). Every
 * view reads them from lib/measures, so an installed VR pack's range and cut points reach
 * every view. This test greps the source (comments stripped; tests excluded, since they state
 * expected values with their sources) for the built-in numbers and names written as code.
 * Prose that merely mentions a measure ("a high burnout score may mean…") is not a label.
 */
const ROOT = process.cwd();
const ROOTS = ['app', 'components', 'lib', 'scripts', 'db'];
const ALLOWED = ['lib/measures/', 'lib/instruments/'];

/** Forms a restated range or cut point takes in code or in text shown to people. */
export const RESTATED: readonly RegExp[] = [
  /\bmin:\s*(10|0)\s*,\s*max:\s*(50|35)\b/, // a range object
  /\b(lowMax|highMin):\s*\d/, // a cut-point object
  /\b(10|0)\s*[–-]\s*(50|35)\b/, // "(10–50)", "0-35"
  /\b(min|max)\s*\(\s*(50|35)\s*,/i, // Math.max(35, …)
  /[<>]=?\s*(22|42)\b[^\n]*[<>]=?\s*(22|42)\b/, // v <= 22 … v >= 42
  /[<>]=?\s*(11|24)\b[^\n]*[<>]=?\s*(11|24)\b/, // v <= 11 … v >= 24
  /\b22\b[^\n]{0,12}\b42\b/, // "at 22 and 42", [10, 22, 42, 50]
];

/** The measures' names as labels take; lower case only where it cannot be a subscale id ('burnout'). */
const NAMES = 'Compassion satisfaction|Burnout|Secondary traumatic stress|Vicarious resilience|compassion satisfaction|secondary traumatic stress|vicarious resilience';

/** Forms a restated label, abbreviation or concern direction takes. */
export const RESTATED_NAMES: readonly RegExp[] = [
  new RegExp(`(['"\`])\\s*(${NAMES})\\s*(\\1|\\(|\\s(scores?|results?)\\b)`), // 'Burnout', "Burnout (10–50)", 'vicarious resilience scores'
  new RegExp(`>\\s*(${NAMES})\\s*(<|\\(|\\{)`), // <option>Burnout</option>
  /(['"`])(CS|BO|STS|VR)\1/, // an abbreviation as a literal
  /===\s*'(cs|bo|sts|vr)'\s*\|\|\s*[\w.]+\s*===\s*'(cs|bo|sts|vr)'/, // m === 'cs' || m === 'vr' ? 'low' : 'high'
  /\[\s*'(cs|bo|sts|vr)'\s*,\s*'(cs|bo|sts|vr)'\s*\]\s*\.\s*(includes|indexOf)\b/, // ['bo', 'sts'].includes(m)
  /\b(cs|bo|sts|vr):\s*('(low|high)'|true|false)\s*,\s*(cs|bo|sts|vr):\s*('(low|high)'|true|false)/, // { cs: 'low', bo: 'high', … }
  /\b(high|low) is the concerning end\b/i, // the concern direction written out
];

function sourceFiles(): string[] {
  return ROOTS.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|tsx|mjs|js)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
      .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/')),
  ).filter((f) => !ALLOWED.some((a) => f.startsWith(a)) && !f.includes('/node_modules/'));
}

/** Lines of code that restate a built-in range, cut point, label or concern direction, as "file:line: text". */
export function findRestated(file: string, text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, '')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const patterns = [...RESTATED, ...RESTATED_NAMES];
  return code.split('\n').flatMap((line, i) => (patterns.some((re) => re.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('one home for measures (issue 14)', () => {
  it('no label, range, cut point or concern direction of a measure is restated outside lib/measures and the instrument data', () => {
    const found = sourceFiles().flatMap((f) => findRestated(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scan sees the forms it is about (and ignores comments)', () => {
    const sample = [
      "const r = { min: 10, max: 50 };",
      "const c = { lowMax: 22, highMin: 42 };",
      "<th>Burnout (10–50)</th>",
      "const vrMax = Math.max(35, ...xs);",
      "v <= 22 ? 'low' : v >= 42 ? 'high' : 'moderate'",
      "case when x <= 11 then 'low' when x >= 24 then 'high'",
      'Grid lines at 22 and 42 mark the levels.',
      '// low ≤ 22, high ≥ 42: a comment is fine',
      '/* range 10–50 */ const ok = 1;',
      'const t = `${spec.label} (${rangeText(spec)})`;',
    ].join('\n');
    expect(findRestated('x.ts', sample).map((l) => Number(l.split(':')[1]))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('the scan sees restated labels and concern directions, not prose or subscale ids', () => {
    const sample = [
      '<option value="bo">Burnout</option>',
      "const SHORT = { vr: 'Vicarious resilience' };",
      "parseAnswers(def, raw, 'Vicarious resilience');",
      "summarizeHistory(points, [VR], 'vicarious resilience scores')",
      '<th>Secondary traumatic stress (0–50)</th>',
      "const abbr = 'STS';",
      "const rtm = measure === 'cs' || measure === 'vr' ? 'low' : 'high';",
      "if (['bo', 'sts'].includes(m)) warn();",
      "const worse = { cs: 'low', bo: 'high', sts: 'high', vr: 'low' };",
      "'For burnout and secondary traumatic stress, high is the concerning end.'",
      "reason: 'ProQOL 5 manual: a high burnout score may mean that a person is in need of some time off.',",
      "const PROQOL_SUBSCALE_OF = { cs: 'compassionSatisfaction', bo: 'burnout' };",
      '// the label "Burnout" in a comment',
      "const label = measureLabel('bo');",
    ].join('\n');
    expect(findRestated('x.tsx', sample).map((l) => Number(l.split(':')[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
