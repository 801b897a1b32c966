CREATE TABLE "cylinder_anomalies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"cylinder_id" uuid NOT NULL,
	"code" text NOT NULL,
	"event_id" text,
	"dedupe_key" text NOT NULL,
	"region_id" uuid,
	"owner_enterprise_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cylinder_blacklist" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"manufacturer" text NOT NULL,
	"model" text,
	"batch" text,
	"produced_from" date,
	"produced_to" date,
	"basis" text NOT NULL,
	"listed_on" date NOT NULL,
	"removed_on" date,
	"removal_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cylinder_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"code" text NOT NULL,
	"cylinder_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"location_type" text DEFAULT 'unknown' NOT NULL,
	"location_id" uuid,
	"station_id" uuid,
	"enterprise_id" uuid,
	"region_id" uuid,
	"lng" double precision,
	"lat" double precision,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"corrects_event_id" text,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cylinder_fills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" text NOT NULL,
	"cylinder_id" uuid NOT NULL,
	"station_id" uuid NOT NULL,
	"operator_name" text NOT NULL,
	"filled_at" timestamp with time zone NOT NULL,
	"net_weight_kg" numeric(6, 2) NOT NULL,
	"nominal_kg" numeric(6, 2) NOT NULL,
	"tolerance_kg" numeric(6, 2) NOT NULL,
	"flagged" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cylinders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"owner_enterprise_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"model" text NOT NULL,
	"phase" text DEFAULT 'liquid' NOT NULL,
	"manufacturer" text NOT NULL,
	"serial_number" text NOT NULL,
	"batch" text,
	"manufactured_on" date NOT NULL,
	"design_life_years" integer,
	"last_inspected_on" date,
	"last_inspection_passed" boolean,
	"next_inspection_due" date,
	"refurbished" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'in_service' NOT NULL,
	"location_type" text DEFAULT 'unknown' NOT NULL,
	"location_id" uuid,
	"location_label" text,
	"last_seen_at" timestamp with time zone,
	"last_seen_lng" double precision,
	"last_seen_lat" double precision,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "machine_tokens" ADD COLUMN "facility_id" uuid;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "manual_roles" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "roles" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "licences" ADD COLUMN "categories" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "cylinder_anomalies" ADD CONSTRAINT "cylinder_anomalies_cylinder_id_cylinders_id_fk" FOREIGN KEY ("cylinder_id") REFERENCES "public"."cylinders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_anomalies" ADD CONSTRAINT "cylinder_anomalies_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_anomalies" ADD CONSTRAINT "cylinder_anomalies_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_cylinder_id_cylinders_id_fk" FOREIGN KEY ("cylinder_id") REFERENCES "public"."cylinders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_station_id_facilities_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_events" ADD CONSTRAINT "cylinder_events_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_fills" ADD CONSTRAINT "cylinder_fills_cylinder_id_cylinders_id_fk" FOREIGN KEY ("cylinder_id") REFERENCES "public"."cylinders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinder_fills" ADD CONSTRAINT "cylinder_fills_station_id_facilities_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinders" ADD CONSTRAINT "cylinders_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cylinders" ADD CONSTRAINT "cylinders_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cylinder_anomalies_key" ON "cylinder_anomalies" USING btree ("kind","cylinder_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "cylinder_anomalies_detected_idx" ON "cylinder_anomalies" USING btree ("detected_at");--> statement-breakpoint
CREATE INDEX "cylinder_blacklist_maker_idx" ON "cylinder_blacklist" USING btree ("manufacturer");--> statement-breakpoint
CREATE UNIQUE INDEX "cylinder_events_event_id_key" ON "cylinder_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "cylinder_events_code_idx" ON "cylinder_events" USING btree ("code","occurred_at");--> statement-breakpoint
CREATE INDEX "cylinder_events_refusals_idx" ON "cylinder_events" USING btree ("station_id","occurred_at") WHERE "cylinder_events"."type" = 'fill_refused';--> statement-breakpoint
CREATE UNIQUE INDEX "cylinder_fills_event_id_key" ON "cylinder_fills" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "cylinder_fills_cylinder_idx" ON "cylinder_fills" USING btree ("cylinder_id","filled_at");--> statement-breakpoint
CREATE INDEX "cylinder_fills_station_idx" ON "cylinder_fills" USING btree ("station_id","filled_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cylinders_code_key" ON "cylinders" USING btree ("code");--> statement-breakpoint
CREATE INDEX "cylinders_owner_idx" ON "cylinders" USING btree ("owner_enterprise_id","code");--> statement-breakpoint
CREATE INDEX "cylinders_region_idx" ON "cylinders" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "cylinders_maker_idx" ON "cylinders" USING btree ("manufacturer","model");--> statement-breakpoint
CREATE INDEX "cylinders_status_idx" ON "cylinders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "cylinders_last_seen_idx" ON "cylinders" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "enterprises_roles_idx" ON "enterprises" USING gin ("roles");--> statement-breakpoint
ALTER TABLE "machine_tokens" ADD CONSTRAINT "machine_tokens_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
UPDATE "licences" l SET "categories" = CASE e."kind" WHEN 'pipeline_operator' THEN ARRAY['pipeline'] ELSE ARRAY['bottled'] END FROM "enterprises" e WHERE e."id" = l."enterprise_id" AND l."kind" = 'gas_operation' AND e."kind" IN ('pipeline_operator', 'bottled_operator');--> statement-breakpoint
CREATE FUNCTION "enterprise_roles_of"(p_kind text, p_manual text[], p_id uuid) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT ARRAY(SELECT DISTINCT r FROM unnest(ARRAY[p_kind] || p_manual
    || ARRAY(SELECT CASE l."kind" WHEN 'cylinder_filling' THEN 'filling_enterprise' WHEN 'hazardous_transport' THEN 'hazardous_carrier'
         WHEN 'manufacturing' THEN 'special_equipment_maker' WHEN 'inspection_qualification' THEN 'inspection_agency' END
       FROM "licences" l WHERE l."enterprise_id" = p_id AND l."archived_at" IS NULL)
    || ARRAY(SELECT CASE c WHEN 'pipeline' THEN 'pipeline_operator' ELSE 'bottled_operator' END
       FROM "licences" l, unnest(l."categories") c WHERE l."enterprise_id" = p_id AND l."kind" = 'gas_operation' AND l."archived_at" IS NULL)) r
    WHERE r IS NOT NULL ORDER BY r)
$$;--> statement-breakpoint
CREATE FUNCTION "enterprises_set_roles"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."roles" := "enterprise_roles_of"(NEW."kind", NEW."manual_roles", NEW."id");
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "enterprises_roles" BEFORE INSERT OR UPDATE ON "enterprises" FOR EACH ROW EXECUTE FUNCTION "enterprises_set_roles"();--> statement-breakpoint
CREATE FUNCTION "licences_touch_roles"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE "enterprises" SET "roles" = "roles" WHERE "id" = OLD."enterprise_id";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE "enterprises" SET "roles" = "roles" WHERE "id" = NEW."enterprise_id";
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "licences_roles" AFTER INSERT OR UPDATE OF "kind", "categories", "enterprise_id", "archived_at" OR DELETE ON "licences" FOR EACH ROW EXECUTE FUNCTION "licences_touch_roles"();--> statement-breakpoint
UPDATE "enterprises" SET "roles" = "roles";
