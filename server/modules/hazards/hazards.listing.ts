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
 * The escalation level a hazard had at an instant (the end of a report's or bulletin's day), in SQL over a hazard
 * aliased `a`: today's level when it was reached before the instant (`escalated_at` is when the level last rose; levels
 * never go down), otherwise the highest level of its `escalated` timeline events before the instant (0 when none).
 * The timeline is read only for the few hazards escalated after the instant: a figure as of today never reads it.
 * Every writer of the level (the daily escalation, listing on finding, a 挂牌督办 order, the demo seed) records an
 * `escalated` event with `details.level` in the same transaction.
 */
export function escalationLevelAtSql(a: string, instant: string): SQL {
  const col = (c: string) => sql.raw(`${a}.${c}`);
  const e = hazardEventsTable;
  return sql`(case when ${col('escalated_at')} is null or ${col('escalated_at')} < ${instant}::timestamptz
    then ${col('escalation_level')}
    else coalesce((select max((${e.details}->>'level')::int) from ${e}
      where ${e.hazardId} = ${col('id')} and ${e.event} = 'escalated' and ${e.at} < ${instant}::timestamptz), 0) end)`;
}
