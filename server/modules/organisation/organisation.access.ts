import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { regionsTable } from './organisation.table.ts';

/**
 * The region tree's scope descriptor (platform/scope.ts): a region lies where its path does; a region grant sees its
 * subtree, a department grant its whole county; enterprises and venues see no part of the tree.
 */
export const regionDescriptor: ScopeDescriptor = { regionPath: regionsTable.path, department: { wholeCounty: true } };

/** SQL condition: the region lies within what the actor may read of the organisation. */
export function regionReadScope(actor: Actor): SQL {
  return scopeFilter(actor, 'organisation.read', regionDescriptor);
}
