import { z } from 'zod';
import { emailSchema, passwordSchema } from './password';

const MISMATCH = { path: ['confirmPassword'], message: 'The passwords do not match.' };

/** "Forgot password": just the email. */
export const forgotPasswordSchema = z.strictObject({ email: emailSchema });

/** A new password from a reset link. */
export const resetPasswordSchema = z
  .object({ password: passwordSchema, confirmPassword: z.string().max(200) })
  .refine((v) => v.password === v.confirmPassword, MISMATCH);

/** A signed-in user's password change: the current password is required. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: 'Enter your current password.' })
      .min(1, 'Enter your current password.')
      .max(200, 'That is not your current password. Check it and try again.'),
    newPassword: passwordSchema,
    confirmPassword: z.string().max(200),
  })
  .refine((v) => v.newPassword === v.confirmPassword, MISMATCH);
