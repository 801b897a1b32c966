import { type SQL, and, asc, count, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from '../../db/client.ts';
import { deferToCommit } from '../../db/commit-fusion.ts';
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
const s = vehicleTrackStatesTable;

export type FlagRow = typeof f.$inferSelect;

/** A vehicle's running state after a batch; `last` is its newest fix when the batch brought a newer one. */
export type SavedState = {
  vehicleId: string;
  day: string;
  state: TrackState;
  last: { at: Date; lat: number; lng: number; speedKmh: number } | null;
};

/**
 * The states' lock of `lockStates` as plain SQL, a node-postgres named statement: each connection parses and
 * plans it once, and no query is built per batch (drizzle's builder was a visible share of a batch's CPU).
 * The columns come back as node-postgres reads them: `last_at` a Date, `state` and `zones` parsed JSON.
 */
const LOCK_STATES = {
  name: 'delivery_lock_states',
  text: `select s.vehicle_id as "vehicleId", s.day::text as "day", s.state, s.last_at as "lastAt", v.plate,
      v.enterprise_id as "operatorId", e.region_id as "regionId",
      coalesce((select json_agg(z.geometry) from delivery_zones z
        where z.operator_enterprise_id = v.enterprise_id and z.archived_at is null), '[]'::json) as zones
    from vehicle_track_states s
    join vehicles v on v.id = s.vehicle_id
    join enterprises e on e.id = v.enterprise_id
    where s.vehicle_id = any($1::uuid[])
    order by s.vehicle_id
    for update of s`,
};

/** The node-postgres connection a transaction runs on (null on PGlite or outside a transaction's own connection). */
function connectionOf(db: Db): pg.Client | null {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : null;
}

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
          last: {
            at: s.lastAt,
            lat: s.lastLat,
            lng: s.lastLng,
            speedKmh: s.lastSpeedKmh,
          },
        })
        .from(v)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, v.enterpriseId))
        .leftJoin(peopleTable, eq(peopleTable.id, v.boundPersonId))
        .leftJoin(s, eq(s.vehicleId, v.id))
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
    /**
     * The running states of vehicles with each vehicle's operator, region and plate, locked for this
     * transaction in vehicle order (two writers lock in the same order); a missing state is created
     * empty for `day` first. Two statements when every vehicle has its state, four otherwise.
     */
    async lockStates(vehicleIds: string[], day: string, empty: TrackState) {
      const ids = [...vehicleIds].sort();
      type Locked = {
        vehicleId: string;
        day: string;
        state: TrackState;
        lastAt: Date | null;
        plate: string;
        operatorId: string;
        regionId: string;
        zones: unknown[];
      };
      const connection = connectionOf(db);
      const read = async (list: string[]): Promise<Locked[]> =>
        connection ? (await connection.query<Locked>({ ...LOCK_STATES, values: [list] })).rows : readBuilt(list);
      const readBuilt = (list: string[]) =>
        db
          .select({
            vehicleId: s.vehicleId,
            day: s.day,
            state: s.state,
            lastAt: s.lastAt,
            plate: v.plate,
            operatorId: v.enterpriseId,
            regionId: enterprisesTable.regionId,
            // The operator's zones, read with the lock (one statement).
            zones: sql<unknown[]>`coalesce((select json_agg(z.geometry) from ${deliveryZonesTable} z
              where z.operator_enterprise_id = ${v.enterpriseId} and z.archived_at is null), '[]'::json)`,
          })
          .from(s)
          .innerJoin(v, eq(v.id, s.vehicleId))
          .innerJoin(enterprisesTable, eq(enterprisesTable.id, v.enterpriseId))
          .where(inArray(s.vehicleId, list))
          .orderBy(asc(s.vehicleId))
          .for('update', { of: s });
      const rows = await read(ids);
      const missing = ids.filter((id) => !rows.some((r) => r.vehicleId === id));
      if (missing.length > 0) {
        await db
          .insert(s)
          .values(missing.map((vehicleId) => ({ vehicleId, day, state: empty })))
          .onConflictDoNothing();
        rows.push(...(await read(missing)));
      }
      return rows;
    },
    /**
     * Saves the vehicles' states after a batch: one statement, on PostgreSQL sent with the COMMIT
     * (server/db/commit-fusion.ts; still inside the transaction), elsewhere at once.
     */
    async saveStates(rows: SavedState[]) {
      if (rows.length === 0) return;
      const set = `day = u.day, state = u.state, last_at = coalesce(u.last_at, s.last_at),
        last_lat = coalesce(u.last_lat, s.last_lat), last_lng = coalesce(u.last_lng, s.last_lng),
        last_speed_kmh = coalesce(u.last_speed_kmh, s.last_speed_kmh)`;
      const columns = 'u(vehicle_id, day, state, last_at, last_lat, last_lng, last_speed_kmh)';
      const deferred = deferToCommit(db, (lit) => {
        const values = rows.map(
          (r) =>
            `(${lit(r.vehicleId)}::uuid, ${lit(r.day)}::date, ${lit(JSON.stringify(r.state))}::jsonb,
            ${lit(r.last?.at.toISOString() ?? null)}::timestamptz, ${lit(r.last?.lat ?? null)}::float8,
            ${lit(r.last?.lng ?? null)}::float8, ${lit(r.last?.speedKmh ?? null)}::real)`,
        );
        return `update vehicle_track_states s set ${set} from (values ${values.join(', ')}) as ${columns}
          where s.vehicle_id = u.vehicle_id`;
      });
      if (deferred) return;
      await db.execute(sql`update ${s} s set ${sql.raw(set)}
        from unnest(${sql.param(rows.map((r) => r.vehicleId))}::uuid[], ${sql.param(rows.map((r) => r.day))}::date[],
          ${sql.param(rows.map((r) => JSON.stringify(r.state)))}::jsonb[],
          ${sql.param(rows.map((r) => r.last?.at.toISOString() ?? null))}::timestamptz[],
          ${sql.param(rows.map((r) => r.last?.lat ?? null))}::float8[], ${sql.param(rows.map((r) => r.last?.lng ?? null))}::float8[],
          ${sql.param(rows.map((r) => r.last?.speedKmh ?? null))}::real[]) as ${sql.raw(columns)}
        where s.vehicle_id = u.vehicle_id`);
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
        .returning({
          id: f.id,
          vehicleId: f.vehicleId,
          kind: f.kind,
          createdAt: f.createdAt,
          inserted: sql<boolean>`(xmax = 0)`,
        });
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
