ALTER TABLE "people" ADD COLUMN "venue_id" uuid;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "people_venue_idx" ON "people" USING btree ("venue_id");--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_one_employer" CHECK ("people"."enterprise_id" is null or "people"."venue_id" is null);