CREATE TYPE "public"."action_status" AS ENUM('planned', 'in_progress', 'done', 'dropped');--> statement-breakpoint
CREATE TABLE "action_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"recommendation_id" text,
	"rationale" text NOT NULL,
	"priority" integer NOT NULL,
	"tasks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lead" text,
	"due_on" date,
	"status" "action_status" DEFAULT 'planned' NOT NULL,
	"measure" text,
	"started_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_items_priority" CHECK ("action_items"."priority" between 1 and 3)
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "staff_see_agency_results" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "driver_window_months" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_items_org_idx" ON "action_items" USING btree ("org_id","status");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_driver_window_range" CHECK ("organizations"."driver_window_months" between 3 and 36);