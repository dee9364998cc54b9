CREATE TABLE "cycle_driver_results" (
	"cycle_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"result" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cycle_driver_results" ADD CONSTRAINT "cycle_driver_results_cycle_id_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "public"."cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycle_driver_results" ADD CONSTRAINT "cycle_driver_results_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cycle_driver_results_org_idx" ON "cycle_driver_results" USING btree ("org_id","published_at");