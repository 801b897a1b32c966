CREATE SEQUENCE "public"."inspection_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "plan_notes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "serial" integer DEFAULT nextval('inspection_number_seq') NOT NULL;--> statement-breakpoint
-- Existing inspections are numbered in the order they were created (issue 9.23), and the sequence goes on from there.
UPDATE "inspections" SET "serial" = "o"."n" FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS "n" FROM "inspections") AS "o" WHERE "inspections"."id" = "o"."id";--> statement-breakpoint
SELECT setval('inspection_number_seq', (SELECT coalesce(max("serial"), 0) + 1 FROM "inspections"), false);--> statement-breakpoint
-- A plan's note was stored as the overall result (总体情况): for inspections not yet recorded it is the planner's note.
UPDATE "inspections" SET "plan_notes" = "notes", "notes" = '' WHERE "status" = 'planned' AND "notes" <> '';--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_serial_key" ON "inspections" USING btree ("serial");