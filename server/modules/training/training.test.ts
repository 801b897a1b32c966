import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser, buildVenue, multipartFile } from '../../../test/registry-factories.ts';
import type { Db } from '../../db/client.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { peopleTable, trainingRecordsTable, vehiclesTable } from '../registry/registry.table.ts';
import { systemActor } from '../../platform/access.ts';
import { trainingStatusOf, venueTrainingStatus } from './index.ts';
import { createTrainingService } from './training.service.ts';
import { trainingAttendeesTable, trainingSessionsTable } from './training.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const post = (url: string, payload: object) => ({ method: 'POST' as const, url, payload });
const today = chinaToday();

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

let ctx: TestContext;
let db: Db;
let regionId: string;
let operatorId: string;
let otherOperatorId: string;
let manager: Send;
let otherManager: Send;
let office: Send;
let inspectorUser: Send;
let plateSeq = 500;

const phone = () => `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A person of the register (no training record). */
async function person(values: Partial<typeof peopleTable.$inferInsert> = {}) {
  const [row] = await db
    .insert(peopleTable)
    .values({
      name: uniqueName('学员'),
      kind: 'delivery_worker',
      phone: phone(),
      enterpriseId: operatorId,
      regionId,
      ...values,
    })
    .returning();
  return row!;
}

/** A delivery worker of the operator with a vehicle bound to them and no training record. */
async function worker() {
  const p = await person();
  await db.insert(vehiclesTable).values({
    plate: `蒙K7${String(plateSeq++).padStart(4, '0')}`,
    kind: 'delivery',
    enterpriseId: operatorId,
    boundPersonId: p.id,
  });
  return p;
}

async function session(send: Send, body: Record<string, unknown>) {
  return send(
    post('/api/v1/training/sessions', {
      topic: '瓶装液化气送气人员安全培训',
      organiser: '测试燃气公司',
      heldOn: addDays(today, -5),
      ...body,
    }),
  );
}

async function sheet(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到表');
  ws.addRow(['姓名', '手机号', '考核结果', '成绩', '证书编号']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let orderId: string;

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
  const insp = await buildUser(db, 'inspector', { region: '150626100' });
  inspectorUser = await login(ctx.app, insp.username, insp.password);
  const z = await office(post('/api/v1/delivery/zones', { operatorId, name: '嘎鲁图镇', geometry: ZONE }));
  expect(z.statusCode, z.body).toBe(201);
  const u = await manager(
    post('/api/v1/delivery/users', {
      operatorId,
      kind: 'household',
      holderName: uniqueName('住户'),
      holderPhone: phone(),
      regionId,
      address: uniqueName('嘎鲁图镇培训测试小区'),
      lng: 108.85,
      lat: 38.6,
      cylinderFloor: 1,
      contractNumber: 'HT-T1',
      contractFrom: addDays(today, -10),
      contractTo: addDays(today, 355),
    }),
  );
  expect(u.statusCode, u.body).toBe(201);
  const o = await manager(
    post('/api/v1/delivery/orders', { userId: u.json().id, channel: 'phone', spec: 'ysp35', quantity: 1 }),
  );
  expect(o.statusCode, o.body).toBe(201);
  orderId = o.json().id;
});

afterAll(() => ctx.close());

const assign = (workerPersonId: string) =>
  manager(post(`/api/v1/delivery/orders/${orderId}/assign`, { workerPersonId }));

describe('training sessions: access and input', () => {
  it('refuses the anonymous (401) and one who may not manage the register (403)', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/training/sessions' })).statusCode).toBe(401);
    const res = await session(inspectorUser, { regionId });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
  });

  it('answers 400 with the field for a future date, an attendee outside scope and a duplicate; nothing is stored', async () => {
    const before = (await db.select({ n: count() }).from(trainingSessionsTable))[0]!.n;
    const future = await session(manager, { heldOn: addDays(today, 1) });
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'training.dates_invalid', details: { field: 'heldOn' } });
    const mine = await person();
    const foreign = await person({ enterpriseId: otherOperatorId });
    const outside = await session(manager, {
      attendees: [
        { personId: mine.id, result: 'passed' },
        { personId: foreign.id, result: 'passed' },
      ],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({
      code: 'training.attendee_not_found',
      details: { field: 'attendees.1.personId' },
    });
    const twice = await session(manager, {
      attendees: [
        { personId: mine.id, result: 'passed' },
        { personId: mine.id, result: 'failed' },
      ],
    });
    expect(twice.json().error).toMatchObject({
      code: 'training.attendee_duplicate',
      details: { field: 'attendees.1.personId' },
    });
    const validity = await session(manager, { certificateValidUntil: addDays(today, -30) });
    expect(validity.json().error).toMatchObject({
      code: 'training.dates_invalid',
      details: { field: 'certificateValidUntil' },
    });
    const unit = await session(manager, { enterpriseId: otherOperatorId });
    expect(unit.json().error).toMatchObject({
      code: 'training.unit_outside_scope',
      details: { field: 'enterpriseId' },
    });
    expect((await db.select({ n: count() }).from(trainingSessionsTable))[0]!.n).toBe(before);
    const records = await db.select().from(trainingRecordsTable).where(eq(trainingRecordsTable.personId, mine.id));
    expect(records).toEqual([]);
  });

  it('records a session with attendees (audited); another enterprise cannot see it (404); the office can', async () => {
    const a = await person();
    const b = await person();
    const res = await session(manager, {
      trainer: '王老师',
      attendees: [
        { personId: a.id, result: 'passed', score: 92, certificateNumber: 'PX-1' },
        { personId: b.id, result: 'failed', score: 40 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      enterprise: { id: operatorId },
      region: { id: regionId },
      attendeeCount: 2,
      passedCount: 1,
    });
    expect(s.certificateValidUntil).toBe(addDays(addDays(today, -5), 365));
    const byId = Object.fromEntries(s.attendees.map((x: { person: { id: string } }) => [x.person.id, x]));
    expect(byId[a.id]).toMatchObject({
      result: 'passed',
      current: true,
      validUntil: s.certificateValidUntil,
      certificateNumber: 'PX-1',
    });
    expect(byId[b.id]).toMatchObject({ result: 'failed', current: false, validUntil: null });
    expect((await otherManager({ method: 'GET', url: `/api/v1/training/sessions/${s.id}` })).statusCode).toBe(404);
    const seen = await office({ method: 'GET', url: `/api/v1/training/sessions/${s.id}` });
    expect(seen.statusCode).toBe(200);
    const list = await otherManager({ method: 'GET', url: '/api/v1/training/sessions' });
    expect(list.json().items.map((x: { id: string }) => x.id)).not.toContain(s.id);
    const mine = await manager({ method: 'GET', url: `/api/v1/training/sessions?personId=${a.id}` });
    expect(mine.json().items.map((x: { id: string }) => x.id)).toEqual([s.id]);
    const audit = await db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, s.id));
    expect(audit.map((x) => x.action).sort()).toEqual(['training.add_attendees', 'training.create_session']);
    const byOther = await otherManager(
      post(`/api/v1/training/sessions/${s.id}/attendees`, { attendees: [{ personId: a.id, result: 'passed' }] }),
    );
    expect(byOther.statusCode).toBe(404);
  });
});

describe('the limits in force (规则参数)', () => {
  it("a session's certificates last the limit trainingValidDays unless it says otherwise", async () => {
    const service = createTrainingService({ db, limits: { trainingValidDays: 30 } });
    const s = await service.create({
      actor: systemActor,
      topic: '燃气安全培训',
      organiser: '乌审旗住房和城乡建设局',
      heldOn: addDays(today, -5),
      regionId,
      attendees: [],
    });
    expect(s.certificateValidUntil).toBe(addDays(today, 25));
  });
});

describe('先培训、后上岗: a delivery worker is refused without valid training (through the delivery desk)', () => {
  it('untrained: refused; trained in a session: accepted', async () => {
    const w = await worker();
    const refused = await assign(w.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('delivery.worker_untrained');
    const s = await session(manager, { attendees: [{ personId: w.id, result: 'passed' }] });
    expect(s.statusCode, s.body).toBe(201);
    const accepted = await assign(w.id);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('assigned');
  });

  it('failed the assessment: refused', async () => {
    const w = await worker();
    await session(manager, { attendees: [{ personId: w.id, result: 'failed' }] });
    expect((await assign(w.id)).json().error.code).toBe('delivery.worker_untrained');
  });

  it('trained, but the certificate has expired: refused', async () => {
    const w = await worker();
    const s = await session(manager, {
      heldOn: addDays(today, -400),
      attendees: [{ personId: w.id, result: 'passed' }],
    });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json().attendees[0]).toMatchObject({ result: 'passed', current: false });
    expect((await assign(w.id)).json().error.code).toBe('delivery.worker_untrained');
    expect((await trainingStatusOf(db, [w.id], today)).get(w.id)).toEqual({
      trained: false,
      expired: true,
      validUntil: addDays(addDays(today, -400), 365),
    });
  });
});

describe('sign-in sheet (签到表)', () => {
  it('a sheet with a bad row stores nothing and names each row; a good one adds its attendees', async () => {
    const s = (await session(manager, {})).json();
    const a = await person();
    const b = await person();
    const bad = await sheet([
      [a.name, a.phone, '合格', 88, 'QD-1'],
      ['查无此人', '13900000001', '合格', '', ''],
      [b.name, b.phone, '也许', '', ''],
      [b.name, b.phone, '合格', 120, ''],
    ]);
    const url = `/api/v1/training/sessions/${s.id}/sign-in-sheet`;
    const res = await manager({ method: 'POST', url, ...multipartFile('签到表.xlsx', bad) });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('training.sign_in_sheet_invalid');
    expect(error.details.errors.map((e: { line: number; column: string }) => [e.line, e.column])).toEqual([
      [3, '姓名'],
      [4, '考核结果'],
      [5, '成绩'],
    ]);
    expect(await db.select().from(trainingAttendeesTable).where(eq(trainingAttendeesTable.sessionId, s.id))).toEqual(
      [],
    );
    expect(await db.select().from(trainingRecordsTable).where(eq(trainingRecordsTable.personId, a.id))).toEqual([]);

    const good = await sheet([
      [a.name, a.phone, '合格', 88, 'QD-1'],
      [b.name, b.phone, '缺考', '', ''],
    ]);
    const dry = await manager({ method: 'POST', url: `${url}?dryRun=true`, ...multipartFile('签到表.xlsx', good) });
    expect(dry.json()).toMatchObject({ total: 2, added: 0, dryRun: true });
    expect(await db.select().from(trainingAttendeesTable).where(eq(trainingAttendeesTable.sessionId, s.id))).toEqual(
      [],
    );
    const ok = await manager({ method: 'POST', url, ...multipartFile('签到表.xlsx', good) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ total: 2, added: 2 });
    const status = await trainingStatusOf(db, [a.id, b.id], today);
    expect(status.get(a.id)?.trained).toBe(true);
    expect(status.get(b.id)?.trained).toBe(false);
    const again = await manager({ method: 'POST', url, ...multipartFile('签到表.xlsx', good) });
    expect(again.json().error.details.errors[0].message).toMatch(/已在本次培训/);
    const noColumns = await manager({
      method: 'POST',
      url,
      ...multipartFile('x.csv', '姓名,备注\n张三,无\n', 'text/csv'),
    });
    expect(noColumns.json().error.code).toBe('training.sign_in_sheet_missing_columns');
    const noFile = await manager(post(url, {}));
    expect(noFile.statusCode).toBe(400);
  });

  it('exports the attendees and serves the template', async () => {
    const res = await manager({ method: 'GET', url: '/api/v1/training/sessions/export' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.getWorksheet('培训记录')!;
    expect(ws.getRow(1).getCell(6).value).toBe('姓名');
    expect(ws.rowCount).toBeGreaterThan(3);
    const other = await otherManager({ method: 'GET', url: '/api/v1/training/sessions/export' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(other.rawPayload as never);
    expect(wb2.getWorksheet('培训记录')!.rowCount).toBe(1);
    const template = await manager({ method: 'GET', url: '/api/v1/training/sign-in-sheet/template' });
    expect(template.statusCode).toBe(200);
  });
});

describe("a venue's staff (the contract for the checklist)", () => {
  it('says whether the manager and all staff are trained', async () => {
    const venue = await buildVenue(db);
    const vm = await buildScopedUser(db, { venueId: venue.id });
    const venueManager = await login(ctx.app, vm.username, vm.password);
    const boss = await person({ kind: 'principal', enterpriseId: null, venueId: venue.id });
    const cook = await person({ kind: 'other_staff', enterpriseId: null, venueId: venue.id });
    expect(await venueTrainingStatus(db, venue.id, today)).toMatchObject({
      staffCount: 2,
      trainedCount: 0,
      managerTrained: false,
      allTrained: false,
    });
    const res = await session(venueManager, {
      organiser: venue.name,
      attendees: [
        { personId: boss.id, result: 'passed' },
        { personId: cook.id, result: 'absent' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().venue).toMatchObject({ id: venue.id });
    expect(await venueTrainingStatus(db, venue.id, today)).toMatchObject({
      trainedCount: 1,
      managerTrained: true,
      allTrained: false,
    });
  });
});
