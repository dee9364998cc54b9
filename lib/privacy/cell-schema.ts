import { z } from 'zod';

import { MEASURES } from './measures';
import { MIN_K, type AggregateCell } from './types';

const cellKey = {
  group: z.string().min(1),
  cycle: z.string().min(1),
  measure: z.enum(MEASURES),
};

const count = z.number().int().nonnegative();

const publishedCellSchema = z
  .strictObject({
    ...cellKey,
    n: z.number().int().min(MIN_K),
    mean: z.number(),
    sd: z.number().nonnegative(),
    ci95: z.tuple([z.number(), z.number()]),
    levelCounts: z.strictObject({ low: count, moderate: count, high: count }),
    suppressed: z.null(),
  })
  .refine((c) => c.ci95[0] <= c.mean && c.mean <= c.ci95[1], {
    message: 'ci95 must contain the mean',
    path: ['ci95'],
  })
  .refine((c) => c.levelCounts.low + c.levelCounts.moderate + c.levelCounts.high <= c.n, {
    message: 'level counts exceed n',
    path: ['levelCounts'],
  });

const emptyCellSchema = z.strictObject({
  ...cellKey,
  n: z.literal(0),
  mean: z.null(),
  sd: z.null(),
  ci95: z.null(),
  levelCounts: z.strictObject({ low: z.literal(0), moderate: z.literal(0), high: z.literal(0) }),
  suppressed: z.null(),
});

const suppressedCellSchema = z.strictObject({
  ...cellKey,
  n: z.null(),
  mean: z.null(),
  sd: z.null(),
  ci95: z.null(),
  levelCounts: z.null(),
  suppressed: z.string().min(1),
});

/**
 * zod schema for one stored `cycle_aggregates` cell, for validating what is
 * read back before it reaches a page, export or API.
 *
 * Strict (unknown keys are rejected) and shaped so that a suppressed cell can
 * only parse if every number is null: a corrupted or hand-edited row that
 * carries numbers next to a reason is refused instead of shown. A published
 * cell must have n ≥ 3 (the lowest k any organization may set), a finite mean
 * inside its interval, and level counts that fit within n.
 *
 * The schema cannot know the organization's k at publication time; the
 * publication step guarantees n ≥ k, and the stored cells are never
 * recomputed.
 *
 * Its output type is {@link AggregateCell}.
 */
export const aggregateCellSchema: z.ZodType<AggregateCell> = z.union([
  publishedCellSchema,
  emptyCellSchema,
  suppressedCellSchema,
]);

/** Schema for the cells of one or more cycles, as read back from `cycle_aggregates`. */
export const aggregateCellsSchema: z.ZodType<readonly AggregateCell[]> = z.array(aggregateCellSchema);
