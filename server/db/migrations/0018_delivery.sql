CREATE TABLE "delivery_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"operator_enterprise_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"worker_person_id" uuid NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"answers" jsonb NOT NULL,
	"hose_length_m" numeric(5, 2),
	"photo_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"failed_items" text[] DEFAULT '{}'::text[] NOT NULL,
	"hazard_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"notice_text" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_number_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"operator_enterprise_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"spec" text NOT NULL,
	"quantity" integer NOT NULL,
	"fuel" text DEFAULT 'lpg' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'placed' NOT NULL,
	"worker_person_id" uuid,
	"vehicle_id" uuid,
	"placed_by" uuid,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"delivery_client_id" uuid,
	"delivery_payload_hash" text,
	"check_due_at" timestamp with time zone,
	"check_overdue_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "delivery_scans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"cylinder_code" text NOT NULL,
	"direction" text NOT NULL,
	"scanned_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"venue_id" uuid NOT NULL,
	"holder_name" text NOT NULL,
	"holder_phone" text NOT NULL,
	"region_id" uuid NOT NULL,
	"address" text NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"cylinder_floor" integer DEFAULT 1 NOT NULL,
	"below_ground" text DEFAULT 'none' NOT NULL,
	"high_rise_building" boolean DEFAULT false NOT NULL,
	"contract_number" text,
	"contract_from" date,
	"contract_to" date,
	"search_tokens" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "delivery_zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"operator_enterprise_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"name" text NOT NULL,
	"geometry" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vehicle_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vehicle_id" uuid NOT NULL,
	"operator_enterprise_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"max_speed_kmh" real,
	"hazard_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vehicle_positions" (
	"vehicle_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"speed_kmh" real NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "vehicle_positions_vehicle_id_at_pk" PRIMARY KEY("vehicle_id","at")
);
--> statement-breakpoint
ALTER TABLE "delivery_checks" ADD CONSTRAINT "delivery_checks_order_id_delivery_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."delivery_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_checks" ADD CONSTRAINT "delivery_checks_operator_enterprise_id_enterprises_id_fk" FOREIGN KEY ("operator_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_checks" ADD CONSTRAINT "delivery_checks_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_checks" ADD CONSTRAINT "delivery_checks_worker_person_id_people_id_fk" FOREIGN KEY ("worker_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_checks" ADD CONSTRAINT "delivery_checks_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_orders" ADD CONSTRAINT "delivery_orders_operator_enterprise_id_enterprises_id_fk" FOREIGN KEY ("operator_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_orders" ADD CONSTRAINT "delivery_orders_user_id_delivery_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."delivery_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_orders" ADD CONSTRAINT "delivery_orders_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_orders" ADD CONSTRAINT "delivery_orders_worker_person_id_people_id_fk" FOREIGN KEY ("worker_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_orders" ADD CONSTRAINT "delivery_orders_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_orders" ADD CONSTRAINT "delivery_orders_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_scans" ADD CONSTRAINT "delivery_scans_order_id_delivery_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."delivery_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_users" ADD CONSTRAINT "delivery_users_operator_enterprise_id_enterprises_id_fk" FOREIGN KEY ("operator_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_users" ADD CONSTRAINT "delivery_users_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_users" ADD CONSTRAINT "delivery_users_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_zones" ADD CONSTRAINT "delivery_zones_operator_enterprise_id_enterprises_id_fk" FOREIGN KEY ("operator_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delivery_zones" ADD CONSTRAINT "delivery_zones_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_flags" ADD CONSTRAINT "vehicle_flags_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_flags" ADD CONSTRAINT "vehicle_flags_operator_enterprise_id_enterprises_id_fk" FOREIGN KEY ("operator_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicle_flags" ADD CONSTRAINT "vehicle_flags_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_checks_order_key" ON "delivery_checks" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "delivery_checks_operator_idx" ON "delivery_checks" USING btree ("operator_enterprise_id","checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_orders_number_key" ON "delivery_orders" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_orders_client_key" ON "delivery_orders" USING btree ("delivery_client_id");--> statement-breakpoint
CREATE INDEX "delivery_orders_operator_idx" ON "delivery_orders" USING btree ("operator_enterprise_id","placed_at");--> statement-breakpoint
CREATE INDEX "delivery_orders_worker_idx" ON "delivery_orders" USING btree ("worker_person_id","status");--> statement-breakpoint
CREATE INDEX "delivery_orders_user_idx" ON "delivery_orders" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "delivery_orders_check_due_idx" ON "delivery_orders" USING btree ("check_due_at") WHERE "delivery_orders"."check_due_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_scans_key" ON "delivery_scans" USING btree ("order_id","cylinder_code","direction");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_users_operator_venue_key" ON "delivery_users" USING btree ("operator_enterprise_id","venue_id");--> statement-breakpoint
CREATE INDEX "delivery_users_operator_phone_idx" ON "delivery_users" USING btree ("operator_enterprise_id","holder_phone");--> statement-breakpoint
CREATE INDEX "delivery_users_venue_idx" ON "delivery_users" USING btree ("venue_id");--> statement-breakpoint
CREATE INDEX "delivery_users_region_idx" ON "delivery_users" USING btree ("region_id");--> statement-breakpoint
CREATE INDEX "delivery_users_search_idx" ON "delivery_users" USING gin ("search_tokens");--> statement-breakpoint
CREATE INDEX "delivery_zones_operator_idx" ON "delivery_zones" USING btree ("operator_enterprise_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vehicle_flags_key" ON "vehicle_flags" USING btree ("vehicle_id","kind","started_at");--> statement-breakpoint
CREATE INDEX "vehicle_flags_operator_idx" ON "vehicle_flags" USING btree ("operator_enterprise_id","started_at");