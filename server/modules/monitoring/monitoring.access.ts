import { sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { alarmsTable, sensorsTable } from './monitoring.table.ts';

/**
 * Who sees and acts on which sensors and alarms (one scope engine, platform/scope.ts): townships and
 * regional grants their subtree; departments the object kinds the plan makes them answer for (pipelines,
 * restaurants…) in their county; an enterprise its own sensors (owner); a venue its venue's; a gateway's
 * token (enterprise or region) the sensors it may send readings for.
 */
export const sensorDescriptor: ScopeDescriptor = {
  regionId: sensorsTable.regionId,
  department: {
    subject: { type: 'row', objectType: sensorsTable.objectType, objectKind: sensorsTable.objectKind },
  },
  enterpriseId: sensorsTable.ownerEnterpriseId,
  venueId: sensorsTable.venueId,
};

export const alarmDescriptor: ScopeDescriptor = {
  regionId: alarmsTable.regionId,
  department: {
    subject: { type: 'row', objectType: alarmsTable.objectType, objectKind: alarmsTable.objectKind },
  },
  enterpriseId: alarmsTable.ownerEnterpriseId,
  actingEnterpriseId: alarmsTable.dispatchedEnterpriseId,
  venueId: alarmsTable.venueId,
};

export const sensorScope = (actor: Actor, permission: Permission = 'monitoring.read') =>
  scopeFilter(actor, permission, sensorDescriptor);
export const alarmScope = (actor: Actor, permission: Permission = 'monitoring.read') =>
  scopeFilter(actor, permission, alarmDescriptor);

/** A sensor about to be created, judged by the same engine over its would-be values. */
export function valuesInSensorScope(
  actor: Actor,
  permission: Permission,
  v: {
    regionId: string;
    objectType: string | null;
    objectKind: string | null;
    ownerEnterpriseId: string | null;
    venueId: string | null;
  },
) {
  return scopeFilter(actor, permission, {
    regionId: sql`${v.regionId}::uuid`,
    department: {
      subject: { type: 'row', objectType: sql`${v.objectType}::text`, objectKind: sql`${v.objectKind}::text` },
    },
    enterpriseId: sql`${v.ownerEnterpriseId}::uuid`,
    venueId: sql`${v.venueId}::uuid`,
  });
}
