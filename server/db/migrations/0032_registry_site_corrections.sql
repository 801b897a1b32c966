DROP INDEX "registry_change_requests_one_pending";--> statement-breakpoint
ALTER TABLE "registry_change_requests" ADD COLUMN "source_inspection_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "registry_change_requests_one_per_inspection" ON "registry_change_requests" USING btree ("source_inspection_id","subject_type","subject_id") WHERE source_inspection_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "registry_change_requests_one_pending" ON "registry_change_requests" USING btree ("subject_type","subject_id") WHERE status = 'pending' and source_inspection_id is null;