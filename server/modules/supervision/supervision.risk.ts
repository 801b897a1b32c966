import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { enterpriseKindLabels, vehicleKindLabels, venueCategoryLabels } from '../../../domain/registry/registry.ts';
import {
  type RiskLevel,
  type RiskWeights,
  defaultRiskWeights,
  gradeRisk,
  riskLevels,
  riskReasonText,
} from '../../../domain/supervision/risk.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { PageQuery } from '../../platform/schemas.ts';
import { inRegionSubtree } from '../../platform/sql.ts';
import { hazardReadScope, majorListedSql } from '../hazards/index.ts';
import { hazardsTable } from '../hazards/index.ts';
import { inspectionsTable } from '../inspections/index.ts';
import { regionsTable } from '../organisation/index.ts';
import {
  enterprisesTable,
  facilitiesTable,
  pipelineSegmentsTable,
  vehiclesTable,
  venuesTable,
} from '../registry/index.ts';

/**
 * A signal another module adds to an object's risk (tips about it, open alarms, cases against it,
 * cylinder anomalies): `relation(since)` is that module's read contract, a derived table
 * `(object_type text, object_id uuid, n int)` built in its index.ts (supervision never reads its
 * tables), joined into the grading query; each count weighs `RiskWeights.signals[key]`.
 */
export type RiskSignalSource = {
  key: string;
  label: { zh: string; en: string };
  relation(since: string): SQL;
};

export const RiskQuery = z.strictObject({
  regionId: z.uuid().optional(),
  level: z.enum(riskLevels).optional(),
  /** Only objects due for inspection (next due day on or before today + `withinDays`). */
  due: z.enum(['true', 'false']).optional(),
  withinDays: z.coerce.number().int().min(0).max(365).default(0),
  ...PageQuery,
});
const Reason = z.object({
  code: z.string(),
  points: z.number(),
  count: z.number().optional(),
  /** major_open: how many of them are not listed for supervision (挂牌督办, the hazards module's definition). */
  unlisted: z.number().optional(),
  text: z.string(),
});
export const RiskObject = z.object({
  objectType: z.string(),
  objectId: z.string(),
  name: z.string(),
  kind: z.string(),
  regionName: z.string(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  level: z.enum(riskLevels),
  score: z.number(),
  reasons: z.array(Reason),
  lastInspectedOn: z.string().nullable(),
  nextDueOn: z.string(),
  due: z.boolean(),
});
export const RiskListResponse = z
  .object({
    items: z.array(RiskObject),
    total: z.number(),
    counts: z.object({ major: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
    intervalDays: z.object({ major: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
  })
  .meta({ id: 'RiskList' });
export const RiskMapResponse = z.object({
  points: z.array(
    z.object({
      objectType: z.string(),
      objectId: z.string(),
      name: z.string(),
      level: z.enum(riskLevels),
      score: z.number(),
      lng: z.number(),
      lat: z.number(),
    }),
  ),
  /** More objects with coordinates exist than the map shows (the highest risks are shown). */
  truncated: z.boolean(),
});

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;
const kindLabels: Record<string, { zh: string }> = {
  ...enterpriseKindLabels,
  ...venueCategoryLabels,
  ...vehicleKindLabels,
  pipeline: { zh: '燃气管道' },
};

const n = (v: number) => sql`${v}::numeric`;

type GradeOptions = {
  regionId?: string;
  today: string;
  weights: RiskWeights;
  signals: readonly RiskSignalSource[];
};

/**
 * The graded objects as a SQL relation `g`: every live register object in the actor's scope (the same
 * objects and scope as the progress figures' denominator) with its facts — kind and size, its hazards
 * (open major/general, overdue, closed in the last year, rebounds), the other modules' signals — its
 * score (the sum `gradeRisk` makes of the same facts), level and next inspection day. Graded in the
 * database: a request reads one page of it, never every object.
 */
function gradedRelation(actor: Actor, { regionId, today, weights: w, signals }: GradeOptions) {
  const objects = sql`(
    select 'enterprise'::text as object_type, e.id as object_id, e.region_id, e.kind::text as object_kind, e.id as owner_enterprise_id, e.name, e.lng, e.lat, null::numeric as stored_lpg_kg
      from ${enterprisesTable} e where e.archived_at is null
    union all
    select 'facility', f.id, f.region_id, fe.kind::text, f.enterprise_id, f.name, f.lng, f.lat, null
      from ${facilitiesTable} f join ${enterprisesTable} fe on fe.id = f.enterprise_id where f.archived_at is null
    union all
    select 'venue', v.id, v.region_id, v.category::text, null::uuid, v.name, v.lng, v.lat, v.stored_lpg_kg
      from ${venuesTable} v where v.archived_at is null
    union all
    select 'pipeline', p.id, p.region_id, 'pipeline', p.owner_enterprise_id, p.name, null, null, null
      from ${pipelineSegmentsTable} p where p.archived_at is null
    union all
    select 'vehicle', vh.id, ve.region_id, vh.kind::text, vh.enterprise_id, vh.plate, null, null, null
      from ${vehiclesTable} vh join ${enterprisesTable} ve on ve.id = vh.enterprise_id where vh.archived_at is null
  ) o`;
  const scope = hazardReadScope(actor, {
    regionId: sql.raw('o.region_id'),
    objectKind: sql.raw('o.object_kind'),
    objectType: sql.raw('o.object_type'),
    objectId: sql.raw('o.object_id'),
    ownerEnterpriseId: sql.raw('o.owner_enterprise_id'),
  });
  const since = addDays(today, -365);
  const h = hazardsTable;
  // Only the hazards the actor reads (those of the objects in its scope) and of the region asked.
  const hazardConds: SQL[] = [hazardReadScope(actor)];
  if (regionId) hazardConds.push(inRegionSubtree(h.regionId, regionId));
  const hazardFacts = sql`(select ${h.objectType} as object_type, ${h.objectId} as object_id,
      count(*) filter (where ${h.status} <> 'closed' and ${h.severity} = 'major')::int as major_open,
      count(*) filter (where ${h.status} <> 'closed' and ${h.severity} = 'major' and not ${majorListedSql()})::int as major_unlisted,
      count(*) filter (where ${h.status} <> 'closed' and ${h.severity} <> 'major')::int as general_open,
      count(*) filter (where ${h.status} <> 'closed' and ${h.deadline} < ${today}::date)::int as overdue_open,
      count(*) filter (where ${h.status} = 'closed' and ${h.closedAt} >= ${since}::date)::int as past,
      count(*) filter (where ${h.reboundOfHazardId} is not null and ${h.foundOn} >= ${since}::date)::int as rebounds
    from ${h} where ${sql.join(hazardConds, sql` and `)} group by 1, 2) hf`;
  const i = inspectionsTable;
  const lastInspection = sql`(select ${i.objectType} as object_type, ${i.objectId} as object_id,
      max((${i.signedAt} at time zone 'Asia/Shanghai')::date) as last_on
    from ${i} where ${i.status} = 'signed' group by 1, 2) li`;
  const conds: SQL[] = [scope];
  if (regionId) conds.push(inRegionSubtree(sql.raw('o.region_id'), regionId));
  const { default: kindDefault = 0, ...kinds } = w.kind;
  const kindEntries = Object.entries(kinds);
  const kindPoints = kindEntries.length
    ? sql`case o.object_kind ${sql.join(
        kindEntries.map(([k, p]) => sql`when ${k} then ${n(p)}`),
        sql` `,
      )} else ${n(kindDefault)} end`
    : n(kindDefault);
  const signalJoins = signals.map(
    (s, k) =>
      sql`left join (select object_type, object_id, sum(n)::int as n from ${s.relation(since)} sr group by 1, 2) ${sql.raw(`s${k}`)}
        on ${sql.raw(`s${k}`)}.object_type = o.object_type and ${sql.raw(`s${k}`)}.object_id = o.object_id`,
  );
  const signalCols = signals.map((_s, k) => sql.raw(`coalesce(s${k}.n, 0) as sig${k}`));
  const signalPoints = signals.map((s, k) => sql`${sql.raw(`coalesce(s${k}.n, 0)`)} * ${n(w.signals[s.key] ?? 0)}`);
  const score = sql.join(
    [
      kindPoints,
      sql`case when o.stored_lpg_kg >= ${n(w.storedLpgKg.threshold)} then ${n(w.storedLpgKg.points)} else 0 end`,
      sql`coalesce(hf.major_open, 0) * ${n(w.majorOpen)}`,
      sql`coalesce(hf.general_open, 0) * ${n(w.generalOpen)}`,
      sql`coalesce(hf.overdue_open, 0) * ${n(w.overdueOpen)}`,
      sql`least(${n(w.pastHazardCap)}, coalesce(hf.past, 0) * ${n(w.pastHazard)})`,
      sql`coalesce(hf.rebounds, 0) * ${n(w.rebound)}`,
      ...signalPoints,
    ],
    sql` + `,
  );
  const facts = sql`(select o.object_type, o.object_id, o.object_kind, o.name, o.lng, o.lat, o.stored_lpg_kg,
        o.region_id, coalesce(hf.major_open, 0) as major_open, coalesce(hf.major_unlisted, 0) as major_unlisted, coalesce(hf.general_open, 0) as general_open,
        coalesce(hf.overdue_open, 0) as overdue_open, coalesce(hf.past, 0) as past,
        coalesce(hf.rebounds, 0) as rebounds, li.last_on ${signalCols.length ? sql`, ${sql.join(signalCols, sql`, `)}` : sql``},
        (${score})::float8 as score
      from ${objects}
      left join ${hazardFacts} on hf.object_type = o.object_type and hf.object_id = o.object_id
      left join ${lastInspection} on li.object_type = o.object_type and li.object_id = o.object_id
      ${sql.join(signalJoins, sql` `)}
      where ${sql.join(conds, sql` and `)}) f`;
  const t = w.thresholds;
  const leveled = sql`(select f.*, case when f.score >= ${n(t.major)} then 'major' when f.score >= ${n(t.high)} then 'high'
      when f.score >= ${n(t.medium)} then 'medium' else 'low' end as level from ${facts}) l`;
  const iv = w.intervalDays;
  return sql`(select l.*, case l.level when 'major' then 0 when 'high' then 1 when 'medium' then 2 else 3 end as level_order,
      coalesce(l.last_on + (case l.level when 'major' then ${iv.major}::int when 'high' then ${iv.high}::int
        when 'medium' then ${iv.medium}::int else ${iv.low}::int end), ${today}::date) as next_due_on
    from ${leveled}) g`;
}

/** The explained grade of graded rows (one page): reasons from the same facts and weights as the score. */
async function present(db: Db, rows: Row[], { today, weights, signals }: GradeOptions) {
  const regionIds = [...new Set(rows.map((r) => String(r.region_id)))];
  // The township of each region (its first two path levels), for the page's rows only.
  const townships = regionIds.length
    ? await rowsOf(
        db,
        sql`select r.id, coalesce(t.name, r.name) as name from ${regionsTable} r
          left join ${regionsTable} t on t.path = array_to_string((string_to_array(r.path, '/'))[1:2], '/') || '/'
          where r.id in (${sql.join(
            regionIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
      )
    : [];
  const regionName = new Map(townships.map((r) => [String(r.id), String(r.name)]));
  return rows.map((r) => {
    const kind = String(r.object_kind);
    const grade = gradeRisk(
      {
        kind,
        storedLpgKg: r.stored_lpg_kg === null ? null : Number(r.stored_lpg_kg),
        majorOpen: Number(r.major_open),
        majorUnlisted: Number(r.major_unlisted ?? 0),
        generalOpen: Number(r.general_open),
        overdueOpen: Number(r.overdue_open),
        pastHazards: Number(r.past),
        rebounds: Number(r.rebounds),
        signals: Object.fromEntries(signals.map((s, k) => [s.key, Number(r[`sig${k}`] ?? 0)])),
      },
      weights,
    );
    const last = r.last_on ? String(r.last_on) : null;
    const nextDueOn = String(r.next_due_on);
    return {
      objectType: String(r.object_type),
      objectId: String(r.object_id),
      name: String(r.name ?? ''),
      kind,
      regionName: regionName.get(String(r.region_id)) ?? '',
      lng: r.lng === null ? null : Number(r.lng),
      lat: r.lat === null ? null : Number(r.lat),
      level: grade.level,
      score: grade.score,
      reasons: grade.reasons.map((x) => ({
        ...x,
        text: riskReasonText(x, (k) => kindLabels[k]?.zh ?? k).replace(
          /^(\w+) (\d+)$/,
          (_m, k: string, c: string) => `${signals.find((s) => s.key === k)?.label.zh ?? k} ${c}`,
        ),
      })),
      lastInspectedOn: last,
      nextDueOn,
      due: nextDueOn <= today,
    };
  });
}

const toDay = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

/**
 * The risk list: ordered by level, then score, then the day the next inspection is due; graded,
 * filtered, counted and paged in the database (one page is explained).
 */
export async function riskList(
  db: Db,
  actor: Actor,
  q: z.infer<typeof RiskQuery>,
  opts: { weights?: RiskWeights; signals?: readonly RiskSignalSource[]; today?: string } = {},
) {
  requirePermission(actor, 'supervision.read');
  const g: GradeOptions = {
    regionId: q.regionId,
    today: opts.today ?? chinaToday(),
    weights: opts.weights ?? defaultRiskWeights,
    signals: opts.signals ?? [],
  };
  const horizon = addDays(g.today, q.withinDays);
  const filters: SQL[] = [sql`true`];
  if (q.level) filters.push(sql`g.level = ${q.level}`);
  if (q.due === 'true') filters.push(sql`g.next_due_on <= ${horizon}::date`);
  if (q.due === 'false') filters.push(sql`g.next_due_on > ${horizon}::date`);
  const rows = await rowsOf(
    db,
    sql`with g as materialized (select * from ${gradedRelation(actor, g)})
      select p.*, p.last_on::text as last_on, p.next_due_on::text as next_due_on, c.counts, c.total from
        (select jsonb_object_agg(level, n) as counts, 0 as k from (select level, count(*)::int as n from g group by 1) x) cc
        cross join lateral (select cc.counts, (select count(*)::int from g where ${sql.join(filters, sql` and `)}) as total) c
        left join lateral (select * from g where ${sql.join(filters, sql` and `)}
          order by level_order, score desc, next_due_on, object_id
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}) p on true`,
  );
  const first = rows[0];
  const levelCounts = (first?.counts ?? {}) as Record<string, number>;
  const page = rows.filter((r) => r.object_id !== null && r.object_id !== undefined);
  for (const r of page) {
    r.last_on = r.last_on === null ? null : toDay(r.last_on);
    r.next_due_on = toDay(r.next_due_on);
  }
  return {
    items: await present(db, page, g),
    total: Number(first?.total ?? 0),
    counts: {
      major: Number(levelCounts.major ?? 0),
      high: Number(levelCounts.high ?? 0),
      medium: Number(levelCounts.medium ?? 0),
      low: Number(levelCounts.low ?? 0),
    },
    intervalDays: g.weights.intervalDays,
  };
}

/** At most this many points on the risk map (the highest risks first); `truncated` says when more exist. */
export const RISK_MAP_MAX_POINTS = 2000;

export async function riskMap(
  db: Db,
  actor: Actor,
  opts: { weights?: RiskWeights; signals?: readonly RiskSignalSource[]; today?: string } = {},
) {
  requirePermission(actor, 'supervision.read');
  const g: GradeOptions = {
    today: opts.today ?? chinaToday(),
    weights: opts.weights ?? defaultRiskWeights,
    signals: opts.signals ?? [],
  };
  const rows = await rowsOf(
    db,
    sql`select g.object_type, g.object_id, g.name, g.level, g.score, g.lng, g.lat from ${gradedRelation(actor, g)}
      where g.lng is not null and g.lat is not null
      order by g.level_order, g.score desc, g.object_id limit ${RISK_MAP_MAX_POINTS + 1}`,
  );
  return {
    points: rows.slice(0, RISK_MAP_MAX_POINTS).map((r) => ({
      objectType: String(r.object_type),
      objectId: String(r.object_id),
      name: String(r.name ?? ''),
      level: r.level as RiskLevel,
      score: Number(r.score),
      lng: Number(r.lng),
      lat: Number(r.lat),
    })),
    truncated: rows.length > RISK_MAP_MAX_POINTS,
  };
}
