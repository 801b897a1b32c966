DROP INDEX "hazards_region_found_idx";--> statement-breakpoint
CREATE INDEX "hazards_found_idx" ON "hazards" USING btree ("found_on","id");--> statement-breakpoint
CREATE INDEX "hazards_status_found_idx" ON "hazards" USING btree ("status","found_on","id");