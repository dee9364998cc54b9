import { relations, sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  json,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * One schema for PGlite and Postgres. Keys are camelCase on snake_case columns.
 * Every tenant table carries org_id so tenants can later be sharded by it (Citus).
 * Ids are random UUIDs, never sequential, so they reveal neither order nor volume.
 */

/* Column helpers: the same definitions on every table (the SQL is unchanged). */
const idColumn = () => uuid('id').primaryKey().defaultRandom();
const createdAtColumn = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
/** Every tenant table is keyed by org_id, so tenants can later be sharded by it (Citus). */
const orgIdColumn = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' });

export const roleEnum = pgEnum('membership_role', ['admin', 'director', 'staff']);

export const organizations = pgTable(
  'organizations',
  {
    id: idColumn(),
    name: text('name').notNull(),
    /** Minimum reporting group size k (privacy rule 1). */
    minGroupSize: integer('min_group_size').notNull().default(5),
    /** ProQOL role word preset: helper | advocate | therapist | case-manager | custom. */
    roleWord: text('role_word').notNull().default('helper'),
    roleWordCustom: text('role_word_custom'),
    supportEapLine: text('support_eap_line'),
    supportCrisisLine: text('support_crisis_line'),
    supportText: text('support_text'),
    /** Lets staff see agency-level (never team-level) published results. Default off. */
    staffSeeAgencyResults: boolean('staff_see_agency_results').notNull().default(false),
    /** Driver analysis window: each respondent's latest response within this many months. */
    driverWindowMonths: integer('driver_window_months').notNull().default(12),
    /** IANA time zone; cycles open and close at local times in it (issue 13). */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Days the audit log is kept before a background job prunes it. */
    auditRetentionDays: integer('audit_retention_days').notNull().default(400),
    /** Days the mail log (outbox) is kept before a background job prunes it. */
    mailRetentionDays: integer('mail_retention_days').notNull().default(90),
    createdAt: createdAtColumn(),
  },
  (t) => [
    check('organizations_min_group_size_range', sql`${t.minGroupSize} between 3 and 50`),
    check('organizations_driver_window_range', sql`${t.driverWindowMonths} between 3 and 36`),
    check('organizations_audit_retention_range', sql`${t.auditRetentionDays} between 30 and 3650`),
    check('organizations_mail_retention_range', sql`${t.mailRetentionDays} between 7 and 3650`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    /** Stored lower-cased and trimmed. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /**
     * Every session token carries the version it was issued under, and every request
     * compares it with this column. Signing out, "sign out everywhere", a password change
     * and a password reset add one, so every token issued before stops working at once.
     */
    sessionVersion: integer('session_version').notNull().default(0),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
);

export const teams = pgTable(
  'teams',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    name: text('name').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('teams_org_name_unique').on(t.orgId, sql`lower(${t.name})`), index('teams_org_idx').on(t.orgId)],
);

export const memberships = pgTable(
  'memberships',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: roleEnum('role').notNull(),
    teamId: uuid('team_id').references(() => teams.id),
    active: boolean('active').notNull().default(true),
    /**
     * True once the member has ever been a program director or admin here (privacy rule 6):
     * they have seen results, so their answers count as known for good, even after a
     * demotion. Set by a database trigger on every insert and update, never cleared.
     */
    everViewer: boolean('ever_viewer').notNull().default(false),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('memberships_org_user_unique').on(t.orgId, t.userId), index('memberships_user_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    /** SHA-256 of the token. The token itself exists only in the link. */
    tokenHash: text('token_hash').notNull(),
    email: text('email'),
    role: roleEnum('role').notNull(),
    teamId: uuid('team_id').references(() => teams.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('invitations_token_hash_unique').on(t.tokenHash), index('invitations_org_idx').on(t.orgId)],
);

/** Who did what to what, and when. Never holds answers or scores. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: idColumn(),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    detail: jsonb('detail').$type<Record<string, string | number | boolean | null>>(),
    createdAt: createdAtColumn(),
  },
  (t) => [index('audit_log_org_created_idx').on(t.orgId, t.createdAt)],
);

/**
 * Rate-limit counters: one row per (key, fixed window). Kept in the database, not process
 * memory, so a limit holds across several stateless servers. Each attempt is one upsert
 * that increments and returns the count, so a burst of concurrent attempts cannot all
 * read "under the limit" before any of them is counted. Keys never hold an email address
 * or client address in clear: they are `<purpose>:<sha256>`. The scheduler prunes old windows.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limit_counters_window_idx').on(t.windowStart)],
);

/**
 * Password-reset links. Like invitations, only the SHA-256 of the token is stored: the
 * token exists in the emailed link alone. A link works once (conditional UPDATE on
 * used_at) and for one hour.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: idColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAtColumn(),
  },
  (t) => [uniqueIndex('password_resets_token_hash_unique').on(t.tokenHash), index('password_resets_user_idx').on(t.userId)],
);

export const organizationsRelations = relations(organizations, ({ many }) => ({
  teams: many(teams),
  memberships: many(memberships),
}));
export const usersRelations = relations(users, ({ many }) => ({ memberships: many(memberships) }));
export const teamsRelations = relations(teams, ({ one }) => ({
  organization: one(organizations, { fields: [teams.orgId], references: [organizations.id] }),
}));
export const membershipsRelations = relations(memberships, ({ one }) => ({
  organization: one(organizations, { fields: [memberships.orgId], references: [organizations.id] }),
  user: one(users, { fields: [memberships.userId], references: [users.id] }),
  team: one(teams, { fields: [memberships.teamId], references: [teams.id] }),
}));

export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];

/* ───────────────────────── Check-ins (issue 5) ───────────────────────── */

export const cadenceEnum = pgEnum('cycle_cadence', ['monthly', 'bimonthly', 'quarterly']);
export const cycleStatusEnum = pgEnum('cycle_status', ['open', 'closed']);

/** The agency's recurring check-in schedule (one row per organization). All dates are UTC. */
export const cycleSchedules = pgTable(
  'cycle_schedules',
  {
    orgId: uuid('org_id')
      .primaryKey()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    enabled: boolean('enabled').notNull().default(false),
    cadence: cadenceEnum('cadence').notNull().default('monthly'),
    /** Day of the month a cycle opens, 1–28. */
    openDay: integer('open_day').notNull().default(1),
    /** How long a cycle stays open, 7–28 days. */
    durationDays: integer('duration_days').notNull().default(14),
    /** 'brief-vr' or the id of an installed instrument pack. */
    vrInstrument: text('vr_instrument').notNull().default('brief-vr'),
    includeSelfCare: boolean('include_self_care').notNull().default(true),
    /**
     * Whether scheduled cycles include the organizational check (issue 15): 'every' cycle,
     * 'twice_yearly' (the default: the first cycle opening in January and in July, or the
     * next one after), or 'off'.
     */
    orgCheck: text('org_check').notNull().default('twice_yearly'),
    /** Reminder N days before close; 0 turns reminders off. */
    reminderDaysBeforeClose: integer('reminder_days_before_close').notNull().default(3),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('cycle_schedules_open_day', sql`${t.openDay} between 1 and 28`),
    check('cycle_schedules_duration', sql`${t.durationDays} between 7 and 28`),
    check('cycle_schedules_reminder', sql`${t.reminderDaysBeforeClose} between 0 and 27`),
    check('cycle_schedules_org_check', sql`${t.orgCheck} in ('every', 'twice_yearly', 'off')`),
  ],
);

/** Licensed instruments an agency installed (zod-validated pack JSON). */
export const instrumentPacks = pgTable(
  'instrument_packs',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    packId: text('pack_id').notNull(),
    name: text('name').notNull(),
    version: text('version').notNull(),
    // json, not jsonb: jsonb reorders object keys, and a pack's subscale order matters
    // (the first subscale is its headline score).
    definition: json('definition').notNull(),
    installedBy: uuid('installed_by').references(() => users.id, { onDelete: 'set null' }),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when an admin disables the pack: new cycles cannot use it; past responses keep it. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('instrument_packs_org_pack_version').on(t.orgId, t.packId, t.version)],
);

export interface CycleInstruments {
  /** 'brief-vr' or an instrument_packs.id */
  vr: string;
  selfCare: boolean;
  /** Includes the organizational check (issue 15); absent on older cycles, meaning false. */
  orgCheck?: boolean;
}

export const cycles = pgTable(
  'cycles',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    status: cycleStatusEnum('status').notNull().default('open'),
    instruments: jsonb('instruments').$type<CycleInstruments>().notNull(),
    /** For scheduled cycles, the period (e.g. "2026-11"); null for one-off cycles. */
    scheduleKey: text('schedule_key'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The k in force when the aggregates were published. */
    publishedK: integer('published_k'),
    /**
     * Publication order within the agency, 1, 2, 3…, assigned in the close transaction
     * while the organization row is locked. Within-person change links each cycle to the
     * one published just before it by this number, never by timestamps (which can tie).
     */
    publicationSeq: integer('publication_seq'),
    createdAt: createdAtColumn(),
  },
  (t) => [
    // Idempotent scheduling: two servers or two ticks can never open the same period twice…
    uniqueIndex('cycles_org_schedule_key').on(t.orgId, t.scheduleKey),
    // …and an agency never has two cycles open at once.
    uniqueIndex('cycles_one_open_per_org').on(t.orgId).where(sql`${t.status} = 'open'`),
    index('cycles_status_closes_idx').on(t.status, t.closesAt),
    uniqueIndex('cycles_org_publication_seq').on(t.orgId, t.publicationSeq),
    check('cycles_window', sql`${t.closesAt} > ${t.opensAt}`),
  ],
);

/**
 * Who checked in, for response rates and reminders. Never joined to responses:
 * it has the user, responses do not, and no column links the two.
 */
export const participations = pgTable(
  'participations',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id),
    /** Day only, like responses, so times cannot be matched. */
    completedOn: date('completed_on', { mode: 'string' }).notNull(),
  },
  (t) => [uniqueIndex('participations_cycle_user').on(t.cycleId, t.userId), index('participations_org_idx').on(t.orgId)],
);

export interface StoredScore {
  value: number | null;
  level: 'low' | 'moderate' | 'high' | null;
  prorated: boolean;
  answered: number;
  missing: number;
  reason: string | null;
}

export interface ResponseAnswers {
  proqol: Record<string, number | null>;
  vr: Record<string, number | null>;
  selfCare: Record<string, number | null> | null;
  /** The brief organizational check (issue 15), items "1".."15", null = skipped or "don't know"; absent when not asked. */
  orgCheck?: Record<string, number | null> | null;
}

export interface ResponseScores {
  cs: StoredScore;
  bo: StoredScore;
  sts: StoredScore;
  vr: StoredScore;
  /** Mean frequency 0–4 over answered practices, or null. */
  selfCareComposite: number | null;
  /** Per-practice frequency 0–4 keyed by practice key. */
  practices: Record<string, number | null>;
  /** Pillar scores of the organizational check keyed by pillar code (org_lm … org_hw); absent when not asked. */
  orgPillars?: Record<string, StoredScore> | null;
}

/** A check-in. No user id: found by the respondent key (HMAC of user and org under a server secret). */
export const responses = pgTable(
  'responses',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id),
    respondentKey: text('respondent_key').notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    /**
     * Submitted by a program director or admin, who sees results: their answers are
     * known to the insider, so they never enter a published number (privacy rule 6).
     * At close, responses from anyone who is a director or admin by then are left
     * out as well.
     */
    submittedAsViewer: boolean('submitted_as_viewer').notNull().default(false),
    vrInstrument: text('vr_instrument').notNull(),
    answers: jsonb('answers').$type<ResponseAnswers>().notNull(),
    scores: jsonb('scores').$type<ResponseScores>().notNull(),
    // Denormalized valid scores for fast aggregation (null when not scored).
    cs: real('cs'),
    bo: real('bo'),
    sts: real('sts'),
    vr: real('vr'),
    selfCareComposite: real('self_care_composite'),
  },
  (t) => [
    uniqueIndex('responses_cycle_respondent').on(t.cycleId, t.respondentKey),
    index('responses_org_respondent_idx').on(t.orgId, t.respondentKey),
    index('responses_org_cycle_idx').on(t.orgId, t.cycleId),
  ],
);

/** Optional profile per respondent key (trauma history, work context), refreshed yearly. */
export const profiles = pgTable(
  'profiles',
  {
    orgId: orgIdColumn(),
    respondentKey: text('respondent_key').notNull(),
    answers: jsonb('answers').notNull(),
    updatedOn: date('updated_on', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.respondentKey] })],
);

/** One reminder per person per cycle, enforced by the primary key. */
export const reminders = pgTable(
  'reminders',
  {
    orgId: orgIdColumn(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.userId] })],
);

/** Every email Sustain sends or holds. Without SMTP, this is the outbox admins read. Never holds scores. */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: idColumn(),
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    transport: text('transport').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    error: text('error'),
    createdAt: createdAtColumn(),
  },
  (t) => [index('mail_messages_org_created_idx').on(t.orgId, t.createdAt)],
);

export type Cycle = typeof cycles.$inferSelect;
export type CycleSchedule = typeof cycleSchedules.$inferSelect;
export type ResponseRow = typeof responses.$inferSelect;

/**
 * Aggregates published when a cycle closes (privacy rule 3): already suppressed, stored
 * verbatim, never updated. A later deletion or late data must not republish them,
 * because a before/after difference would reveal the person who changed.
 */
export const cycleAggregates = pgTable(
  'cycle_aggregates',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    /** 'org' for the agency, otherwise a team id. */
    groupId: text('group_id').notNull(),
    measure: text('measure').notNull(),
    /** The privacy layer's DTO cell, validated on read. */
    cell: jsonb('cell').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cycle_aggregates_cycle_group_measure').on(t.cycleId, t.groupId, t.measure),
    index('cycle_aggregates_org_idx').on(t.orgId, t.cycleId),
  ],
);

/** Participation published at close, per group (counts only), so the dashboard never recounts people later. */
export const cycleParticipation = pgTable(
  'cycle_participation',
  {
    orgId: orgIdColumn(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    groupId: text('group_id').notNull(),
    invited: integer('invited').notNull(),
    participated: integer('participated').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.groupId] }), index('cycle_participation_org_idx').on(t.orgId)],
);

/**
 * Within-person change published at close (ARCHITECTURE §5): per group and measure, the
 * change among the people who answered both this cycle and the previous closed one, as a
 * privacy-layer cell (already suppressed and audited), stored verbatim and never updated.
 */
export const cycleChanges = pgTable(
  'cycle_changes',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    previousCycleId: uuid('previous_cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    /** 'org' for the agency, otherwise a team id. */
    groupId: text('group_id').notNull(),
    measure: text('measure').notNull(),
    /** The privacy layer's change cell, validated on read. */
    cell: jsonb('cell').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cycle_changes_cycle_group_measure').on(t.cycleId, t.groupId, t.measure),
    index('cycle_changes_org_idx').on(t.orgId, t.cycleId),
  ],
);

/* ───────────────────────── Action plan (issue 7) ───────────────────────── */

export const actionStatusEnum = pgEnum('action_status', ['planned', 'in_progress', 'done', 'dropped']);

export interface ActionTask {
  text: string;
  done: boolean;
}

/** A director's action plan item: from a recommendation or their own. */
export const actionItems = pgTable(
  'action_items',
  {
    id: idColumn(),
    orgId: orgIdColumn(),
    title: text('title').notNull(),
    /** The catalog id of the recommendation it came from, or null for the director's own item. */
    recommendationId: text('recommendation_id'),
    rationale: text('rationale').notNull(),
    priority: integer('priority').notNull(),
    tasks: jsonb('tasks').$type<ActionTask[]>().notNull().default([]),
    lead: text('lead'),
    /** The member who owns the action (issue 14); cleared if they leave. */
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'set null' }),
    dueOn: date('due_on', { mode: 'string' }),
    status: actionStatusEnum('status').notNull().default('planned'),
    /** Why it was dropped, when status is 'dropped'. */
    droppedReason: text('dropped_reason'),
    /** The measure it aims to move ('cs' | 'bo' | 'sts' | 'vr'), for the "did it help?" view. */
    measure: text('measure'),
    /** When the action started: marked on the trend charts. */
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAtColumn(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('action_items_org_idx').on(t.orgId, t.status),
    check('action_items_priority', sql`${t.priority} between 1 and 3`),
    // A recommendation is in the plan at most once while the action is live (not dropped).
    uniqueIndex('action_items_org_recommendation_live')
      .on(t.orgId, t.recommendationId)
      .where(sql`${t.recommendationId} is not null and ${t.status} <> 'dropped'`),
  ],
);

export type ActionItem = typeof actionItems.$inferSelect;

/**
 * Driver analysis published at close (privacy rule 3 applied to drivers): computed once,
 * in the transaction that closes a cycle, from the closed cycles in the window, and never
 * recomputed. Recomputing on every view would let a director watch the results move
 * when one person checks in, updates their profile or erases their data.
 */
export const cycleDriverResults = pgTable(
  'cycle_driver_results',
  {
    cycleId: uuid('cycle_id')
      .primaryKey()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    orgId: orgIdColumn(),
    result: jsonb('result').notNull(),
    /**
     * The closed cycles whose responses formed this release's window, so the next close
     * can count who is new to the window (privacy rule 7). Null on releases made before
     * the rule (their window is then derived from the release date).
     */
    windowCycleIds: jsonb('window_cycle_ids').$type<string[]>(),
    /** People whose latest response in the window was analysed. */
    respondents: integer('respondents'),
    /**
     * Who the release was computed from, as truncated SHA-256 hashes of respondent keys,
     * so every later close can count who is new against EVERY earlier release (rule 7).
     * Server-side only: never selected for a DTO.
     */
    memberHashes: jsonb('member_hashes').$type<string[]>(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cycle_driver_results_org_idx').on(t.orgId, t.publishedAt)],
);

/* ───────────────────────── Background jobs (issue 13) ───────────────────────── */

export const jobStateEnum = pgEnum('job_state', ['queued', 'running', 'done', 'failed']);

/**
 * The background-job queue (lib/jobs). A worker claims rows with FOR UPDATE SKIP LOCKED and
 * holds a lease (locked_until): a worker that dies mid-job loses nothing, because another
 * claims the row when the lease runs out. dedupe_key makes enqueueing idempotent. Payloads
 * hold ids only, never an email, a name or a score: the admin jobs panel reads this table.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: idColumn(),
    /** Null for jobs that span agencies (pruning). */
    orgId: uuid('org_id').references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').$type<Record<string, string | number | boolean | null>>().notNull(),
    state: jobStateEnum('state').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(8),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    createdAt: createdAtColumn(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_dedupe_key').on(t.dedupeKey),
    // The claim query: runnable queued jobs by run_at, and running jobs whose lease ran out.
    index('jobs_queued_run_at_idx').on(t.runAt).where(sql`${t.state} = 'queued'`),
    index('jobs_running_locked_idx').on(t.lockedUntil).where(sql`${t.state} = 'running'`),
    index('jobs_org_state_idx').on(t.orgId, t.state),
    index('jobs_finished_idx').on(t.finishedAt),
    check('jobs_attempts', sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
  ],
);

export type Job = typeof jobs.$inferSelect;
