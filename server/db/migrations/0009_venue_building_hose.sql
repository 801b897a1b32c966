ALTER TABLE "venues" ADD COLUMN "high_rise_building" boolean;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "hose_type" text;