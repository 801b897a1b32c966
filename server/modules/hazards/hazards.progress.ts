import { type SQL, asc, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays } from '../../../domain/hazards/dates.ts';
import { hazardStates } from '../../../domain/hazards/hazard-state.ts';
import { inspectionObjectTypes } from '../../../domain/inspections/inspections.ts';
import { enterpriseKindLabels, vehicleKindLabels, venueCategoryLabels } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { IsoDate } from '../../platform/schemas.ts';
import { inspectionsTable } from '../inspections/index.ts';
import { campaignPhasesTable, departmentsTable, regionsTable } from '../organisation/index.ts';
import {
  enterprisesTable,
  facilitiesTable,
  pipelineSegmentsTable,
  vehiclesTable,
  venuesTable,
} from '../registry/index.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';
import { type HazardScopeColumns, departmentObjectKinds, hazardReadScope, inRegionPath } from './hazards.access.ts';
import { hazardDepartmentNotFound } from './hazards.errors.ts';
import { createHazardsRepository } from './hazards.repository.ts';
import { hazardStateAt } from './hazards.as-of.ts';
import { escalationLevelAt, majorListedSql } from './hazards.listing.ts';
import { hazardsTable } from './hazards.table.ts';
import { talliesAnswerScope, talliesPass } from './hazards.tallies.ts';

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
  /** Of the open major hazards, those not listed for supervision (挂牌督办, hazards.listing.ts) at the end of `asOf`. */
  majorUnlisted: z.number(),
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

/** A hazard under an alias: the object's columns and who answers for it and found it (the department's reading rule). */
const hazardAlias = (a: string): HazardScopeColumns => ({
  ...alias(a),
  departmentId: sql.raw(`${a}.department_id`),
  sourceInspectionId: sql.raw(`${a}.source_inspection_id`),
  createdBy: sql.raw(`${a}.created_by`),
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
export async function progressSummary(
  db: Db,
  actor: Actor,
  query: ProgressQuery,
  todayFn = todayInChina,
  options: ProgressOptions = {},
) {
  const [one] = await progressSummaries(db, actor, query, [query.groupBy], todayFn, options);
  return one!;
}

/**
 * The same figures for several groupings at once (a bulletin: by township and by department) from ONE pass over the
 * hazards: the pass groups by every grouping's key column together, and each grouping folds the rows by its own.
 * Each result equals `progressSummary` with that `groupBy` (the registered and inspected objects, over the small
 * register tables, are still counted per grouping).
 */
export async function progressSummaries(
  db: Db,
  actor: Actor,
  query: ProgressQuery,
  groupings: readonly ProgressQuery['groupBy'][],
  todayFn = todayInChina,
  options: ProgressOptions = {},
) {
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

  const hazardConds: SQL[] = [hazardReadScope(actor, hazardAlias('h')), sql`h.found_on <= ${asOf}::date`];
  if (regionPath) hazardConds.push(inRegionPath(sql.raw('h.region_id'), regionPath));
  if (query.objectType) hazardConds.push(sql`h.object_type = ${query.objectType}`);
  if (query.departmentId) hazardConds.push(sql`h.department_id = ${query.departmentId}`);
  if (from) hazardConds.push(sql`h.found_on >= ${from}::date`);
  if (to) hazardConds.push(sql`h.found_on <= ${to}::date`);

  // Closed by the end of `asOf` in China: compared as an instant, so the day is computed only for those.
  const endOfAsOf = `${addDays(asOf, 1)}T00:00:00+08:00`;
  const daysToClose = sql`case when h.closed_at < ${endOfAsOf}::timestamptz then ((h.closed_at at time zone 'Asia/Shanghai')::date - h.found_on) end`;
  const hazardMeasures = sql`
    count(*)::int as found,
    count(days)::int as closed,
    count(*) filter (where days is null and deadline < ${asOf}::date)::int as overdue,
    count(*) filter (where days is null and severity = 'major')::int as major_open,
    count(*) filter (where days is null and severity = 'major' and not ${majorListedSql({ severity: sql.raw('severity'), escalationLevel: sql.raw('escalation_level') })})::int as major_unlisted,
    count(*) filter (where days is null and escalation_level >= 2)::int as escalated_office,
    count(*) filter (where status = 'open')::int as s_open,
    count(*) filter (where status = 'rectifying')::int as s_rectifying,
    count(*) filter (where status = 'submitted')::int as s_submitted,
    count(*) filter (where status = 'closed')::int as s_closed`;

  const hz = sql`${hazardsTable} h`;
  const inspectedObjects = sql`(select distinct ${inspectionsTable.objectType} as object_type, ${inspectionsTable.objectId} as object_id from ${inspectionsTable} where ${and(inspectionConds)})`;

  // Each hazard falls in one group (or none, for a phase), so one grouped query with a grand-total
  // grouping set gives the groups and the total; objects may count under several departments, so
  // their totals are separate queries (over the small register tables).
  const phases = sql`(select distinct on (code) code, starts_on, coalesce(ends_on, '9999-12-31'::date) as ends_on from ${campaignPhasesTable} order by code, starts_on) ph`;
  const hazKeyOf = (g: ProgressQuery['groupBy']) =>
    g === 'region'
      ? sql.raw('h.region_id')
      : g === 'objectKind'
        ? sql.raw('h.object_kind')
        : g === 'department'
          ? sql.raw('h.department_id')
          : sql.raw(`coalesce(ph.code, '')`);
  const hazFrom = groupings.includes('phase')
    ? sql`${hz} left join ${phases} on h.found_on between ph.starts_on and ph.ends_on`
    : hz;
  const objectTotal = sql`select count(*)::int as n from ${registerObjects} o where ${and(objectFilters('o'))}`;
  const inspectedTotal = sql`select count(*)::int as n from ${registerObjects} o join ${inspectedObjects} i using (object_type, object_id) where ${and(objectFilters('o'))}`;
  /** The registered and inspected objects' queries of one grouping. */
  const objectQueries = async (groupBy: ProgressQuery['groupBy']): Promise<{ registered: SQL; inspected: SQL }> => {
    let registered!: SQL;
    let inspected!: SQL;
    switch (groupBy) {
      case 'region':
      case 'objectKind': {
        // By region: grouped by the row's own region id, folded up to the reporting level below.
        const col = groupBy === 'region' ? 'region_id' : 'object_kind';
        const key = (a: string) => sql.raw(`${a}.${col}`);
        registered = sql`select ${key('o')} as key, count(*)::int as n from ${registerObjects} o where ${and(objectFilters('o'))} group by 1`;
        inspected = sql`select ${key('o')} as key, count(*)::int as n from ${registerObjects} o join ${inspectedObjects} i using (object_type, object_id) where ${and(objectFilters('o'))} group by 1`;
        break;
      }
      case 'department': {
        // An object counts for every member department that answers for its kind (departmentResponsibilities).
        // The leading group and the office answer for everything but are not departments of the figures.
        const pairs = (
          await db
            .select({ id: departmentsTable.id, code: departmentsTable.code })
            .from(departmentsTable)
            .where(eq(departmentsTable.kind, 'department'))
        )
          .filter((d) => !query.departmentId || d.id === query.departmentId)
          .flatMap((d) => departmentObjectKinds(d.code).map((k) => sql`(${d.id}::uuid, ${k}::text)`));
        const map = pairs.length ? sql`(values ${sql.join(pairs, sql`, `)}) as dk(department_id, object_kind)` : null;
        registered = map
          ? sql`select dk.department_id::text as key, count(*)::int as n from ${registerObjects} o join ${map} on dk.object_kind = o.object_kind where ${and(objectFilters('o'))} group by 1`
          : sql`select null as key, 0 as n where false`;
        inspected = map
          ? sql`select dk.department_id::text as key, count(*)::int as n from ${registerObjects} o join ${inspectedObjects} i using (object_type, object_id) join ${map} on dk.object_kind = o.object_kind where ${and(objectFilters('o'))} group by 1`
          : sql`select null as key, 0 as n where false`;
        break;
      }
      case 'phase': {
        // Objects registered are the same for every phase; inspections and hazards fall in a phase by their day.
        const phaseInspected = sql`(select distinct ph.code, ${inspectionsTable.objectType} as object_type, ${inspectionsTable.objectId} as object_id from ${inspectionsTable} join ${phases} on ${signedDay} between ph.starts_on and ph.ends_on where ${and(inspectionConds)})`;
        registered = sql`select ph.code as key, (${objectTotal}) as n from ${phases}`;
        inspected = sql`select i.code as key, count(*)::int as n from ${registerObjects} o join ${phaseInspected} i using (object_type, object_id) where ${and(objectFilters('o'))} group by 1`;
        break;
      }
    }
    return { registered, inspected };
  };
  // One pass, grouped by the key and the days to close (null while open): the counts add up per
  // group and in total, and the median of days to close comes from that histogram, exactly. A hash
  // aggregate of counts runs in parallel; an ordered-set aggregate (percentile_cont) would not.
  // With `weeks`, the same pass also groups by the week found and the week closed (Mondays, China calendar,
  // from `weeks.from`; null before): the dashboard's trend comes from it instead of two more scans.
  const monday = (d: SQL) => sql`(${d} - (extract(isodow from ${d})::int - 1))::text`;
  const closedDay = sql`((h.closed_at at time zone 'Asia/Shanghai')::date)`;
  const weekCols = options.weeks
    ? sql`, case when h.found_on >= ${options.weeks.from}::date then ${monday(sql`h.found_on`)} end as found_week,
        case when h.closed_at >= ${`${options.weeks.from}T00:00:00+08:00`}::timestamptz and h.closed_at < ${endOfAsOf}::timestamptz then ${monday(closedDay)} end as closed_week`
    : sql``;
  // 挂牌督办 and the office's level as they stood at the end of `asOf` (hazards.listing.ts).
  const levelAt = escalationLevelAt('h', endOfAsOf);
  // The state (byStatus) and the deadline (overdue) as they stood then too (hazards.as-of.ts), not today's.
  const stateAt = hazardStateAt('h', endOfAsOf);
  // One key column per grouping (k0, k1, …): several groupings share the one pass.
  const keyCols = sql.join(
    groupings.map((g, i) => sql`${hazKeyOf(g)} as ${sql.raw(`k${i}`)}`),
    sql`, `,
  );
  const keyNames = sql.raw(groupings.map((_, i) => `k${i}`).join(', '));
  const hazards = sql`select ${keyNames}, days${options.weeks ? sql`, found_week, closed_week` : sql``}, ${hazardMeasures}
    from (select ${keyCols}, ${daysToClose} as days, ${stateAt.deadline} as deadline, h.severity, ${stateAt.status} as status,
        ${levelAt.level} as escalation_level${weekCols}
      from ${hazFrom}${levelAt.join}${stateAt.join} where ${and(hazardConds)}) x
    group by ${keyNames}, days${options.weeks ? sql`, found_week, closed_week` : sql``}`;

  // The planner cannot know how many (key, days) groups there are and would sort a million rows to
  // disk; with room for a hash table it aggregates in parallel in one pass (a few thousand groups at most).
  // As of today (or later), by region, with no other filter, in a scope of regions: the tallies the triggers keep
  // (hazards.tallies.ts) give the same rows from a few thousand tally rows instead of every hazard.
  const useTallies =
    !options.pass &&
    asOf >= todayFn() &&
    !from &&
    !to &&
    !query.phase &&
    !query.objectType &&
    !query.departmentId &&
    groupings.every((g) => g === 'region') &&
    talliesAnswerScope(actor);
  const passRows = useTallies
    ? (await rowsOf(db, talliesPass(actor, asOf, regionPath, options.weeks?.from))).map(
        (r): Row => ({ ...r, ...Object.fromEntries(groupings.map((_, i) => [`k${i}`, r.k0])) }),
      )
    : await db.transaction(async (tx) => {
        await tx.execute(sql`set local work_mem = '64MB'`);
        // A second-long aggregate gains nothing from JIT compilation, which costs tens of milliseconds per call.
        await tx.execute(sql`set local jit = off`);
        return rowsOf(tx, hazards);
      });
  const [totReg] = await rowsOf(db, objectTotal);
  const [totInsp] = await rowsOf(db, inspectedTotal);
  const totHaz = foldHazards(passRows);
  const weekly = options.weeks ? weeklyCounts(passRows) : undefined;
  let regionPaths: Map<string, string> | undefined;
  const results = [];
  for (const [gi, groupBy] of groupings.entries()) {
    const { registered, inspected } = await objectQueries(groupBy);
    let regRows = await rowsOf(db, registered);
    let inspRows = await rowsOf(db, inspected);
    let histogram = passRows.map((r) => ({ ...r, key: r[`k${gi}`] === null ? '' : String(r[`k${gi}`]) }));
    if (groupBy === 'region') {
      // Each region id to its ancestor at the reporting level: the filter region's children, or the townships (depth 2).
      const depth = regionPath ? regionPath.split('/').filter(Boolean).length + 1 : 2;
      regionPaths ??= new Map(
        (await db.select({ id: regionsTable.id, path: regionsTable.path }).from(regionsTable)).map((r) => [
          r.id,
          r.path,
        ]),
      );
      const paths = regionPaths;
      const level = (id: unknown) => {
        const parts = (paths.get(String(id)) ?? '').split('/').filter(Boolean);
        return `${parts.slice(0, depth).join('/')}/`;
      };
      const sumBy = (rows: Row[]) => {
        const m = new Map<string, number>();
        for (const r of rows) m.set(level(r.key), (m.get(level(r.key)) ?? 0) + num(r.n));
        return [...m].map(([key, n]) => ({ key, n }));
      };
      regRows = sumBy(regRows);
      inspRows = sumBy(inspRows);
      histogram = histogram.map((r) => ({ ...r, key: level(r.key) }));
    }
    // Hazards found outside every phase, and those the leading group or the office answers for, count in the total only.
    const notDepartments =
      groupBy === 'department'
        ? new Set(
            (
              await db
                .select({ id: departmentsTable.id })
                .from(departmentsTable)
                .where(ne(departmentsTable.kind, 'department'))
            ).map((d) => d.id),
          )
        : new Set<string>();
    const hazRows = [...new Set(histogram.map((r) => String(r.key)))]
      .filter((key) => !(groupBy === 'phase' && key === '') && !notDepartments.has(key))
      .map((key) => ({ key, ...foldHazards(histogram.filter((r) => String(r.key) === key)) }));

    const keys = new Set<string>();
    for (const r of [...regRows, ...inspRows, ...hazRows]) if (r.key !== null) keys.add(String(r.key));
    const by = (rows: Row[]) => new Map(rows.map((r) => [String(r.key), r]));
    const reg = by(regRows);
    const insp = by(inspRows);
    const haz = by(hazRows);

    const { labels, order } = await labelsFor(db, groupBy, [...keys]);
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
        majorUnlisted: num(hzr?.major_unlisted),
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
    // Phases in the plan's order (by start date), departments in the plan's order, the rest by key; unknown keys last.
    const rank = (k: string) => order.get(k) ?? Number.MAX_SAFE_INTEGER;
    const groups = [...keys]
      .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
      .map((key) => ({
        key,
        label: labels.get(key) ?? (key === '' ? '未指定' : key),
        ...figures(reg.get(key), insp.get(key), haz.get(key)),
      }));
    const total = figures(totReg, totInsp, totHaz);
    results.push({
      groupBy,
      asOf,
      groups,
      total,
      /** Only with `options.weeks` (the dashboard): found and closed per week, and open hazards at the office (level 2). */
      ...(weekly ? { weekly: { ...weekly, escalatedOffice: num(totHaz.escalated_office) } } : {}),
    });
  }
  return results;
}

/**
 * Options of the same pass for the command dashboard (not part of GET /progress); `pass`: read the hazards even where
 * the tallies could answer (the benchmark's and tests' comparison).
 */
export type ProgressOptions = { weeks?: { from: string }; pass?: boolean };

/** Found and closed per week (Monday → count) from the histogram's week columns. */
function weeklyCounts(rows: Row[]): { found: Map<string, number>; closed: Map<string, number> } {
  const found = new Map<string, number>();
  const closed = new Map<string, number>();
  for (const r of rows) {
    if (r.found_week !== null && r.found_week !== undefined)
      found.set(String(r.found_week), (found.get(String(r.found_week)) ?? 0) + num(r.found));
    if (r.closed_week !== null && r.closed_week !== undefined)
      closed.set(String(r.closed_week), (closed.get(String(r.closed_week)) ?? 0) + num(r.closed));
  }
  return { found, closed };
}

const measureKeys = [
  'found',
  'closed',
  'overdue',
  'major_open',
  'major_unlisted',
  'escalated_office',
  's_open',
  's_rectifying',
  's_submitted',
  's_closed',
];

/** Adds up histogram rows (key, days, counts…) into one group's counts and the median of days to close. */
function foldHazards(rows: Row[]): Row {
  const out: Row = Object.fromEntries(measureKeys.map((k) => [k, rows.reduce((s, r) => s + num(r[k]), 0)]));
  const days = rows
    .filter((r) => r.days !== null && r.days !== undefined)
    // From the tallies, `days_n` counts the closed hazards of each days-to-close (their `closed` are by day closed).
    .map((r) => ({ d: Number(r.days), n: num(r.days_n !== undefined ? r.days_n : r.closed) }))
    .sort((a, b) => a.d - b.d);
  const total = days.reduce((s, x) => s + x.n, 0);
  // The value at a 0-based rank in the sorted multiset the histogram describes.
  const at = (rank: number) => {
    let seen = 0;
    for (const x of days) {
      seen += x.n;
      if (rank < seen) return x.d;
    }
    return Number.NaN;
  };
  out.median_days =
    total === 0 ? null : total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
  return out;
}

async function labelsFor(
  db: Db,
  groupBy: ProgressQuery['groupBy'],
  keys: string[],
): Promise<{ labels: Map<string, string>; order: Map<string, number> }> {
  const out = new Map<string, string>();
  const order = new Map<string, number>();
  if (keys.length === 0) return { labels: out, order };
  if (groupBy === 'region') {
    const rows = await db.select({ path: regionsTable.path, name: regionsTable.name }).from(regionsTable);
    for (const r of rows) if (keys.includes(r.path)) out.set(r.path, r.name);
  } else if (groupBy === 'department') {
    const rows = await db
      .select({ id: departmentsTable.id, name: departmentsTable.name })
      .from(departmentsTable)
      .orderBy(asc(departmentsTable.sort), asc(departmentsTable.name));
    rows.forEach((r, i) => {
      if (keys.includes(r.id)) out.set(r.id, r.name);
      order.set(r.id, i);
    });
  } else if (groupBy === 'objectKind') {
    const kinds: Record<string, { zh: string }> = {
      ...enterpriseKindLabels,
      ...venueCategoryLabels,
      ...vehicleKindLabels,
      pipeline: { zh: '燃气管道' },
    };
    for (const k of keys) if (kinds[k]) out.set(k, kinds[k].zh);
  } else if (groupBy === 'phase') {
    const rows = await db
      .select({ code: campaignPhasesTable.code, name: campaignPhasesTable.name })
      .from(campaignPhasesTable)
      .orderBy(asc(campaignPhasesTable.startsOn), asc(campaignPhasesTable.sort));
    rows.forEach((r, i) => {
      out.set(r.code, r.name);
      if (!order.has(r.code)) order.set(r.code, i);
    });
  }
  return { labels: out, order };
}
