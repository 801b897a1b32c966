import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';
import type { Db } from '../../db/client.ts';
import { pipelineSegmentsTable } from '../registry/registry.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const year = Number(chinaToday().slice(0, 4));

let ctx: TestContext;
let db: Db;
let operatorId: string;
let otherId: string;
let operator: Send;
let other: Send;
let galutu: Send;
let tuke: Send;
const ids: Record<string, string> = {};

async function segment(
  key: string,
  values: Partial<typeof pipelineSegmentsTable.$inferInsert>,
  regionCode = '150626100',
) {
  const [row] = await db
    .insert(pipelineSegmentsTable)
    .values({
      code: uniqueName('GD'),
      name: uniqueName(`管段${key}`),
      ownerEnterpriseId: operatorId,
      regionId: (await regionByCode(db, regionCode)).id,
      material: 'steel',
      pressureClass: 'medium_b',
      lengthM: 100,
      ...values,
    })
    .returning();
  ids[key] = row!.id;
  return row!;
}

beforeAll(async () => {
  ctx = await createTestApp({ logLevel: 'error' } as never);
  db = ctx.database.db;
  operatorId = (await buildEnterprise(db, { kind: 'pipeline_operator' })).id;
  otherId = (await buildEnterprise(db, { kind: 'pipeline_operator' })).id;
  operator = await (async () => {
    const u = await buildScopedUser(db, { enterpriseId: operatorId });
    return login(ctx.app, u.username, u.password);
  })();
  other = await (async () => {
    const u = await buildScopedUser(db, { enterpriseId: otherId });
    return login(ctx.app, u.username, u.password);
  })();
  const g = await buildUser(db, 'township_officer', { region: '150626100' });
  galutu = await login(ctx.app, g.username, g.password);
  const tk = await buildUser(db, 'township_officer', { region: '150626102' });
  tuke = await login(ctx.app, tk.username, tk.password);

  await segment('castNew', { material: 'cast_iron', installedYear: year - 3, lengthM: 250 });
  const oldSteel = await segment('oldSteelHazard', { material: 'steel', installedYear: year - 25, lengthM: 400 });
  await buildHazard(db, {
    objectType: 'pipeline',
    objectId: oldSteel.id,
    objectKind: 'pipeline',
    objectName: oldSteel.name,
  });
  await segment('oldSteelSound', { material: 'steel', installedYear: year - 30 });
  const youngPe = await segment('youngPeHazard', { material: 'pe', installedYear: year - 19 });
  await buildHazard(db, {
    objectType: 'pipeline',
    objectId: youngPe.id,
    objectKind: 'pipeline',
    objectName: youngPe.name,
  });
  const oldPeClosed = await segment('oldPeClosedHazard', { material: 'pe', installedYear: year - 22 });
  await buildHazard(db, {
    objectType: 'pipeline',
    objectId: oldPeClosed.id,
    objectKind: 'pipeline',
    objectName: oldPeClosed.name,
    closedAt: new Date(),
  });
  await segment('otherCast', { material: 'cast_iron', ownerEnterpriseId: otherId }, '150626102');
});

afterAll(() => ctx.close());

type Candidate = { id: string; reasons: string[]; serviceYears: number | null; region: { name: string } };

describe('renewal candidates (国办发〔2022〕22号)', () => {
  it('401 without a session; 400 with the field for a bad filter', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/renewal/candidates' })).statusCode).toBe(401);
    const bad = await operator({ method: 'GET', url: '/api/v1/renewal/candidates?reason=old' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
  });

  it("lists the operator's cast iron and aged pipes with an open hazard, with reasons; not the others", async () => {
    const res = await operator({ method: 'GET', url: '/api/v1/renewal/candidates?pageSize=200' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const byId = new Map<string, Candidate>(body.items.map((c: Candidate) => [c.id, c]));
    expect(byId.get(ids.castNew!)?.reasons).toEqual(['grey_cast_iron']);
    expect(byId.get(ids.oldSteelHazard!)).toMatchObject({ reasons: ['aged_with_hazard'], serviceYears: 25 });
    for (const k of ['oldSteelSound', 'youngPeHazard', 'oldPeClosedHazard', 'otherCast'])
      expect(byId.has(ids[k]!), k).toBe(false);
    expect(body.total).toBe(2);
    expect(body.totalLengthM).toBe(650);
    expect(body.byOperator).toEqual([expect.objectContaining({ id: operatorId, segments: 2, lengthM: 650 })]);
    expect(body.byRegion).toEqual([expect.objectContaining({ name: '嘎鲁图镇', segments: 2 })]);
    const onlyAged = await operator({ method: 'GET', url: '/api/v1/renewal/candidates?reason=aged_with_hazard' });
    expect(onlyAged.json().items.map((c: Candidate) => c.id)).toEqual([ids.oldSteelHazard]);
  });

  it('scopes the list: another operator and another township see only theirs', async () => {
    const o = (await other({ method: 'GET', url: '/api/v1/renewal/candidates' })).json();
    expect(o.items.map((c: Candidate) => c.id)).toEqual([ids.otherCast]);
    const tk = (await tuke({ method: 'GET', url: '/api/v1/renewal/candidates?pageSize=200' })).json();
    expect(tk.items.map((c: Candidate) => c.id)).toContain(ids.otherCast);
    expect(tk.items.map((c: Candidate) => c.id)).not.toContain(ids.castNew);
    const g = (await galutu({ method: 'GET', url: `/api/v1/renewal/candidates?operatorId=${operatorId}` })).json();
    expect(g.total).toBe(2);
  });

  it('exports the candidates with the sums by township and operator', async () => {
    const res = await operator({ method: 'GET', url: '/api/v1/renewal/candidates/export' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.getWorksheet('改造对象')!;
    expect(ws.rowCount).toBe(3);
    expect(String(ws.getRow(2).getCell(11).value) + String(ws.getRow(3).getCell(11).value)).toMatch(/灰口铸铁/);
    expect(wb.getWorksheet('按运营单位')!.getRow(2).getCell(3).value).toBe(650);
  });
});
