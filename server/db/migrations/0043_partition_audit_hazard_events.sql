-- The audit trail and the hazards' timelines become range-partitioned by time (declarative partitioning, the same on
-- PGlite and PostgreSQL): audit_events by month of "at", hazard_events by year of "at". Both are kept (no retention:
-- see server/platform/partitions/partitions.ts and docs/ARCHITECTURE.md), and partitioned so that a year's history is
-- a table of its own (vacuum, indexes, backups by period), not to drop it.
--
-- Existing rows are not copied: the existing table is renamed "<table>_initial" and attached as the partition of
-- everything before the next period (FROM MINVALUE TO the start of next month / next year, UTC, at the time of the
-- migration), so nothing moves and nothing is lost. A "<table>_default" partition catches rows outside every range
-- (a clock far ahead); the job platform.partitions creates the coming periods' partitions ahead of time and moves
-- such rows into them. The primary keys include the partition key ("seq","at") and ("id","at").
--
-- audit_events: keeps its sequence (audit_events_seq_seq, now owned by the partitioned table): the chain links seqs.
ALTER TABLE "audit_events" RENAME TO "audit_events_initial";--> statement-breakpoint
ALTER TABLE "audit_events_initial" DROP CONSTRAINT "audit_events_pkey";--> statement-breakpoint
DROP INDEX "audit_events_subject_idx";--> statement-breakpoint
DROP INDEX "audit_events_at_idx";--> statement-breakpoint
CREATE TABLE "audit_events" (LIKE "audit_events_initial" INCLUDING DEFAULTS) PARTITION BY RANGE ("at");--> statement-breakpoint
ALTER SEQUENCE "audit_events_seq_seq" OWNED BY "audit_events"."seq";--> statement-breakpoint
ALTER TABLE "audit_events_initial" ALTER COLUMN "seq" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq", "at");--> statement-breakpoint
CREATE INDEX "audit_events_subject_idx" ON "audit_events" USING btree ("subject_type", "subject_id");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
DO $$ BEGIN
  EXECUTE format('ALTER TABLE "audit_events" ATTACH PARTITION "audit_events_initial" FOR VALUES FROM (MINVALUE) TO (%L)',
    (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC');
END $$;--> statement-breakpoint
CREATE TABLE "audit_events_default" PARTITION OF "audit_events" DEFAULT;--> statement-breakpoint
-- hazard_events
ALTER TABLE "hazard_events" RENAME TO "hazard_events_initial";--> statement-breakpoint
ALTER TABLE "hazard_events_initial" DROP CONSTRAINT "hazard_events_pkey";--> statement-breakpoint
ALTER TABLE "hazard_events_initial" DROP CONSTRAINT "hazard_events_hazard_id_hazards_id_fk";--> statement-breakpoint
ALTER TABLE "hazard_events_initial" DROP CONSTRAINT "hazard_events_actor_id_users_id_fk";--> statement-breakpoint
DROP INDEX "hazard_events_hazard_idx";--> statement-breakpoint
DROP INDEX "hazard_events_photos_idx";--> statement-breakpoint
CREATE TABLE "hazard_events" (LIKE "hazard_events_initial" INCLUDING DEFAULTS) PARTITION BY RANGE ("at");--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_pkey" PRIMARY KEY ("id", "at");--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hazard_events_hazard_idx" ON "hazard_events" USING btree ("hazard_id", "at");--> statement-breakpoint
CREATE INDEX "hazard_events_photos_idx" ON "hazard_events" USING gin ("photo_ids");--> statement-breakpoint
DO $$ BEGIN
  EXECUTE format('ALTER TABLE "hazard_events" ATTACH PARTITION "hazard_events_initial" FOR VALUES FROM (MINVALUE) TO (%L)',
    (date_trunc('year', now() AT TIME ZONE 'UTC') + interval '1 year') AT TIME ZONE 'UTC');
END $$;--> statement-breakpoint
CREATE TABLE "hazard_events_default" PARTITION OF "hazard_events" DEFAULT;
