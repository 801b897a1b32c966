import { type AnyColumn, type SQL, eq, or, sql } from 'drizzle-orm';
import { type Permission, permissionsOf } from '../../../domain/access/roles.ts';
import type { HazardEventType } from '../../../domain/hazards/hazard-state.ts';
import {
  departmentResponsibilities,
  departmentVenueCategories,
  type VenueCategory,
  vehicleKinds,
  venueCategories,
} from '../../../domain/registry/registry.ts';
import type { Actor, ActorGrant } from '../../platform/access.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import { hazardsTable } from './hazards.table.ts';

/**
 * Who sees and acts on which hazards, as SQL over a hazard's columns (or the same columns of an
 * inspection, or of a register object about to get a hazard):
 * - a township grant: the region subtree;
 * - a department grant: hazards whose responsible department is theirs, in their county; for
 *   reading also the hazards of the object kinds the plan makes the department answer for
 *   (departmentResponsibilities), in the county;
 * - an enterprise grant: hazards of the enterprise and its facilities, vehicles and pipelines (not
 *   its customers' venues: those answer for themselves);
 * - a venue grant: hazards of the venue.
 */
export type HazardScopeColumns = {
  regionId: AnyColumn | SQL;
  objectKind: AnyColumn | SQL;
  objectType: AnyColumn | SQL;
  objectId: AnyColumn | SQL;
  ownerEnterpriseId: AnyColumn | SQL;
  /** Absent for a register object (no hazard yet): department scope then goes by object kind. */
  departmentId?: AnyColumn | SQL;
};

export const hazardColumns: HazardScopeColumns = {
  regionId: hazardsTable.regionId,
  objectKind: hazardsTable.objectKind,
  objectType: hazardsTable.objectType,
  objectId: hazardsTable.objectId,
  ownerEnterpriseId: hazardsTable.ownerEnterpriseId,
  departmentId: hazardsTable.departmentId,
};

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `= any(array(subquery))`: the subtree's ids become one InitPlan parameter (see registry.access.ts). */
export function inRegionPath(column: AnyColumn | SQL, path: string): SQL {
  return sql`${column} = any(array(select ${regionsTable.id} from ${regionsTable} where ${regionsTable.path} like ${`${escapeLike(path)}%`}))`;
}

/** The object kinds (hazards.object_kind) a department answers for under the plan. */
export function departmentObjectKinds(code: string | null): string[] {
  const resp = code ? departmentResponsibilities[code] : undefined;
  if (!resp) return [];
  const kinds: string[] = [...resp.enterprises];
  if (resp.venues) kinds.push(...((departmentVenueCategories[code!] as readonly VenueCategory[]) ?? venueCategories));
  if (resp.pipelines) kinds.push('pipeline');
  if (resp.vehicles) kinds.push(...vehicleKinds);
  return [...new Set(kinds)];
}

function inList(column: AnyColumn | SQL, values: readonly string[]): SQL {
  if (values.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

function grantCondition(g: ActorGrant, cols: HazardScopeColumns, mode: 'read' | 'write'): SQL {
  switch (g.scopeType) {
    case 'global':
      return sql`true`;
    case 'region':
      return g.regionPath ? inRegionPath(cols.regionId, g.regionPath) : sql`false`;
    case 'department': {
      if (!g.regionPath) return sql`false`;
      const county = inRegionPath(cols.regionId, g.regionPath);
      const own = cols.departmentId && g.departmentId ? eq(cols.departmentId as AnyColumn, g.departmentId) : undefined;
      const kinds = inList(cols.objectKind, departmentObjectKinds(g.departmentCode));
      // Without a department column (an object with no hazard yet), the object kinds decide.
      const covered = mode === 'write' && own ? own : own ? or(own, kinds)! : kinds;
      return sql`(${county} and ${covered})`;
    }
    case 'enterprise':
      return g.enterpriseId
        ? sql`(${cols.ownerEnterpriseId} = ${g.enterpriseId} and ${cols.objectType} <> 'venue')`
        : sql`false`;
    case 'venue':
      return g.venueId ? sql`(${cols.objectType} = 'venue' and ${cols.objectId} = ${g.venueId})` : sql`false`;
  }
}

/** SQL: the row lies within the actor's scope for the permission ('read' widens department grants). */
export function hazardScope(
  actor: Actor,
  permission: Permission,
  cols: HazardScopeColumns = hazardColumns,
  mode: 'read' | 'write' = 'write',
): SQL {
  if (actor.type === 'system') return sql`true`;
  const grants = actor.grants.filter((g) => permissionsOf(g.role).includes(permission));
  if (grants.length === 0) return sql`false`;
  if (grants.some((g) => g.scopeType === 'global')) return sql`true`;
  return sql`(${sql.join(
    grants.map((g) => grantCondition(g, cols, mode)),
    sql` or `,
  )})`;
}

/** What the actor may read. */
export function hazardReadScope(actor: Actor, cols: HazardScopeColumns = hazardColumns): SQL {
  return hazardScope(actor, 'hazard.read', cols, 'read');
}

/**
 * Which permission sends each event: the responsible party (or an officer on its behalf) starts
 * and submits the rectification; an inspector or officer verifies or sends it back (复核销号);
 * interim control can be recorded by any of them.
 */
export const eventPermissions: Record<HazardEventType, readonly Permission[]> = {
  start_rectification: ['hazard.rectify', 'hazard.manage'],
  submit: ['hazard.rectify', 'hazard.manage'],
  verify: ['hazard.verify'],
  send_back: ['hazard.verify'],
  add_interim_control: ['hazard.rectify', 'hazard.manage', 'hazard.verify'],
};

/** SQL per row: may the actor act with any of these permissions on the hazard? */
export function anyOf(actor: Actor, perms: readonly Permission[], cols: HazardScopeColumns = hazardColumns): SQL {
  return sql`(${sql.join(
    perms.map((p) => hazardScope(actor, p, cols, 'write')),
    sql` or `,
  )})`;
}
