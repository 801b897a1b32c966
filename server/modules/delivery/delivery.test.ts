import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser, buildVenue, multipartFile } from '../../../test/registry-factories.ts';
import { PNG_BYTES } from '../../../test/ledger-factories.ts';
import type { Db } from '../../db/client.ts';
import { sha256 } from '../../platform/audit/audit.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { cylinderEventsTable, cylindersTable } from '../cylinders/cylinders.table.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';
import { peopleTable, trainingRecordsTable, vehiclesTable, venuesTable } from '../registry/registry.table.ts';
import { createDeliveryService } from './delivery.service.ts';
import {
  deliveryOrdersTable,
  vehicleFlagsTable,
  vehiclePositionsTable,
  vehicleTrackStatesTable,
} from './delivery.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const post = (url: string, payload: object) => ({ method: 'POST' as const, url, payload });

/** A square zone around 嘎鲁图镇 ([lng, lat]). */
const ZONE = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [108.7, 38.5],
      [109.0, 38.5],
      [109.0, 38.8],
      [108.7, 38.8],
      [108.7, 38.5],
    ],
  ] as [number, number][][],
};
const INSIDE = { lng: 108.85, lat: 38.6 };
const OUTSIDE = { lng: 108.2, lat: 38.6 };

let ctx: TestContext;
let db: Db;
let operatorId: string;
let otherOperatorId: string;
let regionId: string;
let manager: Send;
let otherManager: Send;
let office: Send;
let worker: Send;
let workerPersonId: string;
let vehicleId: string;
let plate: string;
const today = chinaToday();

let plateSeq = 100;
/** A delivery worker of an operator, with (optionally) a training record and a vehicle bound to them. */
async function buildWorker(
  opId: string,
  opts: { trained?: boolean; vehicle?: boolean; permitValidTo?: string | null; userId?: string | null } = {},
) {
  const { trained = true, vehicle = true, permitValidTo = null, userId = null } = opts;
  const [person] = await db
    .insert(peopleTable)
    .values({
      name: uniqueName('送气工'),
      kind: 'delivery_worker',
      phone: `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      enterpriseId: opId,
      regionId,
      userId,
    })
    .returning();
  if (trained)
    await db.insert(trainingRecordsTable).values({
      personId: person!.id,
      course: '送气人员安全培训',
      trainedOn: addDays(today, -30),
      passed: true,
      validUntil: addDays(today, 300),
    });
  let v: { id: string; plate: string } | null = null;
  if (vehicle) {
    const [row] = await db
      .insert(vehiclesTable)
      .values({
        plate: `蒙K6${String(plateSeq++).padStart(4, '0')}`,
        kind: 'delivery',
        enterpriseId: opId,
        boundPersonId: person!.id,
        permitNumber: permitValidTo ? '许可123' : null,
        permitValidTo,
      })
      .returning();
    v = row!;
  }
  return { personId: person!.id, vehicle: v };
}

let cylinderSeq = 0;
/** A registered cylinder of an operator, in date unless told otherwise; its code. */
async function stock(opId: string, overrides: Partial<typeof cylindersTable.$inferInsert> = {}) {
  const code = `DLV-${process.pid}-${String(++cylinderSeq).padStart(4, '0')}`;
  await db.insert(cylindersTable).values({
    code,
    ownerEnterpriseId: opId,
    regionId,
    model: 'YSP35.5',
    manufacturer: '内蒙古华信钢瓶制造有限公司',
    serialNumber: `SN${cylinderSeq}`,
    manufacturedOn: addDays(today, -400),
    ...overrides,
  });
  return code;
}

async function household(send: Send, overrides: Record<string, unknown> = {}) {
  const res = await send(
    post('/api/v1/delivery/users', {
      operatorId,
      kind: 'household',
      holderName: uniqueName('住户'),
      holderPhone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      regionId,
      address: uniqueName('嘎鲁图镇测试小区'),
      ...INSIDE,
      cylinderFloor: 1,
      contractNumber: 'HT-1',
      contractFrom: addDays(today, -10),
      contractTo: addDays(today, 355),
      ...overrides,
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; venueId: string; refusals: string[] };
}

async function order(send: Send, userId: string, overrides: Record<string, unknown> = {}) {
  return send(post('/api/v1/delivery/orders', { userId, channel: 'phone', spec: 'ysp35', quantity: 2, ...overrides }));
}

const allPass = {
  hose_length: 'pass',
  hose_age: 'pass',
  hose_type: 'pass',
  tee_joint: 'pass',
  regulator: 'pass',
  valve: 'pass',
  ventilation: 'pass',
  fire_distance: 'pass',
  cylinders_apart: 'pass',
} as const;

beforeAll(async () => {
  ctx = await createTestApp({ logLevel: 'error' } as never);
  db = ctx.database.db;
  regionId = (await regionByCode(db, '150626100')).id;
  operatorId = (await buildEnterprise(db)).id;
  otherOperatorId = (await buildEnterprise(db)).id;
  const m = await buildScopedUser(db, { enterpriseId: operatorId });
  manager = await login(ctx.app, m.username, m.password);
  const om = await buildScopedUser(db, { enterpriseId: otherOperatorId });
  otherManager = await login(ctx.app, om.username, om.password);
  const admin = await buildUser(db, 'office_admin', 'global');
  office = await login(ctx.app, admin.username, admin.password);
  const w = await buildScopedUser(db, { enterpriseId: operatorId }, 'delivery_worker');
  worker = await login(ctx.app, w.username, TEST_PASSWORD);
  const built = await buildWorker(operatorId, { userId: w.id });
  workerPersonId = built.personId;
  vehicleId = built.vehicle!.id;
  plate = built.vehicle!.plate;
  for (const opId of [operatorId, otherOperatorId]) {
    const z = await office(post('/api/v1/delivery/zones', { operatorId: opId, name: '嘎鲁图镇', geometry: ZONE }));
    expect(z.statusCode, z.body).toBe(201);
  }
});

afterAll(() => ctx.close());

describe('gas users', () => {
  it('refuses the anonymous (401), a worker filing users (403) and bad input (400 with the field)', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/delivery/users' })).statusCode).toBe(401);
    const res = await worker(post('/api/v1/delivery/users', { operatorId }));
    expect(res.statusCode).toBe(403);
    const bad = await manager(post('/api/v1/delivery/users', { operatorId, kind: 'household', holderName: 'x' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    const other = await manager(
      post('/api/v1/delivery/users', {
        operatorId: otherOperatorId,
        kind: 'household',
        holderName: '张三',
        holderPhone: '13900000000',
        regionId,
        address: '某地',
      }),
    );
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'delivery.operator_invalid', details: { field: 'operatorId' } });
  });

  it('files a household as a register venue and lists it with its facts; another operator cannot see it (404)', async () => {
    const u = await household(manager);
    expect(u.refusals).toEqual([]);
    const [venue] = await db.select().from(venuesTable).where(eq(venuesTable.id, u.venueId));
    expect(venue).toMatchObject({ category: 'household', gasSources: ['bottled_lpg'] });
    const list = await manager({
      method: 'GET',
      url: `/api/v1/delivery/users?operatorId=${operatorId}&contract=valid`,
    });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(u.id);
    expect((await otherManager({ method: 'GET', url: `/api/v1/delivery/users/${u.id}` })).statusCode).toBe(404);
    expect((await office({ method: 'GET', url: `/api/v1/delivery/users/${u.id}` })).statusCode).toBe(200);
  });

  it('keeps one supplier at a time: another operator cannot contract the same venue for an overlapping period', async () => {
    const venue = await buildVenue(db, { gasSources: ['bottled_lpg'] });
    const first = await manager(
      post('/api/v1/delivery/users', {
        operatorId,
        kind: 'business',
        venueId: venue.id,
        holderName: '王老板',
        holderPhone: '13912340000',
        regionId,
        address: venue.address,
        ...INSIDE,
        contractFrom: addDays(today, -10),
        contractTo: addDays(today, 100),
      }),
    );
    expect(first.statusCode, first.body).toBe(201);
    const second = await otherManager(
      post('/api/v1/delivery/users', {
        operatorId: otherOperatorId,
        kind: 'business',
        venueId: venue.id,
        holderName: '王老板',
        holderPhone: '13912340000',
        regionId,
        address: venue.address,
        ...INSIDE,
        contractFrom: addDays(today, 50),
      }),
    );
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('delivery.other_supplier');
  });
});

describe('refusals, each with its code and plain Chinese reason', () => {
  const expectRefusal = (res: { statusCode: number; json(): unknown }, code: string) => {
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; details: { reason: string; reasonText: string } } };
    expect(body.error.code).toBe(`delivery.${code}`);
    expect(body.error.details.reason).toBe(code);
    expect(body.error.details.reasonText).toMatch(/[\u4e00-\u9fa5]/);
  };

  it('basement or semi-basement', async () => {
    const u = await household(manager, { belowGround: 'semi_basement', cylinderFloor: -1 });
    expect(u.refusals).toContain('below_ground');
    expectRefusal(await order(manager, u.id), 'below_ground');
  });
  it('high-rise building (GB 50016 5.4.16)', async () => {
    const u = await household(manager, { highRiseBuilding: true, cylinderFloor: 3 });
    expectRefusal(await order(manager, u.id), 'high_rise');
  });
  it("supply suspended until rectification (the register's suspension)", async () => {
    const u = await household(manager);
    await db
      .update(venuesTable)
      .set({ supplyStatus: 'suspended', supplyStatusReason: '拒不整改' })
      .where(eq(venuesTable.id, u.venueId));
    expectRefusal(await order(manager, u.id), 'supply_suspended');
  });
  it('a restaurant with a 50 kg dual-phase cylinder, and industrial fuel', async () => {
    const venue = await buildVenue(db, { category: 'restaurant', gasSources: ['bottled_lpg'] });
    const res = await manager(
      post('/api/v1/delivery/users', {
        operatorId,
        kind: 'business',
        venueId: venue.id,
        holderName: '李老板',
        holderPhone: '13912340001',
        regionId,
        address: venue.address,
        ...INSIDE,
        contractFrom: addDays(today, -1),
      }),
    );
    const u = res.json();
    expectRefusal(await order(manager, u.id, { spec: 'ysp118_ii', quantity: 1 }), 'restaurant_dual_phase');
    expectRefusal(await order(manager, u.id, { fuel: 'industrial_propane' }), 'industrial_fuel');
    expect((await order(manager, u.id, { spec: 'ysp118', quantity: 1 })).statusCode).toBe(201);
  });
  it("an address outside the operator's delivery zones", async () => {
    const u = await household(manager, OUTSIDE);
    expectRefusal(await order(manager, u.id), 'outside_zone');
  });
  it('a user without a contract with this operator', async () => {
    const u = await household(manager, { contractNumber: null, contractFrom: null, contractTo: null });
    expectRefusal(await order(manager, u.id), 'no_contract');
    const expired = await household(manager, { contractFrom: addDays(today, -400), contractTo: addDays(today, -35) });
    expectRefusal(await order(manager, expired.id), 'no_contract');
  });
  it('a worker without valid training or certificate; a vehicle not bound or with an expired permit', async () => {
    const u = await household(manager);
    const o = (await order(manager, u.id)).json();
    const untrained = await buildWorker(operatorId, { trained: false });
    expectRefusal(
      await manager(post(`/api/v1/delivery/orders/${o.id}/assign`, { workerPersonId: untrained.personId })),
      'worker_untrained',
    );
    const unbound = await buildWorker(operatorId, { vehicle: false });
    expectRefusal(
      await manager(post(`/api/v1/delivery/orders/${o.id}/assign`, { workerPersonId: unbound.personId })),
      'vehicle_not_bound',
    );
    const expired = await buildWorker(operatorId, { permitValidTo: addDays(today, -1) });
    expectRefusal(
      await manager(post(`/api/v1/delivery/orders/${o.id}/assign`, { workerPersonId: expired.personId })),
      'vehicle_permit_expired',
    );
    const foreign = await buildWorker(otherOperatorId);
    const res = await manager(post(`/api/v1/delivery/orders/${o.id}/assign`, { workerPersonId: foreign.personId }));
    expect(res.json().error.code).toBe('delivery.worker_invalid');
  });
});

describe('orders, delivery and the door check (随瓶安检)', () => {
  it('delivers with scans; a failed hose item becomes exactly one hazard, linked both ways, with the operator notice', async () => {
    const u = await household(manager);
    const placed = await order(manager, u.id);
    expect(placed.statusCode, placed.body).toBe(201);
    const o = placed.json();
    expect(o).toMatchObject({ status: 'placed', channel: 'phone' });
    expect((await otherManager({ method: 'GET', url: `/api/v1/delivery/orders/${o.id}` })).statusCode).toBe(404);
    const assigned = await manager(post(`/api/v1/delivery/orders/${o.id}/assign`, { workerPersonId }));
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', vehicleId, plate });

    const mine = await worker({ method: 'GET', url: '/api/v1/delivery/orders?mine=true&status=assigned' });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(o.id);

    // The manager is not the assigned worker.
    const clientId = randomUUID();
    const body = {
      clientId,
      fullCylinders: [await stock(operatorId), await stock(operatorId)],
      emptyCylinders: [await stock(operatorId)],
      check: { answers: { ...allPass, hose_length: 'pass' }, hoseLengthM: 2.6, photoIds: [] },
    };
    expect((await manager(post(`/api/v1/delivery/orders/${o.id}/deliver`, body))).statusCode).toBe(403);
    // One cylinder scanned for two ordered.
    const short = await worker(
      post(`/api/v1/delivery/orders/${o.id}/deliver`, { ...body, fullCylinders: body.fullCylinders.slice(0, 1) }),
    );
    expect(short.json().error.code).toBe('delivery.scan_missing');
    const incomplete = await worker(
      post(`/api/v1/delivery/orders/${o.id}/deliver`, { ...body, check: { answers: { hose_age: 'pass' } } }),
    );
    expect(incomplete.json().error).toMatchObject({ code: 'delivery.check_incomplete' });

    // A photo id that is no upload of the worker's own is refused, and nothing is delivered.
    const strangePhoto = await worker(
      post(`/api/v1/delivery/orders/${o.id}/deliver`, { ...body, check: { ...body.check, photoIds: [randomUUID()] } }),
    );
    expect(strangePhoto.statusCode).toBe(400);
    expect(strangePhoto.json().error).toMatchObject({
      code: 'delivery.file_not_found',
      details: { field: 'check.photoIds' },
    });
    // The hose's photo, taken at the door (the worker's own upload), goes with the hose item into its hazard.
    const upload = await worker({
      method: 'POST',
      url: '/api/v1/files',
      ...multipartFile('hose.png', PNG_BYTES, 'image/png'),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const hosePhoto = upload.json().id as string;
    body.check = { ...body.check, itemPhotos: { hose_length: [hosePhoto] } } as typeof body.check;
    const done = await worker(post(`/api/v1/delivery/orders/${o.id}/deliver`, body));
    expect(done.statusCode, done.body).toBe(200);
    const delivered = done.json();
    expect(delivered.check.photoIds).toEqual([hosePhoto]);
    expect(delivered.status).toBe('delivered');
    expect(delivered.scans).toHaveLength(3);
    expect(delivered.check.failedItems).toEqual(['hose_length']);
    expect(delivered.check.hazards).toHaveLength(1);
    expect(delivered.check.noticeText).toContain('书面告知书');
    const hazards = await db.select().from(hazardsTable).where(eq(hazardsTable.sourceRef, delivered.check.id));
    expect(hazards).toHaveLength(1);
    expect(hazards[0]).toMatchObject({
      source: 'delivery',
      objectType: 'venue',
      objectId: u.venueId,
      itemId: 'venue.hose_length',
    });
    expect(hazards[0]!.description).toContain('实测2.6米');
    expect(hazards[0]!.photoIds).toEqual([hosePhoto]);
    const seen = await office({ method: 'GET', url: `/api/v1/hazards/${hazards[0]!.id}` });
    expect(seen.statusCode).toBe(200);

    // The same submission again: stored once. Other content under the same id: 409.
    const again = await worker(post(`/api/v1/delivery/orders/${o.id}/deliver`, body));
    expect(again.statusCode).toBe(200);
    expect((await db.select().from(hazardsTable).where(eq(hazardsTable.sourceRef, delivered.check.id))).length).toBe(1);
    const conflict = await worker(post(`/api/v1/delivery/orders/${o.id}/deliver`, { ...body, emptyCylinders: [] }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('delivery.submission_conflict');
  });

  it('takes the order on the public page by the phone on file; unknown phones are 404', async () => {
    const phone = '13955556666';
    await household(manager, { holderPhone: phone });
    const ok = await ctx.app.inject(
      post('/api/v1/delivery/public/orders', { operatorId, phone, spec: 'ysp35', quantity: 1 }),
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().number).toMatch(/^PS\d{10}$/);
    const unknown = await ctx.app.inject(
      post('/api/v1/delivery/public/orders', { operatorId, phone: '13000000001', spec: 'ysp35', quantity: 1 }),
    );
    expect(unknown.statusCode).toBe(404);
    const ops = await ctx.app.inject({ method: 'GET', url: '/api/v1/delivery/public/operators' });
    expect(ops.json().items.map((o: { id: string }) => o.id)).toContain(operatorId);
  });

  it('makes a delivery without its check overdue after the configured hours, and counts the check rate', async () => {
    const u = await household(manager);
    const o = (await order(manager, u.id, { quantity: 1 })).json();
    await manager(post(`/api/v1/delivery/orders/${o.id}/assign`, { workerPersonId }));
    const res = await worker(
      post(`/api/v1/delivery/orders/${o.id}/deliver`, {
        clientId: randomUUID(),
        fullCylinders: [await stock(operatorId)],
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const later = new Date(Date.now() + 25 * 3_600_000);
    const marked = await createDeliveryService({ db, now: () => later }).markOverdue();
    expect(marked).toBeGreaterThanOrEqual(1);
    const got = (await manager({ method: 'GET', url: `/api/v1/delivery/orders/${o.id}` })).json();
    expect(got.checkOverdue).toBe(true);
    const overdue = await manager({ method: 'GET', url: '/api/v1/delivery/orders?checkOverdue=true' });
    expect(overdue.json().items.map((i: { id: string }) => i.id)).toContain(o.id);
    // Checked late, it is no longer overdue.
    const checked = await worker(post(`/api/v1/delivery/orders/${o.id}/check`, { answers: allPass }));
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json().checkOverdue).toBe(false);
    const rates = (
      await office({ method: 'GET', url: `/api/v1/delivery/check-rates?operatorId=${operatorId}` })
    ).json();
    const mineRate = rates.workers.find((w: { personId: string }) => w.personId === workerPersonId);
    expect(mineRate.delivered).toBeGreaterThanOrEqual(2);
    expect(mineRate.checked).toBe(mineRate.delivered);
    expect(mineRate.rate).toBe(1);
  });
});

describe("cylinders at the door: the filling gate's rules, and the cylinder's life log", () => {
  async function assignedOrder(quantity = 1) {
    const u = await household(manager);
    const o = (await order(manager, u.id, { quantity })).json();
    const a = await manager(post(`/api/v1/delivery/orders/${o.id}/assign`, { workerPersonId }));
    expect(a.statusCode, a.body).toBe(200);
    return { user: u, order: o as { id: string; number: string } };
  }
  const deliver = (orderId: string, full: string[], empty: string[] = []) =>
    worker(
      post(`/api/v1/delivery/orders/${orderId}/deliver`, {
        clientId: randomUUID(),
        fullCylinders: full,
        emptyCylinders: empty,
      }),
    );

  it('refuses (409 delivery.cylinder_refused, with the gate reason) a cylinder the gate would refuse, and writes nothing', async () => {
    const cases: [string, () => Promise<string>][] = [
      ['CYLINDER_UNKNOWN', async () => `NOPE-${randomUUID().slice(0, 8).toUpperCase()}`],
      ['NOT_OWNED', () => stock(otherOperatorId)],
      ['INSPECTION_OVERDUE', () => stock(operatorId, { nextInspectionDue: addDays(today, -1) })],
      [
        'SERVICE_LIFE_EXCEEDED',
        () =>
          stock(operatorId, {
            manufacturedOn: addDays(today, -9 * 366),
            designLifeYears: 8,
            nextInspectionDue: addDays(today, 300),
          }),
      ],
      [
        'FAILED_INSPECTION',
        () => stock(operatorId, { lastInspectedOn: addDays(today, -20), lastInspectionPassed: false }),
      ],
      ['SEIZED', () => stock(operatorId, { status: 'seized' })],
      ['SCRAPPED', () => stock(operatorId, { status: 'scrapped' })],
    ];
    const { order: o } = await assignedOrder(2);
    const good = await stock(operatorId);
    for (const [reason, make] of cases) {
      const bad = await make();
      const res = await deliver(o.id, [good, bad]);
      expect(res.statusCode, `${reason}: ${res.body}`).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'delivery.cylinder_refused',
        details: { field: 'fullCylinders.1', cylinder: bad, cylinderReason: reason },
      });
      expect(res.json().error.details.cylinderReasons.map((r: { code: string }) => r.code)).toContain(reason);
    }
    // Nothing was written: the order still waits, the good cylinder's log is untouched.
    const got = (await manager({ method: 'GET', url: `/api/v1/delivery/orders/${o.id}` })).json();
    expect(got.status).toBe('assigned');
    expect(await db.select().from(cylinderEventsTable).where(eq(cylinderEventsTable.code, good))).toEqual([]);
  });

  it('refuses a cylinder of a blacklisted product', async () => {
    const maker = uniqueName('黑名单钢瓶厂');
    const listed = await office(
      post('/api/v1/cylinder-blacklist', {
        manufacturer: maker,
        model: 'YSP35.5',
        basis: '抽查不合格',
        listedOn: addDays(today, -1),
      }),
    );
    expect(listed.statusCode, listed.body).toBe(201);
    const { order: o } = await assignedOrder();
    const res = await deliver(o.id, [await stock(operatorId, { manufacturer: maker })]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.cylinderReason).toBe('BLACKLISTED');
  });

  it("writes dispatched, delivered (to the user, by the worker) and returned-empty events to each cylinder's log, once", async () => {
    const { user, order: o } = await assignedOrder(1);
    const full = await stock(operatorId);
    const empty = await stock(operatorId, { locationType: 'user' });
    const body = { clientId: randomUUID(), fullCylinders: [full.toLowerCase()], emptyCylinders: [empty] };
    const res = await worker(post(`/api/v1/delivery/orders/${o.id}/deliver`, body));
    expect(res.statusCode, res.body).toBe(200);
    const timeline = await office({ method: 'GET', url: `/api/v1/cylinders/${full}/events` });
    expect(timeline.statusCode, timeline.body).toBe(200);
    const events = timeline.json().items as {
      type: string;
      location: { type: string; id: string | null };
      details: Record<string, unknown>;
    }[];
    const delivered = events.find((e) => e.type === 'delivered');
    expect(events.map((e) => e.type).sort()).toEqual(['delivered', 'dispatched']);
    expect(delivered).toMatchObject({
      location: { type: 'user', id: user.id },
      details: { orderId: o.id, orderNumber: o.number, userId: user.id, plate },
    });
    expect(String(delivered!.details.workerName)).toContain('送气工');
    expect(events.find((e) => e.type === 'dispatched')!.location).toEqual({ type: 'vehicle', id: vehicleId });
    const [after] = await db.select().from(cylindersTable).where(eq(cylindersTable.code, full));
    expect(after).toMatchObject({ locationType: 'user', locationId: user.id });
    const back = await db.select().from(cylinderEventsTable).where(eq(cylinderEventsTable.code, empty));
    expect(back.map((e) => e.type)).toEqual(['returned_empty']);
    expect(back[0]).toMatchObject({ locationType: 'vehicle', locationId: vehicleId, enterpriseId: operatorId });

    // The same submission again stores nothing twice.
    expect((await worker(post(`/api/v1/delivery/orders/${o.id}/deliver`, body))).statusCode).toBe(200);
    const [{ n } = { n: 0 }] = await db
      .select({ n: count() })
      .from(cylinderEventsTable)
      .where(eq(cylinderEventsTable.code, full));
    expect(n).toBe(2);
  });
});

describe('positions and flags', () => {
  let terminal: { authorization: string };
  const rowsAt = (start: number, n: number, speed = 40, dLng = 0.0005) =>
    Array.from({ length: n }, (_, i) => ({
      vehicleId,
      time: new Date(start + i * 10_000).toISOString(),
      lat: 38.6,
      lng: 108.8 + i * dLng,
      speed,
    }));
  const stored = async () =>
    (
      await db.select({ n: count() }).from(vehiclePositionsTable).where(eq(vehiclePositionsTable.vehicleId, vehicleId))
    )[0]!.n;

  beforeAll(async () => {
    const issued = await office(
      post('/api/v1/machine-tokens', {
        name: '车载终端',
        role: 'vehicle_terminal',
        scopeType: 'enterprise',
        enterpriseId: operatorId,
      }),
    );
    expect(issued.statusCode, issued.body).toBe(201);
    terminal = { authorization: `Bearer ${issued.json().secret}` };
  });

  it('stores a batch once (a resend adds nothing) and refuses bad positions with a code, storing nothing', async () => {
    const start = Date.now() - 3_600_000;
    const rows = rowsAt(start, 20);
    const send = (r: unknown[]) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/delivery/positions', headers: terminal, payload: { rows: r } });
    const first = await send(rows);
    expect(first.statusCode, first.body).toBe(200);
    expect(await stored()).toBe(20);
    // The batch's audit entry: the digest over the insert's column texts, as sent (no line built per row).
    const [entry] = await db
      .select({ details: auditEventsTable.details })
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'ingest.batch'), eq(auditEventsTable.subjectId, 'delivery.positions')))
      .orderBy(desc(auditEventsTable.seq))
      .limit(1);
    const column = (name: string, values: unknown[]) => `${name}={${values.map((v) => `"${v}"`).join(',')}}`;
    expect((entry!.details as { batch: unknown }).batch).toEqual({
      count: 20,
      order: 'as received',
      lines: "columns: each column's array literal as sent, one a line as name=literal",
      digest: sha256(
        [
          column(
            'vehicle_id',
            rows.map((r) => r.vehicleId),
          ),
          column(
            'at',
            rows.map((r) => r.time),
          ),
          column(
            'lat',
            rows.map((r) => r.lat),
          ),
          column(
            'lng',
            rows.map((r) => r.lng),
          ),
          column(
            'speed_kmh',
            rows.map((r) => r.speed),
          ),
          column(
            'source',
            rows.map(() => 'terminal'),
          ),
        ].join('\n'),
      ),
    });
    expect((await send(rows)).statusCode).toBe(200);
    expect(await stored()).toBe(20);

    const later = start + 600_000;
    const outside = await send([
      ...rowsAt(later, 2),
      { vehicleId, time: new Date(later + 30_000).toISOString(), lat: 51.5, lng: -0.1, speed: 10 },
    ]);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({
      code: 'delivery.position_outside_china',
      details: { field: 'rows.2.lat' },
    });
    const future = await send([
      { vehicleId, time: new Date(Date.now() + 3_600_000).toISOString(), lat: 38.6, lng: 108.8, speed: 10 },
    ]);
    expect(future.json().error.code).toBe('delivery.position_future_time');
    const jump = await send([
      { vehicleId, time: new Date(later).toISOString(), lat: 38.6, lng: 108.8, speed: 40 },
      { vehicleId, time: new Date(later + 10_000).toISOString(), lat: 39.6, lng: 108.8, speed: 40 },
    ]);
    expect(jump.json().error.code).toBe('delivery.position_impossible_speed');
    expect(await stored()).toBe(20);

    // A terminal of another operator, and a worker's phone reporting a vehicle not bound to them.
    const foreign = await buildWorker(otherOperatorId);
    const notMine = await send([
      { vehicleId: foreign.vehicle!.id, time: new Date(later).toISOString(), lat: 38.6, lng: 108.8, speed: 1 },
    ]);
    expect(notMine.json().error).toMatchObject({
      code: 'delivery.position_vehicle_unknown',
      details: { field: 'rows.0.vehicleId' },
    });
    const phone = await worker(
      post('/api/v1/delivery/positions', {
        rows: [{ plate, time: new Date(later).toISOString(), lat: 38.6, lng: 108.8, speed: 5 }],
      }),
    );
    expect(phone.statusCode, phone.body).toBe(200);
    expect(await stored()).toBe(21);
    // The positions route is not for people without the permission.
    expect((await manager(post('/api/v1/delivery/positions', { rows: rowsAt(later, 1) }))).statusCode).toBe(403);
  });

  it("takes a driver's phone positions for the vehicle bound to the driver only (403 otherwise), and tells the phone its vehicle", async () => {
    const mine = await worker({ method: 'GET', url: '/api/v1/delivery/my-vehicle' });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toEqual({ vehicle: { id: vehicleId, plate } });
    expect((await manager({ method: 'GET', url: '/api/v1/delivery/my-vehicle' })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/delivery/my-vehicle' })).statusCode).toBe(401);

    // Another worker's vehicle of the same operator, by id and by plate: refused, nothing stored.
    const colleague = await buildWorker(operatorId);
    const theirs = colleague.vehicle!;
    const count0 = await stored();
    const at = new Date(Date.now() - 5 * 60_000).toISOString();
    const byId = await worker(
      post('/api/v1/delivery/positions', {
        rows: [{ vehicleId: theirs.id, time: at, lat: 38.6, lng: 108.8, speed: 5 }],
      }),
    );
    expect(byId.statusCode).toBe(403);
    expect(byId.json().error).toMatchObject({
      code: 'delivery.position_vehicle_not_bound',
      details: { field: 'rows.0.vehicleId' },
    });
    const byPlate = await worker(
      post('/api/v1/delivery/positions', {
        rows: [
          { plate, time: at, lat: 38.6, lng: 108.8, speed: 5 },
          { plate: theirs.plate, time: at, lat: 38.6, lng: 108.8, speed: 5 },
        ],
      }),
    );
    expect(byPlate.statusCode).toBe(403);
    expect(byPlate.json().error).toMatchObject({
      code: 'delivery.position_vehicle_not_bound',
      details: { field: 'rows.1.plate' },
    });
    expect(await stored()).toBe(count0);
    const [theirFixes] = await db
      .select({ n: count() })
      .from(vehiclePositionsTable)
      .where(eq(vehiclePositionsTable.vehicleId, theirs.id));
    expect(theirFixes!.n).toBe(0);
  });

  it('flags speeding and leaving the zones, replays the day, shows live positions, and makes a flag a hazard', async () => {
    // Two hours ago, unless that day's track would cross China's midnight (the rows span 32 minutes): then
    // 21:00 of China's yesterday, so the day replayed below holds every row whatever the clock.
    const chinaMidnight = Date.parse(`${chinaToday()}T00:00:00+08:00`);
    const twoHoursAgo = Date.now() - 2 * 3_600_000;
    const start =
      twoHoursAgo >= chinaMidnight || twoHoursAgo + 40 * 60_000 < chinaMidnight
        ? twoHoursAgo
        : chinaMidnight - 3 * 3_600_000;
    // Fast, then out of the zone (west of 108.7).
    const fast = rowsAt(start, 6, 90, 0.002);
    const away = Array.from({ length: 3 }, (_, i) => ({
      vehicleId,
      time: new Date(start + 1_800_000 + i * 60_000).toISOString(),
      lat: 38.6,
      lng: 108.69 - i * 0.001,
      speed: 30,
    }));
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/delivery/positions',
      headers: terminal,
      payload: { rows: [...fast, ...away] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const flags = (await office({ method: 'GET', url: `/api/v1/delivery/flags?vehicleId=${vehicleId}` })).json();
    const kinds = flags.items.map((f: { kind: string }) => f.kind);
    expect(kinds).toContain('speeding');
    expect(kinds).toContain('left_zone');
    expect(
      (await otherManager({ method: 'GET', url: `/api/v1/delivery/flags?vehicleId=${vehicleId}` })).json().total,
    ).toBe(0);
    const day = chinaToday(new Date(start));
    const track = (
      await manager({ method: 'GET', url: `/api/v1/delivery/vehicles/${vehicleId}/track?day=${day}` })
    ).json();
    expect(track.points.length).toBeGreaterThanOrEqual(9);
    expect(
      (await otherManager({ method: 'GET', url: `/api/v1/delivery/vehicles/${vehicleId}/track?day=${day}` }))
        .statusCode,
    ).toBe(404);
    const live = (await office({ method: 'GET', url: '/api/v1/delivery/live' })).json();
    expect(live.items.find((i: { vehicleId: string }) => i.vehicleId === vehicleId)).toBeTruthy();

    const speeding = flags.items.find((f: { kind: string }) => f.kind === 'speeding');
    expect((await manager(post(`/api/v1/delivery/flags/${speeding.id}/hazard`, {}))).statusCode).toBe(403);
    const made = await office(post(`/api/v1/delivery/flags/${speeding.id}/hazard`, {}));
    expect(made.statusCode, made.body).toBe(200);
    const [hazard] = await db.select().from(hazardsTable).where(eq(hazardsTable.id, made.json().hazardId));
    expect(hazard).toMatchObject({
      source: 'delivery',
      objectType: 'vehicle',
      objectId: vehicleId,
      severity: 'general',
      sourceRef: speeding.id,
    });
    expect(hazard!.description).toContain('超速');
    expect((await office(post(`/api/v1/delivery/flags/${speeding.id}/hazard`, {}))).json().error.code).toBe(
      'delivery.flag_has_hazard',
    );
    const [flagRow] = await db.select().from(vehicleFlagsTable).where(eq(vehicleFlagsTable.id, speeding.id));
    expect(flagRow!.hazardId).toBe(hazard!.id);
  });

  it('continues the flags batch by batch from the stored track state: a stretch over two batches is one flag', async () => {
    const start = Date.now() - 20 * 60_000;
    const rows = rowsAt(start, 12, 95, 0.002);
    const send = (r: unknown[]) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/delivery/positions', headers: terminal, payload: { rows: r } });
    const speedingFrom = async () =>
      (await office({ method: 'GET', url: `/api/v1/delivery/flags?vehicleId=${vehicleId}&kind=speeding&pageSize=100` }))
        .json()
        .items.filter((f: { startedAt: string }) => Date.parse(f.startedAt) >= start);
    expect((await send(rows.slice(0, 6))).statusCode).toBe(200);
    expect((await send(rows.slice(6))).statusCode).toBe(200);
    const [state] = await db
      .select()
      .from(vehicleTrackStatesTable)
      .where(eq(vehicleTrackStatesTable.vehicleId, vehicleId));
    expect(state!.state.lastAt).toBe(Date.parse(rows[11]!.time));
    const flags = await speedingFrom();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ startedAt: rows[0]!.time, endedAt: rows[11]!.time });
    // A resend reaching back recomputes the day from its track: still the one flag.
    expect((await send(rows.slice(0, 6))).statusCode).toBe(200);
    expect(await speedingFrom()).toEqual(flags);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    "locks the batch's running states with a statement prepared once per connection, not one built per batch (PostgreSQL)",
    async () => {
      const pg = (await import('pg')).default;
      const query = pg.Client.prototype.query;
      const named: string[] = [];
      pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
        const q = args[0] as { name?: string } | string;
        if (typeof q === 'object' && q?.name) named.push(q.name);
        return (query as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof query;
      try {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/delivery/positions',
          headers: terminal,
          payload: { rows: rowsAt(Date.now() - 30 * 60_000, 3) },
        });
        expect(res.statusCode, res.body).toBe(200);
      } finally {
        pg.Client.prototype.query = query;
      }
      expect(named).toContain('delivery_lock_states');
    },
  );

  it('answers how many rows were new, keeps the newest fix in the running state, and a late fix is stored without moving the live position back', async () => {
    const start = Date.now() - 10 * 60_000;
    const rows = rowsAt(start, 6);
    const send = (r: unknown[]) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/delivery/positions', headers: terminal, payload: { rows: r } });
    const first = await send(rows);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ accepted: 6, inserted: 6 });
    // A resend is accepted and stored once: nothing new.
    expect((await send(rows)).json()).toEqual({ accepted: 6, inserted: 0 });
    const newest = rows[5]!;
    const [state] = await db
      .select()
      .from(vehicleTrackStatesTable)
      .where(eq(vehicleTrackStatesTable.vehicleId, vehicleId));
    expect(state).toMatchObject({ lastLat: newest.lat, lastLng: newest.lng, lastSpeedKmh: newest.speed });
    expect(state!.lastAt!.toISOString()).toBe(newest.time);
    // The next batch is judged against that fix: 1° north 10 s later is impossible.
    const jump = await send([{ ...newest, time: new Date(start + 60_000).toISOString(), lat: 39.6 }]);
    expect(jump.json().error).toMatchObject({
      code: 'delivery.position_impossible_speed',
      details: { field: 'rows.0.speed' },
    });

    // A late fix (between the 3rd and 4th) is checked against the fix before it and stored …
    const late = {
      vehicleId,
      time: new Date(start + 25_000).toISOString(),
      lat: 38.6,
      lng: 108.8 + 2.5 * 0.0005,
      speed: 40,
    };
    const stored = await send([late]);
    expect(stored.json()).toEqual({ accepted: 1, inserted: 1 });
    const lateFar = await send([{ ...late, time: new Date(start + 15_000).toISOString(), lat: 39.6 }]);
    expect(lateFar.json().error.code).toBe('delivery.position_impossible_speed');
    // … but the live map stays on the newest fix: no live event for it, and the state keeps the newest.
    const events = (await db.execute(
      sql`select payload->>'at' as at from outbox where type = 'delivery.position' and subject_id = ${vehicleId}`,
    )) as unknown as { rows: { at: string }[] };
    const published = events.rows.map((r) => r.at);
    expect(published).toContain(newest.time);
    expect(published).not.toContain(late.time);
    const live = (await office({ method: 'GET', url: '/api/v1/delivery/live' })).json();
    expect(live.items.find((i: { vehicleId: string }) => i.vehicleId === vehicleId).at).toBe(newest.time);
    const [after] = await db
      .select()
      .from(vehicleTrackStatesTable)
      .where(eq(vehicleTrackStatesTable.vehicleId, vehicleId));
    expect(after!.lastAt!.toISOString()).toBe(newest.time);
  });
});

describe('zones', () => {
  it('refuses an unclosed ring with its reason and keeps zones per operator', async () => {
    const bad = await manager(
      post('/api/v1/delivery/zones', {
        operatorId,
        name: 'x',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [108.7, 38.5],
              [109, 38.5],
              [109, 38.8],
              [108.7, 38.8],
            ],
          ],
        },
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'delivery.zone_invalid', details: { reason: 'ring_not_closed' } });
    // Closed, in China, but reaching out of the county (Beijing): refused, nothing stored.
    const before = (await manager({ method: 'GET', url: '/api/v1/delivery/zones' })).json().items.length;
    const far = {
      type: 'Polygon',
      coordinates: [
        [
          [108.7, 38.5],
          [116.4, 39.9],
          [108.7, 38.8],
          [108.7, 38.5],
        ],
      ],
    };
    const outside = await manager(post('/api/v1/delivery/zones', { operatorId, name: 'far', geometry: far }));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({
      code: 'delivery.zone_outside_county',
      details: { field: 'geometry' },
    });
    expect((await manager({ method: 'GET', url: '/api/v1/delivery/zones' })).json().items.length).toBe(before);
    // Drawn, redrawn and deleted on the map: create, patch (the county check again), archive.
    const made = await manager(post('/api/v1/delivery/zones', { operatorId, name: '新区', geometry: ZONE }));
    expect(made.statusCode).toBe(201);
    const zoneId = made.json().id as string;
    const moved = await manager({
      method: 'PATCH',
      url: `/api/v1/delivery/zones/${zoneId}`,
      payload: { geometry: far },
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.code).toBe('delivery.zone_outside_county');
    const renamed = await manager({
      method: 'PATCH',
      url: `/api/v1/delivery/zones/${zoneId}`,
      payload: { name: '新区二' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().geometry).toEqual(ZONE);
    expect((await manager(post(`/api/v1/delivery/zones/${zoneId}/archive`, {}))).statusCode).toBe(204);
    expect((await manager({ method: 'GET', url: '/api/v1/delivery/zones' })).json().items.length).toBe(before);
    const mine = (await manager({ method: 'GET', url: '/api/v1/delivery/zones' })).json();
    expect(mine.items.every((z: { operatorId: string }) => z.operatorId === operatorId)).toBe(true);
    expect(await db.select({ n: count() }).from(deliveryOrdersTable)).toBeTruthy();
  });
});
