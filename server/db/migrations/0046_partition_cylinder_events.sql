-- Cylinder events become range-partitioned by month of "occurred_at" (declarative partitioning, the same on PGlite
-- and PostgreSQL), as audit_events in 0043 and vehicle_positions in 0044. Kept: no retention (a cylinder's records
-- are kept for its whole life and after; docs/ARCHITECTURE.md, "Partitioned histories").
--
-- The event id must stay unique across the whole table (a resend is stored once, another content under the same id
-- is refused), but a unique key of a partitioned table must include the partition key. So the ids move into their
-- own table, "cylinder_event_ids" (event_id primary key, its occurred_at and content hash), which every writer
-- inserts into first with ON CONFLICT (event_id) DO NOTHING in the transaction that inserts the events. It is filled
-- here from the existing events.
--
-- Existing events are not copied: the table is renamed "cylinder_events_initial" and attached as the partition of
-- everything before next month (UTC, at the time of the migration). Its indexes on (code, occurred_at) and the
-- refusals' partial index are renamed and become the partition's part of the new table's indexes (not rebuilt); its
-- foreign keys are declared on the new table before the attach and adopted (not validated again). The primary key
-- becomes ("id", "occurred_at") and the event id's index ("event_id", "occurred_at"). A "cylinder_events_default"
-- partition catches rows outside every range; the job platform.partitions makes the coming months ahead.
CREATE TABLE "cylinder_event_ids" (
	"event_id" text PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
INSERT INTO "cylinder_event_ids" ("event_id", "occurred_at", "content_hash")
  SELECT "event_id", "occurred_at", "content_hash" FROM "cylinder_events";--> statement-breakpoint
ALTER TABLE "cylinder_events" RENAME TO "cylinder_events_initial";--> statement-breakpoint
ALTER TABLE "cylinder_events_initial" DROP CONSTRAINT "cylinder_events_pkey";--> statement-breakpoint
DROP INDEX "cylinder_events_event_id_key";--> statement-breakpoint
ALTER INDEX "cylinder_events_code_idx" RENAME TO "cylinder_events_initial_code_idx";--> statement-breakpoint
ALTER INDEX "cylinder_events_refusals_idx" RENAME TO "cylinder_events_initial_refusals_idx";--> statement-breakpoint
CREATE TABLE "cylinder_events" (LIKE "cylinder_events_initial" INCLUDING DEFAULTS) PARTITION BY RANGE ("occurred_at");--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_pkey" PRIMARY KEY ("id", "occurred_at");--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_cylinder_id_cylinders_id_fk" FOREIGN KEY ("cylinder_id") REFERENCES "public"."cylinders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_station_id_facilities_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
DO $$ BEGIN
  EXECUTE format('ALTER TABLE "cylinder_events" ATTACH PARTITION "cylinder_events_initial" FOR VALUES FROM (MINVALUE) TO (%L)',
    (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC');
END $$;--> statement-breakpoint
CREATE UNIQUE INDEX "cylinder_events_event_id_key" ON "cylinder_events" USING btree ("event_id", "occurred_at");--> statement-breakpoint
CREATE INDEX "cylinder_events_code_idx" ON "cylinder_events" USING btree ("code", "occurred_at");--> statement-breakpoint
CREATE INDEX "cylinder_events_refusals_idx" ON "cylinder_events" USING btree ("station_id", "occurred_at") WHERE "cylinder_events"."type" = 'fill_refused';--> statement-breakpoint
CREATE TABLE "cylinder_events_default" PARTITION OF "cylinder_events" DEFAULT;
