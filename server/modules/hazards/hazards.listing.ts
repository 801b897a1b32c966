import { type SQL, sql } from 'drizzle-orm';
import { majorListing } from '../../../domain/hazards/deadlines.ts';
import { hazardsTable } from './hazards.table.ts';

/**
 * 挂牌督办: THE definition of "a major hazard is listed for supervision", one fact on the hazard row: a major
 * hazard whose escalation level is at least `majorListing.level` (1). A major hazard found through the
 * ledger is listed at once (`listMajorOnFinding`); one imported from history is listed when it runs
 * overdue (the daily escalation) or when the office issues a 挂牌督办 order for it (supervision orders call
 * `listMajorHazard`, which raises the level in the order's transaction). Every reader — the ledger's
 * `listed` filter and row flag, the progress figures (`majorUnlisted`), the bulletins, the dashboard's
 * "重大隐患未挂牌督办", risk grading's reasons — uses this fragment (SQL) or `isMajorListed` (a loaded row).
 * It says nothing of open or closed: the callers add the state they count.
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
