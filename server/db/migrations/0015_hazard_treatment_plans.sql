CREATE TABLE "hazard_treatment_plans" (
	"hazard_id" uuid PRIMARY KEY NOT NULL,
	"goals" text NOT NULL,
	"measures" text NOT NULL,
	"funds" text NOT NULL,
	"people" text NOT NULL,
	"deadline" date NOT NULL,
	"emergency_measures" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hazard_treatment_plans" ADD CONSTRAINT "hazard_treatment_plans_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_treatment_plans" ADD CONSTRAINT "hazard_treatment_plans_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;