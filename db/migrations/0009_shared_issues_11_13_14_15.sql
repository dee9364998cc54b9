ALTER TABLE "action_items" ADD COLUMN "owner_user_id" uuid;--> statement-breakpoint
ALTER TABLE "action_items" ADD COLUMN "dropped_reason" text;--> statement-breakpoint
ALTER TABLE "cycle_schedules" ADD COLUMN "org_check" text DEFAULT 'twice_yearly' NOT NULL;--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "publication_seq" integer;--> statement-breakpoint
ALTER TABLE "instrument_packs" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "audit_retention_days" integer DEFAULT 400 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "mail_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "action_items" ADD CONSTRAINT "action_items_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Existing plans may hold the same recommendation more than once: keep the oldest live
-- one and mark the others dropped, so the new unique index can be built.
UPDATE "action_items" AS a SET "status" = 'dropped', "dropped_reason" = 'Duplicate of an earlier action for the same recommendation', "updated_at" = now()
WHERE a."recommendation_id" IS NOT NULL AND a."status" <> 'dropped' AND EXISTS (
  SELECT 1 FROM "action_items" AS b
  WHERE b."org_id" = a."org_id" AND b."recommendation_id" = a."recommendation_id" AND b."status" <> 'dropped'
    AND (b."created_at", b."id") < (a."created_at", a."id")
);--> statement-breakpoint
-- Publication order for cycles already published: by published_at, then closed_at, then id.
UPDATE "cycles" AS c SET "publication_seq" = o."seq" FROM (
  SELECT "id", row_number() OVER (PARTITION BY "org_id" ORDER BY "published_at", "closed_at", "id") AS "seq"
  FROM "cycles" WHERE "published_at" IS NOT NULL
) AS o WHERE c."id" = o."id";--> statement-breakpoint
CREATE UNIQUE INDEX "action_items_org_recommendation_live" ON "action_items" USING btree ("org_id","recommendation_id") WHERE "action_items"."recommendation_id" is not null and "action_items"."status" <> 'dropped';--> statement-breakpoint
CREATE UNIQUE INDEX "cycles_org_publication_seq" ON "cycles" USING btree ("org_id","publication_seq");--> statement-breakpoint
ALTER TABLE "cycle_schedules" ADD CONSTRAINT "cycle_schedules_org_check" CHECK ("cycle_schedules"."org_check" in ('every', 'twice_yearly', 'off'));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_audit_retention_range" CHECK ("organizations"."audit_retention_days" between 30 and 3650);--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_mail_retention_range" CHECK ("organizations"."mail_retention_days" between 7 and 3650);