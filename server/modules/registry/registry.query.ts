import { sql } from 'drizzle-orm';
import { pgTable, uuid } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { type RegistryObjectType, registryFilter } from './registry.access.ts';

/**
 * Query pieces of the register's pipeline, people and vehicle modules (free for the other kinds):
 * boolean query flags and the scope check of a row not yet written. Region subtrees and text
 * search live in registry.helpers.ts.
 */

/** `?encroached=true` in a query string. */
export const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

// A stand-in for "the row as it would be": registryFilter's conditions are evaluated over it.
const candidate = pgTable('registry_candidate', {
  regionId: uuid('region_id'),
  enterpriseId: uuid('enterprise_id'),
  venueId: uuid('venue_id'),
  departmentId: uuid('department_id'),
});

/**
 * Whether a row with these values (not yet written, or about to change) would lie within the
 * actor's scope for the permission: the same rules as the list filter, so create and read agree.
 */
export async function withinScope(
  db: Db,
  actor: Actor,
  permission: Permission,
  type: RegistryObjectType,
  values: { regionId: string; enterpriseId?: string | null; venueId?: string | null; departmentId?: string | null },
): Promise<boolean> {
  const condition = registryFilter(actor, permission, type, {
    regionId: candidate.regionId,
    enterpriseId: candidate.enterpriseId,
    venueId: candidate.venueId,
    departmentId: candidate.departmentId,
  });
  const result = (await db.execute(
    sql`with registry_candidate(region_id, enterprise_id, venue_id, department_id) as (values (${values.regionId}::uuid, ${values.enterpriseId ?? null}::uuid, ${values.venueId ?? null}::uuid, ${values.departmentId ?? null}::uuid)) select (${condition}) as ok from registry_candidate`,
  )) as unknown as { rows: { ok: boolean }[] };
  return result.rows[0]?.ok === true;
}
