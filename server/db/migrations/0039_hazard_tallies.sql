CREATE TABLE "hazard_tallies" (
	"region_id" uuid NOT NULL,
	"measure" text NOT NULL,
	"day" date NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "hazard_tallies_region_id_measure_day_pk" PRIMARY KEY("region_id","measure","day")
);
--> statement-breakpoint
-- hazard_tallies: the ledger's counts by region, measure and day, kept by statement triggers on hazards in the same
-- transaction as every change (server/modules/hazards/hazards.tallies.ts says what each measure counts). A hazard's
-- contribution is subtracted with its old row and added with its new one; a statement that changes none of the
-- counted columns nets to nothing and writes nothing. Rows are upserted in key order (fewer lock-order deadlocks).
--> statement-breakpoint
CREATE FUNCTION hazard_tallies_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  insert into hazard_tallies (region_id, measure, day, n)
  select c.region_id, m.measure, m.day, sum(c.d)::int
  from (select 1 as d, region_id, found_on, deadline, closed_at, severity, status, escalation_level from new_rows) c
  cross join lateral (values
    ('found', c.found_on),
    ('closed', case when c.closed_at is not null then (c.closed_at at time zone 'Asia/Shanghai')::date end),
    ('days', case when c.closed_at is not null then date '2000-01-01' + ((c.closed_at at time zone 'Asia/Shanghai')::date - c.found_on) end),
    ('open', case when c.closed_at is null and c.status = 'open' then c.deadline end),
    ('rectifying', case when c.closed_at is null and c.status = 'rectifying' then c.deadline end),
    ('submitted', case when c.closed_at is null and c.status = 'submitted' then c.deadline end),
    ('major_open', case when c.closed_at is null and c.severity = 'major' then c.deadline end),
    ('major_unlisted', case when c.closed_at is null and c.severity = 'major' and c.escalation_level < 1 then c.deadline end),
    ('office', case when c.closed_at is null and c.escalation_level >= 2 then c.deadline end)
  ) m(measure, day)
  where m.day is not null
  group by 1, 2, 3 having sum(c.d) <> 0
  order by 1, 2, 3
  on conflict (region_id, measure, day) do update set n = hazard_tallies.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION hazard_tallies_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  insert into hazard_tallies (region_id, measure, day, n)
  select c.region_id, m.measure, m.day, sum(c.d)::int
  from (select -1 as d, region_id, found_on, deadline, closed_at, severity, status, escalation_level from old_rows union all select 1, region_id, found_on, deadline, closed_at, severity, status, escalation_level from new_rows) c
  cross join lateral (values
    ('found', c.found_on),
    ('closed', case when c.closed_at is not null then (c.closed_at at time zone 'Asia/Shanghai')::date end),
    ('days', case when c.closed_at is not null then date '2000-01-01' + ((c.closed_at at time zone 'Asia/Shanghai')::date - c.found_on) end),
    ('open', case when c.closed_at is null and c.status = 'open' then c.deadline end),
    ('rectifying', case when c.closed_at is null and c.status = 'rectifying' then c.deadline end),
    ('submitted', case when c.closed_at is null and c.status = 'submitted' then c.deadline end),
    ('major_open', case when c.closed_at is null and c.severity = 'major' then c.deadline end),
    ('major_unlisted', case when c.closed_at is null and c.severity = 'major' and c.escalation_level < 1 then c.deadline end),
    ('office', case when c.closed_at is null and c.escalation_level >= 2 then c.deadline end)
  ) m(measure, day)
  where m.day is not null
  group by 1, 2, 3 having sum(c.d) <> 0
  order by 1, 2, 3
  on conflict (region_id, measure, day) do update set n = hazard_tallies.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION hazard_tallies_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  insert into hazard_tallies (region_id, measure, day, n)
  select c.region_id, m.measure, m.day, sum(c.d)::int
  from (select -1 as d, region_id, found_on, deadline, closed_at, severity, status, escalation_level from old_rows) c
  cross join lateral (values
    ('found', c.found_on),
    ('closed', case when c.closed_at is not null then (c.closed_at at time zone 'Asia/Shanghai')::date end),
    ('days', case when c.closed_at is not null then date '2000-01-01' + ((c.closed_at at time zone 'Asia/Shanghai')::date - c.found_on) end),
    ('open', case when c.closed_at is null and c.status = 'open' then c.deadline end),
    ('rectifying', case when c.closed_at is null and c.status = 'rectifying' then c.deadline end),
    ('submitted', case when c.closed_at is null and c.status = 'submitted' then c.deadline end),
    ('major_open', case when c.closed_at is null and c.severity = 'major' then c.deadline end),
    ('major_unlisted', case when c.closed_at is null and c.severity = 'major' and c.escalation_level < 1 then c.deadline end),
    ('office', case when c.closed_at is null and c.escalation_level >= 2 then c.deadline end)
  ) m(measure, day)
  where m.day is not null
  group by 1, 2, 3 having sum(c.d) <> 0
  order by 1, 2, 3
  on conflict (region_id, measure, day) do update set n = hazard_tallies.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION hazard_tallies_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE hazard_tallies;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER hazard_tallies_insert AFTER INSERT ON hazards REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_tallies_on_insert();
--> statement-breakpoint
CREATE TRIGGER hazard_tallies_update AFTER UPDATE ON hazards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_tallies_on_update();
--> statement-breakpoint
CREATE TRIGGER hazard_tallies_delete AFTER DELETE ON hazards REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_tallies_on_delete();
--> statement-breakpoint
CREATE TRIGGER hazard_tallies_truncate AFTER TRUNCATE ON hazards FOR EACH STATEMENT EXECUTE FUNCTION hazard_tallies_on_truncate();
--> statement-breakpoint
-- The ledger as it stands.
insert into hazard_tallies (region_id, measure, day, n)
  select c.region_id, m.measure, m.day, sum(c.d)::int
  from (select 1 as d, region_id, found_on, deadline, closed_at, severity, status, escalation_level from hazards) c
  cross join lateral (values
    ('found', c.found_on),
    ('closed', case when c.closed_at is not null then (c.closed_at at time zone 'Asia/Shanghai')::date end),
    ('days', case when c.closed_at is not null then date '2000-01-01' + ((c.closed_at at time zone 'Asia/Shanghai')::date - c.found_on) end),
    ('open', case when c.closed_at is null and c.status = 'open' then c.deadline end),
    ('rectifying', case when c.closed_at is null and c.status = 'rectifying' then c.deadline end),
    ('submitted', case when c.closed_at is null and c.status = 'submitted' then c.deadline end),
    ('major_open', case when c.closed_at is null and c.severity = 'major' then c.deadline end),
    ('major_unlisted', case when c.closed_at is null and c.severity = 'major' and c.escalation_level < 1 then c.deadline end),
    ('office', case when c.closed_at is null and c.escalation_level >= 2 then c.deadline end)
  ) m(measure, day)
  where m.day is not null
  group by 1, 2, 3 having sum(c.d) <> 0
  order by 1, 2, 3
  on conflict (region_id, measure, day) do update set n = hazard_tallies.n + excluded.n;
