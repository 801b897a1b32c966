CREATE TABLE "vehicle_track_states" (
	"vehicle_id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vehicle_track_states" ADD CONSTRAINT "vehicle_track_states_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;