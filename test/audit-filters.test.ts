import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../domain/dates.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from './factories.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
const officers: { id: string; send: Awaited<ReturnType<typeof login>> }[] = [];
const created: string[] = [];

beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
  const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
  // Two officers of the same township each create one community: two events, two actors.
  for (let i = 0; i < 2; i++) {
    const u = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.galutu });
    const send = await login(ctx.app, u.username, u.password);
    officers.push({ id: u.id, send });
    const res = await send({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code: uniqueName('c'), name: `社区${i}` },
    });
    expect(res.statusCode).toBe(201);
    created.push(res.json().id);
  }
});
afterAll(() => ctx.close());

type Ev = { actorId: string | null; subjectId: string | null; action: string };
const ids = (items: Ev[]) => items.filter((e) => e.action === 'region.create').map((e) => e.subjectId);

describe('audit log filters', () => {
  it('filters by actor: only the events that person did', async () => {
    const res = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=region&actorId=${officers[0]?.id}`,
    });
    expect(res.statusCode).toBe(200);
    const items: Ev[] = res.json().items;
    expect(ids(items)).toEqual([created[0]]);
    expect(items.every((e) => e.actorId === officers[0]?.id)).toBe(true);
  });

  it('filters by China days, both ends included', async () => {
    const today = chinaToday();
    const inRange = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=region&from=${today}&to=${today}`,
    });
    expect(inRange.statusCode).toBe(200);
    expect(ids(inRange.json().items)).toEqual(expect.arrayContaining(created));
    const yesterday = addDays(today, -1);
    const before = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=region&from=${addDays(today, -30)}&to=${yesterday}`,
    });
    expect(before.statusCode).toBe(200);
    expect(ids(before.json().items)).not.toEqual(expect.arrayContaining([created[0]]));
    const after = await admin({ method: 'GET', url: `/api/v1/audit?subjectType=region&from=${addDays(today, 1)}` });
    expect(after.json().items).toEqual([]);
  });

  it.each([
    ['from', 'from=2026-13-01'],
    ['to', 'to=yesterday'],
    ['from', 'from=0000-01-01'],
    ['from', 'from=2026-05-02&to=2026-05-01'],
    ['actorId', 'actorId=not-a-uuid'],
  ])('refuses a malformed or reversed %s with 400 naming the field', async (field, qs) => {
    const res = await admin({ method: 'GET', url: `/api/v1/audit?${qs}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.failed');
    const paths = res.json().error.details.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths).toContain(`querystring.${field}`);
  });

  it('keeps the scope: a regional reader of another township sees none of these events, even by actor', async () => {
    const own = await buildUser(ctx.database.db, 'office_admin', { region: TOWNSHIPS.galutu });
    const ownSend = await login(ctx.app, own.username, own.password);
    const seen = await ownSend({ method: 'GET', url: `/api/v1/audit?actorId=${officers[0]?.id}` });
    expect(seen.statusCode).toBe(200);
    expect(ids(seen.json().items)).toEqual([created[0]]);
    const other = await buildUser(ctx.database.db, 'office_admin', { region: TOWNSHIPS.tuke });
    const send = await login(ctx.app, other.username, other.password);
    const res = await send({ method: 'GET', url: `/api/v1/audit?actorId=${officers[0]?.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  });

  it('names the subject from the trail: the region created shows its name, not only its id', async () => {
    const res = await admin({ method: 'GET', url: `/api/v1/audit?subjectType=region&subjectId=${created[1]}` });
    expect(res.json().items[0]).toMatchObject({ subjectId: created[1], subjectLabel: '社区1' });
  });
});

async function sheetRows(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('审计日志');
  const rows: string[][] = [];
  ws?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
  });
  return rows;
}

describe('audit log export', () => {
  it('exports the filtered list as .xlsx with names, scoped exactly like the list', async () => {
    const url = `/api/v1/audit/export?subjectType=region&actorId=${officers[0]?.id}`;
    const res = await admin({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    const rows = await sheetRows(res.rawPayload);
    expect(rows[0]).toEqual([
      '序号',
      '时间',
      '操作人',
      '操作人类型',
      '操作',
      '操作代码',
      '对象类型',
      '对象',
      '对象ID',
      'IP',
      '请求号',
    ]);
    const list = (
      await admin({ method: 'GET', url: `/api/v1/audit?subjectType=region&actorId=${officers[0]?.id}` })
    ).json();
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(list.items.map((e: { seq: number }) => e.seq));
    const mine = rows.find((r) => r[8] === created[0]);
    expect(mine?.[7]).toBe('社区0');
    expect(mine?.[3]).toBe('用户');
    // The action and the subject type in the words the audit page shows, the action's code beside them.
    expect(mine?.[5]).toBe('region.create');
    expect(mine?.[4]).toBe('新增区划');
    expect(mine?.[6]).toBe('区划');

    const other = await buildUser(ctx.database.db, 'office_admin', { region: TOWNSHIPS.tuke });
    const send = await login(ctx.app, other.username, other.password);
    const scoped = await send({ method: 'GET', url });
    expect(scoped.statusCode).toBe(200);
    expect((await sheetRows(scoped.rawPayload)).length).toBe(1);
  });

  it('refuses the export without audit.read (403), signed out (401) and with a reversed range (400)', async () => {
    const officer = officers[1];
    const forbidden = await officer?.send({ method: 'GET', url: '/api/v1/audit/export' });
    expect(forbidden?.statusCode).toBe(403);
    const anon = await ctx.app.inject({ method: 'GET', url: '/api/v1/audit/export' });
    expect(anon.statusCode).toBe(401);
    const bad = await admin({ method: 'GET', url: '/api/v1/audit/export?from=2026-05-02&to=2026-05-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain(
      'querystring.from',
    );
  });
});
