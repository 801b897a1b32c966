import { type SQL, count, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { departmentsTable, regionsTable } from '../organisation/index.ts';
import type { PublicityFilterValues } from './publicity.schemas.ts';
import { gasConversionsTable, publicityActivitiesTable } from './publicity.table.ts';

const a = publicityActivitiesTable;
const c = gasConversionsTable;

export const activityConditions = (f: PublicityFilterValues & { kind?: string }): (SQL | undefined)[] => [
  f.regionId ? eq(a.regionId, f.regionId) : undefined,
  f.from ? gte(a.heldOn, f.from) : undefined,
  f.to ? lte(a.heldOn, f.to) : undefined,
  f.kind ? eq(a.kind, f.kind as (typeof a.$inferSelect)['kind']) : undefined,
];
export const conversionConditions = (f: PublicityFilterValues & { kind?: string }): (SQL | undefined)[] => [
  f.regionId ? eq(c.regionId, f.regionId) : undefined,
  f.from ? gte(c.completedOn, f.from) : undefined,
  f.to ? lte(c.completedOn, f.to) : undefined,
  f.kind ? eq(c.kind, f.kind as (typeof c.$inferSelect)['kind']) : undefined,
];

export type ActivityListRow = {
  activity: typeof a.$inferSelect;
  regionName: string;
  departmentName: string | null;
  canManage: boolean;
};
export type ConversionListRow = {
  conversion: typeof c.$inferSelect;
  regionName: string;
  departmentName: string | null;
  canManage: boolean;
};
/** Whether the row lies in the actor's manage scope (the web offers edit and delete on it). */
const within = (scope: SQL) => sql<boolean>`coalesce((${scope}), false)`.mapWith(Boolean);

type Kind = 'activity' | 'conversion';
type PageQuery = { where: SQL | undefined; manageScope: SQL; limit: number; offset: number };
/** The two kinds of record are listed alike: newest first (held on / completed on, then entered). */
const kinds = {
  activity: { table: a, order: [desc(a.heldOn), desc(a.createdAt)] },
  conversion: { table: c, order: [desc(c.completedOn), desc(c.createdAt)] },
};

export function createPublicityRepository({ db }: { db: Db }) {
  /** A record with its township's and department's names and whether the actor manages it. */
  function named(kind: Kind, manageScope: SQL) {
    // Both tables have the columns used here; typed as one so the builder accepts either.
    const t = kinds[kind].table as typeof a;
    return db
      .select({
        record: t,
        regionName: regionsTable.name,
        departmentName: departmentsTable.name,
        canManage: within(manageScope),
      })
      .from(t)
      .innerJoin(regionsTable, eq(regionsTable.id, t.regionId))
      .leftJoin(departmentsTable, eq(departmentsTable.id, t.departmentId))
      .$dynamic();
  }
  const as = <K extends Kind>(kind: K, { record, ...rest }: { record: unknown; [k: string]: unknown }) => ({
    [kind]: record,
    ...rest,
  });

  async function page(kind: Kind, { where, manageScope, limit, offset }: PageQuery) {
    const [items, [total]] = await Promise.all([
      named(kind, manageScope)
        .where(where)
        .orderBy(...kinds[kind].order)
        .limit(limit)
        .offset(offset),
      db.select({ n: count() }).from(kinds[kind].table).where(where),
    ]);
    return { items: items.map((r) => as(kind, r)), total: total?.n ?? 0 };
  }
  async function one(kind: Kind, { id, manageScope }: { id: string; manageScope: SQL }) {
    const [row] = await named(kind, manageScope).where(eq(kinds[kind].table.id, id));
    return row && as(kind, row);
  }

  return {
    async activities(q: PageQuery) {
      const { items, total } = await page('activity', q);
      return { items: items as ActivityListRow[], total };
    },
    async conversions(q: PageQuery) {
      const { items, total } = await page('conversion', q);
      return { items: items as ConversionListRow[], total };
    },
    async activityRow(q: { id: string; manageScope: SQL }) {
      return (await one('activity', q)) as ActivityListRow;
    },
    async conversionRow(q: { id: string; manageScope: SQL }) {
      return (await one('conversion', q)) as ConversionListRow;
    },
    /** Activities by township: count, audience, leaflets. */
    async activityFigures({ where }: { where: SQL | undefined }) {
      return db
        .select({
          regionId: a.regionId,
          regionName: regionsTable.name,
          regionCode: regionsTable.code,
          kind: a.kind,
          activities: sql<number>`count(*)::int`,
          audience: sql<number>`coalesce(sum(${a.audienceCount}), 0)::int`,
          leaflets: sql<number>`coalesce(sum(${a.leafletCount}), 0)::int`,
        })
        .from(a)
        .innerJoin(regionsTable, eq(regionsTable.id, a.regionId))
        .where(where)
        .groupBy(a.regionId, regionsTable.name, regionsTable.code, a.kind);
    },
    /** Conversions by township, kind and target: the number converted. */
    async conversionFigures({ where }: { where: SQL | undefined }) {
      return db
        .select({
          regionId: c.regionId,
          regionName: regionsTable.name,
          regionCode: regionsTable.code,
          kind: c.kind,
          target: c.target,
          converted: sql<number>`coalesce(sum(${c.count}), 0)::int`,
        })
        .from(c)
        .innerJoin(regionsTable, eq(regionsTable.id, c.regionId))
        .where(where)
        .groupBy(c.regionId, regionsTable.name, regionsTable.code, c.kind, c.target);
    },
    async regionExists({ id }: { id: string }) {
      const [row] = await db.select({ id: regionsTable.id }).from(regionsTable).where(eq(regionsTable.id, id));
      return !!row;
    },
    async insertActivity(values: typeof a.$inferInsert) {
      const [row] = await db.insert(a).values(values).returning();
      return row!;
    },
    async insertConversion(values: typeof c.$inferInsert) {
      const [row] = await db.insert(c).values(values).returning();
      return row!;
    },
    async activityInScope({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select({ id: a.id })
        .from(a)
        .where(sql`${eq(a.id, id)} and ${scope}`);
      return !!row;
    },
    async conversionInScope({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select({ id: c.id })
        .from(c)
        .where(sql`${eq(c.id, id)} and ${scope}`);
      return !!row;
    },
    /** The activity when it lies in the scope given (the actor's read or manage scope), else undefined. */
    async activityWithin({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select()
        .from(a)
        .where(sql`${eq(a.id, id)} and ${scope}`);
      return row;
    },
    async conversionWithin({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select()
        .from(c)
        .where(sql`${eq(c.id, id)} and ${scope}`);
      return row;
    },
    async updateActivity(id: string, values: Partial<typeof a.$inferInsert>) {
      const [row] = await db.update(a).set(values).where(eq(a.id, id)).returning();
      return row!;
    },
    async updateConversion(id: string, values: Partial<typeof c.$inferInsert>) {
      const [row] = await db.update(c).set(values).where(eq(c.id, id)).returning();
      return row!;
    },
    async deleteActivity({ id }: { id: string }) {
      await db.delete(a).where(eq(a.id, id));
    },
    async deleteConversion({ id }: { id: string }) {
      await db.delete(c).where(eq(c.id, id));
    },
  };
}
