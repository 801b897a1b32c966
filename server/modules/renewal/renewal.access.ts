import { type SQL, eq, or, sql } from 'drizzle-orm';
import { permissionsOf } from '../../../domain/access/roles.ts';
import { type Actor, type ActorGrant, can } from '../../platform/access.ts';
import { coordinatesCampaign } from '../../platform/scope.ts';
import { regionIdUnder } from '../../platform/sql.ts';
import { registryFilter } from '../registry/index.ts';
import { renewalProjectsTable } from './renewal.table.ts';

const p = renewalProjectsTable;

/**
 * Who runs renewal projects (plan 四(二)1–2, 住建部门牵头): the campaign office (a global grant, or the
 * office and leading group as departments) and the housing department (住建), in their county. Other
 * departments hold `renewal.manage` through their role but get nothing here: scope fails closed.
 */
function editorGrants(actor: Actor): ActorGrant[] {
  return actor.grants.filter(
    (g) =>
      permissionsOf(g.role).includes('renewal.manage') &&
      (g.scopeType === 'global' ||
        (g.scopeType === 'department' && (g.departmentCode === 'housing' || coordinatesCampaign(g.departmentCode)))),
  );
}

/** SQL: the project is one the actor records and edits (budget, funds, scope, acceptance). */
export function editScope(actor: Actor): SQL {
  if (actor.type === 'system') return sql`true`;
  const parts: SQL[] = [];
  for (const g of editorGrants(actor)) {
    if (g.scopeType === 'global') return sql`true`;
    if (g.regionPath) parts.push(regionIdUnder(p.regionId, g.regionPath));
  }
  return parts.length ? (or(...parts) as SQL) : sql`false`;
}

/** Whether the actor may record projects at all (somewhere). */
export function isEditor(actor: Actor): boolean {
  return actor.type === 'system' || editorGrants(actor).length > 0;
}

/** Whether the campaign office itself is acting (the plan's yearly target is its data). */
export function isOffice(actor: Actor): boolean {
  return (
    actor.type === 'system' ||
    actor.grants.some(
      (g) =>
        permissionsOf(g.role).includes('renewal.manage') &&
        (g.scopeType === 'global' || (g.scopeType === 'department' && coordinatesCampaign(g.departmentCode))),
    )
  );
}

/** SQL: the actor may report progress and photos: an editor, or the project's own operator. */
export function reportScope(actor: Actor): SQL {
  const own = actor.grants
    .filter((g) => g.scopeType === 'enterprise' && g.enterpriseId && permissionsOf(g.role).includes('renewal.report'))
    .map((g) => eq(p.operatorId, g.enterpriseId as string));
  return or(editScope(actor), ...own) as SQL;
}

/** SQL: the actor may read the project: the register's scope over pipelines (townships their own, operators theirs). */
export function readScope(actor: Actor): SQL {
  const register = can(actor, 'registry.read')
    ? registryFilter(actor, 'registry.read', 'pipeline', { regionId: p.regionId, enterpriseId: p.operatorId })
    : sql`false`;
  return or(register, editScope(actor)) as SQL;
}
