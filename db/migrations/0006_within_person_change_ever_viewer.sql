CREATE TABLE "cycle_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"previous_cycle_id" uuid NOT NULL,
	"group_id" text NOT NULL,
	"measure" text NOT NULL,
	"cell" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "ever_viewer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cycle_changes" ADD CONSTRAINT "cycle_changes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_changes" ADD CONSTRAINT "cycle_changes_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_changes" ADD CONSTRAINT "cycle_changes_previous_cycle_id_cycles_id_fk" FOREIGN KEY ("previous_cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cycle_changes_cycle_group_measure" ON "cycle_changes" USING btree ("cycle_id","group_id","measure");--> statement-breakpoint
CREATE INDEX "cycle_changes_org_idx" ON "cycle_changes" USING btree ("org_id","cycle_id");--> statement-breakpoint
-- Privacy rule 6: anyone who has ever been a director or admin has seen results, so their
-- answers count as known for good. The trigger keeps the flag, whatever code writes the row.
CREATE OR REPLACE FUNCTION "memberships_mark_ever_viewer"() RETURNS trigger AS $$
BEGIN
  IF NEW."role" <> 'staff' THEN
    NEW."ever_viewer" := true;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD."ever_viewer" THEN
    NEW."ever_viewer" := true;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "memberships_mark_ever_viewer" BEFORE INSERT OR UPDATE ON "memberships"
  FOR EACH ROW EXECUTE FUNCTION "memberships_mark_ever_viewer"();
--> statement-breakpoint
-- Backfill: current directors and admins, and anyone the audit log shows in either role.
UPDATE "memberships" SET "ever_viewer" = true WHERE "role" <> 'staff';
--> statement-breakpoint
UPDATE "memberships" AS m SET "ever_viewer" = true
  FROM "audit_log" AS a
  WHERE a."action" = 'membership.update' AND a."target_id" = m."id"::text
    AND (a."detail"->>'roleFrom' IN ('admin', 'director') OR a."detail"->>'roleTo' IN ('admin', 'director'));
