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
import { createHash } from 'node:crypto';
import { queryTokens } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { escapeLike, inRegionSubtree } from '../../platform/sql.ts';
import { regionsTable } from '../organisation/index.ts';
import { enterprisesTable, venuesTable } from './registry.table.ts';
import type { ListVenuesQuery } from './venues.schemas.ts';

export type VenueRow = typeof venuesTable.$inferSelect;
export type VenueInsert = typeof venuesTable.$inferInsert;

/** Per-row ability conditions, evaluated in SQL with the actor's scope rules. */
export type AbilitySql = { full: SQL; supplier: SQL; archive: SQL };

const { searchTokens: _searchTokens, ...venueColumns } = getTableColumns(venuesTable);

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

/** A venue list counts its matches up to this many; past it the total is "1000+" (totalCapped). */
export const VENUE_COUNT_CAP = 1000;

/**
 * With more than VENUE_COUNT_CAP matches, pages up to this many rows deep (5 pages of 20) sorted by
 * creation time are read by walking the (created_at, id) index backwards: at least one row in
 * (venues / cap) matches, so the walk stops after a bounded number of rows (about 2,000 for the
 * benchmark's broad terms on 100,000 venues, against every match read and sorted otherwise).
 */
export const VENUE_WALK_DEPTH = 100;

/**
 * Runs a page query in a transaction where the planner may only walk an index in order. Its row
 * estimates for a Chinese search (bigram containment AND a LIKE recheck) are far too low (26
 * estimated for 3,177 matches), so left alone it reads every match and sorts it even when the
 * caller knows there are more than a thousand and only the first rows are wanted. Without bitmap
 * scans and sorts the only plan left for an ordered page is the index walk; without parallel
 * workers it stays one process; without JIT because the disabled plans' costs pass jit_above_cost
 * (compiling took 0.4 s for a 2 ms walk when it was on). The settings are local to the
 * transaction (set_config(…, true)): call it on the database, not inside another transaction.
 */
async function walkPage<T>(db: Db, query: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`,
    );
    return query(tx as unknown as Db);
  });
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
     * One page of venues in scope with the filters, and the number of matches counted up to
     * VENUE_COUNT_CAP when a text search is given (`totalCapped` when there are more: the total is
     * then the cap); without one, past the cap the total is counted exactly in a second statement.
     *
     * First one narrow statement: at most cap + 1 matches, counted over a window, sorted, the page
     * cut out and joined back for its columns (bench/venues-list.bench.ts). With at most cap
     * matches that is the whole answer, exact. With more, the page is taken again from all the
     * matches: the first pages sorted by creation time by walking (created_at, id) backwards until
     * the page is full, which reads a few hundred rows instead of every match (see walkPage);
     * deeper pages and the other sorts sort every match, without counting them.
     */
    async list({ scope, filters, abilities }: { scope: SQL; filters: ListVenuesQuery; abilities: AbilitySql }) {
      const where = listConditions(scope, filters);
      const sortColumn = { createdAt: venuesTable.createdAt, updatedAt: venuesTable.updatedAt, name: venuesTable.name }[
        filters.sort
      ];
      const dir = filters.order === 'asc' ? asc : desc;
      const offset = (filters.page - 1) * filters.pageSize;
      const joined = async (q: Db, page: ReturnType<typeof pageOf>) =>
        q
          .select(selection(abilities))
          .from(page)
          .innerJoin(venuesTable, eq(venuesTable.id, page.pageId))
          .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
          .leftJoin(enterprisesTable, eq(enterprisesTable.id, venuesTable.supplierEnterpriseId))
          .orderBy(dir(page.sortKey), dir(page.pageId));
      /** The page's ids and sort keys among all the matches (no count). */
      const pageOf = (q: Db) =>
        q
          .select({
            pageId: sql<string>`${venuesTable.id}`.as('page_id'),
            sortKey: sql`${sortColumn}`.as('sort_key'),
          })
          .from(venuesTable)
          .where(where)
          .orderBy(dir(sortColumn), dir(venuesTable.id))
          .limit(filters.pageSize)
          .offset(offset)
          .as('page');

      // At most cap + 1 matches, in no particular order; then counted, sorted and paged.
      const matches = db
        .select({ id: sql<string>`${venuesTable.id}`.as('match_id'), key: sql`${sortColumn}`.as('match_key') })
        .from(venuesTable)
        .where(where)
        .limit(VENUE_COUNT_CAP + 1)
        .as('matches');
      const counted = db
        .select({
          pageId: sql<string>`${matches.id}`.as('page_id'),
          sortKey: sql`${matches.key}`.as('sort_key'),
          total: sql<number>`count(*) over ()`.as('total'),
        })
        .from(matches)
        .orderBy(dir(matches.key), dir(matches.id))
        .limit(filters.pageSize)
        .offset(offset)
        .as('page');
      const first = await db
        .select({ ...selection(abilities), total: sql<number>`${counted.total}`.mapWith(Number) })
        .from(counted)
        .innerJoin(venuesTable, eq(venuesTable.id, counted.pageId))
        .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, venuesTable.supplierEnterpriseId))
        .orderBy(dir(counted.sortKey), dir(counted.pageId));
      let matched = first[0]?.total ?? 0;
      if (first.length === 0 && filters.page > 1) {
        // A page past the end of the counted matches: how many there are (still capped).
        const [n] = await db.select({ n: count() }).from(
          db
            .select({ one: sql`1`.as('one') })
            .from(venuesTable)
            .where(where)
            .limit(VENUE_COUNT_CAP + 1)
            .as('m'),
        );
        matched = n?.n ?? 0;
      }
      if (matched <= VENUE_COUNT_CAP) {
        const rows = first.map(({ total: _total, ...row }) => row);
        return { rows, total: matched, totalCapped: false };
      }
      const walk = filters.sort === 'createdAt' && offset + filters.pageSize <= VENUE_WALK_DEPTH;
      const rows = walk ? await walkPage(db, (tx) => joined(tx, pageOf(tx))) : await joined(db, pageOf(db));
      if (!filters.q) {
        // Without a text search the filters are indexed columns (region, category, supplier…): the
        // register's own size is a figure the office reads, and counting it exactly is cheap.
        const [n] = await db.select({ n: count() }).from(venuesTable).where(where);
        return { rows, total: n?.n ?? 0, totalCapped: false };
      }
      return { rows, total: VENUE_COUNT_CAP, totalCapped: true };
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

    /**
     * `get` for one scope as a prepared statement, built once and run with `{ id }` (the service keeps one per
     * actor's grants). On PostgreSQL it is a named statement, named after its text: connections parse and plan it
     * once, and actors whose grants have the same shape (their values are parameters) share it.
     */
    prepareGet({ scope, abilities }: { scope: SQL; abilities: AbilitySql }) {
      const query = db
        .select(selection(abilities))
        .from(venuesTable)
        .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, venuesTable.supplierEnterpriseId))
        .where(and(eq(venuesTable.id, sql.placeholder('id')), scope));
      const name = `venue_get_${createHash('sha256').update(query.toSQL().sql).digest('hex').slice(0, 24)}`;
      return query.prepare(name);
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
