import { z } from 'zod';
import { emailSchema, passwordSchema } from '@/lib/auth/password';
import { isValidTimeZone } from '@/lib/cycles/schedule';
import { optionalSafeText, safeText } from './text';

// Every text goes through safeText: no NUL, control characters or lone surrogates (issue 12).
const trimmed = (label: string, max: number) => safeText({ min: 1, max, label });

const optionalText = (max: number, label: string, multiline = false) => optionalSafeText({ max, label, multiline });

/** Forms submit only the fields they show; anything else is refused (issue 12: unknown keys). */
const checkbox = z
  .union([z.literal('on'), z.literal('true'), z.literal('')])
  .optional()
  .transform((v) => v === 'on' || v === 'true');

export const personNameSchema = trimmed('your name', 120);
export const agencyNameSchema = trimmed('the agency name', 120);
export const teamNameSchema = trimmed('a team name', 80);

export const signUpSchema = z
  .strictObject({
    agencyName: agencyNameSchema,
    name: personNameSchema,
    email: emailSchema,
    password: passwordSchema,
    confirmPassword: z.string().max(200),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match.',
  });

export const ROLE_WORD_PRESETS = ['helper', 'advocate', 'therapist', 'case-manager', 'custom'] as const;

export const MIN_GROUP_SIZE_MIN = 3;
export const MIN_GROUP_SIZE_MAX = 50;

export const orgSettingsSchema = z
  .strictObject({
    name: agencyNameSchema,
    minGroupSize: z.coerce
      .number({ error: `Enter a whole number from ${MIN_GROUP_SIZE_MIN} to ${MIN_GROUP_SIZE_MAX}.` })
      .int(`Enter a whole number from ${MIN_GROUP_SIZE_MIN} to ${MIN_GROUP_SIZE_MAX}.`)
      .min(
        MIN_GROUP_SIZE_MIN,
        `The minimum reporting group size cannot be below ${MIN_GROUP_SIZE_MIN}: smaller groups could identify individuals.`,
      )
      .max(MIN_GROUP_SIZE_MAX, `The minimum reporting group size can be at most ${MIN_GROUP_SIZE_MAX}.`),
    roleWord: z.enum(ROLE_WORD_PRESETS, { error: 'Choose a role word.' }),
    roleWordCustom: optionalText(40, 'the custom role word'),
    supportEapLine: optionalText(200, 'the EAP line'),
    supportCrisisLine: optionalText(200, 'the crisis line'),
    supportText: optionalText(2000, 'the support text', true),
    staffSeeAgencyResults: checkbox,
    driverWindowMonths: z.coerce
      .number({ error: 'Enter a number of months from 3 to 36.' })
      .int('Enter a whole number of months.')
      .min(3, 'The driver window must be at least 3 months.')
      .max(36, 'The driver window can be at most 36 months.')
      .default(12),
    // Issue 13: the agency's time zone (cycles open and close at local times) and retention.
    timeZone: z
      .string()
      .trim()
      .refine(isValidTimeZone, 'Choose a time zone from the list, for example America/New_York.')
      .default('UTC'),
    auditRetentionDays: z.coerce
      .number({ error: 'Enter a number of days from 30 to 3650.' })
      .int('Enter a whole number of days.')
      .min(30, 'Keep the audit log at least 30 days.')
      .max(3650, 'The audit log can be kept at most 3650 days (10 years).')
      .default(400),
    mailRetentionDays: z.coerce
      .number({ error: 'Enter a number of days from 7 to 3650.' })
      .int('Enter a whole number of days.')
      .min(7, 'Keep the mail log at least 7 days.')
      .max(3650, 'The mail log can be kept at most 3650 days (10 years).')
      .default(90),
  })
  .refine((v) => v.roleWord !== 'custom' || (v.roleWordCustom && /^[\p{L} '-]{2,40}$/u.test(v.roleWordCustom)), {
    path: ['roleWordCustom'],
    message: 'Enter a custom role word of 2–40 letters (for example "navigator").',
  });

export const createTeamSchema = z.strictObject({ name: teamNameSchema });
export const renameTeamSchema = z.strictObject({ teamId: z.uuid('Choose a team.'), name: teamNameSchema });
/** Archive or restore a team (the form's hidden `intent`). */
export const teamIdSchema = z.strictObject({
  teamId: z.uuid('Choose a team.'),
  intent: z.enum(['archive', 'restore']).optional(),
});

export const INVITABLE_ROLES = ['director', 'staff'] as const;

export const createInvitationSchema = z
  .strictObject({
    role: z.enum(INVITABLE_ROLES, { error: 'Choose a role: program director or staff member.' }),
    teamId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(z.uuid('Choose a team.').nullable()),
    email: z
      .string()
      .max(254, 'That email address is too long.')
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(emailSchema.nullable()),
    expiresInDays: z.coerce
      .number()
      .int()
      .min(1, 'Links must last at least 1 day.')
      .max(30, 'Links can last at most 30 days.')
      .default(14),
  })
  .refine((v) => v.role !== 'staff' || v.teamId, { path: ['teamId'], message: 'Staff members need a team.' });

export const acceptInvitationNewUserSchema = z
  .strictObject({
    name: personNameSchema,
    email: emailSchema,
    password: passwordSchema,
    confirmPassword: z.string().max(200),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match.' });

export const updateMemberSchema = z
  .strictObject({
    membershipId: z.uuid(),
    role: z.enum(['admin', 'director', 'staff'], { error: 'Choose a role.' }),
    teamId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(z.uuid('Choose a team.').nullable()),
  })
  .refine((v) => v.role !== 'staff' || v.teamId, { path: ['teamId'], message: 'Staff members need a team.' });

/** Deactivate or reactivate a member (the form's hidden `intent`). */
export const membershipIdSchema = z.strictObject({
  membershipId: z.uuid('Choose a member.'),
  intent: z.enum(['deactivate', 'reactivate']).optional(),
});
export const invitationIdSchema = z.strictObject({ invitationId: z.uuid('Choose an invitation.') });
