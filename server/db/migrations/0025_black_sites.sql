CREATE TABLE "black_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"origin" text NOT NULL,
	"tip_id" uuid,
	"address" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"region_id" uuid NOT NULL,
	"department_ids" uuid[] NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'reported' NOT NULL,
	"struck_on" date,
	"strike_note" text,
	"seized_cylinders" integer,
	"outcome" text,
	"outcome_note" text,
	"case_id" uuid,
	"closed_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "black_sites" ADD CONSTRAINT "black_sites_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "black_sites" ADD CONSTRAINT "black_sites_case_id_enforcement_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."enforcement_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "black_sites" ADD CONSTRAINT "black_sites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "black_sites_departments_idx" ON "black_sites" USING gin ("department_ids");--> statement-breakpoint
CREATE INDEX "black_sites_region_idx" ON "black_sites" USING btree ("region_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "black_sites_tip_key" ON "black_sites" USING btree ("tip_id");