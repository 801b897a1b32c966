import { type SQL, sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Actor } from '../../platform/access.ts';
import { type Col, type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';

/**
 * Who sees a bottled-gas operator's delivery records (users, zones, orders, checks, flags, tracks):
 * township and regional grants their subtree (by the row's region), the departments that answer for
 * bottled-gas operators under the plan (and the campaign office) in their county, the operator's own
 * people (enterprise grants: its manager and its delivery workers).
 */
export function deliveryDescriptor(cols: { regionId: Col; operatorId: Col }): ScopeDescriptor {
  return {
    regionId: cols.regionId,
    enterpriseId: cols.operatorId,
    department: {
      subject: { type: 'row', objectType: sql`'enterprise'`, objectKind: sql`'bottled_operator'` },
      coordinatorsSeeAll: true,
    },
  };
}

export function deliveryScope(actor: Actor, permission: Permission, cols: { regionId: Col; operatorId: Col }): SQL {
  return scopeFilter(actor, permission, deliveryDescriptor(cols));
}
