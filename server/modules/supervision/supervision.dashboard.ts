import { type SQL, desc, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, can, requirePermission } from '../../platform/access.ts';
import { hazardReadScope, progressSummary } from '../hazards/index.ts';
import { hazardsTable } from '../hazards/index.ts';
import { enterprisesTable, facilitiesTable, venuesTable } from '../registry/index.ts';
import { actionScope, orderScope } from './supervision.access.ts';
import { bulletinTitle } from './supervision.bulletins.ts';
import { bulletinsTable, supervisionActionsTable, supervisionOrdersTable } from './supervision.table.ts';

const Figures = z.object({
  registered: z.number(),
  inspected: z.number(),
  coverageRate: z.number().nullable(),
  found: z.number(),
  closed: z.number(),
  open: z.number(),
  overdue: z.number(),
  majorOpen: z.number(),
  closureRate: z.number().nullable(),
});
export const DashboardResponse = z
  .object({
    asOf: z.string(),
    figures: Figures,
    /** Per township (the progress figures by region), for overdue by township. */
    townships: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        open: z.number(),
        overdue: z.number(),
        majorOpen: z.number(),
        found: z.number(),
        closed: z.number(),
      }),
    ),
    /** Hazards found and closed per week, the last 12 weeks (weeks start on Monday). */
    trend: z.array(z.object({ week: z.string(), found: z.number(), closed: z.number() })),
    /** Open major hazards (at most 200), with the object's coordinates when the register has them. */
    majorHazards: z.array(
      z.object({
        id: z.string(),
        number: z.string(),
        objectName: z.string(),
        deadline: z.string(),
        overdue: z.boolean(),
        lng: z.number().nullable(),
        lat: z.number().nullable(),
      }),
    ),
    /** The latest bulletin's ranking (null before the first). */
    ranking: z
      .object({
        bulletinId: z.string(),
        title: z.string(),
        asOf: z.string(),
        rows: z.array(
          z.object({
            rank: z.number(),
            name: z.string(),
            score: z.number(),
            rankChange: z.number().nullable(),
            overdue: z.number(),
          }),
        ),
      })
      .nullable(),
    /** What needs a decision today, each a count with the list behind it. */
    decisions: z.object({
      overdueOrders: z.number(),
      answeredOrders: z.number(),
      escalatedHazards: z.number(),
      unlistedMajorHazards: z.number(),
      followUpsDue: z.number(),
    }),
  })
  .meta({ id: 'Dashboard' });

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;

/**
 * The command dashboard (指挥调度): the campaign's figures (the progress figures, in the caller's
 * scope), their weekly trend, open major hazards for the map, overdue by township, the latest
 * ranking, and the counts that need a decision today. Every number has a list behind it (the web links).
 */
export async function dashboard(db: Db, actor: Actor, today = chinaToday()) {
  requirePermission(actor, 'supervision.read');
  const from = addDays(today, -7 * 12 + 1);
  // One pass over the caller's hazards gives the figures, the townships, the weekly trend (found by
  // found_on, closed by the China day of closed_at, weeks by their Monday), the unlisted majors (挂牌督办:
  // the hazards module's one definition) and those at the office: bench/dashboard.bench.ts.
  const progress = await progressSummary(db, actor, { groupBy: 'region', asOf: today }, undefined, {
    weeks: { from },
  });
  const weekly = progress.weekly!;
  const h = hazardsTable;
  const firstMonday = (() => {
    const d = new Date(`${today}T00:00:00Z`);
    const dow = (d.getUTCDay() + 6) % 7;
    return addDays(today, -dow - 7 * 11);
  })();
  const trend = Array.from({ length: 12 }, (_, i) => {
    const w = addDays(firstMonday, 7 * i);
    return { week: w, found: weekly.found.get(w) ?? 0, closed: weekly.closed.get(w) ?? 0 };
  });

  const majors = await rowsOf(
    db,
    sql`select h.id, h.number, h.object_name, h.deadline::text as deadline,
        coalesce(v.lng, e.lng, f.lng) as lng, coalesce(v.lat, e.lat, f.lat) as lat
      from ${h} h
      left join ${venuesTable} v on h.object_type = 'venue' and v.id = h.object_id
      left join ${enterprisesTable} e on h.object_type = 'enterprise' and e.id = h.object_id
      left join ${facilitiesTable} f on h.object_type = 'facility' and f.id = h.object_id
      where h.status <> 'closed' and h.severity = 'major' and ${hazardReadScope(actor, {
        regionId: sql.raw('h.region_id'),
        objectKind: sql.raw('h.object_kind'),
        objectType: sql.raw('h.object_type'),
        objectId: sql.raw('h.object_id'),
        ownerEnterpriseId: sql.raw('h.owner_enterprise_id'),
        departmentId: sql.raw('h.department_id'),
        sourceInspectionId: sql.raw('h.source_inspection_id'),
        createdBy: sql.raw('h.created_by'),
      })}
      order by h.deadline, h.id limit 200`,
  );

  const [latest] = await db.select().from(bulletinsTable).orderBy(desc(bulletinsTable.issue)).limit(1);
  const o = supervisionOrdersTable;
  const count = async (q: SQL) => Number((await rowsOf(db, q))[0]?.n ?? 0);
  const orderRead = orderScope(actor, 'supervision.read');
  const overdueOrders = await count(
    sql`select count(*)::int as n from ${o} where ${o.status} = 'issued' and ${o.dueOn} < ${today}::date and ${orderRead}`,
  );
  const answeredOrders = can(actor, 'supervision.manage')
    ? await count(sql`select count(*)::int as n from ${o} where ${o.status} = 'answered' and ${orderRead}`)
    : 0;
  const escalatedHazards = weekly.escalatedOffice;
  const unlistedMajorHazards = progress.total.majorUnlisted;
  const a = supervisionActionsTable;
  const followUpsDue = await count(
    sql`select count(*)::int as n from ${a} where ${a.followUp} is null and ${a.followUpDue} <= ${today}::date and ${actionScope(actor, 'supervision.read')}`,
  );

  const t = progress.total;
  return {
    asOf: today,
    figures: {
      registered: t.registered,
      inspected: t.inspected,
      coverageRate: t.coverageRate,
      found: t.found,
      closed: t.closed,
      open: t.open,
      overdue: t.overdue,
      majorOpen: t.majorOpen,
      closureRate: t.closureRate,
    },
    townships: progress.groups.map((g) => ({
      key: g.key,
      label: g.label,
      open: g.open,
      overdue: g.overdue,
      majorOpen: g.majorOpen,
      found: g.found,
      closed: g.closed,
    })),
    trend,
    majorHazards: majors.map((r) => ({
      id: String(r.id),
      number: String(r.number),
      objectName: String(r.object_name),
      deadline: String(r.deadline),
      overdue: String(r.deadline) < today,
      lng: r.lng === null ? null : Number(r.lng),
      lat: r.lat === null ? null : Number(r.lat),
    })),
    ranking: latest
      ? {
          bulletinId: latest.id,
          title: bulletinTitle(latest.issue, latest.asOf, latest.phase),
          asOf: latest.asOf,
          rows: (
            latest.regionRows as {
              rank: number;
              regionName: string;
              score: number;
              rankChange: number | null;
              overdue: number;
            }[]
          ).map((r) => ({
            rank: r.rank,
            name: r.regionName,
            score: r.score,
            rankChange: r.rankChange,
            overdue: r.overdue,
          })),
        }
      : null,
    decisions: { overdueOrders, answeredOrders, escalatedHazards, unlistedMajorHazards, followUpsDue },
  };
}
