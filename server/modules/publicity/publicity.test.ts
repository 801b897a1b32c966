import ExcelJS from 'exceljs';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, regionByCode } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';
import type { Db } from '../../db/client.ts';
import { gasConversionsTable, publicityActivitiesTable } from './publicity.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const today = chinaToday();
const post = (url: string, payload: object) => ({ method: 'POST' as const, url, payload });

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
