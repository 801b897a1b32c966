import type { AnyColumn, SQL } from 'drizzle-orm';
import { type Permission, type RoleCode, type ScopeType, permissionsOf } from '../../domain/access/roles.ts';
import { forbidden } from './errors.ts';
import { scopeFilter } from './scope.ts';

export type ActorGrant = {
  role: RoleCode;
  scopeType: ScopeType;
  regionId: string | null;
  /** Path of the region the grant covers: the region itself, or a department's county. */
  regionPath: string | null;
  departmentId: string | null;
  /** The department's code, which names its responsibilities in the plan. */
  departmentCode: string | null;
  enterpriseId: string | null;
  venueId: string | null;
  /** A facility grant (machine tokens of a filling line): its station. */
  facilityId?: string | null;
};

/** Who is acting: a signed-in person, a machine client with a token, or the system (CLI, jobs). */
export type Actor = {
  type: 'user' | 'machine' | 'system';
  id: string | null;
  name: string;
  grants: ActorGrant[];
  permissions: ReadonlySet<Permission>;
  ip?: string;
  requestId?: string;
};

export function buildActor(base: Omit<Actor, 'permissions'>): Actor {
  const perms = new Set<Permission>();
  for (const g of base.grants) for (const p of permissionsOf(g.role)) perms.add(p);
  return { ...base, permissions: perms };
}

export const systemActor: Actor = { type: 'system', id: null, name: 'system', grants: [], permissions: new Set() };

export function can(actor: Actor, permission: Permission): boolean {
  return actor.type === 'system' || actor.permissions.has(permission);
}

/** Throws auth.forbidden unless the actor holds the permission in some scope. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden({ permission });
}

function grantsFor(actor: Actor, permission: Permission): ActorGrant[] {
  return actor.grants.filter((g) => permissionsOf(g.role).includes(permission));
}

/**
 * The region subtrees in which the actor holds a permission: 'all' for a global grant (or the
 * system), else the list of region paths (possibly empty).
 */
export function regionScope(actor: Actor, permission: Permission): 'all' | string[] {
  if (actor.type === 'system') return 'all';
  const paths: string[] = [];
  for (const g of grantsFor(actor, permission)) {
    if (g.scopeType === 'global') return 'all';
    if (g.regionPath) paths.push(g.regionPath);
  }
  return paths;
}

/** SQL condition: a row's region id lies within the actor's scope (as regionPathFilter, through the region tree). */
export function regionIdFilter(actor: Actor, permission: Permission, regionIdColumn: AnyColumn): SQL {
  return scopeFilter(actor, permission, { regionId: regionIdColumn, department: { wholeCounty: true } });
}

/** True when a region path lies within the actor's scope (for single objects already loaded). */
export function regionPathInScope(actor: Actor, permission: Permission, path: string): boolean {
  const scope = regionScope(actor, permission);
  return scope === 'all' || scope.some((p) => path.startsWith(p));
}
