import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../domain/registry/pipelines-people-vehicles.ts';
import { WUSHEN_BOUNDS } from '../domain/registry/places.ts';
import { usersTable } from '../server/modules/users/users.table.ts';
import { auditEventsTable } from '../server/platform/audit/audit.table.ts';
import {
  peopleTable,
  pipelineSegmentsTable,
  trainingRecordsTable,
  vehiclesTable,
} from '../server/modules/registry/registry.table.ts';
import { DEMO_IDS, DEMO_PASSWORD, seedDemoAccounts } from '../server/seed/demo.seed.ts';
import { type DemoNetworkCounts, seedDemoNetwork } from '../server/seed/demo-network.seed.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { buildEnterprise, buildVenue } from './registry-factories.ts';

let ctx: TestContext;
let first: DemoNetworkCounts;
let carrierId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  await seedDemoAccounts(db);
  await buildEnterprise(db, {
    id: DEMO_IDS.bottledOperator,
    kind: 'bottled_operator',
    name: '乌审旗演示液化气有限公司',
  });
  await buildEnterprise(db, { kind: 'bottled_operator', regionCode: '150626102' });
  await buildEnterprise(db, { kind: 'pipeline_operator', regionCode: '150626100' });
  await buildEnterprise(db, { kind: 'pipeline_operator', regionCode: '150626410' });
  await buildEnterprise(db, { kind: 'filling_enterprise' });
  carrierId = (await buildEnterprise(db, { kind: 'hazardous_carrier' })).id;
  await buildVenue(db, { id: DEMO_IDS.restaurant, name: '草原人家手把肉馆' });
  first = await seedDemoNetwork(db);
});
afterAll(() => ctx.close());

describe('seedDemoNetwork', () => {
  it('registers the demo restaurant’s own staff, its manager (venue1) linked and trained, one helper untrained', async () => {
    const db = ctx.database.db;
    const staff = await db.select().from(peopleTable).where(eq(peopleTable.venueId, DEMO_IDS.restaurant));
    expect(staff.map((p) => p.kind).sort()).toEqual(['other_staff', 'principal', 'safety_manager']);
    const principal = staff.find((p) => p.kind === 'principal')!;
    expect(principal.userId).not.toBeNull();
    const manager = await login(ctx.app, 'venue1', DEMO_PASSWORD);
    const res = await manager({ method: 'GET', url: `/api/v1/people?venueId=${DEMO_IDS.restaurant}` });
    const seen = res.json().items as { name: string; mayInspect: boolean; userId: string | null }[];
    expect(seen).toHaveLength(3);
    expect(seen.filter((p) => p.mayInspect)).toHaveLength(2);
    expect(seen.find((p) => p.userId === principal.userId)?.mayInspect).toBe(true);
  });

  it('adds segments of every age in 嘎鲁图镇 and 苏里格, with flags and renewal plans, drawn inside the banner', async () => {
    const rows = await ctx.database.db.select().from(pipelineSegmentsTable);
    expect(first.segments).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const years = rows.map((r) => r.installedYear!);
    expect(Math.min(...years)).toBeLessThan(1995);
    expect(Math.max(...years)).toBeGreaterThanOrEqual(2020);
    expect(rows.filter((r) => r.encroached).length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.confinedSpace).length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((r) => r.renewalStatus))).toEqual(
      new Set(['not_needed', 'planned', 'in_progress', 'done']),
    );
    expect(new Set(rows.map((r) => r.material))).toEqual(new Set(['steel', 'pe', 'cast_iron']));
    // 城镇燃气 starts at the city gate: no gas-field gathering line upstream of it is on the register.
    expect(rows.filter((r) => /集输/.test(r.name ?? '') || r.code === 'SLG-GY-001').map((r) => r.name)).toEqual([]);
    for (const r of rows) {
      expect(r.ownerEnterpriseId).not.toBeNull();
      expect(r.geometry!.length).toBeGreaterThanOrEqual(2);
      for (const [lng, lat] of r.geometry!) {
        expect(lng).toBeGreaterThan(WUSHEN_BOUNDS.lngMin);
        expect(lng).toBeLessThan(WUSHEN_BOUNDS.lngMax);
        expect(lat).toBeGreaterThan(WUSHEN_BOUNDS.latMin);
        expect(lat).toBeLessThan(WUSHEN_BOUNDS.latMax);
      }
      expect(r.lengthM).toBeGreaterThan(100);
    }
  });

  it('adds about twenty inspectors, some who may inspect and some who may not, and links the demo accounts', async () => {
    const admin = await login(ctx.app, 'admin', DEMO_PASSWORD);
    const all = (await admin({ method: 'GET', url: '/api/v1/people/inspectors?pageSize=200' })).json();
    const eligible = (
      await admin({ method: 'GET', url: '/api/v1/people/inspectors?eligible=true&pageSize=200' })
    ).json();
    expect(all.total).toBeGreaterThanOrEqual(18);
    expect(all.total).toBeLessThanOrEqual(25);
    expect(eligible.total).toBeGreaterThan(all.total / 2);
    expect(eligible.total).toBeLessThan(all.total);
    expect(all.items.some((p: { departmentId: string | null }) => p.departmentId)).toBe(true);
    expect(all.items.some((p: { departmentId: string | null }) => !p.departmentId)).toBe(true);
    const zhao = all.items.find((p: { name: string }) => p.name === '赵磊');
    expect(zhao).toMatchObject({ mayInspect: true, region: { name: '嘎鲁图镇' } });
    expect(zhao.userId).not.toBeNull();
  });

  it('names each demo account as the register names its person (one source: the driver is 吴志强 everywhere)', async () => {
    const linked = await ctx.database.db
      .select({ username: usersTable.username, displayName: usersTable.displayName, person: peopleTable.name })
      .from(peopleTable)
      .innerJoin(usersTable, eq(usersTable.id, peopleTable.userId))
      .orderBy(usersTable.username);
    expect(linked.map((l) => l.username)).toEqual(['driver1', 'inspector1', 'inspector2', 'venue1']);
    for (const l of linked) expect(l.displayName, l.username).toMatch(new RegExp(`(^| )${l.person}$`));
    expect(linked.find((l) => l.username === 'driver1')).toMatchObject({
      person: '吴志强',
      displayName: '送气工 吴志强',
    });
  });

  it('adds key persons with and without a passed assessment, staff, and vehicles bound to delivery workers', async () => {
    const db = ctx.database.db;
    // Enterprise staff (the restaurant's own staff are counted above).
    const people = (await db.select().from(peopleTable)).filter((p) => p.venueId === null);
    const principals = people.filter((p) => p.kind === 'principal');
    expect(principals.length).toBe(6);
    expect(people.filter((p) => p.kind === 'safety_manager').length).toBe(6);
    expect(
      [...principals, ...people.filter((p) => p.kind === 'safety_manager')].some((p) => p.assessmentPassedOn === null),
    ).toBe(true);
    expect(people.filter((p) => p.kind === 'delivery_worker').length).toBe(6);
    expect(people.filter((p) => p.kind === 'filling_operator').length).toBe(2);
    const certified = people.filter((p) => p.kind === 'special_equipment_operator');
    expect(certified.some((p) => p.certificateExpiresOn! < chinaToday())).toBe(true);
    const driver = people.find((p) => p.name === '吴志强')!;
    expect(driver.enterpriseId).toBe(DEMO_IDS.bottledOperator);
    expect(driver.userId).not.toBeNull();

    const vehicles = await db.select().from(vehiclesTable);
    expect(vehicles.filter((v) => v.boundPersonId).length).toBe(4);
    expect(vehicles.find((v) => v.boundPersonId === driver.id)?.enterpriseId).toBe(DEMO_IDS.bottledOperator);
    const hazardous = vehicles.filter((v) => v.kind === 'hazardous_transport');
    expect(hazardous.length).toBe(3);
    expect(hazardous.filter((v) => v.enterpriseId === carrierId).map((v) => v.plate)).toEqual(
      expect.arrayContaining([expect.stringMatching(/挂$/)]),
    );
    expect(hazardous.every((v) => v.permitNumber)).toBe(true);
    const [training] = await db.select({ n: count() }).from(trainingRecordsTable);
    expect(training!.n).toBe(first.trainingRecords);
  });

  it('is idempotent: a second run adds nothing and writes no audit', async () => {
    const db = ctx.database.db;
    const [before] = await db.select({ n: count() }).from(auditEventsTable);
    expect(await seedDemoNetwork(db)).toEqual({ segments: 0, people: 0, trainingRecords: 0, vehicles: 0 });
    const [after] = await db.select({ n: count() }).from(auditEventsTable);
    expect(after!.n).toBe(before!.n);
    const [seeds] = await db
      .select({ n: count() })
      .from(auditEventsTable)
      .where(eq(auditEventsTable.action, 'seed.demo_network'));
    expect(seeds!.n).toBe(1);
  });
});
