ALTER TABLE "gas_accidents" ADD COLUMN "status" text DEFAULT 'recorded' NOT NULL;--> statement-breakpoint
ALTER TABLE "gas_accidents" ADD COLUMN "investigation_team" text;--> statement-breakpoint
ALTER TABLE "gas_accidents" ADD COLUMN "investigation_started_on" date;--> statement-breakpoint
ALTER TABLE "gas_accidents" ADD COLUMN "cause" text;--> statement-breakpoint
ALTER TABLE "gas_accidents" ADD COLUMN "conclusion" text;--> statement-breakpoint
ALTER TABLE "gas_accidents" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD COLUMN "received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD COLUMN "received_by" uuid;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD COLUMN "escalation_note" text;--> statement-breakpoint
ALTER TABLE "supervision_orders" ADD CONSTRAINT "supervision_orders_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;