import { z } from 'zod';

import { MEASURES } from './measures';
import type { ChangeCell } from './change';
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

const changeKey = {
  group: z.string().min(1),
  cycle: z.string().min(1),
  previousCycle: z.string().min(1),
  measure: z.enum(MEASURES),
};

/**
 * zod schema for one stored within-person change cell (`cycle_changes`), validated on
 * read like the aggregate cells: a hidden one carries no number; a shown one has at
 * least 3 pairs, moments rounded to one decimal and a CI that contains its mean.
 */
export const changeCellSchema: z.ZodType<ChangeCell> = z.union([
  z
    .strictObject({
      ...changeKey,
      nPairs: z.number().int().min(MIN_K),
      meanChange: oneDecimal,
      sdChange: oneDecimal.refine((x) => x >= 0, { message: 'sd must be non-negative' }),
      ci95: z.tuple([oneDecimal, oneDecimal]),
      pValue: z.number().min(0).max(1).nullable(),
      qValue: z.number().min(0).max(1).nullable(),
      flagged: z.boolean(),
      suppressed: z.null(),
    })
    .refine((c) => c.ci95[0] <= c.meanChange && c.meanChange <= c.ci95[1], { message: 'ci95 must contain the mean change', path: ['ci95'] }),
  z.strictObject({
    ...changeKey,
    nPairs: z.null(),
    meanChange: z.null(),
    sdChange: z.null(),
    ci95: z.null(),
    pValue: z.null(),
    qValue: z.null(),
    flagged: z.literal(false),
    suppressed: z.string().min(1),
  }),
]);
