import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { chinaToday } from '../../domain/dates.ts';
import { doorCheckItemsFor } from '../../domain/delivery/delivery.ts';
import { type ZoneGeometry, distanceM, inAnyZone } from '../../domain/delivery/tracking.ts';
import { townshipSeats } from '../../domain/registry/wushen-boundaries.ts';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { createAuthService } from '../modules/auth/index.ts';
import { cylindersTable, deliveryCylinderHooks } from '../modules/cylinders/index.ts';
import { createDeliveryService } from '../modules/delivery/index.ts';
import { deliveryUsersTable, deliveryZonesTable } from '../modules/delivery/delivery.table.ts';
import { regionsTable } from '../modules/organisation/organisation.table.ts';
import { enterprisesTable, peopleTable, trainingRecordsTable, vehiclesTable } from '../modules/registry/index.ts';
import { type Actor, systemActor } from '../platform/access.ts';
import { demoLoaded } from '../platform/installation/index.ts';
import { DEMO_OPERATOR_STOCK } from './demo-delivery.seed.ts';
import { internalRequestHeaders } from '../platform/internal-requests.ts';

/** The name every simulated terminal's token carries (a restart revokes the previous ones). */
const TOKEN_NAME = '演示车载终端';

const simulatorActor: Actor = {
  type: 'system',
  id: null,
  name: 'demo-delivery-simulator',
  grants: [],
  permissions: new Set(['machine_token.manage']),
};

/** A point of a vehicle's route and the speed it drives to reach it; a user's door where a delivery is made. */
type Waypoint = { lng: number; lat: number; speedKmh: number; userId?: string; kind?: 'household' | 'business' };

type SimVehicle = {
  id: string;
  plate: string;
  operatorId: string;
  /** The operator's own cylinders the simulator hands over (the middle of its demo stock). */
  stock: string[];
  worker: { personId: string; userId: string | null };
  route: Waypoint[];
  /** The index of the waypoint driven to. */
  next: number;
  lng: number;
  lat: number;
  speedKmh: number;
  /** The order waiting at the next waypoint's door. */
  orderId: string | null;
  /** The China day and how many orders the vehicle has been given that day. */
  day: { day: string; orders: number };
  /** Standing still (at a door, or resting at the seat) until this moment. */
  pausedUntil: number;
  /** When the vehicle last set off after a rest (fatigue: a 20-minute rest within every 4 hours). */
  drivingSince: number;
};

/**
 * Minutes at a door for the hand-over and the check; at the station (the seat) to load each loop; the
 * rest there after two hours of driving; the deliveries of a vehicle's day (a worker's day, no more).
 */
const DOOR_MINUTES = 2;
const LOAD_MINUTES = 10;
const DELIVERIES_A_DAY = 12;
const REST_MINUTES = 25;
const REST_AFTER_HOURS = 2;

/** The stock the simulator delivers: the middle of each operator's own cylinders (the first stay for driver1 to scan). */
const SIM_STOCK_FROM = 10;
const SIM_STOCK_TO = DEMO_OPERATOR_STOCK - 12;

/** Whether a simulator already runs in this process (it runs once, whatever calls it). */
let running = false;

/**
 * The demo's moving vehicles (配送信息系统, issue 12): every bound, trained demo vehicle drives a loop
 * from its township's seat past its operator's gas users and back, sending a fix every `intervalMs`
 * through the vehicle terminals' path (`POST /api/v1/delivery/positions`, in process, with a
 * `vehicle_terminal` machine token per operator: the same checks, ingest stream, flags and live
 * events as a real terminal). On the way to a user's door the order is placed and assigned to the
 * vehicle's worker (a worker with an account: the assigned worker signs the delivery; at most a day's
 * round of orders); at the door it is delivered with its door check — every fifth with the hose item
 * failed (a hazard in the ledger). It loads at the station each loop and rests there after two hours. One vehicle drives its loop over the speed limit, one crosses its
 * zone's edge and back. Runs only when the database holds demo data, once per process; returns the
 * function that stops it.
 */
export async function startDemoDeliverySimulator({
  app,
  db,
  config,
  intervalMs = 5000,
  random = Math.random,
  now = () => new Date(),
  log,
}: {
  app: FastifyInstance;
  db: Db;
  config: Config;
  intervalMs?: number;
  random?: () => number;
  /** The moment of each round (tests pass a clock in the past that runs faster). */
  now?: () => Date;
  log: (msg: string, err?: unknown) => void;
}): Promise<() => Promise<void>> {
  if (running || !(await demoLoaded(db))) return async () => {};
  running = true;
  try {
    return await start({ app, db, config, intervalMs, random, now, log });
  } catch (err) {
    running = false;
    throw err;
  }
}

async function start({
  app,
  db,
  config,
  intervalMs,
  random,
  now,
  log,
}: {
  app: FastifyInstance;
  db: Db;
  config: Config;
  intervalMs: number;
  random: () => number;
  now: () => Date;
  log: (msg: string, err?: unknown) => void;
}): Promise<() => Promise<void>> {
  const limits = config.hazardLimits;
  const delivery = createDeliveryService({ db, limits, cylinders: deliveryCylinderHooks() });
  const startedAt = now();
  const operators = await db
    .select({ id: enterprisesTable.id, code: regionsTable.code })
    .from(enterprisesTable)
    .innerJoin(regionsTable, eq(regionsTable.id, enterprisesTable.regionId))
    .where(and(eq(enterprisesTable.kind, 'bottled_operator'), isNull(enterprisesTable.archivedAt)))
    .orderBy(enterprisesTable.name);
  const rows = await db
    .select({
      id: vehiclesTable.id,
      plate: vehiclesTable.plate,
      operatorId: vehiclesTable.enterpriseId,
      personId: peopleTable.id,
      userId: peopleTable.userId,
    })
    .from(vehiclesTable)
    .innerJoin(peopleTable, eq(peopleTable.id, vehiclesTable.boundPersonId))
    .where(
      and(
        isNotNull(vehiclesTable.boundPersonId),
        isNull(vehiclesTable.archivedAt),
        // Only crews that may deliver: a worker with a passed training in date (先培训、后上岗).
        sql`exists (select 1 from ${trainingRecordsTable} tr where tr.person_id = ${peopleTable.id} and tr.passed
          and (tr.valid_until is null or tr.valid_until >= ${chinaToday(startedAt)}))`,
      ),
    )
    .orderBy(vehiclesTable.plate);

  // The latest stored fix of each vehicle: a restarted simulator continues from it.
  const last = new Map(
    (
      (await db.execute(sql`select distinct on (vehicle_id) vehicle_id, at, lat, lng from vehicle_positions
        order by vehicle_id, at desc`)) as unknown as {
        rows: { vehicle_id: string; at: Date | string; lat: number; lng: number }[];
      }
    ).rows.map((r) => [r.vehicle_id, { at: new Date(r.at), lat: Number(r.lat), lng: Number(r.lng) }]),
  );

  const auth = createAuthService({ db, config });
  // Only the simulator's own terminals (the demo's other terminal tokens are left alone).
  for (const old of await auth.listMachineTokens({ actor: simulatorActor }))
    if (old.name.startsWith(TOKEN_NAME) && !old.revokedAt)
      await auth.revokeMachineToken({ actor: simulatorActor, id: old.id });

  const vehicles: SimVehicle[] = [];
  const secrets = new Map<string, string>();
  const cruise = Math.max(20, limits.speedLimitKmh - 20);
  for (const op of operators) {
    const fleet = rows.filter((r) => r.operatorId === op.id);
    if (fleet.length === 0) continue;
    const stock = (
      await db
        .select({ code: cylindersTable.code })
        .from(cylindersTable)
        .where(and(eq(cylindersTable.ownerEnterpriseId, op.id), eq(cylindersTable.status, 'in_service')))
        .orderBy(cylindersTable.code)
        .limit(DEMO_OPERATOR_STOCK)
    )
      .map((c) => c.code)
      .slice(SIM_STOCK_FROM, SIM_STOCK_TO);
    const zones = (
      await db
        .select({ geometry: deliveryZonesTable.geometry })
        .from(deliveryZonesTable)
        .where(and(eq(deliveryZonesTable.operatorEnterpriseId, op.id), isNull(deliveryZonesTable.archivedAt)))
    ).map((z) => z.geometry as ZoneGeometry);
    const users = await db
      .select({
        id: deliveryUsersTable.id,
        kind: deliveryUsersTable.kind,
        lng: deliveryUsersTable.lng,
        lat: deliveryUsersTable.lat,
      })
      .from(deliveryUsersTable)
      .where(
        and(
          eq(deliveryUsersTable.operatorEnterpriseId, op.id),
          eq(deliveryUsersTable.belowGround, 'none'),
          eq(deliveryUsersTable.highRiseBuilding, false),
          isNotNull(deliveryUsersTable.lng),
        ),
      )
      .orderBy(deliveryUsersTable.holderPhone);
    const seat = townshipSeats[op.code.slice(0, 9)]?.seat ?? townshipSeats['150626100']!.seat;
    const { secret } = await auth.issueMachineToken({
      actor: simulatorActor,
      name: `${TOKEN_NAME} · ${op.code}`,
      role: 'vehicle_terminal',
      scopeType: 'enterprise',
      enterpriseId: op.id,
    });
    secrets.set(op.id, secret);
    for (const [vi, v] of fleet.entries()) {
      const n = vehicles.length;
      // The first vehicle of the demo speeds on its whole loop; the second crosses its zone's edge.
      const speed = n === 0 ? limits.speedLimitKmh + 18 : cruise - 5 + ((n * 7) % 10);
      const home: Waypoint = { lng: seat[0], lat: seat[1], speedKmh: speed };
      const doors = users
        .filter((_, k) => k % fleet.length === vi % fleet.length)
        .map((u) => ({ lng: u.lng!, lat: u.lat!, speedKmh: speed, userId: u.id, kind: u.kind }));
      const route: Waypoint[] = [home, ...doors];
      if (n === 1 && zones.length > 0) route.push(...edgeCrossing(seat, zones, speed));
      // A short loop round the seat when the vehicle has no doors of its own.
      if (route.length === 1)
        route.push(
          { lng: seat[0] + 0.006, lat: seat[1], speedKmh: speed },
          { lng: seat[0] + 0.006, lat: seat[1] + 0.004, speedKmh: speed },
        );
      const from = last.get(v.id);
      // From the last stored fix when reaching the route's start from it would be too fast.
      const gapH = from ? (startedAt.getTime() - from.at.getTime()) / 3_600_000 : Infinity;
      const start =
        from && distanceM(from, home) / 1000 / Math.max(gapH, 1e-6) > 100 ? { lng: from.lng, lat: from.lat } : home;
      vehicles.push({
        id: v.id,
        plate: v.plate,
        operatorId: op.id,
        stock,
        worker: { personId: v.personId, userId: v.userId },
        route,
        next: 1,
        lng: start.lng,
        lat: start.lat,
        speedKmh: speed,
        orderId: null,
        pausedUntil: 0,
        day: { day: '', orders: 0 },
        drivingSince: startedAt.getTime(),
      });
    }
  }
  if (vehicles.length === 0) {
    running = false;
    return async () => {};
  }

  const driverActor = (v: SimVehicle): Actor => ({
    type: 'user',
    id: v.worker.userId,
    name: 'demo-delivery-simulator',
    grants: [
      {
        role: 'delivery_worker',
        scopeType: 'enterprise',
        enterpriseId: v.operatorId,
        regionId: null,
        regionPath: null,
        departmentId: null,
        departmentCode: null,
        venueId: null,
      },
    ],
    permissions: new Set(['delivery.read', 'delivery.deliver']),
  });
  const desk: Actor = { ...systemActor, name: 'demo-delivery-simulator' };
  const stockTurn = new Map<string, number>();
  let deliveries = 0;

  /** Places and assigns the order waiting at the waypoint's door (a refused one is logged and skipped). */
  async function placeOrder(v: SimVehicle, w: Waypoint, at: Date) {
    // Only a worker with an account delivers (the order's assigned worker signs the delivery).
    if (!w.userId || !v.worker.userId) return;
    const day = chinaToday(at);
    if (v.day.day !== day) v.day = { day, orders: 0 };
    if (v.day.orders >= DELIVERIES_A_DAY) return;
    v.day.orders++;
    try {
      const order = await delivery.createOrder({
        actor: desk,
        input: {
          userId: w.userId,
          channel: random() < 0.5 ? 'phone' : 'shop',
          spec: 'ysp35',
          quantity: 1,
          fuel: 'lpg',
          note: '',
        },
      });
      await delivery.assignOrder({ actor: desk, id: order.id, workerPersonId: v.worker.personId });
      v.orderId = order.id;
    } catch (err) {
      log(`delivery simulator: an order for ${v.plate} was refused`, err);
      v.orderId = null;
    }
  }

  /** Delivers the waiting order at the door with its check; every fifth fails the hose item. */
  async function deliverAt(v: SimVehicle, w: Waypoint, at: Date) {
    if (!v.orderId || !w.userId || !v.worker.userId) return;
    const turn = stockTurn.get(v.operatorId) ?? 0;
    stockTurn.set(v.operatorId, turn + 1);
    const span = v.stock.length;
    if (span === 0) return;
    const full = v.stock[turn % span]!;
    const empty = v.stock[(turn + span - 1) % span]!;
    const failHose = deliveries++ % 5 === 2;
    const answers = Object.fromEntries(doorCheckItemsFor(w.kind ?? 'household').map((i) => [i.id, 'pass']));
    try {
      await delivery.deliver({
        actor: driverActor(v),
        id: v.orderId,
        input: {
          clientId: randomUUID(),
          fullCylinders: [full],
          emptyCylinders: turn > 0 ? [empty] : [],
          deliveredAt: at.toISOString(),
          check: { answers, hoseLengthM: failHose ? 2.6 : 1.2, photoIds: [], checkedAt: at.toISOString() },
        },
      });
    } catch (err) {
      log(`delivery simulator: a delivery by ${v.plate} was refused`, err);
    }
    v.orderId = null;
  }

  let lastTick = startedAt.getTime();
  async function tick() {
    const at = now();
    const t = at.getTime();
    const dtH = Math.max(0, t - Math.max(lastTick, 0)) / 3_600_000;
    lastTick = t;
    const batches = new Map<string, { vehicleId: string; time: string; lat: number; lng: number; speed: number }[]>();
    for (const v of vehicles) {
      // Driving only the part of the round after a pause ends.
      const movingH = v.pausedUntil > t ? 0 : Math.min(dtH, (t - v.pausedUntil) / 3_600_000);
      let left = v.speedKmh * 1000 * movingH;
      while (left > 0) {
        const w = v.route[v.next]!;
        const d = distanceM(v, w);
        if (d > left) {
          const f = left / d;
          v.lng += (w.lng - v.lng) * f;
          v.lat += (w.lat - v.lat) * f;
          break;
        }
        v.lng = w.lng;
        v.lat = w.lat;
        v.next = (v.next + 1) % v.route.length;
        v.speedKmh = v.route[v.next]!.speedKmh;
        if (w.userId) {
          await deliverAt(v, w, at);
          v.pausedUntil = t + DOOR_MINUTES * 60_000;
        } else if (v.next === 1 && t - v.drivingSince > REST_AFTER_HOURS * 3_600_000) {
          v.pausedUntil = t + REST_MINUTES * 60_000;
          v.drivingSince = v.pausedUntil;
        } else if (v.next === 1) v.pausedUntil = t + LOAD_MINUTES * 60_000;
        await placeOrder(v, v.route[v.next]!, at);
        if (v.pausedUntil > t) break;
        left -= d;
        if (left > 0 && distanceM(v, v.route[v.next]!) === 0) break;
      }
      // A little noise on the reported speed; nought while standing.
      const speed = v.pausedUntil > t ? 0 : Math.round(v.speedKmh * (0.95 + random() * 0.1) * 10) / 10;
      const rows = batches.get(v.operatorId) ?? [];
      rows.push({ vehicleId: v.id, time: at.toISOString(), lat: round6(v.lat), lng: round6(v.lng), speed });
      batches.set(v.operatorId, rows);
    }
    for (const [operatorId, rows] of batches) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/delivery/positions',
        headers: { ...internalRequestHeaders, authorization: `Bearer ${secrets.get(operatorId)}` },
        payload: { rows },
      });
      if (res.statusCode !== 200)
        log(`delivery simulator: positions refused (${res.statusCode}) ${res.body.slice(0, 300)}`);
    }
  }

  // The first order of each vehicle is placed at once.
  for (const v of vehicles) await placeOrder(v, v.route[v.next]!, startedAt);
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    chain = chain.then(tick).catch((err: unknown) => log('delivery simulator: a round failed', err));
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await chain;
    running = false;
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Two waypoints across the zone's edge nearest the seat: just inside and just outside (not in any
 * zone of the operator), so the vehicle leaves its zone and comes back.
 */
function edgeCrossing(seat: readonly [number, number], zones: ZoneGeometry[], speedKmh: number): Waypoint[] {
  const ring = zones[0]!.type === 'Polygon' ? zones[0]!.coordinates[0]! : zones[0]!.coordinates[0]![0]!;
  let best = ring[0]!;
  for (const p of ring)
    if (
      distanceM({ lng: p[0], lat: p[1] }, { lng: seat[0], lat: seat[1] }) <
      distanceM({ lng: best[0], lat: best[1] }, { lng: seat[0], lat: seat[1] })
    )
      best = p;
  const at = (f: number) => ({ lng: seat[0] + (best[0] - seat[0]) * f, lat: seat[1] + (best[1] - seat[1]) * f });
  let inside = at(0.97);
  for (let f = 0.97; f > 0.5 && !inAnyZone(inside.lng, inside.lat, zones); f -= 0.03) inside = at(f);
  let outside = at(1.04);
  for (let f = 1.04; f < 1.6 && inAnyZone(outside.lng, outside.lat, zones); f += 0.04) outside = at(f);
  return [
    { ...inside, speedKmh },
    { ...outside, speedKmh },
    { ...inside, speedKmh },
  ];
}
