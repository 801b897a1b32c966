import { and, count, eq, isNull, like } from 'drizzle-orm';
import { cylinderEventsTable, cylindersTable } from '../server/modules/cylinders/cylinders.table.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliveryChecksTable,
  deliveryOrdersTable,
  deliveryUsersTable,
  vehicleFlagsTable,
  vehiclePositionsTable,
} from '../server/modules/delivery/delivery.table.ts';
import { machineTokensTable } from '../server/modules/auth/index.ts';
import { testConfig } from '../server/config.ts';
import { recordDemoLoaded } from '../server/platform/installation/index.ts';
import { startDemoDeliverySimulator } from '../server/seed/demo-delivery-simulator.ts';
import { hazardsTable } from '../server/modules/hazards/hazards.table.ts';
import {
  DEMO_OPERATOR_STOCK,
  type DemoDeliveryCounts,
  demoStockCode,
  seedDemoDelivery,
} from '../server/seed/demo-delivery.seed.ts';
import { seedDemoEnterprises } from '../server/seed/demo-enterprises.seed.ts';
import { seedDemoNetwork } from '../server/seed/demo-network.seed.ts';
import { seedDemoVenues } from '../server/seed/demo-venues.seed.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { type TestContext, createTestApp, login } from './app.ts';

let ctx: TestContext;
let first: DemoDeliveryCounts;

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  await seedDemoAccounts(db);
  await seedDemoEnterprises(db);
  await seedDemoVenues(db);
  await seedDemoNetwork(db);
  first = await seedDemoDelivery(db);
}, 300_000);
afterAll(() => ctx.close());

describe('seedDemoDelivery', () => {
  it('gives every bottled operator a zone, users and orders, driver1 today’s orders, and a door-check hazard', async () => {
    expect(first.zones).toBeGreaterThan(0);
    expect(first.users).toBe(first.zones * 8);
    const send = await login(ctx.app, 'driver1', DEMO_PASSWORD);
    const mine = (await send({ method: 'GET', url: '/api/v1/delivery/orders?mine=true&status=assigned' })).json();
    expect(mine.total).toBe(3);
    const delivered = (await send({ method: 'GET', url: '/api/v1/delivery/orders?mine=true&status=delivered' })).json();
    expect(delivered.items.some((o: { check: { hazards: unknown[] } | null }) => o.check?.hazards.length === 1)).toBe(
      true,
    );
    const hazards = await ctx.database.db.select({ n: count() }).from(hazardsTable);
    expect(hazards[0]!.n).toBeGreaterThanOrEqual(1);
    expect(first.orders).toBe(first.zones * 6);
  });

  it("gives each operator its own in-date cylinders; the seeded deliveries are in those cylinders' life log", async () => {
    const db = ctx.database.db;
    expect(first.cylinders).toBe(first.zones * DEMO_OPERATOR_STOCK);
    const [own] = await db
      .select()
      .from(cylindersTable)
      .where(eq(cylindersTable.code, demoStockCode(0, 1)));
    expect(own).toMatchObject({ status: 'in_service', refurbished: false });
    const delivered = await db
      .select({ type: cylinderEventsTable.type, locationType: cylinderEventsTable.locationType })
      .from(cylinderEventsTable)
      .where(eq(cylinderEventsTable.code, demoStockCode(0, DEMO_OPERATOR_STOCK)));
    expect(delivered.map((e) => e.type).sort()).toEqual(['delivered', 'dispatched', 'registered']);
    const back = await db
      .select({ type: cylinderEventsTable.type })
      .from(cylinderEventsTable)
      .where(eq(cylinderEventsTable.code, demoStockCode(0, DEMO_OPERATOR_STOCK - 10)));
    expect(back.map((e) => e.type).sort()).toEqual(['registered', 'returned_empty']);
  });

  it('adds nothing when run again', async () => {
    const db = ctx.database.db;
    const before = [
      (await db.select({ n: count() }).from(deliveryUsersTable))[0]!.n,
      (await db.select({ n: count() }).from(deliveryOrdersTable))[0]!.n,
    ];
    expect(await seedDemoDelivery(db)).toEqual({ zones: 0, users: 0, orders: 0, trainings: 0, cylinders: 0 });
    const after = [
      (await db.select({ n: count() }).from(deliveryUsersTable))[0]!.n,
      (await db.select({ n: count() }).from(deliveryOrdersTable))[0]!.n,
    ];
    expect(after).toEqual(before);
  });
});

describe('the demo delivery simulator', () => {
  const terminals = () =>
    ctx.database.db
      .select({ id: machineTokensTable.id })
      .from(machineTokensTable)
      .where(
        and(
          eq(machineTokensTable.role, 'vehicle_terminal'),
          isNull(machineTokensTable.revokedAt),
          like(machineTokensTable.name, '演示车载终端%'),
        ),
      );

  it('moves the vehicles through the terminals’ path, delivers orders with checks, one speeding and one leaving its zone; once per process', async () => {
    const db = ctx.database.db;
    await recordDemoLoaded(db);
    const ordersBefore = (await db.select({ n: count() }).from(deliveryOrdersTable))[0]!.n;
    const hazardsBefore = (await db.select({ n: count() }).from(hazardsTable))[0]!.n;
    const checksBefore = (await db.select({ n: count() }).from(deliveryChecksTable))[0]!.n;
    const deliveredBefore = (
      await db.select({ n: count() }).from(deliveryOrdersTable).where(eq(deliveryOrdersTable.status, 'delivered'))
    )[0]!.n;
    // A clock eight hours back running a minute a round: the fixes are in the past, consistent with their speeds.
    let t = Date.now() - 8 * 3_600_000;
    const errors: unknown[] = [];
    const options = {
      app: ctx.app,
      db,
      config: testConfig(),
      intervalMs: 10,
      random: () => 0.5,
      now: () => {
        t += 60_000;
        return new Date(t);
      },
      log: (msg: string, err?: unknown) => {
        errors.push([msg, err]);
        console.error(msg, err);
      },
    };
    const stop = await startDemoDeliverySimulator(options);
    // A second start in the same process is a no-op: no second fleet, no second set of terminals.
    const again = await startDemoDeliverySimulator(options);
    await again();
    const tokens = (await terminals()).length;
    expect(tokens).toBeGreaterThan(0);
    const kinds = async () =>
      (await db.selectDistinct({ kind: vehicleFlagsTable.kind }).from(vehicleFlagsTable)).map((f) => f.kind).sort();
    try {
      await expect.poll(kinds, { timeout: 240_000, interval: 500 }).toEqual(['left_zone', 'speeding']);
      // Five deliveries with their checks (by driver1's vehicle: the demo's worker with an account); one failing its hose.
      await expect
        .poll(async () => (await db.select({ n: count() }).from(deliveryChecksTable))[0]!.n, {
          timeout: 60_000,
          interval: 500,
        })
        .toBeGreaterThanOrEqual(checksBefore + 5);
    } finally {
      await stop();
    }
    expect(errors).toEqual([]);
    expect((await terminals()).length).toBe(tokens);
    // Through the terminals' path: stored as the terminals' fixes.
    const sources = await db.selectDistinct({ source: vehiclePositionsTable.source }).from(vehiclePositionsTable);
    expect(sources.map((s) => s.source)).toEqual(['terminal']);
    expect((await db.select({ n: count() }).from(deliveryOrdersTable))[0]!.n).toBeGreaterThan(ordersBefore);
    const delivered = await db
      .select({ n: count() })
      .from(deliveryOrdersTable)
      .where(eq(deliveryOrdersTable.status, 'delivered'));
    expect(delivered[0]!.n).toBeGreaterThanOrEqual(deliveredBefore + 5);
    // Some checks failed the hose item: hazards in the ledger.
    expect((await db.select({ n: count() }).from(hazardsTable))[0]!.n).toBeGreaterThan(hazardsBefore);
    // Stopped, it may start again (a later start in the process, e.g. after a restart of the app).
    const restarted = await startDemoDeliverySimulator({ ...options, intervalMs: 60_000 });
    await restarted();
  }, 400_000);
});
