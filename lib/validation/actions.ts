import { z } from 'zod';
import { optionalSafeText, safeText } from './text';

// Every text goes through safeText: no NUL, control characters or lone surrogates (issue 12).
const optionalText = (max: number, label: string) => optionalSafeText({ max, label });

/** A real calendar day in a sane range: "2024-02-30" or "0000-01-01" used to reach the database and fail there. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < 1970 || year > 2200) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const isoDate = z.string().refine(isCalendarDate, 'Enter a date as YYYY-MM-DD.');

const MAX_TASKS = 30;
const MAX_TASK_LENGTH = 300;

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
/** Statuses a form can set directly: dropping needs a reason, so it has its own form. */
export const LIVE_ACTION_STATUSES = ['planned', 'in_progress', 'done'] as const;

const optionalUuid = (message: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.uuid({ error: message }).nullable());

const ownerMembershipId = optionalUuid('Choose a member of this agency as the owner.');
const dueOn = z
  .string()
  .optional()
  .transform((v) => (v ? v : null))
  .pipe(isoDate.nullable());

/** What a director writes about an action, on create and on edit. */
const actionFields = {
  title: safeText({ min: 1, max: 200, label: 'the title', requiredMessage: 'Give the action a title.' }),
  rationale: safeText({
    min: 1,
    max: 4000,
    multiline: true,
    label: 'the rationale',
    requiredMessage: 'Say why: the rationale helps the team understand the action.',
  }),
  priority: z.coerce
    .number({ error: 'Choose a priority from 1 (highest) to 3.' })
    .int()
    .min(1, 'Choose a priority from 1 (highest) to 3.')
    .max(3, 'Choose a priority from 1 (highest) to 3.'),
  tasks: safeText({ max: MAX_TASKS * (MAX_TASK_LENGTH + 2), multiline: true, label: 'the tasks' })
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(/\r?\n/)
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(MAX_TASK_LENGTH, `Keep each task to ${MAX_TASK_LENGTH} characters or fewer.`))
        .max(MAX_TASKS, `List at most ${MAX_TASKS} tasks.`),
    ),
  ownerMembershipId,
  dueOn,
};

export const actionItemSchema = z.strictObject({
  ...actionFields,
  recommendationId: optionalText(100, 'the recommendation id'),
  lead: optionalText(120, 'the lead'),
  startedOn: isoDate,
  status: z.enum(LIVE_ACTION_STATUSES, { error: 'Choose a status.' }).default('planned'),
  measure: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.enum(['cs', 'bo', 'sts', 'vr'], { error: 'Choose a measure.' }).nullable()),
});

export const updateActionItemSchema = z.strictObject({ actionId: z.uuid(), ...actionFields });

export const dropActionItemSchema = z.strictObject({
  actionId: z.uuid(),
  droppedReason: safeText({
    min: 1,
    max: 500,
    multiline: true,
    label: 'the reason',
    requiredMessage: 'Say why the action is dropped, so the team knows later.',
  }),
});

export const actionIdSchema = z.strictObject({ actionId: z.uuid() });

export const updateActionStatusSchema = z.strictObject({
  actionId: z.uuid(),
  status: z.enum(LIVE_ACTION_STATUSES, { error: 'Choose a status.' }),
});

export const toggleTaskSchema = z.strictObject({
  actionId: z.uuid(),
  taskIndex: z.coerce.number().int().min(0).max(29),
});
