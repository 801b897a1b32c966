CREATE TABLE "blacklist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"enterprise_id" uuid,
	"person_name" text,
	"person_id_number" text,
	"subject_name" text NOT NULL,
	"basis" text NOT NULL,
	"case_id" uuid,
	"department_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"removed_at" timestamp with time zone,
	"removed_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enforcement_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"department_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid,
	"subject_name" text NOT NULL,
	"enterprise_id" uuid,
	"source" text NOT NULL,
	"source_ref" uuid,
	"facts" text NOT NULL,
	"legal_basis" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"measures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision" text,
	"fine_total" integer DEFAULT 0 NOT NULL,
	"correction_order_number" text,
	"penalty_decision_number" text,
	"decided_on" date,
	"closed_on" date,
	"closing_note" text,
	"typical_summary" text,
	"published_at" timestamp with time zone,
	"created_by" uuid,
	"opened_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enforcement_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_department_id" uuid NOT NULL,
	"to_department_id" uuid,
	"to_discipline" text,
	"department_ids" uuid[] NOT NULL,
	"region_id" uuid NOT NULL,
	"case_id" uuid,
	"tip_id" uuid,
	"hazard_id" uuid,
	"subject" text NOT NULL,
	"content" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'sent' NOT NULL,
	"received_at" timestamp with time zone,
	"acted_at" timestamp with time zone,
	"action_note" text,
	"answered_at" timestamp with time zone,
	"answer" text,
	"overdue_flagged_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_case_id_enforcement_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."enforcement_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD CONSTRAINT "enforcement_cases_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD CONSTRAINT "enforcement_cases_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD CONSTRAINT "enforcement_cases_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD CONSTRAINT "enforcement_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_from_department_id_departments_id_fk" FOREIGN KEY ("from_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_to_department_id_departments_id_fk" FOREIGN KEY ("to_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_case_id_enforcement_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."enforcement_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blacklist_enterprise_idx" ON "blacklist_entries" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enforcement_cases_number_key" ON "enforcement_cases" USING btree ("number");--> statement-breakpoint
CREATE INDEX "enforcement_cases_department_idx" ON "enforcement_cases" USING btree ("department_id","opened_on");--> statement-breakpoint
CREATE INDEX "enforcement_cases_region_idx" ON "enforcement_cases" USING btree ("region_id","opened_on");--> statement-breakpoint
CREATE INDEX "enforcement_cases_enterprise_idx" ON "enforcement_cases" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "referrals_departments_idx" ON "referrals" USING gin ("department_ids");--> statement-breakpoint
CREATE INDEX "referrals_deadline_idx" ON "referrals" USING btree ("status","deadline");