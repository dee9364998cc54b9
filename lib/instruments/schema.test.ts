import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import examplePack from './examples/example-pack.json';
import { BUILT_IN_INSTRUMENT_IDS, getBuiltInInstrument, isBuiltInInstrumentId } from './registry';
import { checkDefinition, parsePack } from './schema';
import type { InstrumentDefinition } from './types';

/** A fresh, valid pack to break one field at a time. */
const validPack = () => structuredClone(examplePack) as Record<string, any>;

const errorsOf = (json: unknown): readonly string[] => {
  const result = parsePack(json);
  if (result.ok) throw new Error('expected the pack to be rejected');
  return result.errors;
};

describe('parsePack', () => {
  it('accepts the example pack, fills defaults and deep-freezes it', () => {
    const result = parsePack(examplePack);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pack.id).toBe('example-resilience-pack');
    expect(result.pack.name).toMatch(/EXAMPLE ONLY/);
    expect(result.pack.subscales.support.reverse).toEqual([]);
    expect(result.pack.subscales.support.maxMissing).toBe(0);
    expect(Object.isFrozen(result.pack)).toBe(true);
    expect(Object.isFrozen(result.pack.subscales.recovery.items)).toBe(true);
  });

  it('accepts the JSON text as well as the parsed value', () => {
    expect(parsePack(readFileSync(new URL('./examples/example-pack.json', import.meta.url), 'utf8')).ok).toBe(true);
    expect(errorsOf('{ not json')).toEqual([expect.stringMatching(/^pack: not valid JSON/)]);
  });

  it('names the path and problem for an item a subscale lists but the pack lacks', () => {
    const pack = validPack();
    pack.subscales.resilience = { ...pack.subscales.recovery, items: [1, 2, 3, 31], reverse: [], range: { min: 4, max: 20 } };
    delete pack.subscales.resilience.levels;
    expect(errorsOf(pack)).toEqual(['subscales.resilience.items[3]: item 31 does not exist']);
  });

  it('rejects duplicate item ids and keys', () => {
    const pack = validPack();
    pack.items[4] = { id: 2, text: 'Duplicate', key: 'a' };
    pack.items[5] = { ...pack.items[5], key: 'a' };
    expect(errorsOf(pack)).toEqual([
      'items[4].id: duplicate item id 2 (also at items[1])',
      'items[5].key: duplicate item key "a" (also at items[4])',
      // Item 5 is gone, so the support subscale now names a missing item.
      'subscales.support.items[1]: item 5 does not exist',
    ]);
  });

  it('rejects an item listed twice in a subscale and a reverse key outside the subscale', () => {
    const pack = validPack();
    pack.subscales.recovery.reverse = [3, 4, 3];
    pack.subscales.support.items = [4, 5, 5];
    expect(errorsOf(pack)).toEqual([
      "subscales.recovery.reverse[1]: item 4 is not one of this subscale's items",
      'subscales.recovery.reverse[2]: item 3 is listed twice',
      'subscales.support.items[2]: item 5 is listed twice',
    ]);
  });

  it('rejects cut points out of range or out of order', () => {
    const pack = validPack();
    pack.subscales.recovery.levels = { lowMax: 2, highMin: 16 };
    expect(errorsOf(pack)).toEqual([
      'subscales.recovery.levels.lowMax: 2 is outside the subscale range 3-15',
      'subscales.recovery.levels.highMin: 16 is outside the subscale range 3-15',
    ]);
    pack.subscales.recovery.levels = { lowMax: 12, highMin: 7 };
    expect(errorsOf(pack)).toEqual(['subscales.recovery.levels: lowMax (12) must be less than highMin (7)']);
    pack.subscales.recovery.levels = { lowMax: 9, highMin: 9 };
    expect(errorsOf(pack)).toEqual(['subscales.recovery.levels: lowMax (9) must be less than highMin (9)']);
  });

  it('rejects a range the scale and method do not imply', () => {
    const pack = validPack();
    pack.subscales.recovery.range = { min: 3, max: 18 };
    pack.subscales.support.range = { min: 3, max: 15 };
    expect(errorsOf(pack)).toEqual([
      'subscales.recovery.range: expected 3-15 (sum of 3 items on the 1-5 scale), got 3-18',
      'subscales.support.range: expected 1-5 (mean of items on the 1-5 scale), got 3-15',
    ]);
  });

  it('rejects a missing-data allowance as large as the subscale', () => {
    const pack = validPack();
    pack.subscales.recovery.maxMissing = 3;
    expect(errorsOf(pack)).toEqual(['subscales.recovery.maxMissing: 3 must be less than the number of items (3)']);
  });

  it('checks the response scale: order, label values, labelled end points', () => {
    const pack = validPack();
    pack.responseScale.labels = [
      { value: 1, label: 'Not at all' },
      { value: 1, label: 'Again' },
      { value: 9, label: 'Too high' },
    ];
    expect(errorsOf(pack)).toEqual([
      'responseScale.labels[1].value: duplicate label for 1 (also at responseScale.labels[0])',
      'responseScale.labels[2].value: 9 is outside the scale 1-5',
      'responseScale.labels: the end point 5 must be labelled',
    ]);
    const reversed = validPack();
    reversed.responseScale.min = 5;
    reversed.responseScale.max = 1;
    expect(errorsOf(reversed)).toContain('responseScale.max: 1 must be greater than min (5)');
  });

  it('reports structural errors with their paths, including unknown fields', () => {
    const pack = validPack();
    pack.subscales.recovery.reverseKeys = [3];
    pack.subscales.recovery.method = 'median';
    pack.items[0].id = 1.5;
    delete pack.licence;
    const errors = errorsOf(pack);
    expect(errors).toContain('subscales.recovery: unknown field "reverseKeys"');
    expect(errors).toContainEqual(expect.stringMatching(/^subscales\.recovery\.method: /));
    expect(errors).toContainEqual(expect.stringMatching(/^items\[0\]\.id: /));
    expect(errors).toContainEqual(expect.stringMatching(/^licence: /));
  });

  it('rejects subscale ids that are not identifiers, and an empty subscale list', () => {
    const pack = validPack();
    pack.subscales['2nd scale'] = pack.subscales.support;
    expect(errorsOf(pack)).toEqual([expect.stringMatching(/^subscales\.2nd scale: "2nd scale" is not a valid key: subscale ids must be identifiers/)]);
    const empty = validPack();
    empty.subscales = {};
    expect(errorsOf(empty)).toEqual(['subscales: at least one subscale is required']);
  });

  it('rejects subscales whose output columns would collide', () => {
    const pack = validPack();
    pack.subscales.support.abbreviation = 'recovery';
    pack.subscales.status = { ...pack.subscales.support, abbreviation: undefined };
    delete pack.subscales.status.abbreviation;
    pack.subscales.Recovery_level = { ...pack.subscales.status };
    expect(errorsOf(pack)).toEqual([
      'subscales.support.abbreviation: its output column "recovery" is already used by subscales.recovery',
      'subscales.status: its output column "status" is already used by the status column',
      'subscales.Recovery_level: its output column "Recovery_level" is already used by subscales.recovery',
    ]);
  });

  it('rejects non-objects', () => {
    expect(errorsOf(null)).toEqual([expect.stringMatching(/^pack: /)]);
    expect(errorsOf([])).toEqual([expect.stringMatching(/^pack: /)]);
  });
});

describe('built-in instruments', () => {
  it.each(BUILT_IN_INSTRUMENT_IDS)('%s is a valid pack in its own right', (id) => {
    const definition = getBuiltInInstrument(id);
    expect(definition.id).toBe(id);
    expect(checkDefinition(definition)).toEqual([]);
    // Round trip through JSON and the public parser: the built-ins use the pack format.
    const reparsed = parsePack(JSON.parse(JSON.stringify(definition)));
    expect(reparsed).toEqual({ ok: true, pack: definition });
    expect(Object.isFrozen(definition.subscales)).toBe(true);
  });

  it('knows only its four ids (the organizational check joined in issue 15)', () => {
    expect(BUILT_IN_INSTRUMENT_IDS).toEqual(['proqol5', 'brief-vr', 'self-care', 'org-check']);
    expect(getBuiltInInstrument('vrs')).toBeUndefined();
    expect(isBuiltInInstrumentId('toString')).toBe(false);
    expect(getBuiltInInstrument('toString')).toBeUndefined();
  });

  it('checkDefinition catches a hand-built inconsistent definition', () => {
    const broken: InstrumentDefinition = {
      ...getBuiltInInstrument('brief-vr'),
      subscales: { vr: { name: 'VR', items: [1, 8], reverse: [], method: 'sum', range: { min: 0, max: 10 }, maxMissing: 0 } },
    };
    expect(checkDefinition(broken)).toEqual(['subscales.vr.items[1]: item 8 does not exist']);
  });
});
