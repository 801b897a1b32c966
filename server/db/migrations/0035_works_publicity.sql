CREATE TABLE "third_party_works_segments" (
	"works_id" uuid NOT NULL,
	"segment_id" uuid NOT NULL,
	"distance_m" numeric(10, 1)
);
--> statement-breakpoint
CREATE TABLE "third_party_works" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"builder_enterprise_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"address" text NOT NULL,
	"place" jsonb NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"segment_match" text NOT NULL,
	"operator_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date,
	"agreement_signed" boolean DEFAULT false NOT NULL,
	"agreement_on" date,
	"agreement_file_id" uuid,
	"guardian_name" text,
	"guardian_phone" text,
	"site_contact" text,
	"site_contact_phone" text,
	"note" text,
	"department_id" uuid,
	"hazard_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "third_party_works_dates" CHECK ("third_party_works"."end_on" is null or "third_party_works"."end_on" >= "third_party_works"."start_on"),
	CONSTRAINT "third_party_works_agreement" CHECK ("third_party_works"."agreement_signed" or "third_party_works"."agreement_on" is null)
);
--> statement-breakpoint
CREATE TABLE "third_party_works_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"works_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"guardian_name" text NOT NULL,
	"measures_in_place" boolean NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gas_conversions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"region_id" uuid NOT NULL,
	"department_id" uuid,
	"count" integer NOT NULL,
	"completed_on" date NOT NULL,
	"place" text,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gas_conversions_count" CHECK ("gas_conversions"."count" > 0)
);
--> statement-breakpoint
CREATE TABLE "publicity_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text NOT NULL,
	"region_id" uuid NOT NULL,
	"department_id" uuid,
	"audience_count" integer NOT NULL,
	"leaflet_count" integer DEFAULT 0 NOT NULL,
	"materials" text,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publicity_activities_counts" CHECK ("publicity_activities"."audience_count" >= 0 and "publicity_activities"."leaflet_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "third_party_works_segments" ADD CONSTRAINT "third_party_works_segments_works_id_third_party_works_id_fk" FOREIGN KEY ("works_id") REFERENCES "public"."third_party_works"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works_segments" ADD CONSTRAINT "third_party_works_segments_segment_id_pipeline_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."pipeline_segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works" ADD CONSTRAINT "third_party_works_builder_enterprise_id_enterprises_id_fk" FOREIGN KEY ("builder_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works" ADD CONSTRAINT "third_party_works_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works" ADD CONSTRAINT "third_party_works_agreement_file_id_files_id_fk" FOREIGN KEY ("agreement_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works" ADD CONSTRAINT "third_party_works_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works" ADD CONSTRAINT "third_party_works_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works" ADD CONSTRAINT "third_party_works_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works_visits" ADD CONSTRAINT "third_party_works_visits_works_id_third_party_works_id_fk" FOREIGN KEY ("works_id") REFERENCES "public"."third_party_works"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works_visits" ADD CONSTRAINT "third_party_works_visits_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "third_party_works_visits" ADD CONSTRAINT "third_party_works_visits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gas_conversions" ADD CONSTRAINT "gas_conversions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gas_conversions" ADD CONSTRAINT "gas_conversions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gas_conversions" ADD CONSTRAINT "gas_conversions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_activities" ADD CONSTRAINT "publicity_activities_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_activities" ADD CONSTRAINT "publicity_activities_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publicity_activities" ADD CONSTRAINT "publicity_activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "third_party_works_segments_key" ON "third_party_works_segments" USING btree ("works_id","segment_id");--> statement-breakpoint
CREATE INDEX "third_party_works_segments_segment_idx" ON "third_party_works_segments" USING btree ("segment_id");--> statement-breakpoint
CREATE INDEX "third_party_works_region_idx" ON "third_party_works" USING btree ("region_id","start_on");--> statement-breakpoint
CREATE INDEX "third_party_works_builder_idx" ON "third_party_works" USING btree ("builder_enterprise_id");--> statement-breakpoint
CREATE INDEX "third_party_works_operators_idx" ON "third_party_works" USING gin ("operator_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "third_party_works_hazard_key" ON "third_party_works" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "third_party_works_visits_works_idx" ON "third_party_works_visits" USING btree ("works_id","visited_on");--> statement-breakpoint
CREATE INDEX "gas_conversions_region_idx" ON "gas_conversions" USING btree ("region_id","completed_on");--> statement-breakpoint
CREATE INDEX "publicity_activities_region_idx" ON "publicity_activities" USING btree ("region_id","held_on");