import { type AnyColumn, type SQL, inArray, sql } from 'drizzle-orm';
import { regulatorFieldsOnly } from './registry.errors.ts';
import { type Permission, permissionsOf } from '../../../domain/access/roles.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, type ScopeSubject, scopeFilter } from '../../platform/scope.ts';
import { valueIn } from '../../platform/sql.ts';
import { enterprisesTable, venuesTable } from './registry.table.ts';

export type RegistryObjectType = 'enterprise' | 'licence' | 'facility' | 'venue' | 'pipeline' | 'person' | 'vehicle';

/**
 * The columns of a registry table that scope rules look at. `enterpriseId` is the owning
 * enterprise (the enterprise's own id for enterprises, the supplier for venues).
 */
export type ScopeColumns = {
  regionId?: AnyColumn;
  enterpriseId?: AnyColumn;
  /** The enterprise kind column — else the roles are looked up through enterpriseId. */
  enterpriseKind?: AnyColumn;
  /** The enterprises' business roles column (issue 11): a department answers for an enterprise by any of its roles. */
  enterpriseRoles?: AnyColumn;
  venueId?: AnyColumn;
  venueCategory?: AnyColumn;
  departmentId?: AnyColumn;
};

/** An enterprise's business roles overlap these kinds (`roles && array[…]`, GIN-indexed). */
export function rolesOverlap(roles: AnyColumn, kinds: readonly string[]): SQL {
  return kinds.length === 0 ? sql`false` : sql`${roles} && ${sql.param([...kinds])}::text[]`;
}

/**
 * The enterprise-role condition (issue 11: an enterprise holding several roles answers to each
 * role's department): its roles column, a kind column, or the owning enterprise's roles.
 */
function kindIn(cols: ScopeColumns): (kinds: readonly string[]) => SQL {
  return (kinds) => {
    if (cols.enterpriseRoles) return rolesOverlap(cols.enterpriseRoles, kinds);
    if (cols.enterpriseKind) return valueIn(cols.enterpriseKind, kinds);
    if (cols.enterpriseId)
      return inArray(
        cols.enterpriseId,
        sql`(select ${enterprisesTable.id} from ${enterprisesTable} where ${rolesOverlap(enterprisesTable.roles, kinds)})`,
      );
    return sql`false`;
  };
}

/** What a department answers for of one register object type (departmentResponsibilities, by kind). */
function subjectOf(type: RegistryObjectType, cols: ScopeColumns): ScopeSubject {
  switch (type) {
    case 'enterprise':
    case 'licence':
    case 'facility':
      return { type, enterpriseKind: kindIn(cols) };
    case 'venue':
      return { type, venueCategory: cols.venueCategory };
    case 'pipeline':
      return { type };
    case 'vehicle':
      return { type, ownerKind: kindIn(cols) };
    case 'person':
      // A department sees its own inspectors (named), the staff of the enterprises it supervises and
      // the staff of the venues it supervises.
      return {
        type,
        employerKind: kindIn(cols),
        venueStaff: (cats) =>
          !cols.venueId
            ? sql`false`
            : cats
              ? inArray(
                  cols.venueId,
                  sql`(select ${venuesTable.id} from ${venuesTable} where ${valueIn(venuesTable.category, cats)})`,
                )
              : sql`${cols.venueId} is not null`,
      };
  }
}

/** The register's scope descriptor of one object type over these columns. */
export function registryDescriptor(type: RegistryObjectType, cols: ScopeColumns): ScopeDescriptor {
  return {
    regionId: cols.regionId,
    department: {
      namedId: type === 'person' ? cols.departmentId : undefined,
      subject: subjectOf(type, cols),
    },
    enterpriseId: cols.enterpriseId,
    venueId: cols.venueId,
  };
}

/**
 * SQL condition: the row is within the actor's scope for this permission. A township sees its
 * region; a department the object kinds the plan makes it answer for, in its county; an enterprise
 * its own objects and its customers; a venue manager its venue.
 */
export function registryFilter(
  actor: Actor,
  permission: Permission,
  type: RegistryObjectType,
  cols: ScopeColumns,
): SQL {
  return scopeFilter(actor, permission, registryDescriptor(type, cols));
}

/**
 * Whether every grant that lets the actor manage the register is the supervised party's own (an
 * enterprise or venue manager): such an actor edits its own records but cannot take itself out of
 * supervision by archiving them — archiving is for the supervising officers.
 */
/**
 * Refuses a supervised party's change of a field that is the regulator's (region, category, kind, licence
 * fields): `changed` lists the fields whose value would change. A regulator (any grant that is not an
 * enterprise or venue scope) passes.
 */
export function checkRegulatorFields(actor: Actor, changed: readonly string[]) {
  if (changed.length > 0 && managesOnlyItself(actor)) throw regulatorFieldsOnly({ field: changed[0], fields: changed });
}

export function managesOnlyItself(actor: Actor): boolean {
  if (actor.type === 'system') return false;
  const grants = actor.grants.filter((g) => permissionsOf(g.role).includes('registry.manage'));
  return grants.length > 0 && grants.every((g) => g.scopeType === 'enterprise' || g.scopeType === 'venue');
}

/** The enterprise (an owner column) holds one of these business roles (issue 11), for ledger rows. */
export function enterpriseHasRole(enterpriseId: AnyColumn | SQL): (kinds: readonly string[]) => SQL {
  return (kinds) =>
    sql`${enterpriseId} = any(array(select ${enterprisesTable.id} from ${enterprisesTable} where ${rolesOverlap(enterprisesTable.roles, kinds)}))`;
}
