import { type SQL, sql } from 'drizzle-orm';
import { hazardEventsTable, hazardsTable } from './hazards.table.ts';

/**
 * A hazard's state and deadline as they stood at an instant (the end of a report's or bulletin's day), in SQL, from its
 * timeline, as `escalationLevelAt` (hazards.listing.ts) does for the escalation level: `join` goes after the hazards
 * (aliased `a`) in FROM, `status` and `deadline` are the values.
 *
 * - state: `closed` when it was closed before the instant (`closed_at`; a hazard is never reopened); otherwise, for a
 *   hazard changed after the instant (`updated_at`, which every writer of the state or the deadline sets), the state
 *   the last transition before the instant led to (`created` or an event whose from and to states differ), else the
 *   state the first transition after it left (a hazard entered or imported after the instant), else today's state, and
 *   `open` where that is `closed` (closed after the instant with no timeline: it was not closed yet). A hazard
 *   unchanged since the instant: today's state.
 * - deadline: the deadline before the first move (`deadline_moved`, its `details.before.deadline`) after the instant,
 *   else today's.
 *
 * An instant still to come needs no history: the plain columns (so the dashboard's pass, as of today, and the tallies
 * are unchanged). A join, not a correlated subquery, so the pass keeps its parallel plan; it reads the timeline of the
 * hazards changed since the instant only.
 */
export function hazardStateAt(a: string, instant: string, now = new Date()): { join: SQL; status: SQL; deadline: SQL } {
  const col = (c: string) => sql.raw(`${a}.${c}`);
  if (new Date(instant).getTime() > now.getTime())
    return { join: sql``, status: col('status'), deadline: col('deadline') };
  const e = hazardEventsTable;
  const st = sql.raw(`st_${a}`);
  const transition = sql`(${e.event} = 'created' or ${e.fromStatus} is distinct from ${e.toStatus})`;
  return {
    join: sql` left join (select ${e.hazardId} as hazard_id,
        (array_agg(${e.toStatus} order by ${e.at} desc) filter (where ${e.at} < ${instant}::timestamptz and ${transition} and ${e.toStatus} is not null))[1] as status_before,
        (array_agg(${e.fromStatus} order by ${e.at}) filter (where ${e.at} >= ${instant}::timestamptz and ${transition} and ${e.fromStatus} is not null))[1] as status_left,
        (array_agg(${e.details}->'before'->>'deadline' order by ${e.at}) filter (where ${e.at} >= ${instant}::timestamptz and ${e.event} = 'deadline_moved' and ${e.details}->'before'->>'deadline' is not null))[1]::date as deadline_before
      from ${e} where (${transition} or ${e.event} = 'deadline_moved')
        and ${e.hazardId} in (select ${hazardsTable.id} from ${hazardsTable} where ${hazardsTable.updatedAt} >= ${instant}::timestamptz)
      group by 1) ${st} on ${st}.hazard_id = ${col('id')}`,
    status: sql`(case when ${col('closed_at')} < ${instant}::timestamptz then 'closed'
      else coalesce(${st}.status_before, ${st}.status_left, case when ${col('status')} = 'closed' then 'open' else ${col('status')} end) end)`,
    deadline: sql`coalesce(${st}.deadline_before, ${col('deadline')})`,
  };
}
