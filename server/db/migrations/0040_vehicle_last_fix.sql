ALTER TABLE "vehicle_track_states" ADD COLUMN "last_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vehicle_track_states" ADD COLUMN "last_lat" double precision;--> statement-breakpoint
ALTER TABLE "vehicle_track_states" ADD COLUMN "last_lng" double precision;--> statement-breakpoint
ALTER TABLE "vehicle_track_states" ADD COLUMN "last_speed_kmh" real;