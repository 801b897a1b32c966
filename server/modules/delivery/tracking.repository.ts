import { type SQL, and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enterprisesTable, peopleTable, vehiclesTable } from '../registry/index.ts';
import type { TrackState } from '../../../domain/delivery/tracking.ts';
import {
  deliveryZonesTable,
  vehicleFlagsTable,
  vehiclePositionsTable,
  vehicleTrackStatesTable,
} from './delivery.table.ts';

const p = vehiclePositionsTable;
const f = vehicleFlagsTable;
const v = vehiclesTable;

export type FlagRow = typeof f.$inferSelect;

export function createTrackingRepository({ db }: { db: Db }) {
  return {
    /** Vehicles by id or plate, with their operator's region, the bound worker's account and whether the scope holds them. */
    vehicles(ids: string[], plates: string[], scope: SQL) {
      return db
        .select({
          id: v.id,
          plate: v.plate,
          operatorId: v.enterpriseId,
          regionId: enterprisesTable.regionId,
          boundUserId: peopleTable.userId,
          inScope: sql<boolean>`(${scope})`,
        })
        .from(v)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, v.enterpriseId))
        .leftJoin(peopleTable, eq(peopleTable.id, v.boundPersonId))
        .where(
          and(
            isNull(v.archivedAt),
            sql`(${ids.length ? inArray(v.id, ids) : sql`false`} or ${plates.length ? inArray(v.plate, plates) : sql`false`})`,
          ),
        );
    },
    /** The vehicle bound to a signed-in account's person (人车对应), if any. */
    async vehicleBoundToUser(userId: string) {
      const [row] = await db
        .select({ id: v.id, plate: v.plate })
        .from(v)
        .innerJoin(peopleTable, eq(peopleTable.id, v.boundPersonId))
        .where(and(isNull(v.archivedAt), isNull(peopleTable.archivedAt), eq(peopleTable.userId, userId)))
        .orderBy(asc(v.plate))
        .limit(1);
      return row ?? null;
    },
    /** The last stored fix of a vehicle before a time (the speed check's starting point). */
    async lastBefore(vehicleId: string, before: Date) {
      const [row] = await db
        .select()
        .from(p)
        .where(and(eq(p.vehicleId, vehicleId), lt(p.at, before)))
        .orderBy(desc(p.at))
        .limit(1);
      return row;
    },
    fixes(vehicleId: string, from: Date, to: Date) {
      return db
        .select({ at: p.at, lat: p.lat, lng: p.lng, speedKmh: p.speedKmh })
        .from(p)
        .where(and(eq(p.vehicleId, vehicleId), gte(p.at, from), lt(p.at, to)))
        .orderBy(asc(p.at));
    },
    /** The vehicle's flag state, locked for this transaction (created empty for `day` when missing). */
    async lockTrackState(vehicleId: string, day: string, empty: TrackState) {
      await db.insert(vehicleTrackStatesTable).values({ vehicleId, day, state: empty }).onConflictDoNothing();
      const [row] = await db
        .select({ day: vehicleTrackStatesTable.day, state: vehicleTrackStatesTable.state })
        .from(vehicleTrackStatesTable)
        .where(eq(vehicleTrackStatesTable.vehicleId, vehicleId))
        .for('update');
      return row!;
    },
    async saveTrackState(vehicleId: string, day: string, state: TrackState) {
      await db
        .update(vehicleTrackStatesTable)
        .set({ day, state })
        .where(eq(vehicleTrackStatesTable.vehicleId, vehicleId));
    },
    /** The fixes after a moment, before the end of its day. */
    fixesAfter(vehicleId: string, after: Date, to: Date) {
      return db
        .select({ at: p.at, lat: p.lat, lng: p.lng, speedKmh: p.speedKmh })
        .from(p)
        .where(and(eq(p.vehicleId, vehicleId), gt(p.at, after), lt(p.at, to)))
        .orderBy(asc(p.at));
    },
    zonesOf(operatorId: string) {
      return db
        .select({ geometry: deliveryZonesTable.geometry })
        .from(deliveryZonesTable)
        .where(and(eq(deliveryZonesTable.operatorEnterpriseId, operatorId), isNull(deliveryZonesTable.archivedAt)));
    },
    /** Inserts the flags of a stretch or extends them; returns the ones that are new. */
    async upsertFlags(rows: (typeof f.$inferInsert)[]) {
      if (rows.length === 0) return [];
      const result = await db
        .insert(f)
        .values(rows)
        .onConflictDoUpdate({
          target: [f.vehicleId, f.kind, f.startedAt],
          set: { endedAt: sql`excluded.ended_at`, maxSpeedKmh: sql`excluded.max_speed_kmh` },
        })
        .returning({ id: f.id, kind: f.kind, createdAt: f.createdAt, inserted: sql<boolean>`(xmax = 0)` });
      return result.filter((r) => r.inserted);
    },
    /** The latest fix of every vehicle of bottled-gas operators in scope (one index step each). */
    async live(scope: SQL, operatorId?: string) {
      const result = (await db.execute(sql`
        select v.id as "vehicleId", v.plate, e.id as "operatorId", e.name as "operatorName", w.name as "workerName",
               lp.at, lp.lat, lp.lng, lp.speed_kmh as "speedKmh"
        from ${v} v
        join ${enterprisesTable} e on e.id = v.enterprise_id
        left join ${peopleTable} w on w.id = v.bound_person_id
        join lateral (
          select at, lat, lng, speed_kmh from ${p} where vehicle_id = v.id order by at desc limit 1
        ) lp on true
        where v.archived_at is null and e.kind = 'bottled_operator'
          and ${scope} ${operatorId ? sql`and e.id = ${operatorId}` : sql``}
        order by e.name, v.plate`)) as unknown as {
        rows: {
          vehicleId: string;
          plate: string;
          operatorId: string;
          operatorName: string;
          workerName: string | null;
          at: string | Date;
          lat: number;
          lng: number;
          speedKmh: number;
        }[];
      };
      return result.rows.map((r) => ({ ...r, at: new Date(r.at).toISOString(), speedKmh: Number(r.speedKmh) }));
    },
    async vehicleInScope(id: string, scope: SQL) {
      const [row] = await db
        .select({
          id: v.id,
          plate: v.plate,
          operatorId: v.enterpriseId,
          regionId: enterprisesTable.regionId,
          kind: v.kind,
        })
        .from(v)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, v.enterpriseId))
        .where(and(eq(v.id, id), scope));
      return row;
    },
    vehiclesInScope(scope: SQL, operatorId?: string) {
      return db
        .select({
          id: v.id,
          plate: v.plate,
          operatorId: v.enterpriseId,
          operatorName: enterprisesTable.name,
          workerName: peopleTable.name,
        })
        .from(v)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, v.enterpriseId))
        .leftJoin(peopleTable, eq(peopleTable.id, v.boundPersonId))
        .where(
          and(
            isNull(v.archivedAt),
            eq(enterprisesTable.kind, 'bottled_operator'),
            operatorId ? eq(v.enterpriseId, operatorId) : undefined,
            scope,
          ),
        )
        .orderBy(asc(enterprisesTable.name), asc(v.plate));
    },
    flagsBetween(vehicleId: string, from: Date, to: Date) {
      return db
        .select({ id: f.id, kind: f.kind, startedAt: f.startedAt, endedAt: f.endedAt })
        .from(f)
        .where(and(eq(f.vehicleId, vehicleId), gte(f.startedAt, from), lt(f.startedAt, to)))
        .orderBy(asc(f.startedAt));
    },
    async listFlags(where: SQL | undefined, page: number, pageSize: number) {
      const base = () =>
        db
          .select({ flag: f, plate: v.plate, operatorName: enterprisesTable.name })
          .from(f)
          .innerJoin(v, eq(v.id, f.vehicleId))
          .innerJoin(enterprisesTable, eq(enterprisesTable.id, f.operatorEnterpriseId));
      const [rows, [total]] = await Promise.all([
        base()
          .where(where)
          .orderBy(desc(f.startedAt), asc(f.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        db.select({ n: count() }).from(f).where(where),
      ]);
      return { rows, total: total?.n ?? 0 };
    },
    async getFlag(id: string, scope: SQL) {
      const [row] = await db
        .select({ flag: f, plate: v.plate, operatorName: enterprisesTable.name })
        .from(f)
        .innerJoin(v, eq(v.id, f.vehicleId))
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, f.operatorEnterpriseId))
        .where(and(eq(f.id, id), scope));
      return row;
    },
    async lockFlag(id: string) {
      const [row] = await db.select().from(f).where(eq(f.id, id)).for('update');
      return row;
    },
    async setFlagHazard(id: string, hazardId: string) {
      await db.update(f).set({ hazardId }).where(eq(f.id, id));
    },
  };
}
