import { z } from 'zod';

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep ${label} to ${max} characters or fewer.`)
    .optional()
    .transform((v) => (v ? v : null));

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.');

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;

export const actionItemSchema = z.object({
  title: z.string().trim().min(1, 'Give the action a title.').max(200, 'Keep the title to 200 characters or fewer.'),
  recommendationId: optionalText(100, 'the recommendation id'),
  rationale: z.string().trim().min(1, 'Say why: the rationale helps the team understand the action.').max(4000, 'Keep the rationale to 4000 characters or fewer.'),
  priority: z.coerce
    .number({ error: 'Choose a priority from 1 (highest) to 3.' })
    .int()
    .min(1, 'Choose a priority from 1 (highest) to 3.')
    .max(3, 'Choose a priority from 1 (highest) to 3.'),
  tasks: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(/\r?\n/)
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(300, 'Keep each task to 300 characters or fewer.')).max(30, 'List at most 30 tasks.')),
  lead: optionalText(120, 'the lead'),
  dueOn: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(isoDate.nullable()),
  startedOn: isoDate,
  status: z.enum(ACTION_STATUSES, { error: 'Choose a status.' }).default('planned'),
  measure: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.enum(['cs', 'bo', 'sts', 'vr'], { error: 'Choose a measure.' }).nullable()),
});

export const updateActionStatusSchema = z.object({
  actionId: z.uuid(),
  status: z.enum(ACTION_STATUSES, { error: 'Choose a status.' }),
});

export const toggleTaskSchema = z.object({
  actionId: z.uuid(),
  taskIndex: z.coerce.number().int().min(0).max(29),
});
