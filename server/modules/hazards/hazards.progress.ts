import { type SQL, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hazardStates } from '../../../domain/hazards/hazard-state.ts';
import { inspectionObjectTypes } from '../../../domain/inspections/inspections.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { IsoDate } from '../../platform/schemas.ts';
import { inspectionsTable } from '../inspections/inspections.table.ts';
import { campaignPhasesTable, departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import {
  enterprisesTable,
  facilitiesTable,
  pipelineSegmentsTable,
  vehiclesTable,
  venuesTable,
} from '../registry/registry.table.ts';
import { todayInChina } from '../registry/registry.helpers.ts';
import { type HazardScopeColumns, departmentObjectKinds, hazardReadScope, inRegionPath } from './hazards.access.ts';
import { hazardDepartmentNotFound } from './hazards.errors.ts';
import { createHazardsRepository } from './hazards.repository.ts';
import { hazardsTable } from './hazards.table.ts';

export const progressGroupings = ['region', 'department', 'objectKind', 'phase'] as const;

export const ProgressQuery = z.strictObject({
  groupBy: z.enum(progressGroupings).default('region'),
  regionId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  objectType: z.enum(inspectionObjectTypes).optional(),
  phase: z.enum(['intensive', 'consolidation', 'long_term']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** The day the figures are taken on (default today): later findings and close-outs do not count yet. */
  asOf: IsoDate.optional(),
});
export type ProgressQuery = z.infer<typeof ProgressQuery>;

const Figures = {
  registered: z.number(),
  inspected: z.number(),
  coverageRate: z.number().nullable(),
  coveragePercent: z.number().nullable(),
  found: z.number(),
  closed: z.number(),
  open: z.number(),
  overdue: z.number(),
  majorOpen: z.number(),
  closureRate: z.number().nullable(),
  medianDaysToClose: z.number().nullable(),
  byStatus: z.object(
    Object.fromEntries(hazardStates.map((s) => [s, z.number()])) as Record<(typeof hazardStates)[number], z.ZodNumber>,
  ),
};
export const ProgressResponse = z.object({
  groupBy: z.enum(progressGroupings),
  asOf: z.string(),
  groups: z.array(z.object({ key: z.string(), label: z.string(), ...Figures })),
  total: z.object(Figures),
});

/**
 * Every live register object as one relation with the ledger's column names: the denominator of
 * coverage (全覆盖、底数清, plan 五、工作安排(一)4). A facility counts as its owner's kind, a vehicle
 * in its enterprise's region, as on inspections and hazards.
 */
const registerObjects = sql`(
  select 'enterprise'::text as object_type, e.id as object_id, e.region_id, e.kind::text as object_kind, e.id as owner_enterprise_id
    from ${enterprisesTable} e where e.archived_at is null
  union all
  select 'facility', f.id, f.region_id, fe.kind::text, f.enterprise_id
    from ${facilitiesTable} f join ${enterprisesTable} fe on fe.id = f.enterprise_id where f.archived_at is null
  union all
  select 'venue', v.id, v.region_id, v.category::text, null::uuid
    from ${venuesTable} v where v.archived_at is null
  union all
  select 'pipeline', p.id, p.region_id, 'pipeline', p.owner_enterprise_id
    from ${pipelineSegmentsTable} p where p.archived_at is null
  union all
  select 'vehicle', vh.id, ve.region_id, vh.kind::text, vh.enterprise_id
    from ${vehiclesTable} vh join ${enterprisesTable} ve on ve.id = vh.enterprise_id where vh.archived_at is null
)`;

const alias = (a: string): HazardScopeColumns => ({
  regionId: sql.raw(`${a}.region_id`),
  objectKind: sql.raw(`${a}.object_kind`),
  objectType: sql.raw(`${a}.object_type`),
  objectId: sql.raw(`${a}.object_id`),
  ownerEnterpriseId: sql.raw(`${a}.owner_enterprise_id`),
});

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const rate = (a: number, b: number) => (b === 0 ? null : a / b);
const percentOf = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/**
 * Coverage and progress by region, department, object kind or campaign phase, in SQL: one grouped
 * query for the objects registered, one for the objects inspected, one for the hazards — the
 * definitions of domain/hazards/coverage.ts (`coverage`, `progress`) as of `asOf` (tests compare).
 */
export async function progressSummary(db: Db, actor: Actor, query: ProgressQuery, todayFn = todayInChina) {
  requirePermission(actor, 'hazard.read');
  const asOf = query.asOf ?? todayFn();
  const repo = createHazardsRepository({ db });

  let from = query.from;
  let to = query.to;
  if (query.phase) {
    const range = await repo.phaseRange(query.phase);
    from = from && from > range.from ? from : range.from;
    to = range.to && (!to || range.to < to) ? range.to : to;
  }

  let regionPath: string | null = null;
  if (query.regionId) {
    const [r] = await db
      .select({ path: regionsTable.path })
      .from(regionsTable)
      .where(eq(regionsTable.id, query.regionId));
    regionPath = r?.path ?? '\u0000none';
  }
  let departmentKinds: string[] | null = null;
  if (query.departmentId) {
    const d = await repo.departmentById(query.departmentId);
    if (!d) throw hazardDepartmentNotFound({ field: 'departmentId' });
    departmentKinds = departmentObjectKinds(d.code);
  }

  // The region level to group at: the children of the filter region, or the townships (depth 2).
  const depth = regionPath ? regionPath.split('/').filter(Boolean).length + 1 : 2;
  const regionKey = (a: string) =>
    sql.raw(
      `(select array_to_string((string_to_array(rtrim(rg.path, '/'), '/'))[1:${depth}], '/') || '/' from regions rg where rg.id = ${a}.region_id)`,
    );

  const objectFilters = (a: string): SQL[] => {
    const c: SQL[] = [hazardReadScope(actor, alias(a))];
    if (regionPath) c.push(inRegionPath(sql.raw(`${a}.region_id`), regionPath));
    if (query.objectType) c.push(sql`${sql.raw(`${a}.object_type`)} = ${query.objectType}`);
    if (departmentKinds)
      c.push(
        departmentKinds.length
          ? sql`${sql.raw(`${a}.object_kind`)} in (${sql.join(
              departmentKinds.map((k) => sql`${k}`),
              sql`, `,
            )})`
          : sql`false`,
      );
    return c;
  };
  const and = (c: SQL[]) => sql.join(c, sql` and `);

  // Signed inspections of the period (with or without hazards: 无安全隐患的，也要做好记录).
  const signedDay = sql`((${inspectionsTable.signedAt} at time zone 'Asia/Shanghai')::date)`;
  const inspectionConds: SQL[] = [sql`${inspectionsTable.status} = 'signed'`, sql`${signedDay} <= ${asOf}::date`];
  if (from) inspectionConds.push(sql`${signedDay} >= ${from}::date`);
  if (to) inspectionConds.push(sql`${signedDay} <= ${to}::date`);

  const hazardConds: SQL[] = [hazardReadScope(actor, alias('h')), sql`h.found_on <= ${asOf}::date`];
  if (regionPath) hazardConds.push(inRegionPath(sql.raw('h.region_id'), regionPath));
  if (query.objectType) hazardConds.push(sql`h.object_type = ${query.objectType}`);
  if (query.departmentId) hazardConds.push(sql`h.department_id = ${query.departmentId}`);
  if (from) hazardConds.push(sql`h.found_on >= ${from}::date`);
  if (to) hazardConds.push(sql`h.found_on <= ${to}::date`);

  const closedDay = sql.raw(`((h.closed_at at time zone 'Asia/Shanghai')::date)`);
  const isClosed = sql`(h.closed_at is not null and ${closedDay} <= ${asOf}::date)`;
  const hazardMeasures = sql`
    count(*)::int as found,
    count(*) filter (where ${isClosed})::int as closed,
    count(*) filter (where not ${isClosed} and h.deadline < ${asOf}::date)::int as overdue,
    count(*) filter (where not ${isClosed} and h.severity = 'major')::int as major_open,
    percentile_cont(0.5) within group (order by (${closedDay} - h.found_on)) filter (where ${isClosed}) as median_days,
    count(*) filter (where h.status = 'open')::int as s_open,
    count(*) filter (where h.status = 'rectifying')::int as s_rectifying,
    count(*) filter (where h.status = 'submitted')::int as s_submitted,
    count(*) filter (where h.status = 'closed')::int as s_closed`;

  let registered: SQL;
  let inspected: SQL;
  let hazards: SQL;
  const hz = sql`${hazardsTable} h`;
  const inspectedObjects = sql`(select distinct ${inspectionsTable.objectType} as object_type, ${inspectionsTable.objectId} as object_id from ${inspectionsTable} where ${and(inspectionConds)})`;

  switch (query.groupBy) {
    case 'region':
    case 'objectKind': {
      const key = (a: string) => (query.groupBy === 'region' ? regionKey(a) : sql.raw(`${a}.object_kind`));
      registered = sql`select ${key('o')} as key, count(*)::int as n from ${registerObjects} o where ${and(objectFilters('o'))} group by 1`;
      inspected = sql`select ${key('o')} as key, count(*)::int as n from ${registerObjects} o join ${inspectedObjects} i using (object_type, object_id) where ${and(objectFilters('o'))} group by 1`;
      hazards = sql`select ${key('h')} as key, ${hazardMeasures} from ${hz} where ${and(hazardConds)} group by 1`;
      break;
    }
    case 'department': {
      // An object counts for every department that answers for its kind (departmentResponsibilities).
      const pairs = (await db.select({ id: departmentsTable.id, code: departmentsTable.code }).from(departmentsTable))
        .filter((d) => !query.departmentId || d.id === query.departmentId)
        .flatMap((d) => departmentObjectKinds(d.code).map((k) => sql`(${d.id}::uuid, ${k}::text)`));
      const map = pairs.length ? sql`(values ${sql.join(pairs, sql`, `)}) as dk(department_id, object_kind)` : null;
      registered = map
        ? sql`select dk.department_id::text as key, count(*)::int as n from ${registerObjects} o join ${map} on dk.object_kind = o.object_kind where ${and(objectFilters('o'))} group by 1`
        : sql`select null as key, 0 as n where false`;
      inspected = map
        ? sql`select dk.department_id::text as key, count(*)::int as n from ${registerObjects} o join ${inspectedObjects} i using (object_type, object_id) join ${map} on dk.object_kind = o.object_kind where ${and(objectFilters('o'))} group by 1`
        : sql`select null as key, 0 as n where false`;
      hazards = sql`select coalesce(h.department_id::text, '') as key, ${hazardMeasures} from ${hz} where ${and(hazardConds)} group by 1`;
      break;
    }
    case 'phase': {
      // Objects registered are the same for every phase; inspections and hazards fall in a phase by their day.
      const phases = sql`(select distinct on (code) code, starts_on, coalesce(ends_on, '9999-12-31'::date) as ends_on from ${campaignPhasesTable} order by code, starts_on) ph`;
      const phaseInspected = sql`(select distinct ph.code, ${inspectionsTable.objectType} as object_type, ${inspectionsTable.objectId} as object_id from ${inspectionsTable} join ${phases} on ${signedDay} between ph.starts_on and ph.ends_on where ${and(inspectionConds)})`;
      registered = sql`select ph.code as key, (select count(*)::int from ${registerObjects} o where ${and(objectFilters('o'))}) as n from ${phases}`;
      inspected = sql`select i.code as key, count(*)::int as n from ${registerObjects} o join ${phaseInspected} i using (object_type, object_id) where ${and(objectFilters('o'))} group by 1`;
      hazards = sql`select ph.code as key, ${hazardMeasures} from ${hz} join ${phases} on h.found_on between ph.starts_on and ph.ends_on where ${and(hazardConds)} group by 1`;
      break;
    }
  }

  const [regRows, inspRows, hazRows] = [
    await rowsOf(db, registered),
    await rowsOf(db, inspected),
    await rowsOf(db, hazards),
  ];
  // The totals: the same three measures without grouping (an object under several departments counts once).
  const [totReg] = await rowsOf(
    db,
    sql`select count(*)::int as n from ${registerObjects} o where ${and(objectFilters('o'))}`,
  );
  const [totInsp] = await rowsOf(
    db,
    sql`select count(*)::int as n from ${registerObjects} o join ${inspectedObjects} i using (object_type, object_id) where ${and(objectFilters('o'))}`,
  );
  const [totHaz] = await rowsOf(db, sql`select ${hazardMeasures} from ${hz} where ${and(hazardConds)}`);

  const keys = new Set<string>();
  for (const r of [...regRows, ...inspRows, ...hazRows]) if (r.key !== null) keys.add(String(r.key));
  const by = (rows: Row[]) => new Map(rows.map((r) => [String(r.key), r]));
  const reg = by(regRows);
  const insp = by(inspRows);
  const haz = by(hazRows);

  const labels = await labelsFor(db, query.groupBy, [...keys]);
  const figures = (r: Row | undefined, i: Row | undefined, hzr: Row | undefined) => {
    const registeredN = num(r?.n);
    const inspectedN = num(i?.n);
    const found = num(hzr?.found);
    const closed = num(hzr?.closed);
    const coverageRate = rate(inspectedN, registeredN);
    const median = hzr?.median_days;
    return {
      registered: registeredN,
      inspected: inspectedN,
      coverageRate,
      coveragePercent: percentOf(coverageRate),
      found,
      closed,
      open: found - closed,
      overdue: num(hzr?.overdue),
      majorOpen: num(hzr?.major_open),
      closureRate: rate(closed, found),
      medianDaysToClose: median === null || median === undefined ? null : Number(median),
      byStatus: {
        open: num(hzr?.s_open),
        rectifying: num(hzr?.s_rectifying),
        submitted: num(hzr?.s_submitted),
        closed: num(hzr?.s_closed),
      },
    };
  };
  const groups = [...keys].sort().map((key) => ({
    key,
    label: labels.get(key) ?? (key === '' ? '未指定' : key),
    ...figures(reg.get(key), insp.get(key), haz.get(key)),
  }));
  return { groupBy: query.groupBy, asOf, groups, total: figures(totReg, totInsp, totHaz) };
}

async function labelsFor(db: Db, groupBy: ProgressQuery['groupBy'], keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (keys.length === 0) return out;
  if (groupBy === 'region') {
    const rows = await db.select({ path: regionsTable.path, name: regionsTable.name }).from(regionsTable);
    for (const r of rows) if (keys.includes(r.path)) out.set(r.path, r.name);
  } else if (groupBy === 'department') {
    const rows = await db.select({ id: departmentsTable.id, name: departmentsTable.name }).from(departmentsTable);
    for (const r of rows) if (keys.includes(r.id)) out.set(r.id, r.name);
  } else if (groupBy === 'phase') {
    const rows = await db
      .select({ code: campaignPhasesTable.code, name: campaignPhasesTable.name })
      .from(campaignPhasesTable);
    for (const r of rows) out.set(r.code, r.name);
  }
  return out;
}
