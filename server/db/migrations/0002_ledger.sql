CREATE TABLE "files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_inspectors" (
	"inspection_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "inspection_inspectors_inspection_id_person_id_pk" PRIMARY KEY("inspection_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "inspection_results" (
	"inspection_id" uuid NOT NULL,
	"item_id" text NOT NULL,
	"result" text NOT NULL,
	"computed" boolean DEFAULT false NOT NULL,
	"measured" jsonb,
	"reason" jsonb,
	"note" text DEFAULT '' NOT NULL,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	CONSTRAINT "inspection_results_inspection_id_item_id_pk" PRIMARY KEY("inspection_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "inspection_signatures" (
	"inspection_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"content_hash" text NOT NULL,
	"audit_seq" bigint NOT NULL,
	"audit_hash" text NOT NULL,
	CONSTRAINT "inspection_signatures_inspection_id_person_id_pk" PRIMARY KEY("inspection_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" text,
	"submission_hash" text,
	"kind" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"object_type" text NOT NULL,
	"object_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"object_kind" text NOT NULL,
	"owner_enterprise_id" uuid,
	"object_name" text NOT NULL,
	"object_address" text DEFAULT '' NOT NULL,
	"department_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"inspecting_region_id" uuid,
	"inspecting_enterprise_id" uuid,
	"planned_on" date,
	"checklist_version" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"visited_at" timestamp with time zone,
	"notes" text DEFAULT '' NOT NULL,
	"facts" jsonb,
	"written_notice_given" boolean,
	"corrects_inspection_id" uuid,
	"follow_up_of_hazard_id" uuid,
	"content_hash" text,
	"signed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspections_signed_check" CHECK ("inspections"."status" <> 'signed' or ("inspections"."content_hash" is not null and "inspections"."signed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "hazard_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hazard_id" uuid NOT NULL,
	"event" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"reason" text,
	"details" jsonb,
	"audit_seq" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"object_type" text NOT NULL,
	"object_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"object_kind" text NOT NULL,
	"owner_enterprise_id" uuid,
	"object_name" text NOT NULL,
	"object_address" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"source_inspection_id" uuid,
	"source_ref" text,
	"item_id" text,
	"plan_ref" text,
	"severity" text NOT NULL,
	"description" text NOT NULL,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"department_id" uuid,
	"responsible_party" text DEFAULT '' NOT NULL,
	"responsible_person_id" uuid,
	"responsible_person_name" text,
	"responsible_phone" text,
	"found_on" date NOT NULL,
	"deadline" date NOT NULL,
	"interim_control" text,
	"rectification" text,
	"status" text DEFAULT 'open' NOT NULL,
	"submitted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"rebound_of_hazard_id" uuid,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"follow_up_due_on" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazards_escalation_level_check" CHECK ("hazards"."escalation_level" between 0 and 2),
	CONSTRAINT "hazards_closed_check" CHECK (("hazards"."status" = 'closed') = ("hazards"."closed_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_results" ADD CONSTRAINT "inspection_results_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_signatures" ADD CONSTRAINT "inspection_signatures_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_signatures" ADD CONSTRAINT "inspection_signatures_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_signatures" ADD CONSTRAINT "inspection_signatures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_inspecting_region_id_regions_id_fk" FOREIGN KEY ("inspecting_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_inspecting_enterprise_id_enterprises_id_fk" FOREIGN KEY ("inspecting_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_corrects_inspection_id_inspections_id_fk" FOREIGN KEY ("corrects_inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_follow_up_of_hazard_id_hazards_id_fk" FOREIGN KEY ("follow_up_of_hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_source_inspection_id_inspections_id_fk" FOREIGN KEY ("source_inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_responsible_person_id_people_id_fk" FOREIGN KEY ("responsible_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_rebound_of_hazard_id_hazards_id_fk" FOREIGN KEY ("rebound_of_hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "files_uploaded_by_idx" ON "files" USING btree ("uploaded_by","created_at");--> statement-breakpoint
CREATE INDEX "files_sha256_idx" ON "files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "inspection_inspectors_person_idx" ON "inspection_inspectors" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "inspection_results_photos_idx" ON "inspection_results" USING gin ("photo_ids");--> statement-breakpoint
CREATE INDEX "inspection_signatures_user_idx" ON "inspection_signatures" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_client_id_key" ON "inspections" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "inspections_region_status_idx" ON "inspections" USING btree ("region_id","status","planned_on");--> statement-breakpoint
CREATE INDEX "inspections_object_idx" ON "inspections" USING btree ("object_type","object_id","planned_on");--> statement-breakpoint
CREATE INDEX "inspections_departments_idx" ON "inspections" USING gin ("department_ids");--> statement-breakpoint
CREATE INDEX "inspections_owner_idx" ON "inspections" USING btree ("owner_enterprise_id") WHERE "inspections"."owner_enterprise_id" is not null;--> statement-breakpoint
CREATE INDEX "inspections_inspecting_enterprise_idx" ON "inspections" USING btree ("inspecting_enterprise_id") WHERE "inspections"."inspecting_enterprise_id" is not null;--> statement-breakpoint
CREATE INDEX "inspections_corrects_idx" ON "inspections" USING btree ("corrects_inspection_id") WHERE "inspections"."corrects_inspection_id" is not null;--> statement-breakpoint
CREATE INDEX "inspections_follow_up_idx" ON "inspections" USING btree ("follow_up_of_hazard_id") WHERE "inspections"."follow_up_of_hazard_id" is not null;--> statement-breakpoint
CREATE INDEX "inspections_visited_idx" ON "inspections" USING btree ("visited_at");--> statement-breakpoint
CREATE INDEX "hazard_events_hazard_idx" ON "hazard_events" USING btree ("hazard_id","at");--> statement-breakpoint
CREATE INDEX "hazard_events_photos_idx" ON "hazard_events" USING gin ("photo_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_number_key" ON "hazards" USING btree ("number");--> statement-breakpoint
CREATE INDEX "hazards_region_status_deadline_idx" ON "hazards" USING btree ("region_id","status","deadline","id");--> statement-breakpoint
CREATE INDEX "hazards_region_deadline_idx" ON "hazards" USING btree ("region_id","deadline","id");--> statement-breakpoint
CREATE INDEX "hazards_department_status_deadline_idx" ON "hazards" USING btree ("department_id","status","deadline");--> statement-breakpoint
CREATE INDEX "hazards_object_item_idx" ON "hazards" USING btree ("object_type","object_id","item_id","closed_at");--> statement-breakpoint
CREATE INDEX "hazards_item_idx" ON "hazards" USING btree ("item_id","status");--> statement-breakpoint
CREATE INDEX "hazards_open_deadline_idx" ON "hazards" USING btree ("deadline") WHERE "hazards"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "hazards_owner_idx" ON "hazards" USING btree ("owner_enterprise_id","status") WHERE "hazards"."owner_enterprise_id" is not null;--> statement-breakpoint
CREATE INDEX "hazards_source_inspection_idx" ON "hazards" USING btree ("source_inspection_id") WHERE "hazards"."source_inspection_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "hazards_inspection_item_key" ON "hazards" USING btree ("source_inspection_id","object_type","object_id","item_id") WHERE "hazards"."source_inspection_id" is not null and "hazards"."item_id" is not null;--> statement-breakpoint
CREATE INDEX "hazards_rebound_idx" ON "hazards" USING btree ("rebound_of_hazard_id") WHERE "hazards"."rebound_of_hazard_id" is not null;--> statement-breakpoint
CREATE INDEX "hazards_follow_up_idx" ON "hazards" USING btree ("follow_up_due_on") WHERE "hazards"."follow_up_due_on" is not null;--> statement-breakpoint
CREATE INDEX "hazards_photos_idx" ON "hazards" USING gin ("photo_ids");