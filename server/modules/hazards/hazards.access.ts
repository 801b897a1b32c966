import { type AnyColumn, type SQL, and, eq, sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { HazardEventType } from '../../../domain/hazards/hazard-state.ts';
import {
  departmentResponsibilities,
  departmentVenueCategories,
  type VenueCategory,
  vehicleKinds,
  venueCategories,
} from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, type ScopeSubject, scopeFilter } from '../../platform/scope.ts';
import { regionIdUnder } from '../../platform/sql.ts';
import { inspectionsTable } from '../inspections/index.ts';
import { enterpriseHasRole } from '../registry/index.ts';
import { grantsTable } from '../users/index.ts';
import { hazardEventsTable, hazardsTable } from './hazards.table.ts';

/**
 * Who sees and acts on which hazards, as SQL over a hazard's columns (or the same columns of an
 * inspection, or of a register object about to get a hazard):
 * - a township grant: the region subtree;
 * - a department grant: hazards whose responsible department is theirs, in their county; for
 *   reading also the hazards naming no responsible department of the object kinds the plan makes it
 *   answer for, and the hazards it found itself (raised by an inspection it took part in, or entered
 *   by one of its people); the campaign office and the leading group read every hazard of the county;
 *   acting on an object with no hazard yet goes by the object kinds the plan makes the department
 *   answer for (departmentResponsibilities);
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
  /** Who found it (the raising inspection, the person who entered it): a department reads what it found. */
  sourceInspectionId?: AnyColumn | SQL;
  createdBy?: AnyColumn | SQL;
};

export const hazardColumns: HazardScopeColumns = {
  regionId: hazardsTable.regionId,
  objectKind: hazardsTable.objectKind,
  objectType: hazardsTable.objectType,
  objectId: hazardsTable.objectId,
  ownerEnterpriseId: hazardsTable.ownerEnterpriseId,
  departmentId: hazardsTable.departmentId,
  sourceInspectionId: hazardsTable.sourceInspectionId,
  createdBy: hazardsTable.createdBy,
};

/** `= any(array(subquery))`: the subtree's ids as one InitPlan parameter (platform/sql.ts regionIdUnder). */
export const inRegionPath = regionIdUnder;

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

/**
 * The hazards a department found itself: those raised from an inspection it took part in, and those
 * entered by hand or imported by one of its people. Both as InitPlans (the department's inspections,
 * its people), so the hazards' own indexes answer the rest.
 */
function foundByDepartment(cols: HazardScopeColumns): ((departmentId: string) => SQL) | undefined {
  const { sourceInspectionId, createdBy } = cols;
  if (!sourceInspectionId || !createdBy) return undefined;
  return (departmentId) => sql`(${sourceInspectionId} = any(array(select ${inspectionsTable.id} from ${inspectionsTable}
      where ${inspectionsTable.departmentIds} @> array[${departmentId}]::uuid[]))
    or ${createdBy} = any(array(select ${grantsTable.userId} from ${grantsTable}
      where ${grantsTable.departmentId} = ${departmentId})))`;
}

/** The hazards' scope descriptor: reading, or acting ('write'). */
export function hazardDescriptor(cols: HazardScopeColumns, mode: 'read' | 'write'): ScopeDescriptor {
  const kinds: ScopeSubject = {
    type: 'row',
    objectType: cols.objectType,
    objectKind: cols.objectKind,
    ownerRoles: enterpriseHasRole(cols.ownerEnterpriseId),
  };
  return {
    regionId: cols.regionId,
    department: !cols.departmentId
      ? // A register object with no hazard yet: the object kinds the plan makes the department answer for.
        { subject: kinds }
      : mode === 'read'
        ? // What it answers for — the hazards naming it as responsible department, and those naming none
          // of the object kinds the plan gives it — plus what it found itself (issue 9.7); the campaign
          // office and the leading group follow every hazard of the county.
          {
            namedId: cols.departmentId,
            subject: kinds,
            subjectWhenUnnamed: true,
            foundBy: foundByDepartment(cols),
            coordinatorsSeeAll: true,
          }
        : // Acting: the hazards it answers for.
          { namedId: cols.departmentId },
    enterpriseId: cols.ownerEnterpriseId,
    // Not its customers' venues: those answer for themselves.
    enterpriseOnly: sql`${cols.objectType} <> 'venue'`,
    venueId: (venueId) => sql`(${cols.objectType} = 'venue' and ${cols.objectId} = ${venueId})`,
  };
}

/** SQL: the row lies within the actor's scope for the permission ('read' is the department's reading rule). */
export function hazardScope(
  actor: Actor,
  permission: Permission,
  cols: HazardScopeColumns = hazardColumns,
  mode: 'read' | 'write' = 'write',
): SQL {
  return scopeFilter(actor, permission, hazardDescriptor(cols, mode));
}

/** What the actor may read. */
export function hazardReadScope(actor: Actor, cols: HazardScopeColumns = hazardColumns): SQL {
  return hazardScope(actor, 'hazard.read', cols, 'read');
}

/** Can the actor read this hazard (for other modules naming one as a source, e.g. an enforcement case)? */
export async function hazardReadable(db: Db, actor: Actor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: hazardsTable.id })
    .from(hazardsTable)
    .where(and(eq(hazardsTable.id, id), hazardReadScope(actor)));
  return row !== undefined;
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

/** Who may read a hazard's photos and its events' evidence: whoever may read the hazard (files' reader). */
export function hazardFileReader(actor: Actor, file: SQL): SQL {
  const h = hazardsTable;
  const e = hazardEventsTable;
  const scope = hazardReadScope(actor);
  return sql`(exists (select 1 from ${h} where ${h.photoIds} @> ${file} and ${scope})
    or exists (select 1 from ${e} join ${h} on ${h.id} = ${e.hazardId} where ${e.photoIds} @> ${file} and ${scope}))`;
}
