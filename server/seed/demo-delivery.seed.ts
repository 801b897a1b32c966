import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { addDays, chinaToday } from '../../domain/dates.ts';
import { doorCheckItemsFor } from '../../domain/delivery/delivery.ts';
import {
  BANNER_CODE,
  townshipCellsWithin,
  townshipSeats,
  wushenBoundaries,
} from '../../domain/registry/wushen-boundaries.ts';
import type { Db } from '../db/client.ts';
import { cylinderEventRow, cylindersTable, deliveryCylinderHooks } from '../modules/cylinders/index.ts';
import { appendCylinderEvents } from '../modules/cylinders/index.ts';
import { createDeliveryService } from '../modules/delivery/index.ts';
import { regionOutlinesTable, regionsTable } from '../modules/organisation/organisation.table.ts';
import { enterprisesTable, peopleTable, trainingRecordsTable, vehiclesTable } from '../modules/registry/index.ts';
import { deliveryUsersTable } from '../modules/delivery/delivery.table.ts';
import { type Actor, systemActor } from '../platform/access.ts';
import { DEMO_IDS } from './demo-ids.ts';

export type DemoDeliveryCounts = {
  zones: number;
  users: number;
  orders: number;
  trainings: number;
  cylinders: number;
};

/** Each operator's own stock of full cylinders the demo delivers from (the driver scans these codes). */
export const DEMO_OPERATOR_STOCK = 40;
/** The code of the n-th (1-based) cylinder of the oi-th (0-based) operator's stock; `PS1-0001` is driver1's first. */
export const demoStockCode = (oi: number, n: number) => `PS${oi + 1}-${String(n).padStart(4, '0')}`;

const seedActor: Actor = { ...systemActor, name: 'demo-seed' };
const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const given = ['建华', '秀英', '志强', '桂兰', '海军', '丽娟', '永刚', '春梅', '振华', '玉兰'];

/**
 * The delivery system's demo (issue 12): each bottled-gas operator's zone (its township's outline),
 * trained delivery workers (one left untrained, so the refusal shows), real-name households and its
 * restaurant customers, and orders — some delivered with their door check (one hose too long: a
 * hazard in the ledger), some assigned to today's workers, driver1 (吴志强) among them. Idempotent:
 * an operator that has gas users on file is left alone.
 */
export async function seedDemoDelivery(db: Db, today = chinaToday()): Promise<DemoDeliveryCounts> {
  const counts: DemoDeliveryCounts = { zones: 0, users: 0, orders: 0, trainings: 0, cylinders: 0 };
  // Deliveries pass the filling gate's rules and go into the cylinders' life log, as in the app.
  const delivery = createDeliveryService({ db, today: () => today, cylinders: deliveryCylinderHooks() });
  const operators = await db
    .select({ id: enterprisesTable.id, regionId: enterprisesTable.regionId, code: regionsTable.code })
    .from(enterprisesTable)
    .innerJoin(regionsTable, eq(regionsTable.id, enterprisesTable.regionId))
    .where(and(eq(enterprisesTable.kind, 'bottled_operator'), isNull(enterprisesTable.archivedAt)))
    .orderBy(sql`${enterprisesTable.id} = ${DEMO_IDS.bottledOperator} desc`, enterprisesTable.name);

  // The townships as the map draws them: cells within the county's real outline when it is stored
  // (a zone must lie within the county), else the hand-drawn schematic ones.
  const [real] = await db
    .select({ geometry: regionOutlinesTable.geometry })
    .from(regionOutlinesTable)
    .innerJoin(regionsTable, eq(regionsTable.id, regionOutlinesTable.regionId))
    .where(eq(regionsTable.code, BANNER_CODE));
  const cells = real
    ? townshipCellsWithin(
        real.geometry.type === 'Polygon' ? real.geometry.coordinates[0]! : real.geometry.coordinates[0]![0]!,
      )
    : wushenBoundaries;
  for (const [oi, op] of operators.entries()) {
    const [filed] = await db
      .select({ id: deliveryUsersTable.id })
      .from(deliveryUsersTable)
      .where(eq(deliveryUsersTable.operatorEnterpriseId, op.id))
      .limit(1);
    if (filed) continue;
    const township = op.code.slice(0, 9);
    const ring = cells[township] ?? cells['150626100'] ?? wushenBoundaries['150626100']!;
    await delivery.createZone({
      actor: seedActor,
      input: { operatorId: op.id, name: '固定配送范围', geometry: { type: 'Polygon', coordinates: [ring] } },
    });
    counts.zones++;

    // The operator's own cylinders (产权单位), registered two years ago, in date for inspection and life.
    const made = addDays(today, -700);
    const stock = await db
      .insert(cylindersTable)
      .values(
        Array.from({ length: DEMO_OPERATOR_STOCK }, (_, n) => ({
          code: demoStockCode(oi, n + 1),
          ownerEnterpriseId: op.id,
          regionId: op.regionId,
          model: 'YSP35.5' as const,
          manufacturer: '内蒙古华信钢瓶制造有限公司',
          serialNumber: `HX${made.slice(0, 4)}${String(oi * 1000 + n + 1).padStart(5, '0')}`,
          batch: `HX${made.slice(2, 4)}${made.slice(5, 7)}`,
          manufacturedOn: made,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: cylindersTable.id, code: cylindersTable.code });
    await appendCylinderEvents(
      db,
      stock.map((c) =>
        cylinderEventRow(
          {
            eventId: `demo-register:${c.code}`,
            type: 'registered',
            code: c.code,
            occurredAt: new Date(`${made}T09:00:00+08:00`),
          },
          { actor: seedActor, cylinderId: c.id, enterpriseId: op.id, regionId: op.regionId },
        ),
      ),
    );
    counts.cylinders += stock.length;

    // Workers: a passed training for all but the last one of the first operator.
    const workers = await db
      .select({ id: peopleTable.id, userId: peopleTable.userId })
      .from(peopleTable)
      .where(and(eq(peopleTable.enterpriseId, op.id), eq(peopleTable.kind, 'delivery_worker')))
      .orderBy(peopleTable.phone);
    const training = workers
      .filter((_, i) => !(oi === 0 && i === workers.length - 1))
      .map((w) => ({
        personId: w.id,
        course: '瓶装液化气送气人员安全培训',
        trainedOn: addDays(today, -60),
        passed: true,
        validUntil: addDays(today, 305),
      }));
    if (training.length) await db.insert(trainingRecordsTable).values(training);
    counts.trainings += training.length;
    const bound = await db
      .select({ personId: vehiclesTable.boundPersonId })
      .from(vehiclesTable)
      .where(and(eq(vehiclesTable.enterpriseId, op.id), sql`${vehiclesTable.boundPersonId} is not null`));
    const crew = workers.filter(
      (w) => bound.some((b) => b.personId === w.id) && training.some((t) => t.personId === w.id),
    );

    // Households around the township's seat, inside its zone; one in a basement, one in a high-rise.
    const [seatLng, seatLat] = townshipSeats[township]?.seat ?? townshipSeats['150626100']!.seat;
    const users: { id: string; kind: 'household' | 'business' }[] = [];
    for (let k = 0; k < 8; k++) {
      const name = `${surnames[(oi * 3 + k) % surnames.length]}${given[(oi + k * 7) % given.length]}`;
      const { id } = await delivery.createUser({
        actor: seedActor,
        input: {
          operatorId: op.id,
          kind: 'household',
          holderName: name,
          holderPhone: `1374770${String(oi * 100 + k).padStart(4, '0')}`,
          regionId: op.regionId,
          address: `${['幸福', '团结', '光明', '和谐'][k % 4]}小区${k + 1}号楼${(k % 5) + 1}单元`,
          lng: seatLng + ((k % 3) - 1) * 0.004,
          lat: seatLat + (Math.floor(k / 3) - 1) * 0.003,
          cylinderFloor: k === 5 ? 12 : k === 4 ? -1 : 1 + (k % 3),
          belowGround: k === 4 ? 'basement' : 'none',
          highRiseBuilding: k === 5,
          contractNumber: `GYQ-${oi + 1}-${String(k + 1).padStart(3, '0')}`,
          contractFrom: addDays(today, -200 + k),
          contractTo: addDays(today, 165 + k),
        },
      });
      users.push({ id, kind: 'household' });
      counts.users++;
    }

    // Orders: two delivered yesterday with their check (the second with a hose too long), three for today.
    const usable = users.filter((_, k) => k !== 4 && k !== 5);
    const driver = crew[0];
    const driverActor: Actor = {
      type: 'user',
      id: driver?.userId ?? null,
      name: 'demo-seed',
      grants: [
        {
          role: 'delivery_worker',
          scopeType: 'enterprise',
          enterpriseId: op.id,
          regionId: null,
          regionPath: null,
          departmentId: null,
          departmentCode: null,
          venueId: null,
        },
      ],
      permissions: new Set(['delivery.read', 'delivery.deliver']),
    };
    for (const [k, u] of usable.entries()) {
      const order = await delivery.createOrder({
        actor: seedActor,
        input: { userId: u.id, channel: k % 2 ? 'shop' : 'phone', spec: 'ysp35', quantity: 1, fuel: 'lpg', note: '' },
      });
      counts.orders++;
      if (k >= 5 || !driver) continue; // placed, waiting for assignment
      await delivery.assignOrder({ actor: seedActor, id: order.id, workerPersonId: driver.id });
      // Today's orders of the driver; the deliveries are made by a worker with an account (driver1).
      if (k >= 2 || !driver.userId) continue;
      const at = new Date(Date.now() - 86_400_000 + k * 3_600_000).toISOString();
      const answers = Object.fromEntries(doorCheckItemsFor(u.kind).map((i) => [i.id, 'pass']));
      await delivery.deliver({
        actor: driverActor,
        id: order.id,
        input: {
          clientId: randomUUID(),
          // From the end of the stock, so the first codes stay at the station for the driver to scan.
          fullCylinders: [demoStockCode(oi, DEMO_OPERATOR_STOCK - k)],
          emptyCylinders: [demoStockCode(oi, DEMO_OPERATOR_STOCK - 10 - k)],
          deliveredAt: at,
          check: { answers, hoseLengthM: k === 1 ? 2.8 : 1.2, photoIds: [], checkedAt: at },
        },
      });
    }
  }
  return counts;
}
