import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { alarmsTable } from './monitoring.table.ts';

type Row = Record<string, unknown>;
const rowsOf = async (db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: Row[] }).rows;
const dayEnd = (day: string) => sql`((${day}::date + 1)::timestamp at time zone 'Asia/Shanghai')`;
const dayStart = (day: string) => sql`(${day}::date::timestamp at time zone 'Asia/Shanghai')`;

/**
 * Alarms closed by the end of `asOf` (raised within the phase's days when given), for the bulletins, by
 * the alarm's region: `closed`, and `onTime` — those closed without ever being escalated (acknowledged
 * within the configured minutes, monitoring's escalation rule).
 */
export async function alarmsClosedOnTime(
  db: Db,
  { asOf, from, to }: { asOf: string; from?: string; to?: string | null },
) {
  const a = alarmsTable;
  const conds: SQL[] = [sql`${a.closedAt} is not null`, sql`${a.closedAt} < ${dayEnd(asOf)}`];
  if (from) conds.push(sql`${a.raisedAt} >= ${dayStart(from)}`);
  if (to) conds.push(sql`${a.raisedAt} < ${dayEnd(to)}`);
  const rows = await rowsOf(
    db,
    sql`select ${a.regionId} as region_id, count(*)::int as closed,
        count(*) filter (where ${a.escalationLevel} = 0)::int as on_time
      from ${a} where ${sql.join(conds, sql` and `)} group by 1`,
  );
  return {
    closed: new Map(rows.map((r) => [String(r.region_id), Number(r.closed)])),
    onTime: new Map(rows.map((r) => [String(r.region_id), Number(r.on_time)])),
  };
}

/**
 * Open alarms of a register object, for risk grading (an alarm not closed now; `since` is not used: an
 * open alarm counts however old), as a derived table `(object_type text, object_id uuid, n int)`: the
 * sensor's object, and the venue too when the sensor is a venue's.
 */
export function openAlarmsByObject(_since?: string): SQL {
  const a = alarmsTable;
  return sql`(select ${a.objectType}::text as object_type, ${a.objectId} as object_id, count(*)::int as n
      from ${a} where ${a.status} <> 'closed' and ${a.objectId} is not null group by 1, 2
    union all
    select 'venue', ${a.venueId}, count(*)::int from ${a}
      where ${a.status} <> 'closed' and ${a.venueId} is not null
        and (${a.objectType} is distinct from 'venue' or ${a.objectId} is distinct from ${a.venueId}) group by 2)`;
}
