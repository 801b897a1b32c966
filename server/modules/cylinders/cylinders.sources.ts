import { and, eq, isNull, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { scopeFilter } from '../../platform/scope.ts';
import { anomalyDescriptor, cylinderScope } from './cylinders.access.ts';
import { cylinderAnomaliesTable, cylinderEventsTable, cylindersTable } from './cylinders.table.ts';

/** Where an enforcement case opened from a seizure or an anomaly lies: the place and the enterprise concerned. */
export type CylinderCaseSource = { regionId: string | null; enterpriseId: string | null; code: string };

/**
 * A seizure (a `seized` event of the cylinder log) or a cylinder anomaly the caller reads (cylinder.read
 * in its scope), for an enforcement case opened from it (issue 14); null when there is none or it is
 * outside the caller's scope; a seizure by its row id or its client event id. The enterprise is the one acting in the seizure (or the cylinder's owner).
 */
export async function cylinderCaseSource(
  db: Db,
  actor: Actor,
  kind: 'seizure' | 'cylinder_anomaly',
  id: string,
): Promise<CylinderCaseSource | null> {
  if (kind === 'seizure') {
    const e = cylinderEventsTable;
    const [row] = await db
      .select({
        regionId: e.regionId,
        enterpriseId: e.enterpriseId,
        ownerRegionId: cylindersTable.regionId,
        ownerEnterpriseId: cylindersTable.ownerEnterpriseId,
        code: e.code,
      })
      .from(e)
      .leftJoin(cylindersTable, eq(cylindersTable.id, e.cylinderId))
      .where(
        and(
          or(eq(e.id, id), eq(e.eventId, id)),
          eq(e.type, 'seized'),
          or(
            and(isNotNull(e.cylinderId), cylinderScope(actor, 'cylinder.read')),
            // 无码气瓶: no cylinder of the register; the seizing officer, or by the place where it was seized.
            and(
              isNull(e.cylinderId),
              or(
                actor.id ? eq(e.actorId, actor.id) : undefined,
                scopeFilter(actor, 'cylinder.read', { regionId: e.regionId, department: { wholeCounty: true } }),
              ),
            ),
          ),
        ),
      );
    if (!row) return null;
    return {
      regionId: row.regionId ?? row.ownerRegionId,
      enterpriseId: row.enterpriseId ?? row.ownerEnterpriseId,
      code: row.code,
    };
  }
  const a = cylinderAnomaliesTable;
  const [row] = await db
    .select({ regionId: a.regionId, enterpriseId: a.ownerEnterpriseId, code: a.code })
    .from(a)
    .where(and(eq(a.id, id), scopeFilter(actor, 'cylinder.read', anomalyDescriptor)));
  return row ?? null;
}
