import { type SQL, sql } from 'drizzle-orm';
import { majorListing } from '../../../domain/hazards/deadlines.ts';
import { hazardEventsTable, hazardsTable } from './hazards.table.ts';

/**
 * 挂牌督办: THE definition of "a major hazard is listed for supervision", one fact on the hazard row: a major
 * hazard whose escalation level is at least `majorListing.level` (1). A major hazard found through the
 * ledger is listed at once (`listMajorOnFinding`); one imported from history is listed when it runs
 * overdue (the daily escalation) or when the office issues a 挂牌督办 order for it (supervision orders call
 * `listMajorHazard`, which raises the level in the order's transaction). Every reader — the ledger's
 * `listed` filter and row flag, the progress figures (`majorUnlisted`), the bulletins, the dashboard's
 * "重大隐患未挂牌督办", risk grading's reasons — uses this fragment (SQL) or `isMajorListed` (a loaded row).
 * It says nothing of open or closed: the callers add the state they count. A figure as of an earlier day takes the
 * level the hazard had then (`escalationLevelAtSql`), not today's.
 */
export function majorListedSql(
  cols: {
    severity: SQL | typeof hazardsTable.severity;
    escalationLevel: SQL | typeof hazardsTable.escalationLevel;
  } = hazardsTable,
): SQL {
  return sql`(${cols.severity} = 'major' and ${cols.escalationLevel} >= ${sql.raw(String(majorListing.level))})`;
}

/** The same fact on a loaded hazard row. */
export function isMajorListed(row: { severity: string; escalationLevel: number }): boolean {
  return row.severity === 'major' && row.escalationLevel >= majorListing.level;
}

/**
 * The escalation level a hazard aliased `a` had at an instant (the end of a report's or bulletin's day), in SQL: `join`
 * goes after the hazards in FROM, `level` is the value. Today's level when it was reached before the instant
 * (`escalated_at` is when the level last rose; levels never go down); for a hazard raised after the instant, the
 * highest level of its `escalated` timeline events before it (0 when none; today's level when its timeline has no
 * escalation at all, a row written without one). An instant still to come needs no history: the plain column (so the
 * dashboard's pass, as of today, is unchanged). Every writer of the level (the daily escalation, listing on finding, a
 * 挂牌督办 order, the demo seed) records an `escalated` event with `details.level` in the same transaction. A join,
 * not a correlated subquery, so the pass keeps its parallel plan.
 */
export function escalationLevelAt(a: string, instant: string, now = new Date()): { join: SQL; level: SQL } {
  const col = (c: string) => sql.raw(`${a}.${c}`);
  if (new Date(instant).getTime() > now.getTime()) return { join: sql``, level: col('escalation_level') };
  const e = hazardEventsTable;
  const lv = sql.raw(`lv_${a}`);
  return {
    join: sql` left join (select ${e.hazardId} as hazard_id,
        max((${e.details}->>'level')::int) filter (where ${e.at} < ${instant}::timestamptz) as level
      from ${e} where ${e.event} = 'escalated'
        and ${e.hazardId} in (select ${hazardsTable.id} from ${hazardsTable} where ${hazardsTable.escalatedAt} >= ${instant}::timestamptz)
      group by 1) ${lv} on ${lv}.hazard_id = ${col('id')}`,
    level: sql`(case when ${lv}.hazard_id is null then ${col('escalation_level')} else coalesce(${lv}.level, 0) end)`,
  };
}
