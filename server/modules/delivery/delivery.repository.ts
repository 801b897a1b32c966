import { type SQL, and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { escapeLike, inRegionSubtree } from '../../platform/sql.ts';
import type { ZoneGeometry } from '../../../domain/delivery/tracking.ts';
import { regionsTable } from '../organisation/index.ts';
import { enterprisesTable, peopleTable, trainingRecordsTable, vehiclesTable, venuesTable } from '../registry/index.ts';
import {
  deliveryChecksTable,
  deliveryNumberCountersTable,
  deliveryOrdersTable,
  deliveryScansTable,
  deliveryUsersTable,
  deliveryZonesTable,
} from './delivery.table.ts';
import type { ListGasUsersQuery, ListOrdersQuery } from './delivery.schemas.ts';

const u = deliveryUsersTable;
const o = deliveryOrdersTable;
const z = deliveryZonesTable;
const c = deliveryChecksTable;

export type GasUserRow = typeof u.$inferSelect;
export type OrderRow = typeof o.$inferSelect;
export type ZoneRow = typeof z.$inferSelect;
export type CheckRow = typeof c.$inferSelect;

/** A user with the names and the register facts the refusals and the responses need. */
const userSelection = {
  user: u,
  operatorName: enterprisesTable.name,
  operatorCreditCode: enterprisesTable.creditCode,
  venueName: venuesTable.name,
  venueAddress: venuesTable.address,
  venueCategory: venuesTable.category,
  venueFloor: venuesTable.floor,
  venueHighRise: venuesTable.highRiseBuilding,
  venueSupplyStatus: venuesTable.supplyStatus,
  regionName: regionsTable.name,
};
export type GasUserJoined = {
  user: GasUserRow;
  operatorName: string;
  operatorCreditCode: string;
  venueName: string;
  venueAddress: string;
  venueCategory: string;
  venueFloor: string;
  venueHighRise: boolean | null;
  venueSupplyStatus: string;
  regionName: string;
};

export function createDeliveryRepository({ db }: { db: Db }) {
  const usersJoined = (extra: Record<string, SQL> = {}) =>
    db
      .select({ ...userSelection, ...extra })
      .from(u)
      .innerJoin(enterprisesTable, eq(enterprisesTable.id, u.operatorEnterpriseId))
      .innerJoin(venuesTable, eq(venuesTable.id, u.venueId))
      .innerJoin(regionsTable, eq(regionsTable.id, u.regionId));

  function userConditions(f: Partial<ListGasUsersQuery>, today: string): SQL | undefined {
    const q = f.q?.trim();
    const pattern = q ? `%${escapeLike(q)}%` : '';
    const valid = sql`(${u.contractFrom} is not null and ${u.contractFrom} <= ${today} and (${u.contractTo} is null or ${u.contractTo} >= ${today}))`;
    return and(
      isNull(u.archivedAt),
      f.operatorId ? eq(u.operatorEnterpriseId, f.operatorId) : undefined,
      f.kind ? eq(u.kind, f.kind) : undefined,
      f.regionId ? inRegionSubtree(u.regionId, f.regionId) : undefined,
      f.belowGround === undefined
        ? undefined
        : f.belowGround
          ? sql`${u.belowGround} <> 'none'`
          : eq(u.belowGround, 'none'),
      f.highRiseBuilding === undefined ? undefined : eq(u.highRiseBuilding, f.highRiseBuilding),
      f.contract === 'valid' ? valid : f.contract === 'none' ? sql`not ${valid}` : undefined,
      q
        ? or(
            ilike(u.holderName, pattern),
            ilike(u.holderPhone, pattern),
            ilike(u.address, pattern),
            ilike(venuesTable.name, pattern),
          )
        : undefined,
    );
  }

  const ordersJoined = () =>
    db
      .select({
        order: o,
        operatorName: enterprisesTable.name,
        user: u,
        venueCategory: venuesTable.category,
        regionName: regionsTable.name,
        workerName: peopleTable.name,
        plate: vehiclesTable.plate,
      })
      .from(o)
      .innerJoin(u, eq(u.id, o.userId))
      .innerJoin(enterprisesTable, eq(enterprisesTable.id, o.operatorEnterpriseId))
      .innerJoin(venuesTable, eq(venuesTable.id, u.venueId))
      .innerJoin(regionsTable, eq(regionsTable.id, o.regionId))
      .leftJoin(peopleTable, eq(peopleTable.id, o.workerPersonId))
      .leftJoin(vehiclesTable, eq(vehiclesTable.id, o.vehicleId));

  return {
    // ---- operators, venues, people, vehicles (the register's facts, read) ----
    async operator(id: string, scope: SQL) {
      const [row] = await db
        .select({ id: enterprisesTable.id, name: enterprisesTable.name, regionId: enterprisesTable.regionId })
        .from(enterprisesTable)
        .where(
          and(
            eq(enterprisesTable.id, id),
            eq(enterprisesTable.kind, 'bottled_operator'),
            isNull(enterprisesTable.archivedAt),
            scope,
          ),
        );
      return row;
    },
    publicOperators() {
      return db
        .select({ id: enterprisesTable.id, name: enterprisesTable.name })
        .from(enterprisesTable)
        .where(
          and(
            eq(enterprisesTable.kind, 'bottled_operator'),
            isNull(enterprisesTable.archivedAt),
            sql`exists (select 1 from ${z} where ${z.operatorEnterpriseId} = ${enterprisesTable.id} and ${z.archivedAt} is null)`,
          ),
        )
        .orderBy(asc(enterprisesTable.name));
    },
    async venue(id: string) {
      const [row] = await db
        .select()
        .from(venuesTable)
        .where(and(eq(venuesTable.id, id), isNull(venuesTable.archivedAt)));
      return row;
    },
    async venueByNaturalKey(name: string, address: string) {
      const [row] = await db
        .select({ id: venuesTable.id, category: venuesTable.category })
        .from(venuesTable)
        .where(and(eq(venuesTable.name, name), eq(venuesTable.address, address)));
      return row;
    },
    async regionExists(id: string) {
      const [row] = await db.select({ id: regionsTable.id }).from(regionsTable).where(eq(regionsTable.id, id));
      return !!row;
    },
    /** A delivery worker of the operator with the vehicle bound to them and their training. */
    async worker(personId: string, operatorId: string) {
      const [p] = await db
        .select({
          id: peopleTable.id,
          name: peopleTable.name,
          userId: peopleTable.userId,
          certificateNumber: peopleTable.certificateNumber,
          certificateExpiresOn: peopleTable.certificateExpiresOn,
        })
        .from(peopleTable)
        .where(
          and(
            eq(peopleTable.id, personId),
            eq(peopleTable.enterpriseId, operatorId),
            eq(peopleTable.kind, 'delivery_worker'),
            isNull(peopleTable.archivedAt),
          ),
        );
      if (!p) return undefined;
      const training = await db
        .select({ passed: trainingRecordsTable.passed, validUntil: trainingRecordsTable.validUntil })
        .from(trainingRecordsTable)
        .where(eq(trainingRecordsTable.personId, personId));
      const [vehicle] = await db
        .select({
          id: vehiclesTable.id,
          plate: vehiclesTable.plate,
          boundPersonId: vehiclesTable.boundPersonId,
          permitValidTo: vehiclesTable.permitValidTo,
        })
        .from(vehiclesTable)
        .where(and(eq(vehiclesTable.boundPersonId, personId), isNull(vehiclesTable.archivedAt)));
      return { ...p, training, vehicle: vehicle ?? null };
    },
    async vehicleById(id: string) {
      const [v] = await db
        .select({
          id: vehiclesTable.id,
          plate: vehiclesTable.plate,
          boundPersonId: vehiclesTable.boundPersonId,
          permitValidTo: vehiclesTable.permitValidTo,
        })
        .from(vehiclesTable)
        .where(eq(vehiclesTable.id, id));
      return v;
    },
    workersOf(operatorIds: SQL) {
      return db
        .select({
          personId: peopleTable.id,
          name: peopleTable.name,
          operatorId: peopleTable.enterpriseId,
        })
        .from(peopleTable)
        .where(and(eq(peopleTable.kind, 'delivery_worker'), isNull(peopleTable.archivedAt), operatorIds))
        .orderBy(asc(peopleTable.name));
    },
    /** The person record linked to a signed-in account. */
    async personOfUser(userId: string) {
      const rows = await db.select({ id: peopleTable.id }).from(peopleTable).where(eq(peopleTable.userId, userId));
      return rows.map((r) => r.id);
    },

    // ---- users ----
    async listUsers(f: ListGasUsersQuery, scope: SQL, today: string) {
      const where = and(userConditions(f, today), scope);
      const [rows, [total]] = await Promise.all([
        usersJoined()
          .where(where)
          .orderBy(desc(u.createdAt), asc(u.id))
          .limit(f.pageSize)
          .offset((f.page - 1) * f.pageSize),
        db.select({ n: count() }).from(u).innerJoin(venuesTable, eq(venuesTable.id, u.venueId)).where(where),
      ]);
      return { rows: rows as GasUserJoined[], total: total?.n ?? 0 };
    },
    /**
     * One batch of the export: up to `limit` users after `after` in the order filed (created, id), by keyset over
     * delivery_users_created_idx. `cursorAt` is the created time as PostgreSQL prints it, exact to the microsecond
     * (a JavaScript Date would drop the microseconds and repeat or skip rows at a batch's edge).
     */
    async exportUsers(
      f: Partial<ListGasUsersQuery>,
      scope: SQL,
      today: string,
      after: { at: string; id: string } | null,
      limit: number,
    ) {
      return (await usersJoined({ cursorAt: sql<string>`${u.createdAt}::text` })
        .where(
          and(
            userConditions(f, today),
            scope,
            after ? sql`(${u.createdAt}, ${u.id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : undefined,
          ),
        )
        .orderBy(asc(u.createdAt), asc(u.id))
        .limit(limit)) as (GasUserJoined & { cursorAt: string })[];
    },
    async getUser(id: string, scope: SQL) {
      const [row] = await usersJoined().where(and(eq(u.id, id), isNull(u.archivedAt), scope));
      return row as GasUserJoined | undefined;
    },
    async lockUser(id: string) {
      const [row] = await db.select().from(u).where(eq(u.id, id)).for('update');
      return row;
    },
    async userByPhone(operatorId: string, phone: string) {
      return db
        .select({ id: u.id })
        .from(u)
        .where(and(eq(u.operatorEnterpriseId, operatorId), eq(u.holderPhone, phone), isNull(u.archivedAt)))
        .orderBy(asc(u.createdAt))
        .limit(1);
    },
    async userOfOperatorVenue(operatorId: string, venueId: string) {
      const [row] = await db
        .select()
        .from(u)
        .where(and(eq(u.operatorEnterpriseId, operatorId), eq(u.venueId, venueId)));
      return row;
    },
    /** Other operators' users of the same venue that hold a contract (for one supplier at a time). */
    otherContracts(venueId: string, operatorId: string) {
      return db
        .select({ id: u.id, operatorId: u.operatorEnterpriseId, from: u.contractFrom, to: u.contractTo })
        .from(u)
        .where(
          and(
            eq(u.venueId, venueId),
            sql`${u.operatorEnterpriseId} <> ${operatorId}`,
            isNotNull(u.contractFrom),
            isNull(u.archivedAt),
          ),
        );
    },
    /** Serialises contract changes of one venue (two operators filing the same user at once). */
    async lockVenueContracts(venueId: string) {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`delivery.contract:${venueId}`}))`);
    },
    async insertUser(values: typeof u.$inferInsert) {
      const [row] = await db.insert(u).values(values).returning();
      return row!;
    },
    async updateUser(id: string, values: Partial<typeof u.$inferInsert>) {
      const [row] = await db
        .update(u)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(u.id, id))
        .returning();
      return row!;
    },

    // ---- zones ----
    zonesOf(operatorId: string) {
      return db
        .select({ geometry: z.geometry })
        .from(z)
        .where(and(eq(z.operatorEnterpriseId, operatorId), isNull(z.archivedAt)));
    },
    listZones(scope: SQL, operatorId?: string) {
      return db
        .select({ zone: z, operatorName: enterprisesTable.name })
        .from(z)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, z.operatorEnterpriseId))
        .where(and(isNull(z.archivedAt), operatorId ? eq(z.operatorEnterpriseId, operatorId) : undefined, scope))
        .orderBy(asc(enterprisesTable.name), asc(z.name));
    },
    /** The stored outline of the county holding a region (null when the county has none). */
    async countyOutlineOf(regionId: string): Promise<ZoneGeometry | null> {
      const r = (await db.execute(sql`select o.geometry from regions r
        join regions c on c.level = 'county' and r.path like c.path || '%'
        join region_outlines o on o.region_id = c.id
        where r.id = ${regionId} order by length(c.path) limit 1`)) as unknown as {
        rows: { geometry: ZoneGeometry }[];
      };
      return r.rows[0]?.geometry ?? null;
    },
    async getZone(id: string, scope: SQL) {
      const [row] = await db
        .select({ zone: z, operatorName: enterprisesTable.name })
        .from(z)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, z.operatorEnterpriseId))
        .where(and(eq(z.id, id), isNull(z.archivedAt), scope));
      return row;
    },
    async insertZone(values: typeof z.$inferInsert) {
      const [row] = await db.insert(z).values(values).returning();
      return row!;
    },
    async updateZone(id: string, values: Partial<typeof z.$inferInsert>) {
      const [row] = await db
        .update(z)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(z.id, id))
        .returning();
      return row!;
    },

    // ---- orders ----
    async nextNumber(year: number) {
      const [row] = await db
        .insert(deliveryNumberCountersTable)
        .values({ year, last: 1 })
        .onConflictDoUpdate({
          target: deliveryNumberCountersTable.year,
          set: { last: sql`${deliveryNumberCountersTable.last} + 1` },
        })
        .returning();
      return `PS${year}${String(row!.last).padStart(6, '0')}`;
    },
    async insertOrder(values: typeof o.$inferInsert) {
      const [row] = await db.insert(o).values(values).returning();
      return row!;
    },
    async updateOrder(id: string, values: Partial<typeof o.$inferInsert>) {
      const [row] = await db.update(o).set(values).where(eq(o.id, id)).returning();
      return row!;
    },
    async lockOrder(id: string) {
      const [row] = await db.select().from(o).where(eq(o.id, id)).for('update');
      return row;
    },
    async orderByClientId(clientId: string) {
      const [row] = await db.select().from(o).where(eq(o.deliveryClientId, clientId));
      return row;
    },
    async getOrder(id: string, scope: SQL) {
      const [row] = await ordersJoined().where(and(eq(o.id, id), scope));
      return row;
    },
    async listOrders(f: ListOrdersQuery, scope: SQL, mineOf: string[] | null) {
      const q = f.q?.trim();
      const pattern = q ? `%${escapeLike(q)}%` : '';
      const where = and(
        scope,
        f.operatorId ? eq(o.operatorEnterpriseId, f.operatorId) : undefined,
        f.status ? eq(o.status, f.status) : undefined,
        f.channel ? eq(o.channel, f.channel) : undefined,
        mineOf ? (mineOf.length ? inArray(o.workerPersonId, mineOf) : sql`false`) : undefined,
        f.checkOverdue === undefined
          ? undefined
          : f.checkOverdue
            ? isNotNull(o.checkOverdueAt)
            : isNull(o.checkOverdueAt),
        f.day
          ? and(
              gte(o.placedAt, sql`(${f.day}::date)::timestamp at time zone 'Asia/Shanghai'`),
              lt(o.placedAt, sql`(${f.day}::date + 1)::timestamp at time zone 'Asia/Shanghai'`),
            )
          : undefined,
        q
          ? or(
              ilike(o.number, pattern),
              ilike(u.holderName, pattern),
              ilike(u.holderPhone, pattern),
              ilike(u.address, pattern),
            )
          : undefined,
      );
      const [rows, [total]] = await Promise.all([
        ordersJoined()
          .where(where)
          .orderBy(desc(o.placedAt), asc(o.id))
          .limit(f.pageSize)
          .offset((f.page - 1) * f.pageSize),
        db.select({ n: count() }).from(o).innerJoin(u, eq(u.id, o.userId)).where(where),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    scansOf(orderIds: string[]) {
      if (orderIds.length === 0) return Promise.resolve([]);
      return db
        .select()
        .from(deliveryScansTable)
        .where(inArray(deliveryScansTable.orderId, orderIds))
        .orderBy(asc(deliveryScansTable.scannedAt));
    },
    async insertScans(rows: (typeof deliveryScansTable.$inferInsert)[]) {
      if (rows.length) await db.insert(deliveryScansTable).values(rows).onConflictDoNothing();
    },
    checksOf(orderIds: string[]) {
      if (orderIds.length === 0) return Promise.resolve([]);
      return db.select().from(c).where(inArray(c.orderId, orderIds));
    },
    async checkOf(orderId: string) {
      const [row] = await db.select().from(c).where(eq(c.orderId, orderId));
      return row;
    },
    async insertCheck(values: typeof c.$inferInsert) {
      const [row] = await db.insert(c).values(values).returning();
      return row!;
    },
    async setCheckHazards(id: string, hazardIds: string[], noticeText: string | null) {
      await db.update(c).set({ hazardIds, noticeText }).where(eq(c.id, id));
    },
    hazardNumbers(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([] as { id: string; number: string }[]);
      return db
        .execute(sql`select id::text as id, number from hazards where id = any(${sql.param(ids)}::uuid[])`)
        .then((r) => (r as unknown as { rows: { id: string; number: string }[] }).rows);
    },

    /** Delivered orders past their due time without a check: marked overdue (the job). */
    async markOverdue(now: Date) {
      return db
        .update(o)
        .set({ checkOverdueAt: now })
        .where(
          and(
            eq(o.status, 'delivered'),
            isNotNull(o.checkDueAt),
            lt(o.checkDueAt, now),
            isNull(o.checkOverdueAt),
            sql`not exists (select 1 from ${c} where ${c.orderId} = ${o.id})`,
          ),
        )
        .returning({ id: o.id, regionId: o.regionId, operatorId: o.operatorEnterpriseId, number: o.number });
    },

    /** Deliveries, checks and overdue ones per operator and per worker, in a period (by delivery time). */
    async rates(scope: SQL, from: string | undefined, to: string | undefined, operatorId?: string) {
      const where = and(
        scope,
        eq(o.status, 'delivered'),
        operatorId ? eq(o.operatorEnterpriseId, operatorId) : undefined,
        from ? gte(o.deliveredAt, sql`(${from}::date)::timestamp at time zone 'Asia/Shanghai'`) : undefined,
        to ? lt(o.deliveredAt, sql`(${to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`) : undefined,
      );
      const checked = sql<number>`count(${c.id})::int`;
      const overdue = sql<number>`count(*) filter (where ${c.id} is null and ${o.checkOverdueAt} is not null)::int`;
      const [operators, workers] = await Promise.all([
        db
          .select({
            operatorId: o.operatorEnterpriseId,
            operatorName: enterprisesTable.name,
            delivered: sql<number>`count(*)::int`,
            checked,
            overdue,
          })
          .from(o)
          .innerJoin(enterprisesTable, eq(enterprisesTable.id, o.operatorEnterpriseId))
          .leftJoin(c, eq(c.orderId, o.id))
          .where(where)
          .groupBy(o.operatorEnterpriseId, enterprisesTable.name)
          .orderBy(asc(enterprisesTable.name)),
        db
          .select({
            personId: peopleTable.id,
            name: peopleTable.name,
            operatorId: o.operatorEnterpriseId,
            delivered: sql<number>`count(*)::int`,
            checked,
            overdue,
          })
          .from(o)
          .innerJoin(peopleTable, eq(peopleTable.id, o.workerPersonId))
          .leftJoin(c, eq(c.orderId, o.id))
          .where(where)
          .groupBy(peopleTable.id, peopleTable.name, o.operatorEnterpriseId)
          .orderBy(asc(peopleTable.name)),
      ]);
      return { operators, workers };
    },
  };
}

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;
