import type pg from 'pg';
import { checkItems } from '../domain/hazards/checklist.ts';

/**
 * 1,000,000 hazards by `insert … select … from generate_series`, 100,000 per statement: 45% in
 * 嘎鲁图镇 and the rest over the other regions, one in seven major, 60% closed (closed 0–39 days
 * after found), 20% open, 10% rectifying, 10% submitted, found over 500 days from 2023-08-01, and
 * exactly one in ten with source 'import' (the export's 100,000 rows).
 */
export async function loadHazards(
  client: pg.Client,
  HAZARDS: number,
  { galutu, regions, departments }: { galutu: string; regions: string[]; departments: string[] },
) {
  const venueItems = checkItems.filter((i) => i.appliesTo.some((t) => t.type === 'venue'));
  const chunk = 100_000;
  for (let start = 1; start <= HAZARDS; start += chunk) {
    const end = Math.min(HAZARDS, start + chunk - 1);
    await client.query(
      `insert into hazards (number, object_type, object_id, region_id, object_kind, object_name, object_address, source,
         item_id, plan_ref, severity, description, department_id, responsible_party, responsible_person_name, responsible_phone,
         found_on, deadline, interim_control, rectification, status, submitted_at, closed_at, created_at, updated_at)
       select 'YH-B-' || lpad(g::text, 7, '0'), 'venue', md5('venue' || (g % 200000))::uuid,
         case when (g::bigint * 7919) % 100 < 45 then $1::uuid else ($2::uuid[])[(1 + (g::bigint * 31) % cardinality($2::uuid[]))::int] end,
         (array['restaurant','restaurant','restaurant','school','hospital','mixed_building'])[1 + g % 6],
         '测试饭店' || (g % 200000), '萨如拉街' || (g % 5000) || '号',
         case when g % 10 = 3 then 'import' else 'inspection' end,
         ($3::text[])[1 + g % cardinality($3::text[])], ($4::text[])[1 + g % cardinality($4::text[])],
         case when g % 7 = 0 then 'major' else 'general' end,
         '隐患描述第' || g || '号：软管老化、未安装报警器',
         ($5::uuid[])[1 + g % cardinality($5::uuid[])],
         '测试饭店' || (g % 200000), '负责人' || (g % 1000), '1390477' || lpad((g % 10000)::text, 4, '0'),
         f, f + case when g % 7 = 0 then 30 else 15 end,
         case when g % 7 = 0 then '专人值守，停用相关设施' end,
         case when g % 10 < 6 or g % 10 = 9 then '已整改' end,
         s,
         case when s in ('submitted', 'closed') then (f + g % 40)::timestamp at time zone 'Asia/Shanghai' end,
         case when s = 'closed' then (f + g % 40)::timestamp at time zone 'Asia/Shanghai' + interval '10 hours' end,
         f::timestamp at time zone 'Asia/Shanghai', f::timestamp at time zone 'Asia/Shanghai'
       from (
         select g, date '2023-08-01' + ((g * 13) % 500) as f,
           case when g % 10 < 6 then 'closed' when g % 10 < 8 then 'open' when g % 10 = 8 then 'rectifying' else 'submitted' end as s
         from generate_series($6::int, $7::int) g
       ) x`,
      [galutu, regions, venueItems.map((i) => i.id), venueItems.map((i) => i.planRef), departments, start, end],
    );
    process.stdout.write(`  loaded ${end} hazards\r`);
  }
  process.stdout.write('\n');
  await client.query('vacuum analyze hazards');
}
