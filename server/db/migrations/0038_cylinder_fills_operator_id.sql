ALTER TABLE "cylinder_fills" ADD COLUMN "operator_person_id" uuid;--> statement-breakpoint
ALTER TABLE "cylinder_fills" ADD CONSTRAINT "cylinder_fills_operator_person_id_people_id_fk" FOREIGN KEY ("operator_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Fills recorded before: the operator whose name the record kept, when exactly one filling operator of the
-- station's enterprise in the register has it (a name two people share is left unnamed by id).
UPDATE "cylinder_fills" AS f SET "operator_person_id" = m.person_id
FROM (
  SELECT f2.id AS fill_id, min(p.id::text)::uuid AS person_id
  FROM "cylinder_fills" f2
    JOIN "facilities" s ON s.id = f2.station_id
    JOIN "people" p ON p.enterprise_id = s.enterprise_id AND p.kind = 'filling_operator' AND p.name = f2.operator_name
  WHERE f2.operator_person_id IS NULL
  GROUP BY f2.id
  HAVING count(*) = 1
) AS m
WHERE f.id = m.fill_id;
