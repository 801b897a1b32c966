import { rolesOverlap } from './registry.access.ts';
import { type SQL, and, asc, count, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { regionsTable } from '../organisation/index.ts';
import type { EnterpriseFiltersInput } from './enterprises.schemas.ts';
import { inRegionSubtree, textSearch } from './registry.helpers.ts';
import { enterprisesTable, licencesTable, peopleTable } from './registry.table.ts';

const e = enterprisesTable;

export type EnterpriseRow = typeof enterprisesTable.$inferSelect & { regionName: string; blacklisted?: boolean };

/**
 * On a blacklist of joint punishment in force today (联合惩戒, issue 14): flagged wherever the enterprise
 * appears. The entries and their rule are enforcement's, a module above the register (which may not import it):
 * app.ts hands its predicate over (`registerEnterpriseBlacklist(enterpriseBlacklisted)`). Without it (the seeds,
 * the command line) the register knows of no blacklist and flags none.
 */
let blacklistedOf: ((enterpriseId: AnyPgColumn) => SQL<boolean>) | undefined;
export function registerEnterpriseBlacklist(predicate: (enterpriseId: AnyPgColumn) => SQL<boolean>): void {
  blacklistedOf = predicate;
}

const columns = () => ({
  ...getTableColumns(enterprisesTable),
  regionName: regionsTable.name,
  blacklisted: blacklistedOf ? blacklistedOf(e.id) : sql<boolean>`false`,
});

function filterBy(f: EnterpriseFiltersInput): SQL | undefined {
  return and(
    f.archived ? undefined : isNull(e.archivedAt),
    f.regionId ? inRegionSubtree(e.regionId, f.regionId) : undefined,
    // By business role (issue 11): a filler that also delivers is listed under both.
    f.kind ? rolesOverlap(e.roles, [f.kind]) : undefined,
    textSearch(e.searchTokens, f.q, [e.name, e.creditCode, e.address]),
  );
}

export function createEnterprisesRepository({ db }: { db: Db }) {
  return {
    async list({
      scope,
      filters,
      limit,
      offset,
    }: {
      scope: SQL;
      filters: EnterpriseFiltersInput;
      limit: number;
      offset: number;
    }) {
      const where = and(scope, filterBy(filters));
      const [rows, [total]] = await Promise.all([
        db
          .select(columns())
          .from(e)
          .innerJoin(regionsTable, eq(regionsTable.id, e.regionId))
          .where(where)
          .orderBy(desc(e.createdAt), asc(e.id))
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(e).where(where),
      ]);
      return { rows: rows as EnterpriseRow[], total: total?.n ?? 0 };
    },

    /** One page of the export, in name order, after the last (name, id) seen (keyset). */
    async exportBatch({
      scope,
      filters,
      after,
      limit,
    }: {
      scope: SQL;
      filters: EnterpriseFiltersInput;
      after: { name: string; id: string } | null;
      limit: number;
    }) {
      const rows = await db
        .select(columns())
        .from(e)
        .innerJoin(regionsTable, eq(regionsTable.id, e.regionId))
        .where(
          and(scope, filterBy(filters), after ? sql`(${e.name}, ${e.id}) > (${after.name}, ${after.id})` : undefined),
        )
        .orderBy(asc(e.name), asc(e.id))
        .limit(limit);
      return rows as EnterpriseRow[];
    },

    /** The enterprise if it lies within `scope`, with whether it lies within `manageScope` too. */
    async get({ id, scope, manageScope }: { id: string; scope: SQL; manageScope: SQL }) {
      const [row] = await db
        .select({ ...columns(), canManage: sql<boolean>`(${manageScope})` })
        .from(e)
        .innerJoin(regionsTable, eq(regionsTable.id, e.regionId))
        .where(and(eq(e.id, id), scope));
      return row as (EnterpriseRow & { canManage: boolean }) | undefined;
    },

    /** An enterprise by id whatever the scope, with whether it lies within two scope conditions (read, manage). */
    async getWithFlags({ id, read, manage }: { id: string; read: SQL; manage: SQL }) {
      const [row] = await db
        .select({ ...columns(), canRead: sql<boolean>`(${read})`, canManage: sql<boolean>`(${manage})` })
        .from(e)
        .innerJoin(regionsTable, eq(regionsTable.id, e.regionId))
        .where(eq(e.id, id));
      return row as (EnterpriseRow & { canRead: boolean; canManage: boolean }) | undefined;
    },

    /** Like getWithFlags, by credit code (imports name the enterprise by its code). */
    async getByCreditCodeWithFlags({ creditCode, read, manage }: { creditCode: string; read: SQL; manage: SQL }) {
      const [row] = await db
        .select({ ...columns(), canRead: sql<boolean>`(${read})`, canManage: sql<boolean>`(${manage})` })
        .from(e)
        .innerJoin(regionsTable, eq(regionsTable.id, e.regionId))
        .where(eq(e.creditCode, creditCode));
      return row as (EnterpriseRow & { canRead: boolean; canManage: boolean }) | undefined;
    },

    async findByCreditCode({ creditCode }: { creditCode: string }) {
      const [row] = await db
        .select(columns())
        .from(e)
        .innerJoin(regionsTable, eq(regionsTable.id, e.regionId))
        .where(eq(e.creditCode, creditCode));
      return row as EnterpriseRow | undefined;
    },

    /** Whether the row lies within a scope condition (checked after a write, inside its transaction). */
    async within({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select({ id: e.id })
        .from(e)
        .where(and(eq(e.id, id), scope));
      return Boolean(row);
    },

    async insert(values: typeof enterprisesTable.$inferInsert) {
      const [row] = await db.insert(e).values(values).returning();
      return row!;
    },

    async update({ id, ...values }: { id: string } & Partial<typeof enterprisesTable.$inferInsert>) {
      const [row] = await db
        .update(e)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(e.id, id))
        .returning();
      return row!;
    },

    /** Licences of many enterprises counted by computed status, and those expiring by `soon`. */
    async licenceSummaries({ ids, today, soon }: { ids: string[]; today: string; soon: string }) {
      if (ids.length === 0) return [];
      const l = licencesTable;
      const n = (cond: SQL) => sql<number>`count(*) filter (where ${cond})`.mapWith(Number);
      return db
        .select({
          enterpriseId: l.enterpriseId,
          valid: n(sql`${l.status} = 'valid' and (${l.validTo} is null or ${l.validTo} >= ${today})`),
          suspended: n(sql`${l.status} = 'suspended'`),
          revoked: n(sql`${l.status} = 'revoked'`),
          expired: n(sql`${l.status} = 'valid' and ${l.validTo} < ${today}`),
          expiringSoon: n(sql`${l.status} = 'valid' and ${l.validTo} >= ${today} and ${l.validTo} <= ${soon}`),
        })
        .from(l)
        .where(and(inArray(l.enterpriseId, ids), isNull(l.archivedAt)))
        .groupBy(l.enterpriseId);
    },

    /** 主要负责人 and 安全生产管理人员 of an enterprise with their assessment date (read-only; people are their own module). */
    async keyPersons({ enterpriseId }: { enterpriseId: string }) {
      return db
        .select({
          id: peopleTable.id,
          name: peopleTable.name,
          kind: peopleTable.kind,
          phone: peopleTable.phone,
          assessmentPassedOn: peopleTable.assessmentPassedOn,
        })
        .from(peopleTable)
        .where(
          and(
            eq(peopleTable.enterpriseId, enterpriseId),
            inArray(peopleTable.kind, ['principal', 'safety_manager']),
            isNull(peopleTable.archivedAt),
          ),
        )
        .orderBy(asc(peopleTable.kind), asc(peopleTable.name));
    },
  };
}
