-- The retractions by the event they correct (the fill list marks a retracted fill or refusal). Created on the
-- partitioned "cylinder_events": PostgreSQL (and PGlite) builds its part on every partition, and each month the job
-- platform.partitions adds gets its own part when made.
CREATE INDEX "cylinder_events_corrects_idx" ON "cylinder_events" USING btree ("corrects_event_id") WHERE "cylinder_events"."corrects_event_id" is not null;