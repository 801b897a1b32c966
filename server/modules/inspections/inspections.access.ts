import { type AnyColumn, type SQL, eq, like, sql } from 'drizzle-orm';
import { type Permission, permissionsOf } from '../../../domain/access/roles.ts';
import { departmentResponsibilities, departmentVenueCategories } from '../../../domain/registry/registry.ts';
import type { Actor, ActorGrant } from '../../platform/access.ts';
import { regionsTable } from '../organisation/organisation.table.ts';

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

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** As registry.access: the subtree's region ids computed once (an InitPlan), so the region index is used. */
function inRegion(column: AnyColumn, path: string): SQL {
  return sql`${column} = any(array(select ${regionsTable.id} from ${regionsTable} where ${like(regionsTable.path, `${escapeLike(path)}%`)}))`;
}

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The objects a department answers for (domain/registry departmentResponsibilities), by the copied kind. */
function responsibleFor(code: string, c: LedgerScopeColumns): SQL {
  const resp = departmentResponsibilities[code];
  if (!resp) return sql`false`;
  const parts: SQL[] = [];
  if (resp.enterprises.length > 0) {
    parts.push(sql`(${c.objectType} in ('enterprise', 'facility') and ${c.objectKind} in (${list(resp.enterprises)}))`);
  }
  if (resp.venues) {
    const cats = departmentVenueCategories[code];
    parts.push(
      cats ? sql`(${c.objectType} = 'venue' and ${c.objectKind} in (${list(cats)}))` : sql`${c.objectType} = 'venue'`,
    );
  }
  if (resp.pipelines) parts.push(sql`${c.objectType} = 'pipeline'`);
  if (resp.vehicles) parts.push(sql`${c.objectType} = 'vehicle'`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

function grantCondition(g: ActorGrant, c: LedgerScopeColumns): SQL {
  switch (g.scopeType) {
    case 'global':
      return sql`true`;
    case 'region': {
      if (!g.regionPath) return sql`false`;
      const own = inRegion(c.regionId, g.regionPath);
      // A township's inspectors see the cross-inspections they do in other townships (交叉互检).
      return c.inspectingRegionId ? sql`(${own} or ${inRegion(c.inspectingRegionId, g.regionPath)})` : own;
    }
    case 'department': {
      const parts: SQL[] = [];
      if (g.departmentId && c.departmentIds) parts.push(sql`${c.departmentIds} @> array[${g.departmentId}]::uuid[]`);
      if (g.departmentId && c.departmentId) parts.push(eq(c.departmentId, g.departmentId));
      if (g.departmentCode && g.regionPath) {
        parts.push(sql`(${inRegion(c.regionId, g.regionPath)} and ${responsibleFor(g.departmentCode, c)})`);
      }
      return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
    }
    case 'enterprise': {
      if (!g.enterpriseId) return sql`false`;
      const own = eq(c.ownerEnterpriseId, g.enterpriseId);
      return c.inspectingEnterpriseId ? sql`(${own} or ${eq(c.inspectingEnterpriseId, g.enterpriseId)})` : own;
    }
    case 'venue':
      return g.venueId ? sql`(${c.objectType} = 'venue' and ${eq(c.objectId, g.venueId)})` : sql`false`;
  }
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
  if (actor.type === 'system') return sql`true`;
  const grants = actor.grants.filter((g) => permissionsOf(g.role).includes(permission));
  if (grants.length === 0) return sql`false`;
  if (grants.some((g) => g.scopeType === 'global')) return sql`true`;
  return sql`(${sql.join(
    grants.map((g) => grantCondition(g, c)),
    sql` or `,
  )})`;
}
