import {
  type SQL,
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  ilike,
  isNotNull,
  isNull,
  like,
  or,
  sql,
} from 'drizzle-orm';
import { queryTokens } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, venuesTable } from './registry.table.ts';
import type { ListVenuesQuery } from './venues.schemas.ts';

export type VenueRow = typeof venuesTable.$inferSelect;
export type VenueInsert = typeof venuesTable.$inferInsert;

/** Per-row ability conditions, evaluated in SQL with the actor's scope rules. */
export type AbilitySql = { full: SQL; supplier: SQL; archive: SQL };

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

const { searchTokens: _searchTokens, ...venueColumns } = getTableColumns(venuesTable);

/** Rows in the subtree of a region (the region itself and everything below it). */
export function inRegionSubtree(column: typeof venuesTable.regionId, regionId: string): SQL {
  // An InitPlan parameter (see registry.access.ts inRegion): lets the planner AND the region and search indexes.
  return sql`${column} = any(array(select r.id from ${regionsTable} r, ${regionsTable} p where p.id = ${regionId} and starts_with(r.path, p.path)))`;
}

/**
 * Chinese text search: every bigram of the query must be in search_tokens (GIN index), then an
 * ILIKE recheck on the visible fields. A one-character query has no bigram: ILIKE alone.
 */
export function venueTextFilter(q: string): SQL {
  const tokens = queryTokens(q);
  const pattern = `%${escapeLike(q)}%`;
  // Chinese has no letter case: a query without cased letters is rechecked with LIKE, which skips
  // ILIKE's case folding of every candidate (about a tenth of a broad search's time).
  const caseless = q.toLowerCase() === q.toUpperCase();
  const match = caseless ? like : ilike;
  const recheck = or(match(venuesTable.name, pattern), match(venuesTable.address, pattern))!;
  if (tokens.length === 0) return recheck;
  const array = sql`array[${sql.join(
    tokens.map((t) => sql`${t}`),
    sql`, `,
  )}]::text[]`;
  return and(sql`${venuesTable.searchTokens} @> ${array}`, recheck)!;
}

function listConditions(scope: SQL, f: Partial<ListVenuesQuery>): SQL {
  return and(
    scope,
    f.archived === 'true' ? isNotNull(venuesTable.archivedAt) : isNull(venuesTable.archivedAt),
    f.regionId ? inRegionSubtree(venuesTable.regionId, f.regionId) : undefined,
    f.category ? eq(venuesTable.category, f.category) : undefined,
    f.floor ? eq(venuesTable.floor, f.floor) : undefined,
    f.gasSource ? sql`${venuesTable.gasSources} @> array[${f.gasSource}]::text[]` : undefined,
    f.supplierEnterpriseId ? eq(venuesTable.supplierEnterpriseId, f.supplierEnterpriseId) : undefined,
    f.supplyStatus ? eq(venuesTable.supplyStatus, f.supplyStatus) : undefined,
    f.q ? venueTextFilter(f.q) : undefined,
  )!;
}

export function createVenuesRepository({ db }: { db: Db }) {
  const selection = (abilities: AbilitySql) => ({
    ...venueColumns,
    regionName: regionsTable.name,
    supplierName: enterprisesTable.name,
    canFull: sql<boolean>`(${abilities.full})`,
    canSupplier: sql<boolean>`(${abilities.supplier})`,
    canArchive: sql<boolean>`(${abilities.archive})`,
  });

  return {
    /**
     * One page of venues in scope with the filters, and the total count. The page's ids and the
     * total come from one narrow query (a window count, so the matching rows are read once); the
     * page's 20 rows are then joined back for their columns (bench/venues-list.bench.ts). Only a
     * page past the end needs a separate count.
     */
    async list({ scope, filters, abilities }: { scope: SQL; filters: ListVenuesQuery; abilities: AbilitySql }) {
      const where = listConditions(scope, filters);
      const sortColumn = { createdAt: venuesTable.createdAt, updatedAt: venuesTable.updatedAt, name: venuesTable.name }[
        filters.sort
      ];
      const dir = filters.order === 'asc' ? asc : desc;
      const page = db
        .select({
          pageId: sql<string>`${venuesTable.id}`.as('page_id'),
          sortKey: sql`${sortColumn}`.as('sort_key'),
          total: sql<number>`count(*) over ()`.as('total'),
        })
        .from(venuesTable)
        .where(where)
        .orderBy(dir(sortColumn), dir(venuesTable.id))
        .limit(filters.pageSize)
        .offset((filters.page - 1) * filters.pageSize)
        .as('page');
      const rows = await db
        .select({ ...selection(abilities), total: sql<number>`${page.total}`.mapWith(Number) })
        .from(page)
        .innerJoin(venuesTable, eq(venuesTable.id, page.pageId))
        .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, venuesTable.supplierEnterpriseId))
        .orderBy(dir(page.sortKey), dir(page.pageId));
      if (rows.length > 0 || filters.page === 1) return { rows, total: rows[0]?.total ?? 0 };
      const [total] = await db.select({ n: count() }).from(venuesTable).where(where);
      return { rows, total: total?.n ?? 0 };
    },

    /** Streams the rows of a filtered list in batches (export). */
    async *iterate({
      scope,
      filters,
      batchSize = 1000,
    }: {
      scope: SQL;
      filters: Partial<ListVenuesQuery>;
      batchSize?: number;
    }) {
      const where = listConditions(scope, filters);
      let offset = 0;
      for (;;) {
        const rows = await db
          .select({
            ...venueColumns,
            regionName: regionsTable.name,
            regionCode: regionsTable.code,
            supplierName: enterprisesTable.name,
            supplierCreditCode: enterprisesTable.creditCode,
          })
          .from(venuesTable)
          .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
          .leftJoin(enterprisesTable, eq(enterprisesTable.id, venuesTable.supplierEnterpriseId))
          .where(where)
          .orderBy(asc(venuesTable.createdAt), asc(venuesTable.id))
          .limit(batchSize)
          .offset(offset);
        yield* rows;
        if (rows.length < batchSize) return;
        offset += batchSize;
      }
    },

    async get({ id, scope, abilities }: { id: string; scope: SQL; abilities: AbilitySql }) {
      const [row] = await db
        .select(selection(abilities))
        .from(venuesTable)
        .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, venuesTable.supplierEnterpriseId))
        .where(and(eq(venuesTable.id, id), scope));
      return row;
    },

    /** The raw row, locked for the rest of the transaction. */
    async getForUpdate({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select()
        .from(venuesTable)
        .where(and(eq(venuesTable.id, id), scope))
        .for('update');
      return row;
    },

    async findByNaturalKey({ name, address }: { name: string; address: string }) {
      const [row] = await db
        .select()
        .from(venuesTable)
        .where(and(eq(venuesTable.name, name), eq(venuesTable.address, address)));
      return row;
    },

    async regionById({ id }: { id: string }) {
      const [row] = await db.select().from(regionsTable).where(eq(regionsTable.id, id));
      return row;
    },

    async enterpriseById({ id }: { id: string }) {
      const [row] = await db
        .select({
          id: enterprisesTable.id,
          kind: enterprisesTable.kind,
          name: enterprisesTable.name,
          archivedAt: enterprisesTable.archivedAt,
        })
        .from(enterprisesTable)
        .where(eq(enterprisesTable.id, id));
      return row;
    },

    /** Evaluates a condition with no table (scope checks on values about to be written). */
    async holds(condition: SQL): Promise<boolean> {
      const [row] = await db.select({ ok: sql<boolean>`(${condition})` }).from(sql`(select 1) as one`);
      return row?.ok === true;
    },

    async insert(values: VenueInsert) {
      const [row] = await db.insert(venuesTable).values(values).returning();
      return row!;
    },

    async update({ id, ...values }: { id: string } & Partial<VenueInsert>) {
      const [row] = await db
        .update(venuesTable)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(venuesTable.id, id))
        .returning();
      return row!;
    },
  };
}

export type VenuesRepository = ReturnType<typeof createVenuesRepository>;
