import type { ClientInstrument } from '@/lib/checkin/types';
import { BRIEF_VR, ORG_CHECK, PROQOL5, SELF_CARE, type InstrumentDefinition } from '@/lib/instruments';

/** Client instruments built from the real definitions, as the check-in page builds them. */
export function clientInstrument(def: InstrumentDefinition, note: string | null = null): ClientInstrument {
  return {
    id: def.id,
    name: def.name,
    attribution: def.attribution,
    instructions: def.instructions ?? null,
    note,
    scale: {
      min: def.responseScale.min,
      max: def.responseScale.max,
      labels: def.responseScale.labels.map((l) => ({ ...l })),
    },
    missingOption: def.responseScale.missingOption ? { label: def.responseScale.missingOption.label } : null,
    items: def.items.map((i) => ({ id: i.id, text: i.text })),
  };
}

export const proqol = clientInstrument(PROQOL5);
export const vr = clientInstrument(BRIEF_VR, 'A brief indicator, not the validated VRS.');
export const selfCare = clientInstrument(SELF_CARE);
export const orgCheck = clientInstrument(ORG_CHECK);
