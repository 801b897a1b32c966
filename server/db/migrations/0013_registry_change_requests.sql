CREATE TABLE "registry_change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"enterprise_id" uuid,
	"venue_id" uuid,
	"region_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"changes" jsonb NOT NULL,
	"current" jsonb NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_by_name" text NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "registry_change_requests_one_pending" ON "registry_change_requests" USING btree ("subject_type","subject_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "registry_change_requests_status_idx" ON "registry_change_requests" USING btree ("status","proposed_at");