CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"credit_code" text NOT NULL,
	"region_id" uuid NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"contact_phone" text,
	"seller_channel" text,
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "facilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"region_id" uuid NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "licence_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"licence_id" uuid NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"issuing_body" text DEFAULT '' NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"status" text DEFAULT 'valid' NOT NULL,
	"status_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"phone" text NOT NULL,
	"enterprise_id" uuid,
	"department_id" uuid,
	"region_id" uuid NOT NULL,
	"certificate_number" text,
	"certificate_expires_on" date,
	"assessment_passed_on" date,
	"user_id" uuid,
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pipeline_segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"owner_enterprise_id" uuid,
	"region_id" uuid NOT NULL,
	"material" text NOT NULL,
	"pressure_class" text NOT NULL,
	"diameter_mm" integer,
	"length_m" numeric(10, 1),
	"installed_year" integer,
	"encroached" boolean DEFAULT false NOT NULL,
	"confined_space" boolean DEFAULT false NOT NULL,
	"geometry" jsonb,
	"renewal_status" text DEFAULT 'not_needed' NOT NULL,
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "training_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"course" text NOT NULL,
	"trained_on" date NOT NULL,
	"passed" boolean NOT NULL,
	"valid_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plate" text NOT NULL,
	"kind" text NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"permit_number" text,
	"permit_valid_to" date,
	"bound_person_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "venues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"region_id" uuid NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"floor" text DEFAULT 'ground' NOT NULL,
	"gas_sources" text[] DEFAULT '{}'::text[] NOT NULL,
	"supplier_enterprise_id" uuid,
	"contract_number" text,
	"contract_from" date,
	"contract_to" date,
	"stored_lpg_kg" numeric(8, 1),
	"has_cylinder_room" boolean DEFAULT false NOT NULL,
	"detector_installed" boolean DEFAULT false NOT NULL,
	"detector_installed_on" date,
	"shutoff_valve_installed" boolean DEFAULT false NOT NULL,
	"shutoff_valve_installed_on" date,
	"supply_status" text DEFAULT 'normal' NOT NULL,
	"supply_status_reason" text,
	"contact_name" text,
	"contact_phone" text,
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facilities" ADD CONSTRAINT "facilities_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licence_history" ADD CONSTRAINT "licence_history_licence_id_licences_id_fk" FOREIGN KEY ("licence_id") REFERENCES "public"."licences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licences" ADD CONSTRAINT "licences_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_segments" ADD CONSTRAINT "pipeline_segments_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pipeline_segments" ADD CONSTRAINT "pipeline_segments_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_records" ADD CONSTRAINT "training_records_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_bound_person_id_people_id_fk" FOREIGN KEY ("bound_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venues" ADD CONSTRAINT "venues_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venues" ADD CONSTRAINT "venues_supplier_enterprise_id_enterprises_id_fk" FOREIGN KEY ("supplier_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_credit_code_key" ON "enterprises" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_region_idx" ON "enterprises" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "enterprises_kind_idx" ON "enterprises" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "enterprises_search_idx" ON "enterprises" USING gin ("search_tokens");--> statement-breakpoint
CREATE UNIQUE INDEX "facilities_enterprise_name_key" ON "facilities" USING btree ("enterprise_id","name");--> statement-breakpoint
CREATE INDEX "facilities_region_idx" ON "facilities" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "facilities_search_idx" ON "facilities" USING gin ("search_tokens");--> statement-breakpoint
CREATE INDEX "licence_history_licence_idx" ON "licence_history" USING btree ("licence_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "licences_kind_number_key" ON "licences" USING btree ("kind","number");--> statement-breakpoint
CREATE INDEX "licences_enterprise_idx" ON "licences" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "licences_valid_to_idx" ON "licences" USING btree ("valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "people_name_phone_key" ON "people" USING btree ("name","phone");--> statement-breakpoint
CREATE INDEX "people_enterprise_idx" ON "people" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "people_region_idx" ON "people" USING btree ("region_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pipeline_segments_code_key" ON "pipeline_segments" USING btree ("code");--> statement-breakpoint
CREATE INDEX "pipeline_segments_region_idx" ON "pipeline_segments" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "pipeline_segments_owner_idx" ON "pipeline_segments" USING btree ("owner_enterprise_id");--> statement-breakpoint
CREATE INDEX "training_records_person_idx" ON "training_records" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicles_plate_key" ON "vehicles" USING btree ("plate");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicles_bound_person_key" ON "vehicles" USING btree ("bound_person_id");--> statement-breakpoint
CREATE INDEX "vehicles_enterprise_idx" ON "vehicles" USING btree ("enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "venues_name_address_key" ON "venues" USING btree ("name","address");--> statement-breakpoint
CREATE INDEX "venues_region_idx" ON "venues" USING btree ("region_id","category");--> statement-breakpoint
CREATE INDEX "venues_supplier_idx" ON "venues" USING btree ("supplier_enterprise_id");--> statement-breakpoint
CREATE INDEX "venues_search_idx" ON "venues" USING gin ("search_tokens");--> statement-breakpoint
CREATE INDEX "venues_created_idx" ON "venues" USING btree ("created_at","id");