import { type SQL, sql } from 'drizzle-orm';
import type ExcelJS from 'exceljs';
import { z } from 'zod';
import { previousMonth, selfInspectionWindow } from '../../../domain/inspections/cadence.ts';
import { chinaToday } from '../../../domain/dates.ts';
import type { HazardLimits } from '../../../domain/hazards/limits.ts';
import { venueCategories, venueCategoryLabels } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { regionsTable } from '../organisation/index.ts';
import { enterprisesTable, registryFilter, venuesTable } from '../registry/index.ts';
import { inspectionsTable } from './inspections.table.ts';
import { loadExcelJS } from '../../platform/lazy-libs.ts';

const i = inspectionsTable;
const v = venuesTable;
/** The China calendar day of an inspection (the visit, else the signature). */
const inspectionDay = sql`((coalesce(${i.visitedAt}, ${i.signedAt}) at time zone 'Asia/Shanghai')::date)`;
const venueScope = (actor: Actor): SQL =>
  registryFilter(actor, 'registry.read', 'venue', {
    regionId: v.regionId,
    enterpriseId: v.supplierEnterpriseId,
    venueId: v.id,
    venueCategory: v.category,
  });

const Page = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export const MonthlySelfQuery = z.strictObject({
  /** The month checked, 'YYYY-MM'; the month before today's by default. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  ...Page,
});
const CadenceVenue = {
  venueId: z.string(),
  name: z.string(),
  category: z.enum(venueCategories),
  regionName: z.string().nullable(),
  /** The last such inspection signed, China day; null if never. */
  lastOn: z.string().nullable(),
};
export const MonthlySelfResponse = z.object({
  month: z.string(),
  /** The window searched: the `intervalMonths` calendar months ending with `month` (China days). */
  from: z.string(),
  to: z.string(),
  intervalMonths: z.number().int(),
  items: z.array(z.object(CadenceVenue)),
  total: z.number(),
});

export const UserInspectionsQuery = z.strictObject({
  /** The operator whose users are listed (their supplier); every supplier in scope when absent. */
  supplierEnterpriseId: z.uuid().optional(),
  /** Only users overdue (default) or every user with when the next inspection is due. */
  overdue: z
    .enum(['true', 'false'])
    .default('true')
    .transform((x) => x === 'true'),
  ...Page,
});
export const UserInspectionsResponse = z.object({
  today: z.string(),
  items: z.array(
    z.object({
      ...CadenceVenue,
      supplierEnterpriseId: z.string().nullable(),
      supplierName: z.string().nullable(),
      intervalMonths: z.number(),
      /** The day the next inspection is due; null when never inspected (due at once). */
      dueOn: z.string().nullable(),
      overdue: z.boolean(),
    }),
  ),
  total: z.number(),
});

type Row = {
  id: string;
  name: string;
  category: (typeof venueCategories)[number];
  region_name: string | null;
  last_on: string | null;
  supplier_enterprise_id?: string | null;
  supplier_name?: string | null;
  interval_months?: number;
  due_on?: string | null;
  overdue?: boolean;
  total: number;
};

/**
 * 月度自查 cadence (plan 五(一)2): venues in the actor's scope, owing a monthly self-inspection (every category but
 * households), with none signed within the window ending with the month: the limit `selfInspectionIntervalMonths`
 * calendar months (1 by default: the month itself).
 */
export async function missedMonthlySelf(
  db: Db,
  actor: Actor,
  query: z.infer<typeof MonthlySelfQuery>,
  limits: Pick<HazardLimits, 'selfInspectionIntervalMonths'>,
  today = chinaToday(),
) {
  requirePermission(actor, 'inspection.read');
  const month = query.month ?? previousMonth(today);
  const { from, to } = selfInspectionWindow(month, limits.selfInspectionIntervalMonths);
  const ofVenue = sql`${i.objectType} = 'venue' and ${i.objectId} = ${v.id} and ${i.kind} = 'monthly_self' and ${i.status} = 'signed'`;
  const result = (await db.execute(sql`
    select ${v.id} as id, ${v.name} as name, ${v.category} as category, ${regionsTable.name} as region_name,
      (select max(${inspectionDay})::text from ${i} where ${ofVenue}) as last_on,
      count(*) over ()::int as total
    from ${v} left join ${regionsTable} on ${regionsTable.id} = ${v.regionId}
    where ${v.archivedAt} is null and ${v.category} <> 'household' and (${venueScope(actor)})
      and not exists (select 1 from ${i} where ${ofVenue} and ${inspectionDay} between ${from}::date and ${to}::date)
    order by ${v.name}, ${v.id}
    limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`)) as unknown as { rows: Row[] };
  return {
    month,
    from,
    to,
    intervalMonths: limits.selfInspectionIntervalMonths,
    total: result.rows[0]?.total ?? 0,
    items: result.rows.map((r) => ({
      venueId: r.id,
      name: r.name,
      category: r.category,
      regionName: r.region_name,
      lastOn: r.last_on,
    })),
  };
}

/**
 * 入户安检 cadence (城镇燃气管理条例 art. 17; CJJ 51-2016 3.5.1): an operator's users in the actor's scope with their
 * last household inspection signed, the interval by kind of user (`userInspectionMonths*` limits) and when the next
 * is due; by default only those overdue (never inspected counts as overdue).
 */
export async function userInspectionsDue(
  db: Db,
  actor: Actor,
  query: z.infer<typeof UserInspectionsQuery>,
  limits: HazardLimits,
  today = chinaToday(),
) {
  requirePermission(actor, 'inspection.read');
  const ofVenue = sql`${i.objectType} = 'venue' and ${i.objectId} = ${v.id} and ${i.kind} = 'household' and ${i.status} = 'signed'`;
  const interval = sql`(case when ${v.category} = 'household' then ${limits.userInspectionMonthsResidential}::int else ${limits.userInspectionMonthsNonResidential}::int end)`;
  const result = (await db.execute(sql`
    with u as (
      select ${v.id} as id, ${v.name} as name, ${v.category} as category, ${regionsTable.name} as region_name,
        ${v.supplierEnterpriseId} as supplier_enterprise_id,
        (select ${enterprisesTable.name} from ${enterprisesTable} where ${enterprisesTable.id} = ${v.supplierEnterpriseId}) as supplier_name,
        (select max(${inspectionDay}) from ${i} where ${ofVenue}) as last_day,
        ${interval} as interval_months
      from ${v} left join ${regionsTable} on ${regionsTable.id} = ${v.regionId}
      where ${v.archivedAt} is null and ${v.supplierEnterpriseId} is not null and (${venueScope(actor)})
        ${query.supplierEnterpriseId ? sql`and ${v.supplierEnterpriseId} = ${query.supplierEnterpriseId}` : sql``}
    ), d as (
      select *, (last_day + make_interval(months => interval_months))::date as due_day from u
    )
    select id, name, category, region_name, supplier_enterprise_id, supplier_name, interval_months,
      last_day::text as last_on, due_day::text as due_on,
      (last_day is null or due_day < ${today}::date) as overdue,
      count(*) over ()::int as total
    from d
    ${query.overdue ? sql`where last_day is null or due_day < ${today}::date` : sql``}
    order by due_day nulls first, name, id
    limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`)) as unknown as { rows: Row[] };
  return {
    today,
    total: result.rows[0]?.total ?? 0,
    items: result.rows.map((r) => ({
      venueId: r.id,
      name: r.name,
      category: r.category,
      regionName: r.region_name,
      lastOn: r.last_on,
      supplierEnterpriseId: r.supplier_enterprise_id ?? null,
      supplierName: r.supplier_name ?? null,
      intervalMonths: r.interval_months ?? 0,
      dueOn: r.due_on ?? null,
      overdue: r.overdue === true,
    })),
  };
}

const EXPORT_PAGE = 200;
/** At most this many rows in an export (a county's users fit many times over). */
export const CADENCE_EXPORT_MAX_ROWS = 20_000;

async function allPages<T>(load: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; rows.length < CADENCE_EXPORT_MAX_ROWS; page++) {
    const { items, total } = await load(page);
    rows.push(...items);
    if (items.length < EXPORT_PAGE || rows.length >= total) break;
  }
  return rows;
}

async function sheet(title: string, headers: string[], rows: (string | number | null)[][]) {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = '燃安';
  const ws = wb.addWorksheet(title);
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  headers.forEach((h, n) => {
    ws.getColumn(n + 1).width = Math.max(10, h.length * 2 + 4);
  });
  ws.getColumn(2).width = 36;
  return wb;
}

/** 月度自查 missed in a month, every row in the actor's scope, as .xlsx (the list's columns, in Chinese). */
export async function missedMonthlySelfXlsx(
  db: Db,
  actor: Actor,
  query: Omit<z.infer<typeof MonthlySelfQuery>, 'page' | 'pageSize'>,
  limits: Pick<HazardLimits, 'selfInspectionIntervalMonths'>,
  today = chinaToday(),
) {
  let month = query.month ?? previousMonth(today);
  const rows = await allPages(async (page) => {
    const r = await missedMonthlySelf(db, actor, { ...query, page, pageSize: EXPORT_PAGE }, limits, today);
    month = r.month;
    return r;
  });
  const wb = await sheet(
    `${month}未月度自查`,
    ['序号', '场所名称', '类别', '所属苏木镇', '最近一次月度自查'],
    rows.map((r, n) => [n + 1, r.name, venueCategoryLabels[r.category].zh, r.regionName, r.lastOn ?? '从未自查']),
  );
  return { month, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** 入户安检 cadence, every row in the actor's scope for the filters, as .xlsx. */
export async function userInspectionsDueXlsx(
  db: Db,
  actor: Actor,
  query: Omit<z.infer<typeof UserInspectionsQuery>, 'page' | 'pageSize'>,
  limits: HazardLimits,
  today = chinaToday(),
) {
  const rows = await allPages((page) =>
    userInspectionsDue(db, actor, { ...query, page, pageSize: EXPORT_PAGE }, limits, today),
  );
  const wb = await sheet(
    query.overdue ? '逾期未入户安检用户' : '用户入户安检周期',
    [
      '序号',
      '用户名称',
      '类别',
      '所属苏木镇',
      '供气企业',
      '检查周期（月）',
      '最近一次入户安检',
      '应检日期',
      '是否逾期',
    ],
    rows.map((r, n) => [
      n + 1,
      r.name,
      venueCategoryLabels[r.category].zh,
      r.regionName,
      r.supplierName,
      r.intervalMonths,
      r.lastOn ?? '从未检查',
      r.dueOn ?? '应立即检查',
      r.overdue ? '逾期' : '未逾期',
    ]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * How many users an operator supplies and how many are overdue for their household inspection (never inspected,
 * or past the interval of their kind), for the checklist's periodic-inspection item (CJJ 51-2016 3.5.1).
 */
export async function usersOverdueOf(db: Db, supplierEnterpriseId: string, limits: HazardLimits, today = chinaToday()) {
  const ofVenue = sql`${i.objectType} = 'venue' and ${i.objectId} = ${v.id} and ${i.kind} = 'household' and ${i.status} = 'signed'`;
  const interval = sql`(case when ${v.category} = 'household' then ${limits.userInspectionMonthsResidential}::int else ${limits.userInspectionMonthsNonResidential}::int end)`;
  const result = (await db.execute(sql`
    with u as (
      select (select max(${inspectionDay}) from ${i} where ${ofVenue}) as last_day, ${interval} as interval_months
      from ${v} where ${v.archivedAt} is null and ${v.supplierEnterpriseId} = ${supplierEnterpriseId}
    )
    select count(*)::int as users,
      count(*) filter (where last_day is null or (last_day + make_interval(months => interval_months))::date < ${today}::date)::int as overdue
    from u`)) as unknown as { rows: { users: number; overdue: number }[] };
  return result.rows[0] ?? { users: 0, overdue: 0 };
}
