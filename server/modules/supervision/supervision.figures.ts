import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';

/**
 * A figure a bulletin carries beside the ledger's (rebounds here; tips handled, cases, alarms from
 * the modules that bring them: app.ts passes their sources to the supervision routes and jobs).
 * `count` answers per region id (folded to the township by the bulletin) and per responsible
 * department id, as of the bulletin's day and within the phase's dates when there is one.
 */
export type BulletinFigureSource = {
  key: string;
  label: { zh: string; en: string };
  count(
    db: Db,
    q: { asOf: string; from?: string; to?: string | null },
  ): Promise<{ byRegionId: Map<string, number>; byDepartmentId: Map<string, number> }>;
};

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;

/** 改后反弹: hazards found (by asOf) that repeat an earlier closed one of the same object and item. */
export const reboundsSource: BulletinFigureSource = {
  key: 'rebounds',
  label: { zh: '反弹隐患', en: 'Rebounds' },
  async count(db, { asOf, from, to }) {
    const h = hazardsTable;
    const cond = sql`${h.reboundOfHazardId} is not null and ${h.foundOn} <= ${asOf}::date
      ${from ? sql`and ${h.foundOn} >= ${from}::date` : sql``} ${to ? sql`and ${h.foundOn} <= ${to}::date` : sql``}`;
    const byRegion = await rowsOf(
      db,
      sql`select ${h.regionId} as k, count(*)::int as n from ${h} where ${cond} group by 1`,
    );
    const byDept = await rowsOf(
      db,
      sql`select ${h.departmentId} as k, count(*)::int as n from ${h} where ${cond} and ${h.departmentId} is not null group by 1`,
    );
    const m = (rows: Row[]) => new Map(rows.map((r) => [String(r.k), Number(r.n)]));
    return { byRegionId: m(byRegion), byDepartmentId: m(byDept) };
  },
};
