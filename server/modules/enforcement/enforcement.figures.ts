import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enforcementCasesTable } from './enforcement.table.ts';

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;

/**
 * Cases opened (立案) by the end of `asOf` (within the phase's days when given), for the bulletins: by
 * the case's region and by the department that opened it.
 */
export async function casesOpened(db: Db, { asOf, from, to }: { asOf: string; from?: string; to?: string | null }) {
  const c = enforcementCasesTable;
  const conds: SQL[] = [sql`${c.openedOn} <= ${asOf}::date`];
  if (from) conds.push(sql`${c.openedOn} >= ${from}::date`);
  if (to) conds.push(sql`${c.openedOn} <= ${to}::date`);
  const rows = await rowsOf(
    db,
    sql`select ${c.regionId} as region_id, ${c.departmentId} as department_id, count(*)::int as n
      from ${c} where ${sql.join(conds, sql` and `)} group by 1, 2`,
  );
  const byRegionId = new Map<string, number>();
  const byDepartmentId = new Map<string, number>();
  for (const r of rows) {
    byRegionId.set(String(r.region_id), (byRegionId.get(String(r.region_id)) ?? 0) + Number(r.n));
    byDepartmentId.set(String(r.department_id), (byDepartmentId.get(String(r.department_id)) ?? 0) + Number(r.n));
  }
  return { byRegionId, byDepartmentId };
}

/**
 * Cases against a register object, for risk grading: cases opened since `since` against an enterprise
 * or a venue, as a derived table `(object_type text, object_id uuid, n int)`.
 */
export function casesBySubjectSince(since: string): SQL {
  const c = enforcementCasesTable;
  return sql`(select ${c.subjectType}::text as object_type, ${c.subjectId} as object_id, count(*)::int as n
    from ${c} where ${c.subjectType} in ('enterprise', 'venue') and ${c.subjectId} is not null
      and ${c.openedOn} >= ${since}::date group by 1, 2)`;
}
