import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRananLimits } from '../domain/hazards/limits.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { buildUser, TEST_PASSWORD, uniqueName } from './factories.ts';
import { buildVenue } from './registry-factories.ts';

/** Issue 10: the register's risk flags — on the page, the map and the export — use the configured threshold. */
describe('venues: the configured cylinder-room threshold', () => {
  let ctx: TestContext;
  let admin: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    ctx = await createTestApp({ hazardLimits: { ...defaultRananLimits, cylinderRoomThresholdKg: 60 } });
    admin = await login(ctx.app, (await buildUser(ctx.database.db, 'office_admin', 'global')).username, TEST_PASSWORD);
  });
  afterAll(() => ctx.close());

  it('flags 70 kg without a cylinder room when the office set 60 kg, in the export as on the page', async () => {
    const name = uniqueName('七十公斤饭店');
    const venue = await buildVenue(ctx.database.db, {
      name,
      gasSources: ['bottled_lpg'],
      storedLpgKg: 70,
      hasCylinderRoom: false,
    });
    const page = (await admin({ method: 'GET', url: `/api/v1/venues/${venue.id}` })).json();
    expect(page.riskFlags.map((f: { code: string }) => f.code)).toContain('cylinder_room_missing');
    const res = await admin({ method: 'GET', url: '/api/v1/registry/venues/export', query: { q: name } });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('风险提示');
    expect(col).toBeGreaterThan(0);
    expect(String(ws.getRow(2).getCell(col).value)).toContain('存瓶达60kg无专用气瓶间');
  });
});
