import { type AnyColumn, type SQL, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Permission, permissionsOf } from '../../domain/access/roles.ts';
import { departmentSeeds } from '../../domain/plan/plan-data.ts';
import { departmentResponsibilities, departmentVenueCategories } from '../../domain/registry/registry.ts';
import type { Db } from '../db/client.ts';
import type { Actor, ActorGrant } from './access.ts';
import { pathUnder, regionIdUnder, valueIn } from './sql.ts';

/**
 * The one grant-to-SQL scope engine. A module declares, per table, a **scope descriptor**: which of
 * its columns hold the facts scope rules look at. `scopeFilter(actor, permission, descriptor)` turns
 * the actor's grants that carry the permission into one SQL condition over those columns:
 *
 * - a global grant (and the system) sees everything;
 * - a region grant (a township, a regional leader) sees rows whose region lies in its subtree, and
 *   rows that name one of its regions as the acting region (the township doing a cross-inspection);
 * - a department grant sees, in its county, the rows it answers for: rows that name it (the
 *   responsible department, the inspecting departments), rows it found itself, and — where the
 *   descriptor says responsibility goes by object kind (the register, the inspections) — the object
 *   kinds the plan makes it answer for (`departmentResponsibilities`); where the descriptor says so
 *   (hazards), the campaign office and the leading group see everything in the county;
 * - an enterprise grant sees rows owned by its enterprise (or done by it, for acting columns);
 * - a venue grant sees rows about its venue;
 * - a facility grant (a filling line's token) sees rows about its station.
 *
 * A descriptor without the column a grant type needs gives that grant nothing: scope fails closed.
 */
export type Col = AnyColumn | SQL;

/**
 * What a row is about, for a department's responsibilities under the plan (三, department duties).
 * Either one fixed kind of register object with the column that holds its kind, or the ledger's
 * copied `objectType` and `objectKind` (enterprise kind, venue category, 'pipeline' or vehicle kind).
 */
export type ScopeSubject =
  | { type: 'enterprise' | 'licence' | 'facility'; enterpriseKind: Col | ((kinds: readonly string[]) => SQL) }
  | { type: 'venue'; venueCategory?: Col }
  | { type: 'pipeline' }
  | {
      type: 'vehicle';
      /** A department answering for carriers sees their vehicles even without the vehicle duty. */
      ownerKind?: (kinds: readonly string[]) => SQL;
    }
  | {
      type: 'person';
      /** The person's own department (inspectors). */
      departmentId?: Col;
      /** Staff of an enterprise of one of these kinds. */
      employerKind: (kinds: readonly string[]) => SQL;
      /** Staff of a venue, of any category (null) or of one of these. */
      venueStaff?: (categories: readonly string[] | null) => SQL;
    }
  | {
      type: 'row';
      objectType: Col;
      objectKind: Col;
      /** An enterprise or facility row whose owner holds one of these roles (issue 11: several roles). */
      ownerRoles?: (kinds: readonly string[]) => SQL;
    };

export type ScopeDescriptor = {
  /** The row's region: an id column (resolved through the region tree) or a materialised path column. */
  regionId?: Col;
  regionPath?: Col;
  /** A region that acts on the row (the township doing a cross-inspection): its region grants see the row too. */
  actingRegionId?: Col;
  department?: {
    /** The department named on the row (hazards: the responsible department). */
    namedId?: Col;
    /** The departments named on the row (inspections: the inspecting departments, uuid[]). */
    namedIds?: Col;
    /** Rows the department found itself (hazards raised by its inspections or entered by its people). */
    foundBy?: (departmentId: string) => SQL;
    /** Responsibility by object kind (the register, inspections). Absent: only named and found rows. */
    subject?: ScopeSubject;
    /** The object kind decides only for rows that name no department (`namedId` is null). */
    subjectWhenUnnamed?: boolean;
    /** Named rows count anywhere (true), or only within the department's county (false, the default). */
    namedAnywhere?: boolean;
    /** The leading group and its office see every row in the county (they answer for the whole campaign). */
    coordinatorsSeeAll?: boolean;
    /** Every department sees every row of its county (the region tree, the audit trail). */
    wholeCounty?: boolean;
  };
  /** The owning enterprise (an enterprise's own id, a venue's supplier, a vehicle's carrier). */
  enterpriseId?: Col;
  /** The enterprises named on the row (uuid[]: the operators of the pipelines near a third-party works). */
  enterpriseIds?: Col;
  /** An enterprise that acts on the row (the enterprise doing a self- or household inspection). */
  actingEnterpriseId?: Col;
  /** The condition an enterprise grant adds to ownership (hazards: not its customers' venues). */
  enterpriseOnly?: SQL;
  /** The row is about this facility (a station): facility grants (a filling line's token) see it. */
  facilityId?: Col;
  /** The row is about this venue: a venue id column, or a condition built from the grant's venue id. */
  venueId?: Col | ((venueId: string) => SQL);
};

/** The departments that coordinate the campaign (the leading group and its office) answer for everything. */
const coordinating: ReadonlySet<string> = new Set(
  departmentSeeds.filter((d) => d.kind !== 'department').map((d) => d.code),
);

/** Whether the department (by code) coordinates the whole campaign rather than answering for some kinds. */
export function coordinatesCampaign(code: string | null): boolean {
  return code !== null && coordinating.has(code);
}

const isSql = (c: unknown): c is SQL => typeof c === 'object' && c !== null && 'queryChunks' in c;
const kindCondition = (c: Col | ((kinds: readonly string[]) => SQL), kinds: readonly string[]): SQL =>
  typeof c === 'function' && !isSql(c) ? c(kinds) : valueIn(c as Col, kinds);

/** The rows of this subject the department answers for under the plan, by object kind. */
export function departmentCovers(code: string, subject: ScopeSubject): SQL {
  const resp = departmentResponsibilities[code];
  if (!resp) return sql`false`;
  const cats = departmentVenueCategories[code];
  switch (subject.type) {
    case 'enterprise':
    case 'licence':
    case 'facility':
      return kindCondition(subject.enterpriseKind, resp.enterprises);
    case 'venue':
      if (!resp.venues) return sql`false`;
      return cats && subject.venueCategory ? valueIn(subject.venueCategory, cats) : sql`true`;
    case 'pipeline':
      return resp.pipelines ? sql`true` : sql`false`;
    case 'vehicle':
      if (resp.vehicles) return sql`true`;
      return subject.ownerKind ? subject.ownerKind(resp.enterprises) : sql`false`;
    case 'person':
      // Its own inspectors are named rows (descriptor.department.namedId); here the staff it supervises.
      return sql`(${subject.employerKind(resp.enterprises)} or ${
        resp.venues && subject.venueStaff ? subject.venueStaff(cats ?? null) : sql`false`
      })`;
    case 'row': {
      const { objectType: t, objectKind: k } = subject;
      const parts: SQL[] = [];
      if (resp.enterprises.length > 0) {
        const byKind = valueIn(k, resp.enterprises);
        const byRole = subject.ownerRoles ? sql`(${byKind} or ${subject.ownerRoles(resp.enterprises)})` : byKind;
        parts.push(sql`(${t} in ('enterprise', 'facility') and ${byRole})`);
      }
      if (resp.venues) parts.push(cats ? sql`(${t} = 'venue' and ${valueIn(k, cats)})` : sql`${t} = 'venue'`);
      if (resp.pipelines) parts.push(sql`${t} = 'pipeline'`);
      if (resp.vehicles) parts.push(sql`${t} = 'vehicle'`);
      return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
    }
  }
}

function inRegion(d: ScopeDescriptor, path: string): SQL | undefined {
  if (d.regionId) return regionIdUnder(d.regionId, path);
  if (d.regionPath) return pathUnder(d.regionPath, path);
  return undefined;
}

const anyOf = (parts: SQL[]): SQL => (parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`);

/** What one grant lets its holder see of the described rows. */
export function grantCondition(g: ActorGrant, d: ScopeDescriptor): SQL {
  switch (g.scopeType) {
    case 'global':
      return sql`true`;
    case 'region': {
      if (!g.regionPath) return sql`false`;
      const parts: SQL[] = [];
      const own = inRegion(d, g.regionPath);
      if (own) parts.push(own);
      if (d.actingRegionId) parts.push(regionIdUnder(d.actingRegionId, g.regionPath));
      return anyOf(parts);
    }
    case 'department': {
      const dep = d.department;
      if (!dep || !g.regionPath) return sql`false`;
      const county = inRegion(d, g.regionPath);
      if (!county) return sql`false`;
      if (dep.wholeCounty || (dep.coordinatorsSeeAll && coordinatesCampaign(g.departmentCode))) return county;
      const named: SQL[] = [];
      if (g.departmentId && dep.namedIds) named.push(sql`${dep.namedIds} @> array[${g.departmentId}]::uuid[]`);
      if (g.departmentId && dep.namedId) named.push(eq(dep.namedId as AnyColumn, g.departmentId));
      const inCounty: SQL[] = [];
      if (g.departmentId && dep.foundBy) inCounty.push(dep.foundBy(g.departmentId));
      if (dep.subject && g.departmentCode) {
        const covers = departmentCovers(g.departmentCode, dep.subject);
        inCounty.push(dep.subjectWhenUnnamed && dep.namedId ? sql`(${dep.namedId} is null and ${covers})` : covers);
      }
      if (!dep.namedAnywhere) inCounty.unshift(...named.splice(0));
      const parts = [...named];
      if (inCounty.length > 0) parts.push(sql`(${county} and ${anyOf(inCounty)})`);
      return anyOf(parts);
    }
    case 'enterprise': {
      if (!g.enterpriseId) return sql`false`;
      const parts: SQL[] = [];
      if (d.enterpriseId) {
        const own = eq(d.enterpriseId as AnyColumn, g.enterpriseId);
        parts.push(d.enterpriseOnly ? sql`(${own} and ${d.enterpriseOnly})` : own);
      }
      if (d.actingEnterpriseId) parts.push(eq(d.actingEnterpriseId as AnyColumn, g.enterpriseId));
      if (d.enterpriseIds) parts.push(sql`${d.enterpriseIds} @> array[${g.enterpriseId}]::uuid[]`);
      return anyOf(parts);
    }
    case 'facility':
      return g.facilityId && d.facilityId ? eq(d.facilityId as AnyColumn, g.facilityId) : sql`false`;
    case 'venue': {
      if (!g.venueId || !d.venueId) return sql`false`;
      return typeof d.venueId === 'function' && !isSql(d.venueId)
        ? d.venueId(g.venueId)
        : eq(d.venueId as AnyColumn, g.venueId);
    }
  }
}

/** The actor's grants that carry the permission. */
export function grantsWith(actor: Actor, permission: Permission): ActorGrant[] {
  return actor.grants.filter((g) => permissionsOf(g.role).includes(permission));
}

/** Whether the actor sees every row for this permission (the system, or a global grant carrying it). */
export function seesAll(actor: Actor, permission: Permission): boolean {
  return actor.type === 'system' || grantsWith(actor, permission).some((g) => g.scopeType === 'global');
}

/** SQL condition: the row lies within the actor's scope for this permission. */
export function scopeFilter(actor: Actor, permission: Permission, d: ScopeDescriptor): SQL {
  if (seesAll(actor, permission)) return sql`true`;
  const grants = grantsWith(actor, permission);
  if (grants.length === 0) return sql`false`;
  return anyOf(grants.map((g) => grantCondition(g, d)));
}

/**
 * Which of `actors` see the row(s) of `table` matching `where`, by each one's filter (`filterOf`, usually their
 * scope filter): one query per 400 actors, each actor's filter a boolean column, instead of one query per actor
 * (a notification's recipients among all active users).
 */
export async function actorsPassing<A>(
  db: Db,
  table: PgTable,
  where: SQL,
  actors: readonly A[],
  filterOf: (actor: A) => SQL,
): Promise<A[]> {
  const out: A[] = [];
  for (let i = 0; i < actors.length; i += 400) {
    const chunk = actors.slice(i, i + 400);
    const columns = Object.fromEntries(
      chunk.map((a, j) => [`s${j}`, sql<boolean>`coalesce((${filterOf(a)}), false)`.mapWith(Boolean)]),
    );
    const [row] = await db.select(columns).from(table).where(where).limit(1);
    if (row) out.push(...chunk.filter((_, j) => row[`s${j}`]));
  }
  return out;
}
