-- Vehicle positions become range-partitioned by month of "at" (declarative partitioning, the same on PGlite and
-- PostgreSQL), as audit_events in 0043: the existing table is renamed "vehicle_positions_initial" and attached as the
-- partition of everything before next month (UTC, at the time of the migration), so no row is copied or lost; a
-- "vehicle_positions_default" partition catches rows outside every range. The primary key ("vehicle_id","at") already
-- includes the partition key: a resent position still conflicts on it and is stored once. The job platform.partitions
-- makes the coming months ahead and drops months past POSITIONS_RETENTION_MONTHS (server/platform/partitions).
ALTER TABLE "vehicle_positions" RENAME TO "vehicle_positions_initial";--> statement-breakpoint
ALTER TABLE "vehicle_positions_initial" DROP CONSTRAINT "vehicle_positions_vehicle_id_at_pk";--> statement-breakpoint
CREATE TABLE "vehicle_positions" (LIKE "vehicle_positions_initial" INCLUDING DEFAULTS) PARTITION BY RANGE ("at");--> statement-breakpoint
ALTER TABLE "vehicle_positions" ADD CONSTRAINT "vehicle_positions_vehicle_id_at_pk" PRIMARY KEY ("vehicle_id", "at");--> statement-breakpoint
DO $$ BEGIN
  EXECUTE format('ALTER TABLE "vehicle_positions" ATTACH PARTITION "vehicle_positions_initial" FOR VALUES FROM (MINVALUE) TO (%L)',
    (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC');
END $$;--> statement-breakpoint
CREATE TABLE "vehicle_positions_default" PARTITION OF "vehicle_positions" DEFAULT;
