import { type SQL, sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, scopeFilter, seesAll } from '../../platform/scope.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, venuesTable } from '../registry/registry.table.ts';
import { grantsTable, usersTable } from './users.table.ts';

/**
 * A user lies where its grants lie: each grant (`g`) with the region it covers — the region it names, its
 * department's county, its enterprise's or its venue's region (`r`, `dr`, `er`, `vr`).
 */
export const userGrantRows = sql`select 1 from ${grantsTable} g
    left join ${regionsTable} r on r.id = g.region_id
    left join ${departmentsTable} d on d.id = g.department_id
    left join ${regionsTable} dr on dr.id = d.region_id
    left join ${enterprisesTable} e on e.id = g.enterprise_id
    left join ${regionsTable} er on er.id = e.region_id
    left join ${venuesTable} v on v.id = g.venue_id
    left join ${regionsTable} vr on vr.id = v.region_id`;

/**
 * The scope descriptor of one grant row of `userGrantRows` (platform/scope.ts): its region's path; a department
 * grant of the reader sees its whole county. A global grant row has no region: only global readers see it.
 */
export const userGrantDescriptor: ScopeDescriptor = {
  regionPath: sql`coalesce(r.path, dr.path, er.path, vr.path)`,
  department: { wholeCounty: true },
};

/** The descriptor of a region, department, enterprise or venue named by a grant being given (its region's path). */
export const grantTargetDescriptor: ScopeDescriptor = {
  regionPath: regionsTable.path,
  department: { wholeCounty: true },
};

/** Users the actor sees for this permission: every user for a global reader, else those with a grant in scope. */
export function usersScope(actor: Actor, permission: Permission): SQL {
  if (seesAll(actor, permission)) return sql`true`;
  return sql`exists (${userGrantRows} where g.user_id = ${usersTable.id} and ${scopeFilter(actor, permission, userGrantDescriptor)})`;
}

/**
 * Users an administrator limited to regions may manage (reset the password of, disable, regrant): those with a
 * grant in scope and EVERY grant in it. One grant inside a township does not put a county-wide or global user in
 * the township's hands.
 */
export function usersWhollyInScope(actor: Actor, permission: Permission): SQL {
  if (seesAll(actor, permission)) return sql`true`;
  const inScope = scopeFilter(actor, permission, userGrantDescriptor);
  return sql`(${usersScope(actor, permission)} and not exists (${userGrantRows} where g.user_id = ${usersTable.id} and not coalesce(${inScope}, false)))`;
}

/** Whether a grant being given stays within the actor's scope to manage users (over `grantTargetDescriptor`). */
export const grantTargetInScope = (actor: Actor): SQL =>
  sql`coalesce(${scopeFilter(actor, 'user.manage', grantTargetDescriptor)}, false)`;
