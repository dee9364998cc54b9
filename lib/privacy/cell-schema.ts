import { z } from 'zod';

import { MEASURES } from './measures';
import { MIN_K, type AggregateCell } from './types';

const cellKey = {
  group: z.string().min(1),
  cycle: z.string().min(1),
  measure: z.enum(MEASURES),
};

const count = z.number().int().nonnegative();

/** Rule 8: published moments carry one decimal at most. */
const oneDecimal = z.number().refine((x) => Number.isFinite(x) && Math.abs(x * 10 - Math.round(x * 10)) < 1e-9, {
  message: 'published statistics are rounded to one decimal',
});

const publishedCellSchema = z
  .strictObject({
    ...cellKey,
    n: z.number().int().min(MIN_K),
    mean: oneDecimal,
    sd: oneDecimal.refine((x) => x >= 0, { message: 'sd must be non-negative' }),
    ci95: z.tuple([oneDecimal, oneDecimal]),
    levelCounts: z.strictObject({ low: count, moderate: count, high: count }).nullable(),
    levelsWithheld: z.string().min(1).nullable(),
    suppressed: z.null(),
  })
  .refine((c) => (c.levelCounts === null) === (c.levelsWithheld !== null), {
    message: 'a withheld level breakdown has a reason and no counts',
    path: ['levelsWithheld'],
  })
  .refine((c) => c.ci95[0] <= c.mean && c.mean <= c.ci95[1], {
    message: 'ci95 must contain the mean',
    path: ['ci95'],
  })
  .refine((c) => c.levelCounts === null || c.levelCounts.low + c.levelCounts.moderate + c.levelCounts.high <= c.n, {
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
  levelsWithheld: z.null(),
  suppressed: z.null(),
});

const suppressedCellSchema = z.strictObject({
  ...cellKey,
  n: z.null(),
  mean: z.null(),
  sd: z.null(),
  ci95: z.null(),
  levelCounts: z.null(),
  levelsWithheld: z.null(),
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
 * inside its interval, moments rounded to one decimal (rule 8), and level
 * counts that fit within n, or no counts and the reason they are withheld (rule 9).
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
