-- The measures of hazard_tallies defined once (0039 wrote them four times: in each of its three trigger functions and
-- in its recount). hazard_tally_measures(h): the (measure, day) pairs one hazard counts in
-- (server/modules/hazards/hazards.tallies.ts says what each measure counts); hazard_tallies_apply(removed, added):
-- subtracts the removed rows' pairs and adds the added rows', netting a statement's changes so that one changing
-- none of the counted columns writes nothing, and upserts in key order (fewer lock-order deadlocks). One trigger
-- function passes a statement's transition tables to it; the recount (hazardTallyRecount) uses the same measures.
CREATE FUNCTION hazard_tally_measures(h hazards) RETURNS TABLE (measure text, day date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  select m.measure, m.day
  from (values
    ('found', h.found_on),
    ('closed', case when h.closed_at is not null then (h.closed_at at time zone 'Asia/Shanghai')::date end),
    ('days', case when h.closed_at is not null then date '2000-01-01' + ((h.closed_at at time zone 'Asia/Shanghai')::date - h.found_on) end),
    ('open', case when h.closed_at is null and h.status = 'open' then h.deadline end),
    ('rectifying', case when h.closed_at is null and h.status = 'rectifying' then h.deadline end),
    ('submitted', case when h.closed_at is null and h.status = 'submitted' then h.deadline end),
    ('major_open', case when h.closed_at is null and h.severity = 'major' then h.deadline end),
    ('major_unlisted', case when h.closed_at is null and h.severity = 'major' and h.escalation_level < 1 then h.deadline end),
    ('office', case when h.closed_at is null and h.escalation_level >= 2 then h.deadline end)
  ) m(measure, day)
  where m.day is not null
$$;
--> statement-breakpoint
CREATE FUNCTION hazard_tallies_apply(removed hazards[], added hazards[]) RETURNS void LANGUAGE sql AS $$
  insert into hazard_tallies (region_id, measure, day, n)
  select c.region_id, m.measure, m.day, sum(c.d)::int
  from (
    select -1 as d, r.region_id, r as h from unnest(removed) r
    union all
    select 1, a.region_id, a from unnest(added) a
  ) c
  cross join lateral hazard_tally_measures(c.h) m
  group by 1, 2, 3 having sum(c.d) <> 0
  order by 1, 2, 3
  on conflict (region_id, measure, day) do update set n = hazard_tallies.n + excluded.n
$$;
--> statement-breakpoint
CREATE FUNCTION hazard_tallies_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM hazard_tallies_apply('{}'::hazards[], array(select n::hazards from new_rows n));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM hazard_tallies_apply(array(select o::hazards from old_rows o), array(select n::hazards from new_rows n));
  ELSE
    PERFORM hazard_tallies_apply(array(select o::hazards from old_rows o), '{}'::hazards[]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER hazard_tallies_insert ON hazards;
--> statement-breakpoint
DROP TRIGGER hazard_tallies_update ON hazards;
--> statement-breakpoint
DROP TRIGGER hazard_tallies_delete ON hazards;
--> statement-breakpoint
DROP FUNCTION hazard_tallies_on_insert();
--> statement-breakpoint
DROP FUNCTION hazard_tallies_on_update();
--> statement-breakpoint
DROP FUNCTION hazard_tallies_on_delete();
--> statement-breakpoint
CREATE TRIGGER hazard_tallies_insert AFTER INSERT ON hazards REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_tallies_on_change();
--> statement-breakpoint
CREATE TRIGGER hazard_tallies_update AFTER UPDATE ON hazards REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_tallies_on_change();
--> statement-breakpoint
CREATE TRIGGER hazard_tallies_delete AFTER DELETE ON hazards REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION hazard_tallies_on_change();
