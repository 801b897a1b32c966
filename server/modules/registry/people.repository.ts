import { type SQL, and, asc, count, desc, eq, exists, gt, inArray, isNull, not, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { usersTable } from '../users/users.table.ts';
import type { PersonFilters } from './people.schemas.ts';
import { inRegionSubtree, textSearch } from './registry.helpers.ts';
import { enterprisesTable, peopleTable, trainingRecordsTable, vehiclesTable, venuesTable } from './registry.table.ts';

export type PersonRow = typeof peopleTable.$inferSelect;
export type PersonListRow = {
  person: PersonRow;
  enterpriseName: string | null;
  enterpriseCreditCode: string | null;
  venueName: string | null;
  venueAddress: string | null;
  departmentName: string | null;
  regionName: string;
};
export type TrainingRecordRow = typeof trainingRecordsTable.$inferSelect;

const t = peopleTable;
const tr = trainingRecordsTable;

/** SQL twin of mayInspect() (domain/registry): a passed training still valid today. */
export function hasCurrentTraining(today: string): SQL {
  return exists(
    sql`(select 1 from ${tr} where ${tr.personId} = ${t.id} and ${tr.passed} and (${tr.validUntil} is null or ${tr.validUntil} >= ${today}))`,
  );
}

/** The list filters as SQL (the same for the list, the export and the inspectors' list). */
export function personConditions(f: PersonFilters, today: string): SQL | undefined {
  return and(
    // archived=true lists the archived rows too (含已归档).
    f.archived ? undefined : isNull(t.archivedAt),
    f.kind ? eq(t.kind, f.kind) : undefined,
    f.enterpriseId ? eq(t.enterpriseId, f.enterpriseId) : undefined,
    f.venueId ? eq(t.venueId, f.venueId) : undefined,
    f.departmentId ? eq(t.departmentId, f.departmentId) : undefined,
    f.regionId ? inRegionSubtree(t.regionId, f.regionId) : undefined,
    f.mayInspect === undefined ? undefined : f.mayInspect ? hasCurrentTraining(today) : not(hasCurrentTraining(today)),
    textSearch(t.searchTokens, f.q, [t.name, t.phone]),
  );
}

export function createPeopleRepository({ db }: { db: Db }) {
  const columns = {
    person: t,
    enterpriseName: enterprisesTable.name,
    enterpriseCreditCode: enterprisesTable.creditCode,
    venueName: venuesTable.name,
    venueAddress: venuesTable.address,
    departmentName: departmentsTable.name,
    regionName: regionsTable.name,
  };
  const joined = (manageScope: SQL = sql`false`) =>
    db
      .select({ ...columns, manageable: sql<boolean>`(${manageScope})` })
      .from(t)
      .leftJoin(enterprisesTable, eq(enterprisesTable.id, t.enterpriseId))
      .leftJoin(venuesTable, eq(venuesTable.id, t.venueId))
      .leftJoin(departmentsTable, eq(departmentsTable.id, t.departmentId))
      .innerJoin(regionsTable, eq(regionsTable.id, t.regionId));

  return {
    async list({ where, limit, offset }: { where: SQL | undefined; limit: number; offset: number }) {
      const [rows, [total]] = await Promise.all([
        joined().where(where).orderBy(asc(t.name), asc(t.phone)).limit(limit).offset(offset),
        db.select({ n: count() }).from(t).where(where),
      ]);
      return { rows: rows as PersonListRow[], total: total?.n ?? 0 };
    },

    /** Keyset pages by id, for exports of any length. */
    async listAfter({ where, afterId, limit }: { where: SQL | undefined; afterId: string | null; limit: number }) {
      const rows = await joined()
        .where(and(where, afterId === null ? undefined : gt(t.id, afterId)))
        .orderBy(asc(t.id))
        .limit(limit);
      return rows as PersonListRow[];
    },

    /** One person within a scope, with whether it also lies within the manage scope. */
    async get({ id, scope, manageScope }: { id: string; scope: SQL; manageScope: SQL }) {
      const [row] = await joined(manageScope).where(and(eq(t.id, id), scope));
      return row as (PersonListRow & { manageable: boolean }) | undefined;
    },

    async getByNamePhone({ name, phone }: { name: string; phone: string }) {
      const [row] = await db
        .select()
        .from(t)
        .where(and(eq(t.name, name), eq(t.phone, phone)));
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

    async trainingOf({ personIds }: { personIds: string[] }) {
      if (personIds.length === 0) return [];
      return db
        .select()
        .from(tr)
        .where(inArray(tr.personId, personIds))
        .orderBy(desc(tr.trainedOn), desc(tr.createdAt));
    },

    async insertTraining(values: typeof tr.$inferInsert) {
      const [row] = await db.insert(tr).values(values).returning();
      return row!;
    },

    /** The vehicle this worker is bound to (人车对应), if any. */
    async boundVehicle({ personId }: { personId: string }) {
      const [row] = await db.select().from(vehiclesTable).where(eq(vehiclesTable.boundPersonId, personId));
      return row;
    },

    async unbindVehicle({ vehicleId }: { vehicleId: string }) {
      await db
        .update(vehiclesTable)
        .set({ boundPersonId: null, updatedAt: new Date() })
        .where(eq(vehiclesTable.id, vehicleId));
    },

    async enterprise({ id }: { id: string }) {
      const [row] = await db.select().from(enterprisesTable).where(eq(enterprisesTable.id, id));
      return row;
    },

    async venue({ id }: { id: string }) {
      const [row] = await db.select().from(venuesTable).where(eq(venuesTable.id, id));
      return row;
    },

    async department({ id }: { id: string }) {
      const [row] = await db.select().from(departmentsTable).where(eq(departmentsTable.id, id));
      return row;
    },

    async region({ id }: { id: string }) {
      const [row] = await db.select().from(regionsTable).where(eq(regionsTable.id, id));
      return row;
    },

    async userExists({ id }: { id: string }) {
      const [row] = await db.select({ id: usersTable.id }).from(usersTable).where(eq(usersTable.id, id));
      return Boolean(row);
    },

    /** Regions and departments by name or code, for imports. */
    async departmentByNameOrCode({ text }: { text: string }) {
      return db
        .select()
        .from(departmentsTable)
        .where(
          and(
            isNull(departmentsTable.archivedAt),
            or(eq(departmentsTable.code, text), eq(departmentsTable.name, text), eq(departmentsTable.shortName, text)),
          ),
        )
        .limit(2);
    },
  };
}
