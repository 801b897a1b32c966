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
import { hazardReadScope } from '../hazards/index.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';
import { inspectionsTable } from '../inspections/inspections.table.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import {
  enterprisesTable,
  facilitiesTable,
  pipelineSegmentsTable,
  vehiclesTable,
  venuesTable,
} from '../registry/registry.table.ts';

/**
 * A signal another module adds to an object's risk (tips about it, alarms, cylinder anomalies):
 * counts by `${objectType}:${objectId}`, weighted by `RiskWeights.signals[key]`.
 */
export type RiskSignalSource = {
  key: string;
  label: { zh: string; en: string };
  count(db: Db, q: { since: string }): Promise<Map<string, number>>;
};

export const RiskQuery = z.strictObject({
  regionId: z.uuid().optional(),
  level: z.enum(riskLevels).optional(),
  /** Only objects due for inspection (next due day on or before today + `withinDays`). */
  due: z.enum(['true', 'false']).optional(),
  withinDays: z.coerce.number().int().min(0).max(365).default(0),
  ...PageQuery,
});
const Reason = z.object({ code: z.string(), points: z.number(), count: z.number().optional(), text: z.string() });
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
});

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;
const kindLabels: Record<string, { zh: string }> = {
  ...enterpriseKindLabels,
  ...venueCategoryLabels,
  ...vehicleKindLabels,
  pipeline: { zh: '燃气管道' },
};
const levelOrder: Record<RiskLevel, number> = { major: 0, high: 1, medium: 2, low: 3 };

/**
 * Grades every live register object in the actor's scope (the same objects and scope as the
 * progress figures' denominator): its kind and size, its hazards (open major/general, overdue, closed
 * in the last year, rebounds), the other modules' signals; and its next inspection by level.
 */
export async function gradeObjects(
  db: Db,
  actor: Actor,
  {
    regionId,
    today = chinaToday(),
    weights = defaultRiskWeights,
    signals = [],
  }: {
    regionId?: string;
    today?: string;
    weights?: RiskWeights;
    signals?: readonly RiskSignalSource[];
  },
) {
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
  const hazardFacts = sql`(select ${h.objectType} as object_type, ${h.objectId} as object_id,
      count(*) filter (where ${h.status} <> 'closed' and ${h.severity} = 'major')::int as major_open,
      count(*) filter (where ${h.status} <> 'closed' and ${h.severity} <> 'major')::int as general_open,
      count(*) filter (where ${h.status} <> 'closed' and ${h.deadline} < ${today}::date)::int as overdue_open,
      count(*) filter (where ${h.status} = 'closed' and ${h.closedAt} >= ${since}::date)::int as past,
      count(*) filter (where ${h.reboundOfHazardId} is not null and ${h.foundOn} >= ${since}::date)::int as rebounds
    from ${h} group by 1, 2) hf`;
  const i = inspectionsTable;
  const lastInspection = sql`(select ${i.objectType} as object_type, ${i.objectId} as object_id,
      max((${i.signedAt} at time zone 'Asia/Shanghai')::date) as last_on
    from ${i} where ${i.status} = 'signed' group by 1, 2) li`;
  const conds: SQL[] = [scope];
  if (regionId) conds.push(inRegionSubtree(sql.raw('o.region_id'), regionId));
  const rows = await rowsOf(
    db,
    sql`select o.object_type, o.object_id, o.object_kind, o.name, o.lng, o.lat, o.stored_lpg_kg, r.path as region_path,
        coalesce(hf.major_open, 0) as major_open, coalesce(hf.general_open, 0) as general_open,
        coalesce(hf.overdue_open, 0) as overdue_open, coalesce(hf.past, 0) as past, coalesce(hf.rebounds, 0) as rebounds,
        li.last_on::text as last_on
      from ${objects}
      join ${regionsTable} r on r.id = o.region_id
      left join ${hazardFacts} using (object_type, object_id)
      left join ${lastInspection} using (object_type, object_id)
      where ${sql.join(conds, sql` and `)}`,
  );
  const signalCounts = await Promise.all(signals.map(async (s) => ({ key: s.key, m: await s.count(db, { since }) })));
  const townships = new Map(
    (await db.select({ path: regionsTable.path, name: regionsTable.name }).from(regionsTable)).map((r) => [
      r.path,
      r.name,
    ]),
  );
  return rows.map((r) => {
    const key = `${r.object_type}:${r.object_id}`;
    const kind = String(r.object_kind);
    const grade = gradeRisk(
      {
        kind,
        storedLpgKg: r.stored_lpg_kg === null ? null : Number(r.stored_lpg_kg),
        majorOpen: Number(r.major_open),
        generalOpen: Number(r.general_open),
        overdueOpen: Number(r.overdue_open),
        pastHazards: Number(r.past),
        rebounds: Number(r.rebounds),
        signals: Object.fromEntries(signalCounts.map((s) => [s.key, s.m.get(key) ?? 0])),
      },
      weights,
    );
    const last = r.last_on ? String(r.last_on) : null;
    const nextDueOn = last ? addDays(last, weights.intervalDays[grade.level]) : today;
    const path = String(r.region_path);
    const township = `${path.split('/').filter(Boolean).slice(0, 2).join('/')}/`;
    return {
      objectType: String(r.object_type),
      objectId: String(r.object_id),
      name: String(r.name ?? ''),
      kind,
      regionName: townships.get(township) ?? townships.get(path) ?? '',
      lng: r.lng === null ? null : Number(r.lng),
      lat: r.lat === null ? null : Number(r.lat),
      level: grade.level,
      score: grade.score,
      reasons: grade.reasons.map((x) => ({
        ...x,
        text: riskReasonText(x, (k) => kindLabels[k]?.zh ?? k).replace(
          /^(\w+) (\d+)$/,
          (_m, k: string, n: string) => `${signals.find((s) => s.key === k)?.label.zh ?? k} ${n}`,
        ),
      })),
      lastInspectedOn: last,
      nextDueOn,
      due: nextDueOn <= today,
    };
  });
}

/** The risk list: ordered by level, then score, then the day the next inspection is due. */
export async function riskList(
  db: Db,
  actor: Actor,
  q: z.infer<typeof RiskQuery>,
  opts: { weights?: RiskWeights; signals?: readonly RiskSignalSource[]; today?: string } = {},
) {
  requirePermission(actor, 'supervision.read');
  const today = opts.today ?? chinaToday();
  const all = await gradeObjects(db, actor, { regionId: q.regionId, today, ...opts });
  const counts = { major: 0, high: 0, medium: 0, low: 0 };
  for (const o of all) counts[o.level]++;
  const horizon = addDays(today, q.withinDays);
  const filtered = all
    .filter((o) => !q.level || o.level === q.level)
    .filter((o) => (q.due === 'true' ? o.nextDueOn <= horizon : q.due === 'false' ? o.nextDueOn > horizon : true))
    .sort(
      (a, b) =>
        levelOrder[a.level] - levelOrder[b.level] ||
        b.score - a.score ||
        a.nextDueOn.localeCompare(b.nextDueOn) ||
        a.objectId.localeCompare(b.objectId),
    );
  const weights = opts.weights ?? defaultRiskWeights;
  return {
    items: filtered.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
    total: filtered.length,
    counts,
    intervalDays: weights.intervalDays,
  };
}

export async function riskMap(
  db: Db,
  actor: Actor,
  opts: { weights?: RiskWeights; signals?: readonly RiskSignalSource[] } = {},
) {
  requirePermission(actor, 'supervision.read');
  const all = await gradeObjects(db, actor, { ...opts });
  return {
    points: all
      .filter((o) => o.lng !== null && o.lat !== null)
      .map((o) => ({
        objectType: o.objectType,
        objectId: o.objectId,
        name: o.name,
        level: o.level,
        score: o.score,
        lng: o.lng!,
        lat: o.lat!,
      })),
  };
}
