CREATE TABLE "bulletins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issue" integer NOT NULL,
	"kind" text NOT NULL,
	"as_of" date NOT NULL,
	"phase" text,
	"slot" timestamp with time zone,
	"previous_id" uuid,
	"region_rows" jsonb NOT NULL,
	"department_rows" jsonb NOT NULL,
	"total" jsonb NOT NULL,
	"extra_figures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"commentary" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gas_accidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"region_id" uuid NOT NULL,
	"place" text NOT NULL,
	"level" text NOT NULL,
	"deaths" integer DEFAULT 0 NOT NULL,
	"injuries" integer DEFAULT 0 NOT NULL,
	"description" text NOT NULL,
	"escalated_investigation" boolean DEFAULT false NOT NULL,
	"object_type" text,
	"object_id" uuid,
	"hazard_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"case_refs" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"target_type" text NOT NULL,
	"target_region_id" uuid,
	"target_department_id" uuid,
	"bulletin_id" uuid,
	"order_id" uuid,
	"held_on" date NOT NULL,
	"subject" text NOT NULL,
	"persons" text DEFAULT '' NOT NULL,
	"commitments" text DEFAULT '' NOT NULL,
	"follow_up_due" date,
	"follow_up" text,
	"follow_up_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"target_type" text NOT NULL,
	"target_region_id" uuid,
	"target_department_id" uuid,
	"subject_type" text NOT NULL,
	"hazard_id" uuid,
	"area_region_id" uuid,
	"task_code" text,
	"listed" boolean DEFAULT false NOT NULL,
	"title" text NOT NULL,
	"requirement" text NOT NULL,
	"issued_on" date NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"result" text,
	"result_note" text,
	"closed_at" timestamp with time zone,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"bulletin_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_previous_id_bulletins_id_fk" FOREIGN KEY ("previous_id") REFERENCES "public"."bulletins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulletins" ADD CONSTRAINT "bulletins_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gas_accidents" ADD CONSTRAINT "gas_accidents_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gas_accidents" ADD CONSTRAINT "gas_accidents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD CONSTRAINT "supervision_actions_target_region_id_regions_id_fk" FOREIGN KEY ("target_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD CONSTRAINT "supervision_actions_target_department_id_departments_id_fk" FOREIGN KEY ("target_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD CONSTRAINT "supervision_actions_bulletin_id_bulletins_id_fk" FOREIGN KEY ("bulletin_id") REFERENCES "public"."bulletins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD CONSTRAINT "supervision_actions_order_id_supervision_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."supervision_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_actions" ADD CONSTRAINT "supervision_actions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_target_region_id_regions_id_fk" FOREIGN KEY ("target_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_target_department_id_departments_id_fk" FOREIGN KEY ("target_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_area_region_id_regions_id_fk" FOREIGN KEY ("area_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_bulletin_id_bulletins_id_fk" FOREIGN KEY ("bulletin_id") REFERENCES "public"."bulletins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_issue_key" ON "bulletins" USING btree ("issue");--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_slot_key" ON "bulletins" USING btree ("slot");--> statement-breakpoint
CREATE INDEX "bulletins_created_idx" ON "bulletins" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "gas_accidents_occurred_idx" ON "gas_accidents" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "supervision_actions_held_idx" ON "supervision_actions" USING btree ("held_on","id");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_orders_number_key" ON "supervision_orders" USING btree ("number");--> statement-breakpoint
CREATE INDEX "supervision_orders_open_due_idx" ON "supervision_orders" USING btree ("due_on","id") WHERE "supervision_orders"."status" = 'issued';--> statement-breakpoint
CREATE INDEX "supervision_orders_target_region_idx" ON "supervision_orders" USING btree ("target_region_id");--> statement-breakpoint
CREATE INDEX "supervision_orders_target_department_idx" ON "supervision_orders" USING btree ("target_department_id");--> statement-breakpoint
CREATE INDEX "supervision_orders_hazard_idx" ON "supervision_orders" USING btree ("hazard_id");