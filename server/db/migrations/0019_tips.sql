CREATE TABLE "tip_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tip_id" uuid NOT NULL,
	"event" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text,
	"details" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tip_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"routing" jsonb NOT NULL,
	"reward_tiers" jsonb NOT NULL,
	"pow_key" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_code" text NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"address" text,
	"contact_name" text,
	"contact_phone" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"region_id" uuid NOT NULL,
	"department_id" uuid,
	"due_at" timestamp with time zone NOT NULL,
	"duplicate_of_tip_id" uuid,
	"outcome" text,
	"grade" text,
	"verification_note" text,
	"hazard_id" uuid,
	"case_id" uuid,
	"already_in_ledger" boolean DEFAULT false NOT NULL,
	"insider" boolean DEFAULT false NOT NULL,
	"fine" integer,
	"answer" text,
	"reward_status" text DEFAULT 'none' NOT NULL,
	"reward_amount" integer,
	"reward_refusal" text,
	"reward_approved_by" uuid,
	"reward_approved_at" timestamp with time zone,
	"reward_paid_at" timestamp with time zone,
	"reward_payment_ref" text,
	"client_key" text NOT NULL,
	"pow_challenge" text,
	"accepted_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tip_events" ADD CONSTRAINT "tip_events_tip_id_tips_id_fk" FOREIGN KEY ("tip_id") REFERENCES "public"."tips"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tips" ADD CONSTRAINT "tips_reward_approved_by_users_id_fk" FOREIGN KEY ("reward_approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tip_events_tip_idx" ON "tip_events" USING btree ("tip_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "tips_tracking_code_key" ON "tips" USING btree ("tracking_code");--> statement-breakpoint
CREATE UNIQUE INDEX "tips_pow_challenge_key" ON "tips" USING btree ("pow_challenge");--> statement-breakpoint
CREATE INDEX "tips_region_idx" ON "tips" USING btree ("region_id","created_at");--> statement-breakpoint
CREATE INDEX "tips_department_idx" ON "tips" USING btree ("department_id","created_at");--> statement-breakpoint
CREATE INDEX "tips_category_created_idx" ON "tips" USING btree ("category","created_at");--> statement-breakpoint
CREATE INDEX "tips_client_idx" ON "tips" USING btree ("client_key","created_at");