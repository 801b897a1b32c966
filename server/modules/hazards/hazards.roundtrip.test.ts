import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode } from '../../../test/factories.ts';
import { buildEnterprise, buildFacility, buildVenue, multipartFile } from '../../../test/registry-factories.ts';
import { pipelineSegmentsTable } from '../registry/registry.table.ts';
import { hazardEventsTable, hazardsTable } from './hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

let ctx: TestContext;
let galutu: Send;
const ids: Record<'venue' | 'facility' | 'pipeline', string> = { venue: '', facility: '', pipeline: '' };

async function exportLedger(): Promise<ExcelJS.Workbook> {
  const res = await galutu({ method: 'GET', url: '/api/v1/hazards/export' });
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

async function importLedger(wb: ExcelJS.Workbook) {
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const res = await galutu({
    method: 'POST',
    url: '/api/v1/hazards/import?mode=clean_only',
    ...multipartFile('台账.xlsx', bytes),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const hazardCount = async () => (await ctx.database.db.select({ n: count() }).from(hazardsTable))[0]!.n;

/** The column of a header in the exported sheet (1-based, as ExcelJS counts). */
function column(wb: ExcelJS.Workbook, header: string): number {
  const headers = (wb.worksheets[0]!.getRow(1).values as unknown[]).map(String);
  const i = headers.indexOf(header);
  expect(i, header).toBeGreaterThan(0);
  return i;
}

/** The exported row of a hazard, by its 隐患编号. */
function rowOf(wb: ExcelJS.Workbook, number: string): ExcelJS.Row {
  const ws = wb.worksheets[0]!;
  const col = column(wb, '隐患编号');
  for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(col).text === number) return ws.getRow(r);
  throw new Error(`no row ${number}`);
}

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  galutu = await login(
    ctx.app,
    (await buildUser(db, 'township_officer', { region: '150626100' })).username,
    TEST_PASSWORD,
  );
  const venue = await buildVenue(db, { name: '往返羊肉馆', address: '萨如拉街9号' });
  const enterprise = await buildEnterprise(db, { name: '往返燃气公司' });
  const facility = await buildFacility(db, enterprise, { name: '第一供应站' });
  const region = await regionByCode(db, '150626100');
  const [pipeline] = await db
    .insert(pipelineSegmentsTable)
    .values({
      code: 'GX-RT-001',
      name: '萨如拉街中压管',
      regionId: region.id,
      ownerEnterpriseId: enterprise.id,
      material: 'pe',
      pressureClass: 'medium_b',
    })
    .returning();
  Object.assign(ids, { venue: venue.id, facility: facility.id, pipeline: pipeline!.id });
  for (const [objectType, objectId, description] of [
    ['venue', venue.id, '软管超过2米'],
    ['facility', facility.id, '气瓶露天存放'],
    ['pipeline', pipeline!.id, '管线上方违章占压'],
  ] as const) {
    const res = await galutu({
      method: 'POST',
      url: '/api/v1/hazards',
      payload: {
        objectType,
        objectId,
        severity: 'general',
        description,
        responsiblePersonName: '刘经理',
        responsiblePhone: '13904770001',
        foundOn: '2024-03-01',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => ctx.close());

describe("the ledger's own round trip (export → import)", () => {
  it('creates no duplicates: every row with a known 隐患编号 is matched and skipped', async () => {
    const before = await hazardCount();
    expect(before).toBe(3);
    const report = await importLedger(await exportLedger());
    expect(report).toMatchObject({ total: 3, valid: 3, created: 0, updated: 0, skipped: 3, errorCount: 0 });
    expect(await hazardCount()).toBe(before);
  });

  it('updates only 整治责任人 and 联系电话 of a known hazard; the finding and the deadline stay as recorded', async () => {
    const db = ctx.database.db;
    const [venueHazard] = await db.select().from(hazardsTable).where(eq(hazardsTable.objectId, ids.venue));
    const wb = await exportLedger();
    const row = rowOf(wb, venueHazard!.number);
    row.getCell(column(wb, '整治责任人')).value = '王店长';
    row.getCell(column(wb, '联系电话')).value = '13904770002';
    row.getCell(column(wb, '隐患描述')).value = '改写后的描述';
    row.getCell(column(wb, '完成时限')).value = '2024-12-31';
    row.getCell(column(wb, '整治状态')).value = '已销号';
    row.getCell(column(wb, '销号时间')).value = '2024-04-01';
    const eventsBefore = (
      await db.select({ n: count() }).from(hazardEventsTable).where(eq(hazardEventsTable.hazardId, venueHazard!.id))
    )[0]!.n;

    const report = await importLedger(wb);
    expect(report).toMatchObject({ created: 0, updated: 1, skipped: 2, errorCount: 0 });
    const [after] = await db.select().from(hazardsTable).where(eq(hazardsTable.id, venueHazard!.id));
    expect(after).toMatchObject({
      responsiblePersonName: '王店长',
      responsiblePhone: '13904770002',
      description: venueHazard!.description,
      deadline: venueHazard!.deadline,
      status: venueHazard!.status,
      severity: venueHazard!.severity,
      foundOn: venueHazard!.foundOn,
    });
    // On the hazard's timeline like an edit.
    const events = await db.select().from(hazardEventsTable).where(eq(hazardEventsTable.hazardId, venueHazard!.id));
    expect(events).toHaveLength(eventsBefore + 1);
    expect(events.at(-1)).toMatchObject({ event: 'updated' });
    // Importing the same file again changes nothing more.
    expect(await importLedger(wb)).toMatchObject({ created: 0, updated: 0, skipped: 3 });
    expect(await hazardCount()).toBe(3);
  });

  it('matches the names the export writes for facilities and pipelines back to the register', async () => {
    const wb = await exportLedger();
    // Without their numbers, the rows are new findings of the same objects.
    const numberCol = column(wb, '隐患编号');
    const ws = wb.worksheets[0]!;
    for (let r = 2; r <= ws.rowCount; r++) ws.getRow(r).getCell(numberCol).value = null;
    const names = [2, 3, 4].map((r) => ws.getRow(r).getCell(column(wb, '隐患单位')).text).sort();
    expect(names).toEqual(['往返燃气公司（第一供应站）', '往返羊肉馆', '萨如拉街中压管（GX-RT-001）'].sort());

    const report = await importLedger(wb);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ created: 3, updated: 0, skipped: 0 });
    const imported = await ctx.database.db.select().from(hazardsTable).where(eq(hazardsTable.source, 'import'));
    expect(imported.map((h) => `${h.objectType}:${h.objectId}`).sort()).toEqual(
      [`facility:${ids.facility}`, `pipeline:${ids.pipeline}`, `venue:${ids.venue}`].sort(),
    );
  });
});
