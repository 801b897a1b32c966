CREATE TABLE "limit_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" integer NOT NULL,
	"effective_from" date NOT NULL,
	"values" jsonb NOT NULL,
	"reason" text NOT NULL,
	"changed_by" uuid,
	"changed_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "limits_version_id" uuid;--> statement-breakpoint
ALTER TABLE "limit_versions" ADD CONSTRAINT "limit_versions_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "limit_versions_seq_key" ON "limit_versions" USING btree ("seq");--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_limits_version_id_limit_versions_id_fk" FOREIGN KEY ("limits_version_id") REFERENCES "public"."limit_versions"("id") ON DELETE no action ON UPDATE no action;