import { z } from 'zod';

/**
 * Environment, checked once. Read through getEnv(), never process.env.X directly,
 * so a misconfiguration fails with one clear message instead of deep inside a request.
 * Parsed lazily because `next build` imports server modules without a runtime env.
 */
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  SUSTAIN_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  AUTH_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  ),
  /** Secret for respondent keys. Defaults to a key derived from AUTH_SECRET. Never rotate it: staff would lose their history. */
  RESPONDENT_KEY_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),
  NEXTAUTH_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL').optional(),
  ),
  SMTP_FROM: z.preprocess(emptyToUndefined, z.string().default('Sustain <no-reply@sustain.local>')),
  /**
   * How many reverse proxies in front of Sustain append to X-Forwarded-For. 0 (the default):
   * no proxy, so X-Forwarded-For is ignored and the connection's own address is used. N: the
   * client is the Nth entry from the right, the one our outermost proxy wrote; entries to its
   * left were written by the client and could be forged. Used for the per-address rate limits.
   */
  TRUST_PROXY_HOPS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'TRUST_PROXY_HOPS must be a whole number from 0 to 10' })
      .int('TRUST_PROXY_HOPS must be a whole number from 0 to 10')
      .min(0, 'TRUST_PROXY_HOPS must be a whole number from 0 to 10')
      .max(10, 'TRUST_PROXY_HOPS must be a whole number from 0 to 10')
      .default(0),
  ),
  /** Set to "off" to disable the in-process cycle scheduler (for example when cron runs `npm run cycles:tick`). */
  SUSTAIN_SCHEDULER: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  /**
   * Scheduled cycles open and close at local midnight plus a per-agency offset spread over
   * this many minutes (issue 13), so agencies on the same schedule do not all fall due at once.
   */
  SUSTAIN_SCHEDULE_SPREAD_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(180).default(30)),
  /** How long a background job's claim lasts before another server may take it over (the worker renews it while running). */
  SUSTAIN_JOB_LEASE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(2).max(3600).default(300)),
  /** Background jobs each server runs at once (PGlite always runs one at a time). */
  SUSTAIN_JOB_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(32).default(4)),
});

export type Env = z.infer<typeof envSchema> & { AUTH_SECRET: string; appUrl: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  let secret = env.AUTH_SECRET;
  if (!secret) {
    if (env.NODE_ENV === 'production') {
      throw new Error(
        'AUTH_SECRET is required in production. Generate one with `openssl rand -base64 48` (npm run demo creates one for you).',
      );
    }
    // Development and tests only: a fixed, clearly-marked secret.
    secret = 'development-only-secret-do-not-use-in-production-0000';
  }
  cached = { ...env, AUTH_SECRET: secret, appUrl: env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}` };
  return cached;
}

/** Tests change process.env between cases; this forgets the parsed copy. */
export function resetEnvForTests(): void {
  cached = undefined;
}
