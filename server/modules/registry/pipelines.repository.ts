import { type SQL, and, asc, count, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regionsTable } from '../organisation/index.ts';
import type { PipelineFilters } from './pipelines.schemas.ts';
import { inRegionSubtree, textSearch } from './registry.helpers.ts';
import { enterprisesTable, pipelineSegmentsTable } from './registry.table.ts';

export type PipelineRow = typeof pipelineSegmentsTable.$inferSelect;
export type PipelineListRow = {
  segment: PipelineRow;
  ownerName: string | null;
  ownerCreditCode: string | null;
  regionName: string;
};

const t = pipelineSegmentsTable;

/** The list filters as SQL (the same for the list, the export and the map). */
export function pipelineConditions(f: PipelineFilters, currentYear: number): SQL | undefined {
  return and(
    // archived=true lists the archived rows too (含已归档).
    f.archived ? undefined : isNull(t.archivedAt),
    f.regionId ? inRegionSubtree(t.regionId, f.regionId) : undefined,
    f.material ? eq(t.material, f.material) : undefined,
    f.pressureClass ? eq(t.pressureClass, f.pressureClass) : undefined,
    f.ownerEnterpriseId ? eq(t.ownerEnterpriseId, f.ownerEnterpriseId) : undefined,
    f.encroached !== undefined ? eq(t.encroached, f.encroached) : undefined,
    f.confinedSpace !== undefined ? eq(t.confinedSpace, f.confinedSpace) : undefined,
    f.renewalStatus ? eq(t.renewalStatus, f.renewalStatus) : undefined,
    // Age is computed: at least minAge years old means installed in or before currentYear - minAge.
    f.minAge !== undefined ? lte(t.installedYear, currentYear - f.minAge) : undefined,
    textSearch(t.searchTokens, f.q, [t.code, t.name]),
  );
}

export function createPipelinesRepository({ db }: { db: Db }) {
  const base = () =>
    db
      .select({
        segment: t,
        ownerName: enterprisesTable.name,
        ownerCreditCode: enterprisesTable.creditCode,
        regionName: regionsTable.name,
      })
      .from(t)
      .leftJoin(enterprisesTable, eq(enterprisesTable.id, t.ownerEnterpriseId))
      .innerJoin(regionsTable, eq(regionsTable.id, t.regionId));

  return {
    async list({ where, limit, offset }: { where: SQL | undefined; limit: number; offset: number }) {
      const [rows, [total]] = await Promise.all([
        base().where(where).orderBy(asc(t.code)).limit(limit).offset(offset),
        db.select({ n: count() }).from(t).where(where),
      ]);
      return { rows: rows as PipelineListRow[], total: total?.n ?? 0 };
    },

    /** Keyset pages by code, for exports of any length. */
    async listAfter({ where, afterCode, limit }: { where: SQL | undefined; afterCode: string | null; limit: number }) {
      const rows = await base()
        .where(and(where, afterCode === null ? undefined : gt(t.code, afterCode)))
        .orderBy(asc(t.code))
        .limit(limit);
      return rows as PipelineListRow[];
    },

    /** One segment within a scope, with whether it also lies within the manage scope. */
    async get({ id, scope, manageScope }: { id: string; scope: SQL; manageScope: SQL }) {
      const [row] = await db
        .select({
          segment: t,
          ownerName: enterprisesTable.name,
          ownerCreditCode: enterprisesTable.creditCode,
          regionName: regionsTable.name,
          manageable: sql<boolean>`(${manageScope})`,
        })
        .from(t)
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, t.ownerEnterpriseId))
        .innerJoin(regionsTable, eq(regionsTable.id, t.regionId))
        .where(and(eq(t.id, id), scope));
      return row;
    },

    async getByCode({ code }: { code: string }) {
      const [row] = await db.select().from(t).where(eq(t.code, code));
      return row;
    },

    async insert(values: typeof t.$inferInsert) {
      const [row] = await db.insert(t).values(values).returning();
      return row!;
    },

    async update({ id, ...values }: { id: string } & Partial<typeof t.$inferInsert>) {
      const [row] = await db
        .update(t)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(t.id, id))
        .returning();
      return row!;
    },

    async enterprise({ id }: { id: string }) {
      const [row] = await db
        .select({
          id: enterprisesTable.id,
          name: enterprisesTable.name,
          kind: enterprisesTable.kind,
          archivedAt: enterprisesTable.archivedAt,
        })
        .from(enterprisesTable)
        .where(eq(enterprisesTable.id, id));
      return row;
    },

    async region({ id }: { id: string }) {
      const [row] = await db
        .select({ id: regionsTable.id, name: regionsTable.name, archivedAt: regionsTable.archivedAt })
        .from(regionsTable)
        .where(eq(regionsTable.id, id));
      return row;
    },
  };
}
