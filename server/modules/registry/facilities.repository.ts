import { type SQL, and, asc, count, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regionsTable } from '../organisation/index.ts';
import type { FacilityFiltersInput } from './facilities.schemas.ts';
import { inRegionSubtree, textSearch } from './registry.helpers.ts';
import { enterprisesTable, facilitiesTable } from './registry.table.ts';

const f = facilitiesTable;
const e = enterprisesTable;

const columns = {
  ...getTableColumns(facilitiesTable),
  enterpriseName: e.name,
  enterpriseCreditCode: e.creditCode,
  enterpriseArchivedAt: e.archivedAt,
  regionName: regionsTable.name,
};

export type FacilityRow = typeof facilitiesTable.$inferSelect & {
  enterpriseName: string;
  enterpriseCreditCode: string;
  enterpriseArchivedAt: Date | null;
  regionName: string;
};

/** A facility lies in its own region; its kind for department scope is its enterprise's kind. */
export const facilityScopeColumns = { regionId: f.regionId, enterpriseId: f.enterpriseId, enterpriseRoles: e.roles };

function filterBy(q: FacilityFiltersInput): SQL | undefined {
  return and(
    q.archived ? undefined : and(isNull(f.archivedAt), isNull(e.archivedAt)),
    q.enterpriseId ? eq(f.enterpriseId, q.enterpriseId) : undefined,
    q.regionId ? inRegionSubtree(f.regionId, q.regionId) : undefined,
    q.kind ? eq(f.kind, q.kind) : undefined,
    textSearch(f.searchTokens, q.q, [f.name, f.address]),
  );
}

function joined(db: Db, select: Record<string, unknown> = columns) {
  return db
    .select(select as typeof columns)
    .from(f)
    .innerJoin(e, eq(e.id, f.enterpriseId))
    .innerJoin(regionsTable, eq(regionsTable.id, f.regionId));
}

export function createFacilitiesRepository({ db }: { db: Db }) {
  return {
    async list({
      scope,
      filters,
      limit,
      offset,
    }: {
      scope: SQL;
      filters: FacilityFiltersInput;
      limit: number;
      offset: number;
    }) {
      const where = and(scope, filterBy(filters));
      const [rows, [total]] = await Promise.all([
        joined(db).where(where).orderBy(desc(f.createdAt), asc(f.id)).limit(limit).offset(offset),
        db.select({ n: count() }).from(f).innerJoin(e, eq(e.id, f.enterpriseId)).where(where),
      ]);
      return { rows: rows as FacilityRow[], total: total?.n ?? 0 };
    },

    async exportBatch({
      scope,
      filters,
      after,
      limit,
    }: {
      scope: SQL;
      filters: FacilityFiltersInput;
      after: { name: string; id: string } | null;
      limit: number;
    }) {
      const rows = await joined(db)
        .where(
          and(scope, filterBy(filters), after ? sql`(${f.name}, ${f.id}) > (${after.name}, ${after.id})` : undefined),
        )
        .orderBy(asc(f.name), asc(f.id))
        .limit(limit);
      return rows as FacilityRow[];
    },

    async get({ id, scope, manageScope }: { id: string; scope: SQL; manageScope: SQL }) {
      const [row] = await joined(db, { ...columns, canManage: sql<boolean>`(${manageScope})` }).where(
        and(eq(f.id, id), scope),
      );
      return row as (FacilityRow & { canManage: boolean }) | undefined;
    },

    async getById({ id }: { id: string }) {
      const [row] = await joined(db).where(eq(f.id, id));
      return row as FacilityRow | undefined;
    },

    /** An enterprise's live facilities within a scope (the enterprise detail shows them). */
    async byEnterprise({ enterpriseId, scope }: { enterpriseId: string; scope: SQL }) {
      const rows = await joined(db)
        .where(and(eq(f.enterpriseId, enterpriseId), isNull(f.archivedAt), scope))
        .orderBy(asc(f.kind), asc(f.name));
      return rows as FacilityRow[];
    },

    async findByEnterpriseName({ enterpriseId, name }: { enterpriseId: string; name: string }) {
      const [row] = await joined(db).where(and(eq(f.enterpriseId, enterpriseId), eq(f.name, name)));
      return row as FacilityRow | undefined;
    },

    async within({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select({ id: f.id })
        .from(f)
        .innerJoin(e, eq(e.id, f.enterpriseId))
        .where(and(eq(f.id, id), scope));
      return Boolean(row);
    },

    async insert(values: typeof facilitiesTable.$inferInsert) {
      const [row] = await db.insert(f).values(values).returning({ id: f.id });
      return row!;
    },

    async update({ id, ...values }: { id: string } & Partial<typeof facilitiesTable.$inferInsert>) {
      await db
        .update(f)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(f.id, id));
    },
  };
}
