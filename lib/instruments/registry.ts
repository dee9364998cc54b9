import { BRIEF_VR } from './brief-vr';
import { ORG_CHECK } from './org-check';
import { PROQOL5 } from './proqol5';
import { SELF_CARE } from './self-care';
import type { InstrumentDefinition } from './types';

export type BuiltInInstrumentId = 'proqol5' | 'brief-vr' | 'self-care' | 'org-check';

const BUILT_IN: { readonly [K in BuiltInInstrumentId]: InstrumentDefinition } = Object.freeze({
  proqol5: PROQOL5,
  'brief-vr': BRIEF_VR,
  'self-care': SELF_CARE,
  'org-check': ORG_CHECK,
});

export const BUILT_IN_INSTRUMENT_IDS: readonly BuiltInInstrumentId[] = Object.freeze(
  Object.keys(BUILT_IN) as BuiltInInstrumentId[],
);

export function isBuiltInInstrumentId(id: string): id is BuiltInInstrumentId {
  return Object.hasOwn(BUILT_IN, id);
}

/**
 * The built-in instrument definitions, deep-frozen and validated by the pack schema.
 * With a known id the result is a definition; with any other string, undefined.
 *
 * @example getBuiltInInstrument('proqol5').items.length === 30
 */
export function getBuiltInInstrument(id: BuiltInInstrumentId): InstrumentDefinition;
export function getBuiltInInstrument(id: string): InstrumentDefinition | undefined;
export function getBuiltInInstrument(id: string): InstrumentDefinition | undefined {
  return isBuiltInInstrumentId(id) ? BUILT_IN[id] : undefined;
}
