import ExcelJS from 'exceljs';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, regionByCode } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';
import type { Db } from '../../db/client.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { gasConversionsTable, publicityActivitiesTable } from './publicity.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const today = chinaToday();
const post = (url: string, payload: object) => ({ method: 'POST' as const, url, payload });
const patch = (url: string, payload: object) => ({ method: 'PATCH' as const, url, payload });
const del = (url: string) => ({ method: 'DELETE' as const, url });

let ctx: TestContext;
let db: Db;
let galutu: string;
let tuke: string;
let township: Send;
let otherTownship: Send;
let housing: Send;
let office: Send;
let leader: Send;
let operator: Send;

const activity = (over: Record<string, unknown> = {}) => ({
  kind: 'street_stand',
  title: '燃气安全宣传进社区',
  heldOn: addDays(today, -3),
  place: '嘎鲁图镇文化广场',
  audienceCount: 120,
  leafletCount: 300,
  materials: '展板 6 块、《燃气安全使用手册》',
  ...over,
});
const conversion = (over: Record<string, unknown> = {}) => ({
  kind: 'bottle_to_pipe',
  target: 'household',
  count: 40,
  completedOn: addDays(today, -10),
  place: '团结社区',
  ...over,
});

beforeAll(async () => {
  ctx = await createTestApp({ logLevel: 'error' } as never);
  db = ctx.database.db;
  galutu = (await regionByCode(db, '150626100')).id;
  tuke = (await regionByCode(db, '150626102')).id;
  const as = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  township = await as(await buildUser(db, 'township_officer', { region: '150626100' }));
  otherTownship = await as(await buildUser(db, 'township_officer', { region: '150626102' }));
  housing = await as(await buildUser(db, 'department_officer', { department: 'housing' }));
  office = await as(await buildUser(db, 'office_admin', 'global'));
  leader = await as(await buildUser(db, 'leader', 'global'));
  operator = await as(await buildScopedUser(db, { enterpriseId: (await buildEnterprise(db)).id }));
});

afterAll(() => ctx.close());

describe('publicity and conversions', () => {
  it('records by township and department and counts them in the figures by township', async () => {
    const a1 = await township(post('/api/v1/publicity/activities', activity()));
    expect(a1.statusCode, a1.body).toBe(201);
    expect(a1.json()).toMatchObject({ region: { id: galutu }, department: null, audienceCount: 120 });
    const a2 = await housing(
      post(
        '/api/v1/publicity/activities',
        activity({ kind: 'lecture', regionId: tuke, audienceCount: 80, leafletCount: 0 }),
      ),
    );
    expect(a2.statusCode, a2.body).toBe(201);
    expect(a2.json().department).not.toBeNull();
    for (const c of [
      conversion(),
      conversion({ target: 'business', count: 3 }),
      conversion({ kind: 'gas_to_electric', count: 12 }),
    ]) {
      const r = await township(post('/api/v1/publicity/conversions', c));
      expect(r.statusCode, r.body).toBe(201);
    }

    const fig = await office({ method: 'GET', url: '/api/v1/publicity/figures' });
    expect(fig.statusCode, fig.body).toBe(200);
    const g = fig.json().byTownship.find((r: { region: { id: string } }) => r.region.id === galutu);
    expect(g).toMatchObject({
      activities: 1,
      audience: 120,
      leaflets: 300,
      bottleToPipeHouseholds: 40,
      bottleToPipeBusinesses: 3,
      gasToElectricHouseholds: 12,
      gasToElectricBusinesses: 0,
    });
    expect(fig.json().total).toMatchObject({ activities: 2, audience: 200, leaflets: 300 });
    expect(fig.json().byKind).toEqual([
      { kind: 'lecture', activities: 1, audience: 80 },
      { kind: 'street_stand', activities: 1, audience: 120 },
    ]);

    // A period before any of them: nothing.
    const none = await office({ method: 'GET', url: `/api/v1/publicity/figures?to=${addDays(today, -30)}` });
    expect(none.json().total.activities).toBe(0);

    // A township sees its own only; the department sees what it recorded.
    const own = await township({ method: 'GET', url: '/api/v1/publicity/figures' });
    expect(own.json().byTownship.map((r: { region: { id: string } }) => r.region.id)).toEqual([galutu]);
    const dep = await housing({ method: 'GET', url: '/api/v1/publicity/activities' });
    expect(dep.json().items.map((x: { id: string }) => x.id)).toEqual([a2.json().id]);
    const otherList = await otherTownship({ method: 'GET', url: '/api/v1/publicity/conversions' });
    expect(otherList.json().total).toBe(0);

    const xlsx = await leader({ method: 'GET', url: '/api/v1/publicity/figures/export' });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['宣传与改造统计', '宣传活动', '瓶改管气改电']);
    const totalRow = wb.worksheets[0]!.getRow(wb.worksheets[0]!.rowCount).values as unknown[];
    expect(totalRow.slice(1)).toEqual(['合计', 2, 200, 300, 40, 3, 12, 0]);
  });

  it('refuses the anonymous, the supervised and out-of-scope townships; the leader only reads', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/publicity/figures' })).statusCode).toBe(401);
    expect((await operator({ method: 'GET', url: '/api/v1/publicity/figures' })).statusCode).toBe(403);
    expect((await operator(post('/api/v1/publicity/activities', activity()))).statusCode).toBe(403);
    expect((await leader(post('/api/v1/publicity/activities', activity({ regionId: galutu })))).statusCode).toBe(403);
    const other = await otherTownship(post('/api/v1/publicity/activities', activity({ regionId: galutu })));
    expect(other.statusCode).toBe(400);
    expect(other.json().error).toMatchObject({ code: 'publicity.outside_scope', details: { field: 'regionId' } });
  });

  it('answers bad input with 400, a code and the field, storing nothing', async () => {
    const before = (await db.select({ n: count() }).from(publicityActivitiesTable))[0]!.n;
    const convBefore = (await db.select({ n: count() }).from(gasConversionsTable))[0]!.n;
    const bad: [string, object, string, string][] = [
      ['/api/v1/publicity/activities', activity({ audienceCount: -1 }), 'validation.failed', 'audienceCount'],
      ['/api/v1/publicity/activities', activity({ kind: 'party' }), 'validation.failed', 'kind'],
      ['/api/v1/publicity/activities', activity({ heldOn: addDays(today, 2) }), 'publicity.date_invalid', 'heldOn'],
      ['/api/v1/publicity/conversions', conversion({ count: 0 }), 'validation.failed', 'count'],
      ['/api/v1/publicity/conversions', conversion({ target: 'town' }), 'validation.failed', 'target'],
      [
        '/api/v1/publicity/conversions',
        conversion({ regionId: '00000000-0000-4000-8000-000000000000' }),
        'publicity.region_invalid',
        'regionId',
      ],
    ];
    for (const [url, payload, code, field] of bad) {
      const res = await township(post(url, payload));
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(JSON.stringify(res.json().error.details)).toContain(field);
    }
    const office400 = await office(post('/api/v1/publicity/activities', activity()));
    expect(office400.json().error).toMatchObject({ code: 'publicity.region_required', details: { field: 'regionId' } });
    const range = await office({
      method: 'GET',
      url: `/api/v1/publicity/figures?from=${today}&to=${addDays(today, -1)}`,
    });
    expect(range.json().error.code).toBe('publicity.date_invalid');
    const after = (await db.select({ n: count() }).from(publicityActivitiesTable))[0]!.n;
    const convAfter = (await db.select({ n: count() }).from(gasConversionsTable))[0]!.n;
    expect([after, convAfter]).toEqual([before, convBefore]);
  });
});

describe('correcting and deleting records', () => {
  type Fig = { region: { id: string }; activities: number; audience: number; bottleToPipeHouseholds: number };
  const galutuFigures = async (): Promise<Fig | undefined> =>
    (await office({ method: 'GET', url: '/api/v1/publicity/figures' }))
      .json()
      .byTownship.find((r: Fig) => r.region.id === galutu);
  const auditOf = async (id: string, action: string) =>
    db
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.subjectId, id), eq(auditEventsTable.action, action)));

  it('an edit changes the row and the figures, with an audit entry', async () => {
    const created = await township(post('/api/v1/publicity/activities', activity({ audienceCount: 10 })));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const before = (await galutuFigures())!;

    const res = await township(patch(`/api/v1/publicity/activities/${id}`, { audienceCount: 55, materials: null }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, audienceCount: 55, materials: null, region: { id: galutu } });
    const after = (await galutuFigures())!;
    expect(after.audience - before.audience).toBe(45);
    expect(after.activities).toBe(before.activities);
    const [entry] = await auditOf(id, 'publicity.update_activity');
    expect(entry?.beforeDigest).toBeTruthy();
    expect(entry?.afterDigest).toBeTruthy();
    expect(entry?.beforeDigest).not.toBe(entry?.afterDigest);

    const conv = await township(post('/api/v1/publicity/conversions', conversion({ count: 5 })));
    const convId = conv.json().id as string;
    const c0 = (await galutuFigures())!.bottleToPipeHouseholds;
    const cr = await township(patch(`/api/v1/publicity/conversions/${convId}`, { count: 8, note: '补录' }));
    expect(cr.statusCode, cr.body).toBe(200);
    expect(cr.json()).toMatchObject({ count: 8, note: '补录' });
    expect((await galutuFigures())!.bottleToPipeHouseholds - c0).toBe(3);
    expect(await auditOf(convId, 'publicity.update_conversion')).toHaveLength(1);
  });

  it('a township cannot move a row to another township; the office can', async () => {
    const id = (await township(post('/api/v1/publicity/activities', activity()))).json().id as string;
    const moved = await township(patch(`/api/v1/publicity/activities/${id}`, { regionId: tuke, title: '改' }));
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error).toMatchObject({ code: 'publicity.outside_scope', details: { field: 'regionId' } });
    const convId = (await township(post('/api/v1/publicity/conversions', conversion()))).json().id as string;
    const movedConv = await township(patch(`/api/v1/publicity/conversions/${convId}`, { regionId: tuke }));
    expect(movedConv.json().error).toMatchObject({ code: 'publicity.outside_scope', details: { field: 'regionId' } });
    // Nothing was written.
    const [row] = await db.select().from(publicityActivitiesTable).where(eq(publicityActivitiesTable.id, id));
    expect(row).toMatchObject({ regionId: galutu, title: activity().title });
    expect(await auditOf(id, 'publicity.update_activity')).toHaveLength(0);

    const byOffice = await office(patch(`/api/v1/publicity/activities/${id}`, { regionId: tuke }));
    expect(byOffice.statusCode, byOffice.body).toBe(200);
    expect(byOffice.json().region.id).toBe(tuke);
    const ghost = await office(
      patch(`/api/v1/publicity/activities/${id}`, { regionId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(ghost.json().error).toMatchObject({ code: 'publicity.region_invalid', details: { field: 'regionId' } });
  });

  it('the leader gets 403, another township 404, the supervised 403', async () => {
    const id = (await township(post('/api/v1/publicity/activities', activity()))).json().id as string;
    const convId = (await township(post('/api/v1/publicity/conversions', conversion()))).json().id as string;
    for (const [url, body] of [
      [`/api/v1/publicity/activities/${id}`, { audienceCount: 1 }],
      [`/api/v1/publicity/conversions/${convId}`, { count: 1 }],
    ] as const) {
      expect((await leader(patch(url, body))).statusCode).toBe(403);
      expect((await leader(del(url))).statusCode).toBe(403);
      expect((await operator(patch(url, body))).statusCode).toBe(403);
      const other = await otherTownship(patch(url, body));
      expect(other.statusCode).toBe(404);
      expect(other.json().error.code).toMatch(/^publicity\.(activity|conversion)_not_found$/);
      expect((await otherTownship(del(url))).statusCode).toBe(404);
    }
    const missing = await office(patch('/api/v1/publicity/activities/00000000-0000-4000-8000-000000000000', {}));
    expect(missing.json().error.code).toBe('publicity.activity_not_found');
    // Both rows are untouched; the township may manage them, the leader only reads them.
    const list = (await township({ method: 'GET', url: '/api/v1/publicity/activities?pageSize=100' })).json();
    expect(list.items.find((x: { id: string }) => x.id === id)).toMatchObject({ audienceCount: 120, canManage: true });
    const seen = (await leader({ method: 'GET', url: '/api/v1/publicity/conversions?pageSize=100' })).json();
    expect(seen.items.find((x: { id: string }) => x.id === convId)).toMatchObject({ count: 40, canManage: false });
  });

  it('bad dates and values get 400 with the field, changing nothing', async () => {
    const id = (await township(post('/api/v1/publicity/activities', activity()))).json().id as string;
    const convId = (await township(post('/api/v1/publicity/conversions', conversion()))).json().id as string;
    const bad: [string, object, string, string][] = [
      [`/api/v1/publicity/activities/${id}`, { heldOn: addDays(today, 1) }, 'publicity.date_invalid', 'heldOn'],
      [`/api/v1/publicity/activities/${id}`, { heldOn: '2024-02-30' }, 'validation.failed', 'heldOn'],
      [`/api/v1/publicity/activities/${id}`, { audienceCount: -5 }, 'validation.failed', 'audienceCount'],
      [`/api/v1/publicity/activities/${id}`, { title: ' ' }, 'validation.failed', 'title'],
      [
        `/api/v1/publicity/conversions/${convId}`,
        { completedOn: addDays(today, 3) },
        'publicity.date_invalid',
        'completedOn',
      ],
      [`/api/v1/publicity/conversions/${convId}`, { count: 0 }, 'validation.failed', 'count'],
    ];
    for (const [url, payload, code, field] of bad) {
      const res = await township(patch(url, payload));
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe(code);
      expect(JSON.stringify(res.json().error.details)).toContain(field);
    }
    const [row] = await db.select().from(publicityActivitiesTable).where(eq(publicityActivitiesTable.id, id));
    expect(row).toMatchObject({ heldOn: activity().heldOn, audienceCount: 120 });
  });

  it('a delete removes the row from the list and the figures and leaves an audit entry keeping it', async () => {
    const created = await township(post('/api/v1/publicity/activities', activity({ audienceCount: 33 })));
    const id = created.json().id as string;
    const conv = await township(post('/api/v1/publicity/conversions', conversion({ count: 7 })));
    const convId = conv.json().id as string;
    const before = (await galutuFigures())!;

    const res = await township(del(`/api/v1/publicity/activities/${id}`));
    expect(res.statusCode, res.body).toBe(204);
    expect((await township(del(`/api/v1/publicity/conversions/${convId}`))).statusCode).toBe(204);

    const list = (await township({ method: 'GET', url: '/api/v1/publicity/activities?pageSize=100' })).json();
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(id);
    const convs = (await township({ method: 'GET', url: '/api/v1/publicity/conversions?pageSize=100' })).json();
    expect(convs.items.map((x: { id: string }) => x.id)).not.toContain(convId);
    const after = (await galutuFigures())!;
    expect(before.activities - after.activities).toBe(1);
    expect(before.audience - after.audience).toBe(33);
    expect(before.bottleToPipeHouseholds - after.bottleToPipeHouseholds).toBe(7);

    const [entry] = await auditOf(id, 'publicity.delete_activity');
    expect(entry?.beforeDigest).toBeTruthy();
    expect(entry?.details).toMatchObject({ deleted: { id, regionId: galutu, audienceCount: 33 } });
    expect(await auditOf(convId, 'publicity.delete_conversion')).toHaveLength(1);
    // A second delete finds nothing.
    expect((await township(del(`/api/v1/publicity/activities/${id}`))).statusCode).toBe(404);
  });
});
