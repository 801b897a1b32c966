import type { SQL } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { tipsTable } from './tips.table.ts';

/**
 * Who handles which tips: the township the place lies in (region grants, subtree) and the department
 * it is routed to (department grants, in their county); the campaign office and the leading group
 * follow every tip of the county. Supervised parties never see tips (no enterprise or venue column:
 * the engine fails closed for their grants).
 */
export const tipDescriptor: ScopeDescriptor = {
  regionId: tipsTable.regionId,
  department: { namedId: tipsTable.departmentId, coordinatorsSeeAll: true },
};

export function tipScope(actor: Actor, permission: Permission): SQL {
  return scopeFilter(actor, permission, tipDescriptor);
}
