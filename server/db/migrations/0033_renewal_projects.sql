CREATE TABLE "renewal_progress_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"reported_on" date NOT NULL,
	"progress_percent" smallint NOT NULL,
	"note" text,
	"photo_file_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"reported_by" uuid,
	"reported_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renewal_progress_reports_percent" CHECK ("renewal_progress_reports"."progress_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "renewal_project_facilities" (
	"project_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	CONSTRAINT "renewal_project_facilities_project_id_facility_id_pk" PRIMARY KEY("project_id","facility_id")
);
--> statement-breakpoint
CREATE TABLE "renewal_project_funds" (
	"project_id" uuid NOT NULL,
	"source" text NOT NULL,
	"planned_yuan" numeric(14, 2) DEFAULT 0 NOT NULL,
	"received_yuan" numeric(14, 2) DEFAULT 0 NOT NULL,
	CONSTRAINT "renewal_project_funds_project_id_source_pk" PRIMARY KEY("project_id","source"),
	CONSTRAINT "renewal_project_funds_amounts" CHECK ("renewal_project_funds"."planned_yuan" >= 0 and "renewal_project_funds"."received_yuan" >= 0)
);
--> statement-breakpoint
CREATE TABLE "renewal_project_milestones" (
	"project_id" uuid NOT NULL,
	"milestone" text NOT NULL,
	"planned_on" date,
	"done_on" date,
	CONSTRAINT "renewal_project_milestones_project_id_milestone_pk" PRIMARY KEY("project_id","milestone")
);
--> statement-breakpoint
CREATE TABLE "renewal_project_segments" (
	"project_id" uuid NOT NULL,
	"segment_id" uuid NOT NULL,
	"prior_status" text NOT NULL,
	CONSTRAINT "renewal_project_segments_project_id_segment_id_pk" PRIMARY KEY("project_id","segment_id")
);
--> statement-breakpoint
CREATE TABLE "renewal_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"plan_year" smallint NOT NULL,
	"region_id" uuid NOT NULL,
	"operator_id" uuid NOT NULL,
	"contractor" text,
	"length_m" numeric(12, 1) NOT NULL,
	"budget_yuan" numeric(14, 2) NOT NULL,
	"over_budget_reason" text,
	"progress_percent" smallint DEFAULT 0 NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renewal_projects_amounts" CHECK ("renewal_projects"."budget_yuan" >= 0 and "renewal_projects"."length_m" >= 0),
	CONSTRAINT "renewal_projects_progress" CHECK ("renewal_projects"."progress_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "renewal_targets" (
	"year" integer PRIMARY KEY NOT NULL,
	"target_km" numeric(10, 2) NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "renewal_progress_reports" ADD CONSTRAINT "renewal_progress_reports_project_id_renewal_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."renewal_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_progress_reports" ADD CONSTRAINT "renewal_progress_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_project_facilities" ADD CONSTRAINT "renewal_project_facilities_project_id_renewal_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."renewal_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_project_facilities" ADD CONSTRAINT "renewal_project_facilities_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_project_funds" ADD CONSTRAINT "renewal_project_funds_project_id_renewal_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."renewal_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_project_milestones" ADD CONSTRAINT "renewal_project_milestones_project_id_renewal_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."renewal_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_project_segments" ADD CONSTRAINT "renewal_project_segments_project_id_renewal_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."renewal_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_project_segments" ADD CONSTRAINT "renewal_project_segments_segment_id_pipeline_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."pipeline_segments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_projects" ADD CONSTRAINT "renewal_projects_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_projects" ADD CONSTRAINT "renewal_projects_operator_id_enterprises_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_projects" ADD CONSTRAINT "renewal_projects_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_targets" ADD CONSTRAINT "renewal_targets_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "renewal_progress_reports_project_idx" ON "renewal_progress_reports" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "renewal_project_segments_segment_key" ON "renewal_project_segments" USING btree ("segment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "renewal_projects_code_key" ON "renewal_projects" USING btree ("code");--> statement-breakpoint
CREATE INDEX "renewal_projects_region_idx" ON "renewal_projects" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "renewal_projects_operator_idx" ON "renewal_projects" USING btree ("operator_id");