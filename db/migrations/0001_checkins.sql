CREATE TYPE "public"."cycle_cadence" AS ENUM('monthly', 'bimonthly', 'quarterly');--> statement-breakpoint
CREATE TYPE "public"."cycle_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "cycle_aggregates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"group_id" text NOT NULL,
	"measure" text NOT NULL,
	"cell" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cycle_participation" (
	"org_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"group_id" text NOT NULL,
	"invited" integer NOT NULL,
	"participated" integer NOT NULL,
	CONSTRAINT "cycle_participation_cycle_id_group_id_pk" PRIMARY KEY("cycle_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "cycle_schedules" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"cadence" "cycle_cadence" DEFAULT 'monthly' NOT NULL,
	"open_day" integer DEFAULT 1 NOT NULL,
	"duration_days" integer DEFAULT 14 NOT NULL,
	"vr_instrument" text DEFAULT 'brief-vr' NOT NULL,
	"include_self_care" boolean DEFAULT true NOT NULL,
	"reminder_days_before_close" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycle_schedules_open_day" CHECK ("cycle_schedules"."open_day" between 1 and 28),
	CONSTRAINT "cycle_schedules_duration" CHECK ("cycle_schedules"."duration_days" between 7 and 28),
	CONSTRAINT "cycle_schedules_reminder" CHECK ("cycle_schedules"."reminder_days_before_close" between 0 and 27)
);
--> statement-breakpoint
CREATE TABLE "cycles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"status" "cycle_status" DEFAULT 'open' NOT NULL,
	"instruments" jsonb NOT NULL,
	"schedule_key" text,
	"closed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"published_k" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cycles_window" CHECK ("cycles"."closes_at" > "cycles"."opens_at")
);
--> statement-breakpoint
CREATE TABLE "instrument_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"pack_id" text NOT NULL,
	"name" text NOT NULL,
	"version" text NOT NULL,
	"definition" jsonb NOT NULL,
	"installed_by" uuid,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid,
	"kind" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"transport" text NOT NULL,
	"sent_at" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"team_id" uuid,
	"completed_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profiles" (
	"org_id" uuid NOT NULL,
	"respondent_key" text NOT NULL,
	"answers" jsonb NOT NULL,
	"updated_on" date NOT NULL,
	CONSTRAINT "profiles_org_id_respondent_key_pk" PRIMARY KEY("org_id","respondent_key")
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"org_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminders_cycle_id_user_id_pk" PRIMARY KEY("cycle_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"team_id" uuid,
	"respondent_key" text NOT NULL,
	"submitted_on" date NOT NULL,
	"vr_instrument" text NOT NULL,
	"answers" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"cs" real,
	"bo" real,
	"sts" real,
	"vr" real,
	"self_care_composite" real
);
--> statement-breakpoint
ALTER TABLE "cycle_aggregates" ADD CONSTRAINT "cycle_aggregates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_aggregates" ADD CONSTRAINT "cycle_aggregates_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_participation" ADD CONSTRAINT "cycle_participation_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_participation" ADD CONSTRAINT "cycle_participation_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_schedules" ADD CONSTRAINT "cycle_schedules_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_packs" ADD CONSTRAINT "instrument_packs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instrument_packs" ADD CONSTRAINT "instrument_packs_installed_by_users_id_fk" FOREIGN KEY ("installed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cycle_aggregates_cycle_group_measure" ON "cycle_aggregates" USING btree ("cycle_id","group_id","measure");--> statement-breakpoint
CREATE INDEX "cycle_aggregates_org_idx" ON "cycle_aggregates" USING btree ("org_id","cycle_id");--> statement-breakpoint
CREATE INDEX "cycle_participation_org_idx" ON "cycle_participation" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cycles_org_schedule_key" ON "cycles" USING btree ("org_id","schedule_key");--> statement-breakpoint
CREATE UNIQUE INDEX "cycles_one_open_per_org" ON "cycles" USING btree ("org_id") WHERE "cycles"."status" = 'open';--> statement-breakpoint
CREATE INDEX "cycles_status_closes_idx" ON "cycles" USING btree ("status","closes_at");--> statement-breakpoint
CREATE UNIQUE INDEX "instrument_packs_org_pack_version" ON "instrument_packs" USING btree ("org_id","pack_id","version");--> statement-breakpoint
CREATE INDEX "mail_messages_org_created_idx" ON "mail_messages" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "participations_cycle_user" ON "participations" USING btree ("cycle_id","user_id");--> statement-breakpoint
CREATE INDEX "participations_org_idx" ON "participations" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "responses_cycle_respondent" ON "responses" USING btree ("cycle_id","respondent_key");--> statement-breakpoint
CREATE INDEX "responses_org_respondent_idx" ON "responses" USING btree ("org_id","respondent_key");--> statement-breakpoint
CREATE INDEX "responses_org_cycle_idx" ON "responses" USING btree ("org_id","cycle_id");