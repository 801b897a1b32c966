CREATE TABLE "alarm_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"alarm_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"level" text,
	"value" double precision,
	"note" text,
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "alarms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sensor_id" uuid NOT NULL,
	"sensor_code" text NOT NULL,
	"sensor_kind" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"peak_level" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"raised_value" double precision,
	"last_value" double precision,
	"cleared_at" timestamp with time zone,
	"region_id" uuid NOT NULL,
	"object_type" text,
	"object_id" uuid,
	"object_kind" text,
	"object_name" text,
	"owner_enterprise_id" uuid,
	"venue_id" uuid,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"dispatched_at" timestamp with time zone,
	"dispatched_by" uuid,
	"dispatched_enterprise_id" uuid,
	"arrived_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"resolution" text,
	"hazard_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_rejections" (
	"gateway" text NOT NULL,
	"code" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_rejections_gateway_code_pk" PRIMARY KEY("gateway","code")
);
--> statement-breakpoint
CREATE TABLE "monitoring_kind_rules" (
	"sensor_kind" text PRIMARY KEY NOT NULL,
	"overrides" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "sensor_states" (
	"sensor_id" uuid PRIMARY KEY NOT NULL,
	"last_at" timestamp with time zone,
	"last_value" double precision,
	"machines" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sensors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"object_type" text,
	"object_id" uuid,
	"object_kind" text,
	"object_name" text,
	"region_id" uuid NOT NULL,
	"owner_enterprise_id" uuid,
	"venue_id" uuid,
	"lng" double precision,
	"lat" double precision,
	"address" text,
	"interval_seconds" integer DEFAULT 60 NOT NULL,
	"pressure_class" text,
	"installed_on" date,
	"valve_sensor_id" uuid,
	"rule_overrides" jsonb,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alarm_events" ADD CONSTRAINT "alarm_events_alarm_id_alarms_id_fk" FOREIGN KEY ("alarm_id") REFERENCES "public"."alarms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_sensor_id_sensors_id_fk" FOREIGN KEY ("sensor_id") REFERENCES "public"."sensors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_dispatched_by_users_id_fk" FOREIGN KEY ("dispatched_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_dispatched_enterprise_id_enterprises_id_fk" FOREIGN KEY ("dispatched_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarms" ADD CONSTRAINT "alarms_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_kind_rules" ADD CONSTRAINT "monitoring_kind_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sensor_states" ADD CONSTRAINT "sensor_states_sensor_id_sensors_id_fk" FOREIGN KEY ("sensor_id") REFERENCES "public"."sensors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sensors" ADD CONSTRAINT "sensors_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sensors" ADD CONSTRAINT "sensors_owner_enterprise_id_enterprises_id_fk" FOREIGN KEY ("owner_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sensors" ADD CONSTRAINT "sensors_valve_sensor_id_sensors_id_fk" FOREIGN KEY ("valve_sensor_id") REFERENCES "public"."sensors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alarm_events_alarm_idx" ON "alarm_events" USING btree ("alarm_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "alarms_open_key" ON "alarms" USING btree ("sensor_id","kind") WHERE "alarms"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "alarms_status_idx" ON "alarms" USING btree ("status","raised_at");--> statement-breakpoint
CREATE INDEX "alarms_region_idx" ON "alarms" USING btree ("region_id","raised_at");--> statement-breakpoint
CREATE INDEX "alarms_sensor_idx" ON "alarms" USING btree ("sensor_id","raised_at");--> statement-breakpoint
CREATE INDEX "sensor_states_last_idx" ON "sensor_states" USING btree ("last_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sensors_code_key" ON "sensors" USING btree ("code");--> statement-breakpoint
CREATE INDEX "sensors_region_idx" ON "sensors" USING btree ("region_id","kind");--> statement-breakpoint
CREATE INDEX "sensors_owner_idx" ON "sensors" USING btree ("owner_enterprise_id");--> statement-breakpoint
CREATE INDEX "sensors_object_idx" ON "sensors" USING btree ("object_type","object_id");