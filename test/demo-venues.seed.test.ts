import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venueCategories } from '../domain/registry/registry.ts';
import { venueRiskFlags } from '../domain/registry/venue-risk.ts';
import { townshipAt } from '../domain/registry/wushen-boundaries.ts';
import { regionsTable } from '../server/modules/organisation/organisation.table.ts';
import { enterprisesTable, venuesTable } from '../server/modules/registry/registry.table.ts';
import { DEMO_IDS, DEMO_PASSWORD, seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { demoVenueRows, seedDemoVenues } from '../server/seed/demo-venues.seed.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { buildEnterprise } from './registry-factories.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  // seedDemo may already load the demo enterprises and venues; make sure suppliers exist either way.
  await seedDemoAccounts(db);
  const [demoOperator] = await db
    .select()
    .from(enterprisesTable)
    .where(eq(enterprisesTable.id, DEMO_IDS.bottledOperator));
  if (!demoOperator) {
    await buildEnterprise(db, {
      id: DEMO_IDS.bottledOperator,
      kind: 'bottled_operator',
      name: '乌审旗演示液化气有限公司',
    });
    await buildEnterprise(db, { kind: 'bottled_operator' });
    await buildEnterprise(db, { kind: 'pipeline_operator' });
  }
  await seedDemoVenues(db);
});
afterAll(() => ctx.close());

describe('seedDemoVenues', () => {
  it('adds a few hundred venues of every category, over all 7 townships, weighted to 嘎鲁图镇', async () => {
    const db = ctx.database.db;
    const rows = await db.select().from(venuesTable);
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(rows.length).toBeLessThanOrEqual(400);
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(venueCategories));
    const byTownship = new Map<string, number>();
    for (const r of rows) {
      const t = townshipAt([r.lng!, r.lat!]);
      byTownship.set(String(t), (byTownship.get(String(t)) ?? 0) + 1);
    }
    expect(byTownship.has('null')).toBe(false);
    expect(byTownship.size).toBe(7);
    expect(Math.max(...byTownship.values())).toBe(byTownship.get('150626100'));
    const flagged = rows.filter(
      (r) => venueRiskFlags({ ...r, storedLpgKg: r.storedLpgKg === null ? null : Number(r.storedLpgKg) }).length > 0,
    );
    expect(flagged.length).toBeGreaterThan(rows.length / 5);
    expect(flagged.length).toBeLessThan(rows.length);
    expect(rows.some((r) => r.supplyStatus === 'suspended')).toBe(true);
    // Piped and bottled users have a supplier; industrial fuel comes from no licensed operator.
    const supplied = rows.filter((r) => r.gasSources.includes('piped') || r.gasSources.includes('bottled_lpg'));
    expect(supplied.filter((r) => r.supplierEnterpriseId === null)).toHaveLength(0);
  });

  it('creates the demo restaurant with its fixed id in 嘎鲁图镇, supplied by the demo bottled operator', async () => {
    const db = ctx.database.db;
    const [r] = await db
      .select({ name: venuesTable.name, path: regionsTable.path, supplier: venuesTable.supplierEnterpriseId })
      .from(venuesTable)
      .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId))
      .where(eq(venuesTable.id, DEMO_IDS.restaurant));
    expect(r).toMatchObject({ name: '草原人家手把肉馆', supplier: DEMO_IDS.bottledOperator });
    expect(r!.path.startsWith('150626/150626100/')).toBe(true);
  });

  it('gives the demo venue manager its restaurant and the demo enterprise manager its customers', async () => {
    const venue1 = await login(ctx.app, 'venue1', DEMO_PASSWORD);
    const mine = (await venue1({ method: 'GET', url: '/api/v1/venues' })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([DEMO_IDS.restaurant]);
    const enterprise1 = await login(ctx.app, 'enterprise1', DEMO_PASSWORD);
    const customers = (await enterprise1({ method: 'GET', url: '/api/v1/venues?pageSize=200' })).json();
    expect(customers.total).toBeGreaterThan(10);
    expect(
      customers.items.every(
        (i: { supplierEnterpriseId: string }) => i.supplierEnterpriseId === DEMO_IDS.bottledOperator,
      ),
    ).toBe(true);
  });

  it('is idempotent and deterministic', async () => {
    const db = ctx.database.db;
    const [before] = await db.select({ n: count() }).from(venuesTable);
    expect(await seedDemoVenues(db)).toEqual({ venues: 0 });
    const [after] = await db.select({ n: count() }).from(venuesTable);
    expect(after!.n).toBe(before!.n);
    const input = {
      regions: [{ id: 'r1', code: '150626100', parentCode: '150626' }],
      suppliers: { piped: ['p'], bottled: ['b'], demoBottled: null },
    };
    expect(demoVenueRows(input)).toEqual(demoVenueRows(input));
  });

  it('gives the development zone no school, kindergarten, clinic or market, and the new venue kinds a place', async () => {
    const db = ctx.database.db;
    const rows = await db
      .select({ name: venuesTable.name, category: venuesTable.category, path: regionsTable.path })
      .from(venuesTable)
      .innerJoin(regionsTable, eq(regionsTable.id, venuesTable.regionId));
    const zone = rows.filter((r) => r.path.startsWith('150626/150626410/'));
    expect(zone.length).toBeGreaterThan(10);
    for (const r of zone) {
      expect(['school', 'hospital', 'farmers_market'], r.name).not.toContain(r.category);
      expect(r.name).not.toMatch(/学校|小学|中学|幼儿园|卫生院|诊所|医院|市场/);
    }
    expect(zone.map((r) => r.category)).toEqual(expect.arrayContaining(['workplace_canteen', 'construction_canteen']));
    const categories = new Set(rows.map((r) => r.category));
    for (const c of ['hotel', 'workplace_canteen', 'construction_canteen', 'farmstay', 'religious_site'])
      expect(categories.has(c as (typeof venueCategories)[number]), c).toBe(true);
  });
});
