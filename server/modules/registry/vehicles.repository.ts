import { type SQL, and, asc, count, eq, gt, ilike, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { escapeLike } from '../../platform/sql.ts';
import { regionsTable } from '../organisation/index.ts';
import { inRegionSubtree } from './registry.helpers.ts';
import { enterprisesTable, peopleTable, vehiclesTable } from './registry.table.ts';
import type { VehicleFilters } from './vehicles.schemas.ts';

export type VehicleRow = typeof vehiclesTable.$inferSelect;
export type VehicleListRow = {
  vehicle: VehicleRow;
  enterpriseName: string;
  enterpriseCreditCode: string;
  regionId: string;
  regionName: string;
  personName: string | null;
  personPhone: string | null;
};

const t = vehiclesTable;
/**
 * The list filters as SQL, over vehicles joined with their enterprise (a vehicle's region is its
 * enterprise's) and the bound worker. The vehicles table has no search tokens: the plate, the
 * enterprise and the worker are matched with ILIKE (the register holds hundreds of vehicles, not millions).
 */
export function vehicleConditions(f: VehicleFilters): SQL | undefined {
  const q = f.q?.trim();
  const pattern = q ? `%${escapeLike(q)}%` : '';
  return and(
    // archived=true lists the archived rows too (含已归档).
    f.archived ? undefined : isNull(t.archivedAt),
    f.kind ? eq(t.kind, f.kind) : undefined,
    f.enterpriseId ? eq(t.enterpriseId, f.enterpriseId) : undefined,
    f.regionId ? inRegionSubtree(enterprisesTable.regionId, f.regionId) : undefined,
    f.bound === undefined ? undefined : f.bound ? isNotNull(t.boundPersonId) : isNull(t.boundPersonId),
    q
      ? or(ilike(t.plate, pattern), ilike(enterprisesTable.name, pattern), ilike(peopleTable.name, pattern))
      : undefined,
  );
}

export function createVehiclesRepository({ db }: { db: Db }) {
  const joined = (manageScope: SQL = sql`false`) =>
    db
      .select({
        vehicle: t,
        enterpriseName: enterprisesTable.name,
        enterpriseCreditCode: enterprisesTable.creditCode,
        regionId: enterprisesTable.regionId,
        regionName: regionsTable.name,
        personName: peopleTable.name,
        personPhone: peopleTable.phone,
        manageable: sql<boolean>`(${manageScope})`,
      })
      .from(t)
      .innerJoin(enterprisesTable, eq(enterprisesTable.id, t.enterpriseId))
      .innerJoin(regionsTable, eq(regionsTable.id, enterprisesTable.regionId))
      .leftJoin(peopleTable, eq(peopleTable.id, t.boundPersonId));

  return {
    async list({ where, limit, offset }: { where: SQL | undefined; limit: number; offset: number }) {
      const [rows, [total]] = await Promise.all([
        joined().where(where).orderBy(asc(t.plate)).limit(limit).offset(offset),
        db
          .select({ n: count() })
          .from(t)
          .innerJoin(enterprisesTable, eq(enterprisesTable.id, t.enterpriseId))
          .leftJoin(peopleTable, eq(peopleTable.id, t.boundPersonId))
          .where(where),
      ]);
      return { rows: rows as VehicleListRow[], total: total?.n ?? 0 };
    },

    /** Keyset pages by plate, for exports. */
    async listAfter({
      where,
      afterPlate,
      limit,
    }: {
      where: SQL | undefined;
      afterPlate: string | null;
      limit: number;
    }) {
      const rows = await joined()
        .where(and(where, afterPlate === null ? undefined : gt(t.plate, afterPlate)))
        .orderBy(asc(t.plate))
        .limit(limit);
      return rows as VehicleListRow[];
    },

    async get({ id, scope, manageScope }: { id: string; scope: SQL; manageScope: SQL }) {
      const [row] = await joined(manageScope).where(and(eq(t.id, id), scope));
      return row as (VehicleListRow & { manageable: boolean }) | undefined;
    },

    async getByPlate({ plate }: { plate: string }) {
      const [row] = await db.select().from(t).where(eq(t.plate, plate));
      return row;
    },

    async boundTo({ personId }: { personId: string }) {
      const [row] = await db.select().from(t).where(eq(t.boundPersonId, personId));
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
      const [row] = await db.select().from(enterprisesTable).where(eq(enterprisesTable.id, id));
      return row;
    },

    /** A person within a scope (the worker to bind must be one the actor can see). */
    async person({ id, scope }: { id: string; scope: SQL }) {
      const [row] = await db
        .select()
        .from(peopleTable)
        .where(and(eq(peopleTable.id, id), scope));
      return row;
    },
  };
}
