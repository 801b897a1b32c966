import type { SQL } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { gasAccidentsTable, supervisionActionsTable, supervisionOrdersTable } from './supervision.table.ts';

/**
 * Orders, warnings, interviews and accountability concern their addressee: a township sees those
 * addressed to it (its region subtree), a department those naming it; the campaign office and the
 * leading group (and global grants) see all. Bulletins are circulated to every reader.
 */
export const orderDescriptor: ScopeDescriptor = {
  regionId: supervisionOrdersTable.regionId,
  department: { namedId: supervisionOrdersTable.targetDepartmentId, coordinatorsSeeAll: true },
};
export const actionDescriptor: ScopeDescriptor = {
  regionId: supervisionActionsTable.regionId,
  department: { namedId: supervisionActionsTable.targetDepartmentId, coordinatorsSeeAll: true },
};
/** Accidents: by their region; a department sees its county's (it may be called to investigate). */
export const accidentDescriptor: ScopeDescriptor = {
  regionId: gasAccidentsTable.regionId,
  department: { wholeCounty: true },
};

export const orderScope = (actor: Actor, permission: Permission): SQL =>
  scopeFilter(actor, permission, orderDescriptor);
export const actionScope = (actor: Actor, permission: Permission): SQL =>
  scopeFilter(actor, permission, actionDescriptor);
export const accidentScope = (actor: Actor, permission: Permission): SQL =>
  scopeFilter(actor, permission, accidentDescriptor);
