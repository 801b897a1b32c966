-- The Drizzle schema no longer declares two foreign keys, so that the platform imports no module
-- (files.uploaded_by → users) and inspections import nothing of hazards (inspections.follow_up_of_hazard_id
-- → hazards). The constraints stay in the database unchanged: this migration only says so on them,
-- and fails if one were missing (test/boundaries.test.ts checks they hold).
COMMENT ON CONSTRAINT "files_uploaded_by_users_id_fk" ON "files" IS 'Not declared in files.table.ts: the platform imports no module (migration 0011).';
--> statement-breakpoint
COMMENT ON CONSTRAINT "inspections_follow_up_of_hazard_id_hazards_id_fk" ON "inspections" IS 'Not declared in inspections.table.ts: inspections import nothing of hazards (migration 0011).';
