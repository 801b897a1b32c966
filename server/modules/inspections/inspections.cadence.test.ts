import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, uniqueName } from '../../../test/factories.ts';
import { buildSignedInspection } from '../../../test/hazard-factories.ts';
import { buildEnterprise, buildVenue } from '../../../test/registry-factories.ts';
import { inspectionsTable } from './inspections.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

/** Issue 10, 15 and 9: monthly self-inspections missed, operators' users overdue for their inspection. */
describe('inspections: cadence', () => {
  let ctx: TestContext;
  let galutu: Send;
  let tuke: Send;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    galutu = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    tuke = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626102' })).username,
      TEST_PASSWORD,
    );
  });
  afterAll(() => ctx.close());

  async function signed(
    venue: { id: string; regionId: string; name: string; category: string },
    kind: 'monthly_self' | 'household',
    day: string,
  ) {
    const inspection = await buildSignedInspection(ctx.database.db, {
      object: { type: 'venue', id: venue.id, regionId: venue.regionId, kind: venue.category, name: venue.name },
      day,
    });
    await ctx.database.db.update(inspectionsTable).set({ kind }).where(eq(inspectionsTable.id, inspection.id));
  }

  it('lists the venues in scope that signed no monthly self-inspection in the month (plan 五(一)2)', async () => {
    const db = ctx.database.db;
    const done = await buildVenue(db, { name: uniqueName('三月自查饭店') });
    const missed = await buildVenue(db, { name: uniqueName('二月自查饭店') });
    const home = await buildVenue(db, { name: uniqueName('居民'), category: 'household' });
    await signed(done, 'monthly_self', '2024-03-05');
    await signed(missed, 'monthly_self', '2024-02-20');

    const res = await galutu({
      method: 'GET',
      url: '/api/v1/inspections/cadence/monthly-self',
      query: { month: '2024-03', pageSize: '200' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json().items.map((x: { venueId: string }) => x.venueId);
    expect(res.json().month).toBe('2024-03');
    expect(ids).toContain(missed.id);
    expect(ids).not.toContain(done.id);
    expect(ids).not.toContain(home.id);
    expect(res.json().items.find((x: { venueId: string }) => x.venueId === missed.id)).toMatchObject({
      lastOn: '2024-02-20',
    });
    // Another township's officer does not see them.
    const other = (
      await tuke({
        method: 'GET',
        url: '/api/v1/inspections/cadence/monthly-self',
        query: { month: '2024-03', pageSize: '200' },
      })
    ).json();
    expect(other.items.map((x: { venueId: string }) => x.venueId)).not.toContain(missed.id);
    const bad = await galutu({
      method: 'GET',
      url: '/api/v1/inspections/cadence/monthly-self',
      query: { month: '2024-13' },
    });
    expect(bad.statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/inspections/cadence/monthly-self' })).statusCode).toBe(
      401,
    );
  });

  it('lists an operator’s users overdue for their inspection: yearly for non-residential, every two years for households (CJJ 51 3.5.1)', async () => {
    const db = ctx.database.db;
    const operator = await buildEnterprise(db, { kind: 'pipeline_operator' });
    const restaurant = await buildVenue(db, { supplierEnterpriseId: operator.id });
    const household = await buildVenue(db, { category: 'household', supplierEnterpriseId: operator.id });
    const never = await buildVenue(db, { supplierEnterpriseId: operator.id });
    const lastYear = `${Number(new Date().getUTCFullYear()) - 1}-01-15`;
    await signed(restaurant, 'household', lastYear);
    await signed(household, 'household', lastYear);

    const res = await galutu({
      method: 'GET',
      url: '/api/v1/inspections/cadence/user-inspections',
      query: { supplierEnterpriseId: operator.id, overdue: 'false' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const byId = new Map(res.json().items.map((x: { venueId: string }) => [x.venueId, x]));
    expect(byId.get(never.id)).toMatchObject({ lastOn: null, dueOn: null, overdue: true });
    expect(byId.get(restaurant.id)).toMatchObject({ lastOn: lastYear, intervalMonths: 12, overdue: true });
    expect(byId.get(household.id)).toMatchObject({ lastOn: lastYear, intervalMonths: 24, overdue: false });
    expect((byId.get(household.id) as { dueOn: string }).dueOn).toBe(`${Number(lastYear.slice(0, 4)) + 2}-01-15`);

    const overdue = (
      await galutu({
        method: 'GET',
        url: '/api/v1/inspections/cadence/user-inspections',
        query: { supplierEnterpriseId: operator.id },
      })
    ).json();
    expect(overdue.items.map((x: { venueId: string }) => x.venueId).sort()).toEqual([never.id, restaurant.id].sort());
    expect(overdue.total).toBe(2);
    const bad = await galutu({
      method: 'GET',
      url: '/api/v1/inspections/cadence/user-inspections',
      query: { supplierEnterpriseId: 'x' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it("exports both lists as .xlsx in Chinese, every row in the caller's scope for the filters; 400 and 401 as the lists", async () => {
    const db = ctx.database.db;
    const operator = await buildEnterprise(db, { kind: 'bottled_operator', name: uniqueName('导出燃气公司') });
    const user = await buildVenue(db, { name: uniqueName('导出饭店'), supplierEnterpriseId: operator.id });
    const res = await galutu({
      method: 'GET',
      url: '/api/v1/inspections/cadence/user-inspections/export',
      query: { supplierEnterpriseId: operator.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(2).value).toBe('用户名称');
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(2).value).toBe(user.name);
    expect(ws.getRow(2).getCell(5).value).toBe(operator.name);
    expect(ws.getRow(2).getCell(8).value).toBe('应立即检查');
    // Another township's officer exports none of them.
    const other = await tuke({
      method: 'GET',
      url: '/api/v1/inspections/cadence/user-inspections/export',
      query: { supplierEnterpriseId: operator.id },
    });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(1);

    const missed = await buildVenue(db, { name: uniqueName('导出未自查饭店') });
    const monthly = await galutu({
      method: 'GET',
      url: '/api/v1/inspections/cadence/monthly-self/export',
      query: { month: '2024-04' },
    });
    expect(monthly.statusCode, monthly.body).toBe(200);
    expect(monthly.headers['content-disposition']).toContain('202404');
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.load(monthly.rawPayload as unknown as ArrayBuffer);
    const names = wb3.worksheets[0]!.getColumn(2).values;
    expect(names).toContain(missed.name);
    expect(
      (await galutu({ method: 'GET', url: '/api/v1/inspections/cadence/monthly-self/export', query: { month: 'x' } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/inspections/cadence/user-inspections/export' })).statusCode,
    ).toBe(401);
  });
});
