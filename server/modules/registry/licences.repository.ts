import { type SQL, and, asc, count, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { LicenceStatus } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { regionsTable } from '../organisation/index.ts';
import type { LicenceFiltersInput } from './licences.schemas.ts';
import { addDays, inRegionSubtree, textSearch } from './registry.helpers.ts';
import { enterprisesTable, licenceHistoryTable, licencesTable } from './registry.table.ts';

const l = licencesTable;
const e = enterprisesTable;

const columns = {
  ...getTableColumns(licencesTable),
  enterpriseName: e.name,
  enterpriseCreditCode: e.creditCode,
  enterpriseKind: e.kind,
  enterpriseArchivedAt: e.archivedAt,
  regionId: e.regionId,
  regionName: regionsTable.name,
};

export type LicenceRow = typeof licencesTable.$inferSelect & {
  enterpriseName: string;
  enterpriseCreditCode: string;
  enterpriseKind: string;
  enterpriseArchivedAt: Date | null;
  regionId: string;
  regionName: string;
};

/** The scope columns of a licence: it lies where its enterprise lies and has its enterprise's kind. */
export const licenceScopeColumns = { regionId: e.regionId, enterpriseId: l.enterpriseId, enterpriseRoles: e.roles };

/** SQL for a computed status: `expired` is a stored `valid` whose validTo is before today. */
export function licenceStatusIs(status: LicenceStatus, today: string): SQL {
  switch (status) {
    case 'valid':
      return sql`(${l.status} = 'valid' and (${l.validTo} is null or ${l.validTo} >= ${today}))`;
    case 'expired':
      return sql`(${l.status} = 'valid' and ${l.validTo} < ${today})`;
    default:
      return eq(l.status, status);
  }
}

function filterBy(f: LicenceFiltersInput, today: string): SQL | undefined {
  return and(
    f.archived ? undefined : and(isNull(l.archivedAt), isNull(e.archivedAt)),
    f.kind ? eq(l.kind, f.kind) : undefined,
    f.status ? licenceStatusIs(f.status, today) : undefined,
    f.enterpriseId ? eq(l.enterpriseId, f.enterpriseId) : undefined,
    f.regionId ? inRegionSubtree(e.regionId, f.regionId) : undefined,
    f.expiringWithinDays !== undefined
      ? sql`(${l.status} = 'valid' and ${l.validTo} >= ${today} and ${l.validTo} <= ${addDays(today, f.expiringWithinDays)})`
      : undefined,
    textSearch(undefined, f.q, [l.number, l.issuingBody, e.name]),
  );
}

function joined(db: Db, select: Record<string, unknown> = columns) {
  return db
    .select(select as typeof columns)
    .from(l)
    .innerJoin(e, eq(e.id, l.enterpriseId))
    .innerJoin(regionsTable, eq(regionsTable.id, e.regionId));
}

export function createLicencesRepository({ db }: { db: Db }) {
  return {
    async list({
      scope,
      filters,
      today,
      limit,
      offset,
    }: {
      scope: SQL;
      filters: LicenceFiltersInput;
      today: string;
      limit: number;
      offset: number;
    }) {
      const where = and(scope, filterBy(filters, today));
      const order =
        filters.expiringWithinDays !== undefined ? [asc(l.validTo), asc(l.id)] : [desc(l.createdAt), asc(l.id)];
      const [rows, [total]] = await Promise.all([
        joined(db)
          .where(where)
          .orderBy(...order)
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(l).innerJoin(e, eq(e.id, l.enterpriseId)).where(where),
      ]);
      return { rows: rows as LicenceRow[], total: total?.n ?? 0 };
    },

    /** One page of the export in (enterprise name, number, id) order, after the last one seen. */
    async exportBatch({
      scope,
      filters,
      today,
      after,
      limit,
    }: {
      scope: SQL;
      filters: LicenceFiltersInput;
      today: string;
      after: { name: string; number: string; id: string } | null;
      limit: number;
    }) {
      const rows = await joined(db)
        .where(
          and(
            scope,
            filterBy(filters, today),
            after ? sql`(${e.name}, ${l.number}, ${l.id}) > (${after.name}, ${after.number}, ${after.id})` : undefined,
          ),
        )
        .orderBy(asc(e.name), asc(l.number), asc(l.id))
        .limit(limit);
      return rows as LicenceRow[];
    },

    async get({ id, scope, manageScope }: { id: string; scope: SQL; manageScope: SQL }) {
      const [row] = await joined(db, { ...columns, canManage: sql<boolean>`(${manageScope})` }).where(
        and(eq(l.id, id), scope),
      );
      return row as (LicenceRow & { canManage: boolean }) | undefined;
    },

    async getById({ id }: { id: string }) {
      const [row] = await joined(db).where(eq(l.id, id));
      return row as LicenceRow | undefined;
    },

    async byEnterprise({ enterpriseId }: { enterpriseId: string }) {
      const rows = await joined(db)
        .where(and(eq(l.enterpriseId, enterpriseId), isNull(l.archivedAt)))
        .orderBy(asc(l.kind), asc(l.validTo));
      return rows as LicenceRow[];
    },

    async findByKindNumber({ kind, number }: { kind: LicenceRow['kind']; number: string }) {
      const [row] = await joined(db).where(and(eq(l.kind, kind), eq(l.number, number)));
      return row as LicenceRow | undefined;
    },

    async within({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select({ id: l.id })
        .from(l)
        .innerJoin(e, eq(e.id, l.enterpriseId))
        .where(and(eq(l.id, id), scope));
      return Boolean(row);
    },

    async insert(values: typeof licencesTable.$inferInsert) {
      const [row] = await db.insert(l).values(values).returning({ id: l.id });
      return row!;
    },

    async update({ id, ...values }: { id: string } & Partial<typeof licencesTable.$inferInsert>) {
      await db
        .update(l)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(l.id, id));
    },

    async insertHistory(values: typeof licenceHistoryTable.$inferInsert) {
      await db.insert(licenceHistoryTable).values(values);
    },

    async history({ licenceId }: { licenceId: string }) {
      return db
        .select()
        .from(licenceHistoryTable)
        .where(eq(licenceHistoryTable.licenceId, licenceId))
        .orderBy(desc(licenceHistoryTable.at), desc(licenceHistoryTable.id));
    },
  };
}
