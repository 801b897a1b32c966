-- Makers split (issue 10): a maker holding a special-equipment manufacturing licence (cylinders,
-- pressure-piping parts; TSG 07) becomes special_equipment_maker, any other maker appliance_maker.
UPDATE "enterprises" e SET "kind" = CASE
  WHEN EXISTS (SELECT 1 FROM "licences" l WHERE l."enterprise_id" = e."id" AND l."kind" = 'manufacturing')
    THEN 'special_equipment_maker'
  ELSE 'appliance_maker'
END
WHERE e."kind" = 'manufacturer';--> statement-breakpoint
-- Inspections and hazards keep the object's kind for department scope: follow the enterprise.
UPDATE "inspections" i SET "object_kind" = e."kind"
FROM "enterprises" e
WHERE i."object_kind" = 'manufacturer' AND i."object_type" = 'enterprise' AND i."object_id" = e."id";--> statement-breakpoint
UPDATE "inspections" i SET "object_kind" = e."kind"
FROM "facilities" f JOIN "enterprises" e ON e."id" = f."enterprise_id"
WHERE i."object_kind" = 'manufacturer' AND i."object_type" = 'facility' AND i."object_id" = f."id";--> statement-breakpoint
UPDATE "hazards" h SET "object_kind" = e."kind"
FROM "enterprises" e
WHERE h."object_kind" = 'manufacturer' AND h."object_type" = 'enterprise' AND h."object_id" = e."id";--> statement-breakpoint
UPDATE "hazards" h SET "object_kind" = e."kind"
FROM "facilities" f JOIN "enterprises" e ON e."id" = f."enterprise_id"
WHERE h."object_kind" = 'manufacturer' AND h."object_type" = 'facility' AND h."object_id" = f."id";--> statement-breakpoint
-- A venue registered on the 'high_rise' floor is in a high-rise building (now a fact of the building).
UPDATE "venues" SET "high_rise_building" = true WHERE "floor" = 'high_rise';
