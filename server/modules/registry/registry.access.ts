import { regulatorFieldsOnly } from './registry.errors.ts';
import { type AnyColumn, type SQL, eq, inArray, like, or, sql } from 'drizzle-orm';
import { type Permission, permissionsOf } from '../../../domain/access/roles.ts';
import { departmentResponsibilities, departmentVenueCategories } from '../../../domain/registry/registry.ts';
import type { Actor, ActorGrant } from '../../platform/access.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, venuesTable } from './registry.table.ts';

export type RegistryObjectType = 'enterprise' | 'licence' | 'facility' | 'venue' | 'pipeline' | 'person' | 'vehicle';

/**
 * The columns of a registry table that scope rules look at. `enterpriseId` is the owning
 * enterprise (the enterprise's own id for enterprises, the supplier for venues).
 */
export type ScopeColumns = {
  regionId?: AnyColumn;
  enterpriseId?: AnyColumn;
  /** The enterprise kind column (enterprises) — else the kind is looked up through enterpriseId. */
  enterpriseKind?: AnyColumn;
  venueId?: AnyColumn;
  venueCategory?: AnyColumn;
  departmentId?: AnyColumn;
};

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `= any(array(subquery))` rather than `in (subquery)`: the region ids become one parameter computed
 * once (an InitPlan), so PostgreSQL combines the region index with the others (a bitmap AND with the
 * text-search index) instead of guessing the subtree holds one region and walking it row by row
 * (measured by bench/venues-list.bench.ts).
 */
function inRegion(column: AnyColumn, path: string): SQL {
  return sql`${column} = any(array(select ${regionsTable.id} from ${regionsTable} where ${like(regionsTable.path, `${escapeLike(path)}%`)}))`;
}

/** `column in (values…)`; false for no values. */
function valueIn(column: AnyColumn, values: readonly string[]): SQL {
  if (values.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

function kindIn(cols: ScopeColumns, kinds: readonly string[]): SQL {
  if (cols.enterpriseKind) return valueIn(cols.enterpriseKind, kinds);
  if (cols.enterpriseId)
    return inArray(
      cols.enterpriseId,
      sql`(select ${enterprisesTable.id} from ${enterprisesTable} where ${valueIn(enterprisesTable.kind, kinds)})`,
    );
  return sql`false`;
}

/** What one grant lets its holder see of one object type, as SQL. */
function grantCondition(g: ActorGrant, type: RegistryObjectType, cols: ScopeColumns): SQL {
  switch (g.scopeType) {
    case 'global':
      return sql`true`;
    case 'region':
      return g.regionPath && cols.regionId ? inRegion(cols.regionId, g.regionPath) : sql`false`;
    case 'department': {
      const resp = g.departmentCode ? departmentResponsibilities[g.departmentCode] : undefined;
      if (!resp || !g.regionPath || !cols.regionId) return sql`false`;
      const region = inRegion(cols.regionId, g.regionPath);
      let covered: SQL;
      switch (type) {
        case 'enterprise':
        case 'licence':
        case 'facility':
          covered = kindIn(cols, resp.enterprises);
          break;
        case 'venue': {
          const cats = departmentVenueCategories[g.departmentCode!];
          covered = !resp.venues
            ? sql`false`
            : cats && cols.venueCategory
              ? valueIn(cols.venueCategory, cats)
              : sql`true`;
          break;
        }
        case 'pipeline':
          covered = resp.pipelines ? sql`true` : sql`false`;
          break;
        case 'vehicle':
          covered = resp.vehicles ? sql`true` : kindIn(cols, resp.enterprises);
          break;
        case 'person': {
          // A department sees its own inspectors, the staff of the enterprises it supervises and the
          // staff of the venues it supervises.
          const cats = departmentVenueCategories[g.departmentCode!];
          const venueStaff =
            !resp.venues || !cols.venueId
              ? sql`false`
              : cats
                ? inArray(
                    cols.venueId,
                    sql`(select ${venuesTable.id} from ${venuesTable} where ${valueIn(venuesTable.category, cats)})`,
                  )
                : sql`${cols.venueId} is not null`;
          covered = or(
            cols.departmentId && g.departmentId ? eq(cols.departmentId, g.departmentId) : sql`false`,
            kindIn(cols, resp.enterprises),
            venueStaff,
          )!;
          break;
        }
      }
      return sql`(${region} and ${covered})`;
    }
    case 'enterprise':
      return g.enterpriseId && cols.enterpriseId ? eq(cols.enterpriseId, g.enterpriseId) : sql`false`;
    case 'venue':
      return g.venueId && cols.venueId ? eq(cols.venueId, g.venueId) : sql`false`;
  }
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
  if (actor.type === 'system') return sql`true`;
  const grants = actor.grants.filter((g) => permissionsOf(g.role).includes(permission));
  if (grants.length === 0) return sql`false`;
  if (grants.some((g) => g.scopeType === 'global')) return sql`true`;
  return sql`(${sql.join(
    grants.map((g) => grantCondition(g, type, cols)),
    sql` or `,
  )})`;
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
