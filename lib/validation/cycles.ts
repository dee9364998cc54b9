import { z } from 'zod';
import { BRIEF_VR } from '@/lib/instruments';

const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('')])
  .optional()
  .transform((v) => v === 'on' || v === 'true');

/** The built-in brief VR check, or an installed pack's id (a uuid): nothing else reaches a query. */
const vrInstrument = z.union([z.literal(BRIEF_VR.id), z.uuid()], { error: 'Choose a vicarious-resilience measure.' });

// Forms submit only the fields they show; anything else is refused (issue 12: unknown keys).
export const scheduleSchema = z.strictObject({
  enabled: checkbox,
  cadence: z.enum(['monthly', 'bimonthly', 'quarterly'], { error: 'Choose how often cycles open.' }),
  openDay: z.coerce
    .number({ error: 'Enter a day from 1 to 28.' })
    .int('Enter a whole day from 1 to 28.')
    .min(1, 'Enter a day from 1 to 28.')
    .max(28, 'Enter a day from 1 to 28 (so every month has it).'),
  durationDays: z.coerce
    .number({ error: 'Enter a number of days from 7 to 28.' })
    .int('Enter a whole number of days.')
    .min(7, 'A cycle stays open at least 7 days, so everyone has a chance to check in.')
    .max(28, 'A cycle stays open at most 28 days.'),
  vrInstrument,
  includeSelfCare: checkbox,
  // The brief organizational check (issue 15): every cycle, twice a year (default) or off.
  orgCheck: z.enum(['every', 'twice_yearly', 'off'], { error: 'Choose how often to include the organizational check.' }).default('twice_yearly'),
  reminderDaysBeforeClose: z.coerce
    .number({ error: 'Enter a number of days.' })
    .int('Enter a whole number of days.')
    .min(0, 'Enter 0 (no reminder) or more days.')
    .max(27, 'The reminder must come before the cycle closes.'),
});

export const openCycleSchema = z.strictObject({
  durationDays: z.coerce
    .number({ error: 'Enter a number of days from 7 to 28.' })
    .int('Enter a whole number of days.')
    .min(7, 'A cycle stays open at least 7 days.')
    .max(28, 'A cycle stays open at most 28 days.'),
  vrInstrument,
  includeSelfCare: checkbox,
  includeOrgCheck: checkbox,
});

export const cycleIdSchema = z.strictObject({ cycleId: z.uuid('Choose a cycle.') });
