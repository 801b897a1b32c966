import ExcelJS from 'exceljs';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addYears, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp } from '../../../test/app.ts';
import { type Send, buildFiller, issueLineToken, signIn } from '../../../test/cylinder-factories.ts';
import { buildUser, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser, multipartFile } from '../../../test/registry-factories.ts';
import { cylinderEventsTable, cylindersTable } from './cylinders.table.ts';

const today = chinaToday();

describe('cylinders: import and export (.xlsx / .csv, issue 11)', () => {
  let ctx: TestContext;
  let office: Send;
  let filler: Send;
  let lineToken: { authorization: string };
  let a: { id: string; creditCode: string; regionId: string };
  let b: { id: string; creditCode: string };
  const tag = uniqueName('IO')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    const built = await buildFiller(db);
    a = built.enterprise;
    b = await buildEnterprise(db, { kind: 'filling_enterprise' });
    office = await signIn(ctx.app, await buildUser(db, 'office_admin', 'global'));
    filler = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: a.id }));
    lineToken = await issueLineToken(office, built.station.id);
  }, 60_000);
  afterAll(() => ctx.close());

  const header =
    '气瓶编码,产权单位统一社会信用代码,型号,气相/液相,制造单位,出厂编号,批号,制造日期,设计使用年限（年）,上次检验日期,上次检验合格,下次检验日期,翻新/改装';
  const upload = (send: Send, csv: string, query: Record<string, string> = {}) => {
    const { payload, headers } = multipartFile('气瓶.csv', csv);
    return send({ method: 'POST', url: '/api/v1/cylinders/import', query, payload, headers });
  };
  const stored = () =>
    ctx.database.db
      .select()
      .from(cylindersTable)
      .where(like(cylindersTable.code, `${tag}%`));
  const events = () =>
    ctx.database.db
      .select()
      .from(cylinderEventsTable)
      .where(like(cylinderEventsTable.code, `${tag}%`));

  it('offers the template to those who register cylinders only', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/cylinders/template' })).statusCode).toBe(401);
    const template = await filler({ method: 'GET', url: '/api/v1/cylinders/template' });
    expect(template.statusCode).toBe(200);
    expect(template.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0]!.getRow(1).getCell(1).value)).toBe('气瓶编码*');
    const line = await ctx.app.inject({ method: 'GET', url: '/api/v1/cylinders/template', headers: lineToken });
    expect(line.statusCode).toBe(403);
  });

  it('imports good rows, reports bad rows by line and column, and writes nothing of a file with errors', async () => {
    const made = addYears(today, -2);
    const csv = [
      header,
      `${tag}-1,${a.creditCode},YSP-15,,华安气瓶厂,S1,B1,${made},,,,,否`,
      `${tag.toLowerCase()}-2,${a.creditCode},YSP12,液相,华安气瓶厂,S2,,${made},8,,,,`,
      // line 4: an unknown model; line 5: a date that is no date and a bad yes/no
      `${tag}-3,${a.creditCode},YSP-99,,华安气瓶厂,S3,,${made},,,,,`,
      `${tag}-4,${a.creditCode},YSP35.5,,华安气瓶厂,S4,,2023-13-45,,,,,也许`,
      // line 6: another filler's cylinder (outside the manager's scope); line 7: the owner states its own inspection
      `${tag}-5,${b.creditCode},YSP35.5,,华安气瓶厂,S5,,${made},,,,,`,
      `${tag}-6,${a.creditCode},YSP35.5,,华安气瓶厂,S6,,${made},,${addYears(today, -1)},是,,`,
      // line 8: the same code as line 2 (codes are normalised)
      `${tag}-2,${a.creditCode},YSP12,,华安气瓶厂,S7,,${made},,,,,`,
    ].join('\n');

    const strict = await upload(filler, csv);
    expect(strict.statusCode).toBe(422);
    expect(strict.json().error.code).toBe('registry.import_invalid');
    const errors = strict.json().error.details.errors as { line: number; key: string | null }[];
    const at = (line: number) =>
      errors
        .filter((e) => e.line === line)
        .map((e) => e.key)
        .sort();
    expect(at(4)).toEqual(['model']);
    expect(at(5)).toEqual(['manufacturedOn', 'refurbished']);
    expect(at(6)).toEqual(['owner']);
    expect(at(7)).toEqual(['lastInspectedOn']);
    expect(errors.find((e) => e.line === 8)).toBeDefined();
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([]);
    // Nothing half-written: no cylinder and no registered event of the good rows either.
    expect(await stored()).toEqual([]);
    expect(await events()).toEqual([]);

    const dry = await upload(filler, csv, { mode: 'clean_only', dryRun: 'true' });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 2 });
    expect(await stored()).toEqual([]);

    const clean = await upload(filler, csv, { mode: 'clean_only' });
    expect(clean.statusCode, clean.body).toBe(200);
    expect(clean.json()).toMatchObject({ total: 7, valid: 2, created: 2, errorCount: 6 });
    const rows = await stored();
    expect(rows.map((r) => r.code).sort()).toEqual([`${tag}-1`, `${tag}-2`]);
    expect(rows.find((r) => r.code === `${tag}-1`)).toMatchObject({
      model: 'YSP35.5',
      ownerEnterpriseId: a.id,
      batch: 'B1',
      refurbished: false,
    });
    expect(rows.find((r) => r.code === `${tag}-2`)).toMatchObject({ model: 'YSP12', designLifeYears: 8 });
    // Each registered through the register's rules: its life starts with a registered event.
    expect((await events()).map((e) => e.type)).toEqual(['registered', 'registered']);

    // Again: the known codes are left as they are.
    const again = await upload(
      filler,
      [header, `${tag}-1,${a.creditCode},YSP35.5,,华安气瓶厂,S1,,${made},,,,,`].join('\n'),
    );
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, unchanged: 1 });

    // The regulator may state inspection facts in a sheet, for any owner.
    const regulator = await upload(
      office,
      csv
        .split('\n')
        .filter((_, i) => i === 0 || i === 5 || i === 6)
        .join('\n'),
    );
    expect(regulator.statusCode, regulator.body).toBe(200);
    expect(regulator.json()).toMatchObject({ created: 2 });
    expect((await stored()).find((r) => r.code === `${tag}-6`)).toMatchObject({ lastInspectionPassed: true });
  });

  it('exports the list with its filters, in the caller scope, in a sheet that imports again', async () => {
    const exported = await filler({ method: 'GET', url: `/api/v1/cylinders/export?q=${tag}` });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toBe('气瓶编码');
    const rows: string[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push([String(row.getCell(1).value), String(row.getCell(2).value), String(row.getCell(3).value)]);
    });
    // B's cylinder (registered by the office) is not the manager's to see.
    expect(rows.map((r) => r[0]).sort()).toEqual([`${tag}-1`, `${tag}-2`, `${tag}-6`]);
    expect(rows.find((r) => r[0] === `${tag}-1`)).toEqual([`${tag}-1`, a.creditCode, 'YSP35.5']);
    const all = await office({ method: 'GET', url: `/api/v1/cylinders/export?q=${tag}&model=YSP12` });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(all.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(2);
    const bad = await filler({ method: 'GET', url: '/api/v1/cylinders/export?status=lost' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    // What was exported imports again, unchanged.
    const back = await filler({
      method: 'POST',
      url: '/api/v1/cylinders/import',
      ...multipartFile('气瓶.xlsx', exported.rawPayload),
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ created: 0, unchanged: 3 });
  });
});
