import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tipsTable } from './tips.table.ts';

/** Counts by township/county region id and by department id (the bulletins' read contract). */
export type CountsByUnit = { byRegionId: Map<string, number>; byDepartmentId: Map<string, number> };
export type FigureWindow = { asOf: string; from?: string; to?: string | null };

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;
const dayEnd = (day: string) => sql`((${day}::date + 1)::timestamp at time zone 'Asia/Shanghai')`;
const dayStart = (day: string) => sql`(${day}::date::timestamp at time zone 'Asia/Shanghai')`;

/**
 * Tips handled on time for the bulletins (调度通报): the tips whose handling deadline fell by the end of
 * `asOf` (within the phase's days when given; merged duplicates left out) — `due` — and of those the
 * ones closed by their deadline — `onTime` —, by the tip's region and by its department.
 */
export async function tipTimeliness(db: Db, { asOf, from, to }: FigureWindow) {
  const t = tipsTable;
  const conds: SQL[] = [sql`${t.status} <> 'merged'`, sql`${t.dueAt} < ${dayEnd(asOf)}`];
  if (from) conds.push(sql`${t.dueAt} >= ${dayStart(from)}`);
  if (to) conds.push(sql`${t.dueAt} < ${dayEnd(to)}`);
  const onTime = sql`${t.closedAt} is not null and ${t.closedAt} <= ${t.dueAt} and ${t.closedAt} < ${dayEnd(asOf)}`;
  const rows = await rowsOf(
    db,
    sql`select ${t.regionId} as region_id, ${t.departmentId} as department_id, count(*)::int as due,
        count(*) filter (where ${onTime})::int as on_time
      from ${t} where ${sql.join(conds, sql` and `)} group by 1, 2`,
  );
  const due: CountsByUnit = { byRegionId: new Map(), byDepartmentId: new Map() };
  const inTime: CountsByUnit = { byRegionId: new Map(), byDepartmentId: new Map() };
  const add = (m: Map<string, number>, k: unknown, v: number) => {
    if (k !== null && k !== undefined) m.set(String(k), (m.get(String(k)) ?? 0) + v);
  };
  for (const r of rows) {
    add(due.byRegionId, r.region_id, Number(r.due));
    add(due.byDepartmentId, r.department_id, Number(r.due));
    add(inTime.byRegionId, r.region_id, Number(r.on_time));
    add(inTime.byDepartmentId, r.department_id, Number(r.on_time));
  }
  return { due, onTime: inTime };
}

/**
 * Tips about an object, for risk grading: tips received since `since` whose verification found a hazard
 * in the ledger (the tip's hazard), as a derived table `(hazard_id uuid, n int)` — the grading relates
 * the hazard to its object.
 */
export function tipsByHazardSince(since: string): SQL {
  const t = tipsTable;
  return sql`(select ${t.hazardId} as hazard_id, count(*)::int as n from ${t}
    where ${t.hazardId} is not null and ${t.status} <> 'merged' and ${t.createdAt} >= ${dayStart(since)} group by 1)`;
}
