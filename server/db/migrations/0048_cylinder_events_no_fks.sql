ALTER TABLE "cylinder_events" DROP CONSTRAINT "cylinder_events_cylinder_id_cylinders_id_fk";
--> statement-breakpoint
ALTER TABLE "cylinder_events" DROP CONSTRAINT "cylinder_events_station_id_facilities_id_fk";
--> statement-breakpoint
ALTER TABLE "cylinder_events" DROP CONSTRAINT "cylinder_events_enterprise_id_enterprises_id_fk";
--> statement-breakpoint
ALTER TABLE "cylinder_events" DROP CONSTRAINT "cylinder_events_region_id_regions_id_fk";
