import { type SQL, sql } from 'drizzle-orm';
import { type FillRefusalCode, fillRefusalRules, normaliseCylinderCode } from '../../../domain/cylinders/cylinders.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { escapeLike } from '../../platform/sql.ts';
import {
  enterprisesTable,
  exportColumn,
  facilitiesTable,
  type TabularColumn,
  type TabularKind,
} from '../registry/index.ts';
import { stationScope } from './cylinders.access.ts';
import { fillPeriodInvalid } from './cylinders.errors.ts';
import { FillFiltersQuery, type FillFiltersInput } from './cylinders.schemas.ts';
import { cylinderEventsTable, cylinderFillsTable, cylindersTable } from './cylinders.table.ts';

/**
 * A filling station's fill list (充装记录, issue 11): the fills of `cylinder_fills` and, beside them, the gate's
 * refusals (`fill_refused` events), of the stations in the caller's scope for `cylinder.read` (`stationScope`: the
 * station's enterprise, the departments answering for fillers — market regulation —, townships by region, the
 * office). A filling line's token has no `cylinder.read`: it records, it does not read the list.
 */
export type FillListRow = {
  eventId: string;
  outcome: 'filled' | 'refused';
  cylinderCode: string;
  cylinderId: string | null;
  stationId: string;
  stationName: string;
  enterpriseId: string;
  enterpriseName: string;
  operatorPersonId: string | null;
  operatorName: string | null;
  at: string;
  netWeightKg: number | null;
  nominalKg: number | null;
  toleranceKg: number | null;
  flagged: boolean;
  reasons: string[];
  /** Retracted by a later correcting event (listed, marked, as the cylinder's timeline marks it). */
  retracted: boolean;
};

type RawRow = {
  event_id: string;
  outcome: 'filled' | 'refused';
  code: string;
  cylinder_id: string | null;
  station_id: string;
  station_name: string;
  enterprise_id: string;
  enterprise_name: string;
  operator_person_id: string | null;
  operator_name: string | null;
  at_iso: string;
  at_key: string;
  net_weight_kg: number | string | null;
  nominal_kg: number | string | null;
  tolerance_kg: number | string | null;
  flagged: boolean;
  reasons: string[] | string | null;
  retracted: boolean;
};

const num = (v: number | string | null) => (v === null || v === undefined ? null : Number(v));
/** A text[] comes back as an array from node-postgres and PGlite; a literal `{a,b}` is parsed just in case. */
const textArray = (v: string[] | string | null): string[] =>
  Array.isArray(v)
    ? v
    : v
      ? v
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean)
      : [];

function present(r: RawRow): FillListRow {
  return {
    eventId: r.event_id,
    outcome: r.outcome,
    cylinderCode: r.code,
    cylinderId: r.cylinder_id,
    stationId: r.station_id,
    stationName: r.station_name,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    operatorPersonId: r.operator_person_id,
    operatorName: r.operator_name,
    at: r.at_iso,
    netWeightKg: num(r.net_weight_kg),
    nominalKg: num(r.nominal_kg),
    toleranceKg: num(r.tolerance_kg),
    flagged: Boolean(r.flagged),
    reasons: textArray(r.reasons),
    retracted: Boolean(r.retracted),
  };
}

/** The filters as a condition on each side of the union (fills and refusals keep them in different columns). */
function sideFilters(
  f: FillFiltersInput,
  cols: { at: SQL; code: SQL; operatorId: SQL; operatorName: SQL; flagged: SQL; retracted: SQL },
): SQL[] {
  const s = facilitiesTable;
  const parts: SQL[] = [];
  if (f.stationId) parts.push(sql`${s.id} = ${f.stationId}`);
  if (f.enterpriseId) parts.push(sql`${s.enterpriseId} = ${f.enterpriseId}`);
  if (f.from) parts.push(sql`${cols.at} >= (${f.from}::date)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.to) parts.push(sql`${cols.at} < (${f.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  if (f.operatorPersonId) parts.push(sql`${cols.operatorId} = ${f.operatorPersonId}`);
  if (f.operator) parts.push(sql`${cols.operatorName} ilike ${`%${escapeLike(f.operator)}%`}`);
  if (f.code) parts.push(sql`${cols.code} like ${`${escapeLike(normaliseCylinderCode(f.code))}%`}`);
  if (f.flagged === 'true') parts.push(sql`${cols.flagged}`);
  if (f.flagged === 'false') parts.push(sql`not ${cols.flagged}`);
  if (f.retracted === 'true') parts.push(cols.retracted);
  if (f.retracted === 'false') parts.push(sql`not ${cols.retracted}`);
  return parts;
}

const where = (parts: SQL[]) => sql.join(parts, sql` and `);

/** The union of fills and refusals in scope that pass the filters, as a derived table `x`. */
function fillsUnion(actor: Actor, f: FillFiltersInput): SQL {
  const fl = cylinderFillsTable;
  const ev = cylinderEventsTable;
  const cy = cylindersTable;
  const s = facilitiesTable;
  const e = enterprisesTable;
  const scope = stationScope(actor, 'cylinder.read');
  // Whether a later event corrects this one (index cylinder_events_corrects_idx, on every month's partition).
  const isRetracted = (eventId: SQL) => sql`exists (select 1 from ${ev} as rx where rx.corrects_event_id = ${eventId})`;
  const retracted = (eventId: SQL) => sql`${isRetracted(eventId)} as retracted`;
  // A retracted fill is a mistake the line corrected, not an out-of-tolerance fill: it is listed (已撤回) but never
  // flagged, so flagged=true neither lists nor counts it (and flagged=false lists it among the others).
  const fillFlagged = sql`(${fl.flagged} and not ${isRetracted(sql`${fl.eventId}`)})`;
  const atIso = (col: SQL | typeof fl.filledAt) =>
    sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const fills =
    f.outcome === 'refused'
      ? null
      : sql`select ${fl.eventId} as event_id, 'filled'::text as outcome, ${cy.code} as code, ${fl.cylinderId}::text as cylinder_id,
            ${s.id}::text as station_id, ${s.name} as station_name, ${e.id}::text as enterprise_id, ${e.name} as enterprise_name,
            ${fl.operatorPersonId}::text as operator_person_id, ${fl.operatorName} as operator_name,
            ${fl.filledAt} as at, ${atIso(fl.filledAt)} as at_iso, ${fl.filledAt}::text as at_key,
            ${fl.netWeightKg}::float8 as net_weight_kg, ${fl.nominalKg}::float8 as nominal_kg,
            ${fl.toleranceKg}::float8 as tolerance_kg, ${fillFlagged} as flagged, '{}'::text[] as reasons,
            ${retracted(sql`${fl.eventId}`)}
          from ${fl} join ${cy} on ${cy.id} = ${fl.cylinderId}
            join ${s} on ${s.id} = ${fl.stationId} join ${e} on ${e.id} = ${s.enterpriseId}
          where ${where([
            scope,
            ...sideFilters(f, {
              at: sql`${fl.filledAt}`,
              code: sql`${cy.code}`,
              operatorId: sql`${fl.operatorPersonId}::text`,
              operatorName: sql`${fl.operatorName}`,
              flagged: fillFlagged,
              retracted: isRetracted(sql`${fl.eventId}`),
            }),
          ])}`;
  // A refusal is never flagged (nothing was filled): flagged=true leaves the refusals out.
  const refusals =
    f.outcome === 'filled' || f.flagged === 'true'
      ? null
      : sql`select ${ev.eventId} as event_id, 'refused'::text as outcome, ${ev.code} as code, ${ev.cylinderId}::text as cylinder_id,
            ${s.id}::text as station_id, ${s.name} as station_name, ${e.id}::text as enterprise_id, ${e.name} as enterprise_name,
            ${ev.details}->>'operatorPersonId' as operator_person_id, ${ev.details}->>'operatorName' as operator_name,
            ${ev.occurredAt} as at, ${atIso(sql`${ev.occurredAt}`)} as at_iso, ${ev.occurredAt}::text as at_key,
            case when jsonb_typeof(${ev.details}->'netWeightKg') = 'number' then (${ev.details}->>'netWeightKg')::float8 end as net_weight_kg,
            null::float8 as nominal_kg, null::float8 as tolerance_kg, false as flagged, ${ev.reasons} as reasons,
            ${retracted(sql`${ev.eventId}`)}
          from ${ev} join ${s} on ${s.id} = ${ev.stationId} join ${e} on ${e.id} = ${s.enterpriseId}
          where ${where([
            sql`${ev.type} = 'fill_refused'`,
            scope,
            ...sideFilters(f, {
              at: sql`${ev.occurredAt}`,
              code: sql`${ev.code}`,
              operatorId: sql`${ev.details}->>'operatorPersonId'`,
              operatorName: sql`coalesce(${ev.details}->>'operatorName', '')`,
              flagged: sql`false`,
              retracted: isRetracted(sql`${ev.eventId}`),
            }),
          ])}`;
  const sides = [fills, refusals].filter((x): x is SQL => x !== null);
  return sql`(${sql.join(sides, sql` union all `)}) as x`;
}

function checkedFilters(f: FillFiltersInput) {
  if (f.from && f.to && f.from > f.to) throw fillPeriodInvalid({ field: 'from' });
}

export function createFillListService({ db }: { db: Db }) {
  const rowsOf = async (q: SQL) => ((await db.execute(q)) as unknown as { rows: RawRow[] }).rows;
  return {
    /** One page of the list, newest first unless `order=asc`, with the total. */
    async list({
      actor,
      page,
      pageSize,
      ...filters
    }: { actor: Actor; page: number; pageSize: number } & FillFiltersInput) {
      requirePermission(actor, 'cylinder.read');
      checkedFilters(filters);
      const dir = filters.order === 'asc' ? sql`asc` : sql`desc`;
      const union = fillsUnion(actor, filters);
      const [rows, totals] = await Promise.all([
        rowsOf(sql`select * from ${union} order by x.at ${dir}, x.event_id ${dir}
          limit ${pageSize} offset ${(page - 1) * pageSize}`),
        rowsOf(sql`select count(*)::int as n from ${union}`),
      ]);
      const total = Number((totals[0] as unknown as { n: number } | undefined)?.n ?? 0);
      return { items: rows.map(present), total, page, pageSize };
    },

    /** Every row of the filtered list in the list's order, in keyset batches of 500. */
    async *exportRows({ actor, filters }: { actor: Actor; filters: FillFiltersInput }) {
      requirePermission(actor, 'cylinder.read');
      checkedFilters(filters);
      const asc = filters.order === 'asc';
      const dir = asc ? sql`asc` : sql`desc`;
      let after: { at: string; id: string } | null = null;
      for (;;) {
        const cursor: SQL = after
          ? asc
            ? sql`where (x.at, x.event_id) > (${after.at}::timestamptz, ${after.id})`
            : sql`where (x.at, x.event_id) < (${after.at}::timestamptz, ${after.id})`
          : sql``;
        const rows = await rowsOf(
          sql`select * from ${fillsUnion(actor, filters)} ${cursor} order by x.at ${dir}, x.event_id ${dir} limit 500`,
        );
        for (const r of rows) yield present(r);
        if (rows.length < 500) return;
        const last = rows[rows.length - 1]!;
        after = { at: last.at_key, id: last.event_id };
      }
    },
  };
}

const col = exportColumn;

export const fillColumns: TabularColumn[] = [
  col('at', '充装时间', 'Time (China)', 20),
  col('outcome', '结果', 'Outcome', 8),
  col('code', '气瓶编码', 'Cylinder code', 18),
  col('station', '充装站', 'Station', 24),
  col('enterprise', '充装单位', 'Filling enterprise', 26),
  col('operator', '充装人员', 'Operator', 12),
  col('netWeightKg', '充装净重（kg）', 'Net weight (kg)', 12),
  col('nominalKg', '公称充装量（kg）', 'Nominal (kg)', 12),
  col('toleranceKg', '允许偏差（kg）', 'Tolerance (kg)', 12),
  col('flagged', '超出偏差', 'Out of tolerance', 10),
  col('reasons', '拒绝原因', 'Refusal reasons', 40),
  col('retracted', '已撤回', 'Retracted', 8),
  col('eventId', '记录编号', 'Record id', 38),
];

/** A moment as China's wall-clock time, `YYYY-MM-DD HH:mm:ss` (the county reads its own time in the sheet). */
export function chinaDateTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The fill list as the register's tabular export (.xlsx, Chinese headers, the list's filters and scope). */
export function fillsExport(
  fills: ReturnType<typeof createFillListService>,
): Pick<TabularKind<never>, 'title' | 'columns' | 'exportRows'> {
  return {
    title: '充装记录',
    columns: fillColumns,
    async *exportRows(query, { actor }) {
      for await (const r of fills.exportRows({ actor, filters: FillFiltersQuery.parse(query) }))
        yield {
          at: chinaDateTime(r.at),
          outcome: r.outcome === 'filled' ? '充装' : '拒绝充装',
          code: r.cylinderCode,
          station: r.stationName,
          enterprise: r.enterpriseName,
          operator: r.operatorName,
          netWeightKg: r.netWeightKg,
          nominalKg: r.nominalKg,
          toleranceKg: r.toleranceKg,
          flagged: r.outcome === 'filled' ? r.flagged : null,
          reasons: r.reasons.map((x) => fillRefusalRules[x as FillRefusalCode]?.zh ?? x).join('；'),
          retracted: r.retracted,
          eventId: r.eventId,
        };
    },
  };
}
