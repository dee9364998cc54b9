import { z } from 'zod';
import { safeText } from '@/lib/validation/text';
import type { InstrumentDefinition } from './types';

/**
 * Zod schema and cross-field checks for instrument definitions and instrument packs.
 *
 * A pack is the JSON an agency installs to use a licensed instrument (for example the
 * full Vicarious Resilience Scale). The built-in instruments are written in the same
 * format and pass through the same checks, so there is one definition type and one
 * scoring path. See lib/instruments/examples/example-pack.json.
 */

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

// Pack texts are stored (jsonb) and shown: no NUL, control characters or lone surrogates (issue 12).
const text = (max: number) => safeText({ min: 1, max, multiline: true, label: 'this text', requiredMessage: 'must not be empty', tooLongMessage: `must be at most ${max} characters` });

const scaleLabelSchema = z.strictObject({
  value: z.int(),
  label: text(200),
});

const responseScaleSchema = z.strictObject({
  min: z.int().min(-100).max(100),
  max: z.int().min(-100).max(100),
  labels: z.array(scaleLabelSchema).min(2).max(201),
  // An answer offered beside the scale that counts as missing, e.g. "Don't know" or "Not
  // applicable" (the organizational check and a VT-ORG pack use it; issue 15).
  missingOption: z.strictObject({ label: text(200) }).optional(),
});

const itemSchema = z.strictObject({
  id: z.int().min(1).max(100_000),
  text: text(2000),
  key: z.string().regex(IDENTIFIER, 'must be an identifier such as personalTherapy').max(64).optional(),
});

const subscaleSchema = z.strictObject({
  name: text(200),
  abbreviation: z.string().regex(IDENTIFIER, 'must be an identifier such as bo').max(32).optional(),
  items: z.array(z.int()).min(1).max(1000),
  reverse: z.array(z.int()).max(1000).default([]),
  method: z.enum(['sum', 'mean']),
  range: z.strictObject({ min: z.number(), max: z.number() }),
  levels: z.strictObject({ lowMax: z.number(), highMin: z.number() }).optional(),
  maxMissing: z.int().min(0).default(0),
});

/** Structural schema of a pack; cross-field rules are applied by `checkDefinition`. */
export const instrumentPackSchema = z
  .strictObject({
    id: z.string().regex(SLUG, 'must be a lower-case slug such as example-resilience').max(64),
    name: text(300),
    version: text(50),
    attribution: text(2000),
    licence: text(5000),
    description: text(5000).optional(),
    instructions: text(5000).optional(),
    responseScale: responseScaleSchema,
    items: z.array(itemSchema).min(1).max(1000),
    subscales: z.record(
      z.string().regex(IDENTIFIER, 'subscale ids must be identifiers such as resilience').max(64),
      subscaleSchema,
    ),
  })
  .superRefine((def, ctx) => {
    for (const problem of findDefinitionProblems(def)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
    }
  });

/** Input (JSON) shape of a pack: `reverse` and `maxMissing` may be omitted. */
export type InstrumentPackInput = z.input<typeof instrumentPackSchema>;

// Compile-time guarantee that what the schema produces is an InstrumentDefinition.
const _schemaProducesDefinition = (x: z.output<typeof instrumentPackSchema>): InstrumentDefinition => x;
void _schemaProducesDefinition;

interface Problem {
  path: (string | number)[];
  message: string;
}

/**
 * Cross-field problems in a structurally valid definition: duplicate item ids or keys,
 * subscale items that do not exist, reverse keys outside the subscale, a range that the
 * scale and method do not imply, cut points out of range or out of order, a
 * missing-data allowance as large as the subscale, output column names that collide.
 * Cost O(items + subscale items).
 */
function findDefinitionProblems(def: InstrumentDefinition): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const scale = def.responseScale;

  if (scale.min >= scale.max) {
    add(['responseScale', 'max'], `${scale.max} must be greater than min (${scale.min})`);
  }
  const labelled = new Map<number, number>();
  scale.labels.forEach((label, i) => {
    if (label.value < scale.min || label.value > scale.max) {
      add(['responseScale', 'labels', i, 'value'], `${label.value} is outside the scale ${scale.min}-${scale.max}`);
    }
    const first = labelled.get(label.value);
    if (first !== undefined) {
      add(['responseScale', 'labels', i, 'value'], `duplicate label for ${label.value} (also at responseScale.labels[${first}])`);
    } else {
      labelled.set(label.value, i);
    }
  });
  if (scale.min < scale.max) {
    for (const end of [scale.min, scale.max]) {
      if (!labelled.has(end)) add(['responseScale', 'labels'], `the end point ${end} must be labelled`);
    }
  }

  const itemIndex = new Map<number, number>();
  const keyIndex = new Map<string, number>();
  def.items.forEach((item, i) => {
    const first = itemIndex.get(item.id);
    if (first !== undefined) add(['items', i, 'id'], `duplicate item id ${item.id} (also at items[${first}])`);
    else itemIndex.set(item.id, i);
    if (item.key !== undefined) {
      const firstKey = keyIndex.get(item.key);
      if (firstKey !== undefined) add(['items', i, 'key'], `duplicate item key "${item.key}" (also at items[${firstKey}])`);
      else keyIndex.set(item.key, i);
    }
  });

  const subscaleIds = Object.keys(def.subscales);
  if (subscaleIds.length === 0) add(['subscales'], 'at least one subscale is required');

  // Each subscale names two output columns (`<code>` and `<code>_level`, where code is
  // its abbreviation or id) beside `id` and `status`; they must not collide.
  const columnOwner = new Map<string, string>([
    ['id', 'the id column'],
    ['status', 'the status column'],
  ]);
  for (const id of subscaleIds) {
    const code = def.subscales[id].abbreviation ?? id;
    const field = def.subscales[id].abbreviation === undefined ? [] : ['abbreviation'];
    const columns = [code, `${code}_level`];
    const clash = columns.find((column) => columnOwner.has(column.toLowerCase()));
    if (clash !== undefined) {
      add(['subscales', id, ...field], `its output column "${clash}" is already used by ${columnOwner.get(clash.toLowerCase())}`);
    } else {
      for (const column of columns) columnOwner.set(column.toLowerCase(), `subscales.${id}`);
    }
  }

  for (const id of subscaleIds) {
    const s = def.subscales[id];
    const at = (...rest: (string | number)[]) => ['subscales', id, ...rest];
    const inSubscale = new Set<number>();
    s.items.forEach((itemId, i) => {
      if (!itemIndex.has(itemId)) add(at('items', i), `item ${itemId} does not exist`);
      if (inSubscale.has(itemId)) add(at('items', i), `item ${itemId} is listed twice`);
      inSubscale.add(itemId);
    });
    const reversed = new Set<number>();
    s.reverse.forEach((itemId, i) => {
      if (!inSubscale.has(itemId)) add(at('reverse', i), `item ${itemId} is not one of this subscale's items`);
      if (reversed.has(itemId)) add(at('reverse', i), `item ${itemId} is listed twice`);
      reversed.add(itemId);
    });
    const k = s.items.length;
    if (s.maxMissing >= k) {
      add(at('maxMissing'), `${s.maxMissing} must be less than the number of items (${k})`);
    }
    if (scale.min < scale.max) {
      const expected =
        s.method === 'sum' ? { min: k * scale.min, max: k * scale.max } : { min: scale.min, max: scale.max };
      if (s.range.min !== expected.min || s.range.max !== expected.max) {
        const why =
          s.method === 'sum'
            ? `sum of ${k} items on the ${scale.min}-${scale.max} scale`
            : `mean of items on the ${scale.min}-${scale.max} scale`;
        add(
          at('range'),
          `expected ${expected.min}-${expected.max} (${why}), got ${s.range.min}-${s.range.max}`,
        );
      }
    }
    if (s.levels) {
      const { lowMax, highMin } = s.levels;
      for (const [name, value] of [
        ['lowMax', lowMax],
        ['highMin', highMin],
      ] as const) {
        if (value < s.range.min || value > s.range.max) {
          add(at('levels', name), `${value} is outside the subscale range ${s.range.min}-${s.range.max}`);
        }
      }
      if (!(lowMax < highMin)) {
        add(at('levels'), `lowMax (${lowMax}) must be less than highMin (${highMin})`);
      }
    }
  }
  return problems;
}

/** Formats a zod path as `subscales.resilience.items[3]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? 'pack' : out;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `${formatPath(issue.path)}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_key') {
    const key = issue.path[issue.path.length - 1];
    return `${formatPath(issue.path)}: "${String(key)}" is not a valid key: ${issue.issues.map((i) => i.message).join('; ')}`;
  }
  return `${formatPath(issue.path)}: ${issue.message}`;
}

export type ParsePackResult =
  | { readonly ok: true; readonly pack: InstrumentDefinition }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Validates an instrument pack: the zod structure first, then the cross-field rules.
 * Accepts the parsed JSON value, or the JSON text itself. Unknown keys are rejected so
 * that a typo such as `reverseKeys` is reported rather than silently ignored.
 *
 * Each error names the path and the problem, e.g.
 * `subscales.resilience.items[3]: item 31 does not exist`.
 *
 * On success the pack is deep-frozen, with defaults filled in (`reverse: []`,
 * `maxMissing: 0`) and strings trimmed. Cost O(size of the pack).
 *
 * @example parsePack({ id: 'x' }).ok === false
 */
export function parsePack(json: unknown): ParsePackResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, errors: [`pack: not valid JSON (${(error as Error).message})`] };
    }
  }
  const parsed = instrumentPackSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map(formatIssue),
    };
  }
  return { ok: true, pack: deepFreeze(parsed.data) };
}

/**
 * Cross-field problems of an already-typed definition, formatted like parsePack's
 * errors. Empty when the definition is consistent. Used by `createScorer` to refuse a
 * hand-built definition that never went through `parsePack`.
 */
export function checkDefinition(def: InstrumentDefinition): string[] {
  return findDefinitionProblems(def).map((p) => `${formatPath(p.path)}: ${p.message}`);
}

/**
 * For definitions written by us (the built-ins): parse, and throw if invalid, so a
 * mistake fails at import time and in tests rather than in a staff member's check-in.
 */
export function defineInstrument(raw: InstrumentPackInput): InstrumentDefinition {
  const result = parsePack(raw);
  if (!result.ok) {
    throw new Error(`defineInstrument: invalid definition "${String((raw as { id?: unknown }).id)}": ${result.errors.join('; ')}`);
  }
  return result.pack;
}

/** Freezes a plain JSON-like value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
