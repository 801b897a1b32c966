DROP INDEX "cylinders_last_seen_idx";
--> statement-breakpoint
-- Room on each page for the new version of a row, so an event's update of a cylinder (place, last sighting) is a
-- HOT update (no index entry) when no indexed column changes. Pages written before keep no room until rewritten.
ALTER TABLE "cylinders" SET (fillfactor = 90);
