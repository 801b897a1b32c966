import { count, eq } from 'drizzle-orm';
import { cylinderEventsTable, cylindersTable } from '../server/modules/cylinders/cylinders.table.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryOrdersTable, deliveryUsersTable } from '../server/modules/delivery/delivery.table.ts';
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
