import { z } from 'zod';

/** Disable or re-enable an installed instrument pack (its row id). */
export const setPackDisabledSchema = z.strictObject({
  packId: z.uuid('Choose a pack.'),
  intent: z.enum(['disable', 'enable'], { error: 'Choose disable or enable.' }),
});

/** Remove an installed pack no cycle used. */
export const packIdSchema = z.strictObject({ packId: z.uuid('Choose a pack.') });
