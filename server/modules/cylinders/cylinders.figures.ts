import { type SQL, sql } from 'drizzle-orm';
import { cylinderAnomaliesTable } from './cylinders.table.ts';

/**
 * Cylinder anomalies of an enterprise, for risk grading: anomalies detected since `since` of the
 * cylinders it owns, as a derived table `(object_type text, object_id uuid, n int)`.
 */
export function cylinderAnomaliesByEnterpriseSince(since: string): SQL {
  const c = cylinderAnomaliesTable;
  return sql`(select 'enterprise'::text as object_type, ${c.ownerEnterpriseId} as object_id, count(*)::int as n
    from ${c} where ${c.ownerEnterpriseId} is not null
      and ${c.detectedAt} >= (${since}::date::timestamp at time zone 'Asia/Shanghai') group by 2)`;
}
