import { type AnyColumn, type SQL, inArray, like, or, sql } from 'drizzle-orm';
import { type Permission, type RoleCode, type ScopeType, permissionsOf } from '../../domain/access/roles.ts';
import { regionsTable } from '../modules/organisation/organisation.table.ts';
import { forbidden } from './errors.ts';

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

/** SQL condition: a row's region path lies within the actor's scope for this permission. */
export function regionPathFilter(actor: Actor, permission: Permission, pathColumn: AnyColumn): SQL {
  const scope = regionScope(actor, permission);
  if (scope === 'all') return sql`true`;
  if (scope.length === 0) return sql`false`;
  return or(...scope.map((p) => like(pathColumn, `${escapeLike(p)}%`)))!;
}

/** SQL condition: a row's region id lies within the actor's scope (subquery on the region tree). */
export function regionIdFilter(actor: Actor, permission: Permission, regionIdColumn: AnyColumn): SQL {
  const scope = regionScope(actor, permission);
  if (scope === 'all') return sql`true`;
  if (scope.length === 0) return sql`false`;
  const inScope = or(...scope.map((p) => like(regionsTable.path, `${escapeLike(p)}%`)))!;
  return inArray(regionIdColumn, sql`(select ${regionsTable.id} from ${regionsTable} where ${inScope})`);
}

/** True when a region path lies within the actor's scope (for single objects already loaded). */
export function regionPathInScope(actor: Actor, permission: Permission, path: string): boolean {
  const scope = regionScope(actor, permission);
  return scope === 'all' || scope.some((p) => path.startsWith(p));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
