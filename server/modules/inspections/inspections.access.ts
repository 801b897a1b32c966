import { type AnyColumn, type SQL, and, eq, sql } from 'drizzle-orm';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, scopeFilter } from '../../platform/scope.ts';
import { enterpriseHasRole } from '../registry/index.ts';
import { inspectionResultsTable, inspectionsTable } from './inspections.table.ts';

/**
 * The columns of a ledger table (inspections, hazards) that scope looks at. Both tables keep copies
 * of the object's region, kind and owner, so scope needs no join to the register.
 */
export type LedgerScopeColumns = {
  regionId: AnyColumn;
  objectType: AnyColumn;
  objectId: AnyColumn;
  objectKind: AnyColumn;
  ownerEnterpriseId: AnyColumn;
  /** inspections: the inspecting departments (uuid[]). */
  departmentIds?: AnyColumn;
  /** hazards: the responsible department. */
  departmentId?: AnyColumn;
  /** inspections: the inspecting township of a cross-inspection. */
  inspectingRegionId?: AnyColumn;
  /** inspections: the enterprise doing a self- or household inspection. */
  inspectingEnterpriseId?: AnyColumn;
};

/** The inspections' (and any ledger table's) scope descriptor over these columns. */
export function ledgerDescriptor(c: LedgerScopeColumns): ScopeDescriptor {
  return {
    regionId: c.regionId,
    // A township's inspectors see the cross-inspections they do in other townships (交叉互检).
    actingRegionId: c.inspectingRegionId,
    department: {
      namedIds: c.departmentIds,
      namedId: c.departmentId,
      namedAnywhere: true,
      subject: {
        type: 'row',
        objectType: c.objectType,
        objectKind: c.objectKind,
        ownerRoles: enterpriseHasRole(c.ownerEnterpriseId),
      },
    },
    enterpriseId: c.ownerEnterpriseId,
    actingEnterpriseId: c.inspectingEnterpriseId,
    venueId: (venueId) => sql`(${c.objectType} = 'venue' and ${eq(c.objectId, venueId)})`,
  };
}

/**
 * SQL condition: the ledger row is within the actor's scope for this permission.
 * - a township (region grant) sees its objects, and the cross-inspections its people do elsewhere;
 * - a department sees what it takes part in (inspecting department, responsible department) and the
 *   objects of the kinds the plan makes it answer for, in its county;
 * - an enterprise sees rows about its own objects and the inspections it does itself (self- and
 *   household inspections of its users);
 * - a venue manager sees rows about the venue.
 */
export function ledgerScopeFilter(actor: Actor, permission: Permission, c: LedgerScopeColumns): SQL {
  return scopeFilter(actor, permission, ledgerDescriptor(c));
}

/** The inspections' columns under the scope rules. */
const inspectionColumns = (i: typeof inspectionsTable): LedgerScopeColumns => ({
  regionId: i.regionId,
  objectType: i.objectType,
  objectId: i.objectId,
  objectKind: i.objectKind,
  ownerEnterpriseId: i.ownerEnterpriseId,
  departmentIds: i.departmentIds,
  inspectingRegionId: i.inspectingRegionId,
  inspectingEnterpriseId: i.inspectingEnterpriseId,
});

/** Can the actor read this inspection (for other modules naming one as a source, e.g. an enforcement case)? */
export async function inspectionReadable(db: Db, actor: Actor, id: string): Promise<boolean> {
  const i = inspectionsTable;
  const [row] = await db
    .select({ id: i.id })
    .from(i)
    .where(and(eq(i.id, id), ledgerScopeFilter(actor, 'inspection.read', inspectionColumns(i))));
  return row !== undefined;
}

/** Who may read the photos of an inspection's results: whoever may read the inspection (files' reader). */
export function inspectionFileReader(actor: Actor, file: SQL): SQL {
  const r = inspectionResultsTable;
  const i = inspectionsTable;
  return sql`exists (select 1 from ${r} join ${i} on ${i.id} = ${r.inspectionId}
    where ${r.photoIds} @> ${file} and ${ledgerScopeFilter(actor, 'inspection.read', inspectionColumns(i))})`;
}
