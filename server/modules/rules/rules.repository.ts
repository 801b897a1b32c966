import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type BannedProductRow, bannedProductsTable, type LimitVersionRow, limitVersionsTable } from './rules.table.ts';

const v = limitVersionsTable;
const b = bannedProductsTable;

/** The limits' versions (规则参数): the only queries of the rules module. */
export function createRulesRepository({ db }: { db: Db }) {
  return {
    /** Every version, oldest first (a handful: one per change the office makes). */
    async listVersions(): Promise<LimitVersionRow[]> {
      return db.select().from(v).orderBy(asc(v.seq));
    },
    async getVersion(id: string): Promise<LimitVersionRow | undefined> {
      const [row] = await db.select().from(v).where(eq(v.id, id));
      return row;
    },
    async lastSeq(): Promise<number> {
      const [row] = await db.select({ seq: v.seq }).from(v).orderBy(desc(v.seq)).limit(1);
      return row?.seq ?? 0;
    },
    /** Inserts a version; `null` when its seq is taken (another change or seeding won the race). */
    async insertVersion(values: typeof v.$inferInsert): Promise<LimitVersionRow | null> {
      const [row] = await db.insert(v).values(values).onConflictDoNothing({ target: v.seq }).returning();
      return row ?? null;
    },
    /** The banned-products catalogue: in force first, then withdrawn; by kind and name. */
    async listBannedProducts(): Promise<BannedProductRow[]> {
      return db.select().from(b).orderBy(sql`${b.withdrawnAt} is not null`, asc(b.kind), asc(b.name), asc(b.id));
    },
    async getBannedProduct(id: string): Promise<BannedProductRow | undefined> {
      const [row] = await db.select().from(b).where(eq(b.id, id));
      return row;
    },
    async countBannedProducts(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(b);
      return row?.n ?? 0;
    },
    async insertBannedProducts(values: (typeof b.$inferInsert)[]): Promise<BannedProductRow[]> {
      return values.length ? db.insert(b).values(values).returning() : [];
    },
    async updateBannedProduct(id: string, values: Partial<typeof b.$inferInsert>): Promise<BannedProductRow> {
      const [row] = await db
        .update(b)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(b.id, id))
        .returning();
      return row!;
    },
    /** Serialises changes of the limits within a transaction (two office users saving at once). */
    async lockForChange(what: 'limit_versions' | 'banned_products' = 'limit_versions') {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext(${what}))`);
    },
  };
}
