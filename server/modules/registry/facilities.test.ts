import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildFacility, buildScopedUser, multipartFile } from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
let galutuId: string;
let tukeId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
  galutuId = (await regionByCode(ctx.database.db, TOWNSHIPS.galutu)).id;
  tukeId = (await regionByCode(ctx.database.db, TOWNSHIPS.tuke)).id;
});
afterAll(() => ctx.close());

async function as(role: Parameters<typeof buildUser>[1], scope: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(ctx.database.db, role, scope);
  return login(ctx.app, u.username, u.password);
}

function body(enterpriseId: string, overrides: Record<string, unknown> = {}) {
  return {
    enterpriseId,
    kind: 'bottle_shop',
    name: uniqueName('萨如拉供应点'),
    regionId: galutuId,
    address: '萨如拉街 20 号',
    lng: 108.85,
    lat: 38.61,
    ...overrides,
  };
}

describe('facilities routes', () => {
  it('creates, gets, edits and archives a facility, audited', async () => {
    const e = await buildEnterprise(ctx.database.db);
    const created = await admin({
      method: 'POST',
      url: '/api/v1/facilities',
      payload: body(e.id, { name: '嘎鲁图储配站', kind: 'storage_station' }),
    });
    expect(created.statusCode).toBe(201);
    const f = created.json();
    expect(f).toMatchObject({
      enterpriseId: e.id,
      enterpriseName: e.name,
      name: '嘎鲁图储配站',
      kind: 'storage_station',
      regionName: '嘎鲁图镇',
      abilities: { edit: true, archive: true },
    });
    expect((await admin({ method: 'GET', url: `/api/v1/facilities/${f.id}` })).json().name).toBe('嘎鲁图储配站');
    const edited = await admin({
      method: 'PATCH',
      url: `/api/v1/facilities/${f.id}`,
      payload: { address: '工业园区 1 号', regionId: tukeId, lng: 109.35, lat: 38.95 },
    });
    expect(edited.json()).toMatchObject({ address: '工业园区 1 号', regionName: '图克镇' });
    const archived = await admin({ method: 'POST', url: `/api/v1/facilities/${f.id}/archive` });
    expect(archived.json()).toMatchObject({ archived: true, abilities: { edit: false } });
    expect(
      (await admin({ method: 'PATCH', url: `/api/v1/facilities/${f.id}`, payload: { name: 'x' } })).json().error.code,
    ).toBe('facilities.archived');
    const actions = (
      await ctx.database.db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, f.id))
    ).map((a) => a.action);
    expect(actions.sort()).toEqual(['facility.archive', 'facility.create', 'facility.update']);
    // The enterprise detail lists its live facilities only.
    expect((await admin({ method: 'GET', url: `/api/v1/enterprises/${e.id}` })).json().facilities).toEqual([]);
  });

  it('lists with filters: enterprise, kind, region subtree, Chinese text, archived', async () => {
    const db = ctx.database.db;
    const tag = uniqueName('');
    const e = await buildEnterprise(db);
    const a = await buildFacility(db, e, { name: `${tag}萨如拉充装站`, kind: 'filling_station' });
    const b = await buildFacility(db, { id: e.id, regionId: tukeId }, { name: `${tag}图克供应点` });
    const c = await buildFacility(db, e, { name: `${tag}旧供应点`, archivedAt: new Date() });
    const ids = async (query: Record<string, string>) =>
      ((await admin({ method: 'GET', url: '/api/v1/facilities', query })).json().items as { id: string }[])
        .map((x) => x.id)
        .sort();
    expect(await ids({ enterpriseId: e.id })).toEqual([a.id, b.id].sort());
    expect(await ids({ enterpriseId: e.id, archived: 'true' })).toEqual([a.id, b.id, c.id].sort());
    expect(await ids({ q: `${tag}萨如拉充装` })).toEqual([a.id]);
    expect(await ids({ q: tag, kind: 'bottle_shop' })).toEqual([b.id]);
    expect(await ids({ q: tag, regionId: tukeId })).toEqual([b.id]);
  });

  it('validates: unknown region or enterprise is a clear 400, a duplicate name within the enterprise 409', async () => {
    const e = await buildEnterprise(ctx.database.db);
    const region = await admin({
      method: 'POST',
      url: '/api/v1/facilities',
      payload: body(e.id, { regionId: '00000000-0000-4000-8000-000000000000' }),
    });
    expect(region.statusCode).toBe(400);
    expect(region.json().error).toMatchObject({ code: 'facilities.region_not_found', details: { field: 'regionId' } });
    const ent = await admin({
      method: 'POST',
      url: '/api/v1/facilities',
      payload: body('00000000-0000-4000-8000-000000000000'),
    });
    expect(ent.json().error).toMatchObject({
      code: 'facilities.enterprise_not_found',
      details: { field: 'enterpriseId' },
    });
    const coords = await admin({ method: 'POST', url: '/api/v1/facilities', payload: body(e.id, { lat: null }) });
    expect(coords.json().error.code).toBe('validation.failed');
    const name = uniqueName('重名供应点');
    expect((await admin({ method: 'POST', url: '/api/v1/facilities', payload: body(e.id, { name }) })).statusCode).toBe(
      201,
    );
    const dup = await admin({ method: 'POST', url: '/api/v1/facilities', payload: body(e.id, { name }) });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'facilities.name_taken', details: { field: 'name' } });
    const other = await buildEnterprise(ctx.database.db);
    expect(
      (await admin({ method: 'POST', url: '/api/v1/facilities', payload: body(other.id, { name }) })).statusCode,
    ).toBe(201);
  });

  it('scope: a 图克镇 officer gets 404 for a 嘎鲁图镇 facility and cannot create one there', async () => {
    const db = ctx.database.db;
    const e = await buildEnterprise(db, { regionCode: TOWNSHIPS.tuke });
    const galutuFacility = await buildFacility(db, { id: e.id, regionId: galutuId });
    const tuke = await as('township_officer', { region: TOWNSHIPS.tuke });
    expect((await tuke({ method: 'GET', url: `/api/v1/facilities/${galutuFacility.id}` })).statusCode).toBe(404);
    expect(
      (await tuke({ method: 'PATCH', url: `/api/v1/facilities/${galutuFacility.id}`, payload: { name: 'x' } }))
        .statusCode,
    ).toBe(404);
    const there = await tuke({ method: 'POST', url: '/api/v1/facilities', payload: body(e.id) });
    expect(there.statusCode).toBe(403);
    expect(there.json().error).toMatchObject({ code: 'facilities.outside_scope', details: { field: 'regionId' } });
    const here = await tuke({ method: 'POST', url: '/api/v1/facilities', payload: body(e.id, { regionId: tukeId }) });
    expect(here.statusCode).toBe(201);
    const audit = await db
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.subjectId, here.json().id), eq(auditEventsTable.action, 'facility.create')));
    expect(audit[0]!.regionId).toBe(tukeId);
  });

  it("scope: market regulation sees a filler's facilities, not a pipeline operator's; an enterprise manager only its own", async () => {
    const db = ctx.database.db;
    const filler = await buildEnterprise(db, { kind: 'filling_enterprise' });
    const pipeline = await buildEnterprise(db, { kind: 'pipeline_operator' });
    const station = await buildFacility(db, filler, { kind: 'filling_station' });
    const gate = await buildFacility(db, pipeline, { kind: 'gate_station' });
    const scjg = await as('department_officer', { department: 'market_regulation' });
    expect((await scjg({ method: 'GET', url: `/api/v1/facilities/${station.id}` })).statusCode).toBe(200);
    expect((await scjg({ method: 'GET', url: `/api/v1/facilities/${gate.id}` })).statusCode).toBe(404);
    const u = await buildScopedUser(db, { enterpriseId: filler.id });
    const mgr = await login(ctx.app, u.username, u.password);
    const list = (await mgr({ method: 'GET', url: '/api/v1/facilities' })).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([station.id]);
    expect((await mgr({ method: 'GET', url: `/api/v1/facilities/${gate.id}` })).statusCode).toBe(404);
    const own = await mgr({
      method: 'POST',
      url: '/api/v1/facilities',
      payload: body(filler.id, { kind: 'bottle_shop' }),
    });
    expect(own.statusCode).toBe(201);
    const foreign = await mgr({ method: 'POST', url: '/api/v1/facilities', payload: body(pipeline.id) });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('facilities.enterprise_not_found');
  });

  it('imports by enterprise credit code (strict, then idempotent) and exports with Chinese headers', async () => {
    const e = await buildEnterprise(ctx.database.db);
    const tag = uniqueName('设施导入');
    const header = '所属企业统一社会信用代码*,设施名称*,设施类型*,所在区划*,地址,经度,纬度';
    const good = [
      `${e.creditCode},${tag}充装站,充装站,嘎鲁图镇,工业园,108.86,38.62`,
      `${e.creditCode},${tag}供应点,bottle_shop,150626100,,,`,
    ];
    const bad = [`${e.creditCode},${tag}坏点,加油站,嘎鲁图镇,,108.8,`];
    const upload = (lines: string[]) => {
      const { payload, headers } = multipartFile('f.csv', [header, ...lines].join('\n'), 'text/csv');
      return admin({ method: 'POST', url: '/api/v1/registry/facilities/import', payload, headers });
    };
    const strict = await upload([...good, ...bad]);
    expect(strict.statusCode).toBe(422);
    expect(
      strict
        .json()
        .error.details.errors.map((x: { line: number; column: string }) => `${x.line}:${x.column}`)
        .sort(),
    ).toEqual(['4:纬度', '4:设施类型']);
    expect((await upload(good)).json()).toMatchObject({ created: 2 });
    expect((await upload(good)).json()).toMatchObject({ unchanged: 2, created: 0 });

    const res = await admin({
      method: 'GET',
      url: '/api/v1/registry/facilities/export',
      query: { enterpriseId: e.id },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    expect(rows[0]!.slice(0, 4)).toEqual(['所属企业', '所属企业统一社会信用代码', '设施名称', '设施类型']);
    expect(
      rows
        .slice(1)
        .map((r) => r[3])
        .sort(),
    ).toEqual(['充装站', '瓶装供应点']);
  });
});
