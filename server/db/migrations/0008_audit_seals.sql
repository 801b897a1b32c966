CREATE TABLE "audit_seals" (
	"block" bigint PRIMARY KEY NOT NULL,
	"from_seq" bigint NOT NULL,
	"to_seq" bigint NOT NULL,
	"seqs" bigint[] NOT NULL,
	"total" bigint NOT NULL,
	"legacy_to" bigint NOT NULL,
	"prev_head" text NOT NULL,
	"head" text NOT NULL,
	"key_id" text NOT NULL,
	"count" integer NOT NULL,
	"sealed_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "nonce" text;