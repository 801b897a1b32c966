import ExcelJS from 'exceljs';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser, buildVenue, multipartFile } from '../../../test/registry-factories.ts';
import { buildActor } from '../../platform/access.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { createDeliveryService } from './delivery.service.ts';
import { deliveryUsersTable } from './delivery.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const today = chinaToday();

describe('gas users: import and export (.xlsx / .csv, issue 12)', () => {
  let ctx: TestContext;
  let manager: Send;
  let otherManager: Send;
  let office: Send;
  let worker: Send;
  let a: { id: string; creditCode: string };
  let b: { id: string; creditCode: string };
  let restaurant: { id: string; name: string; address: string };
  const tag = uniqueName('导入');
  const header =
    '供气企业统一社会信用代码,用户类型,用气场所,用户姓名,联系电话,所属区划,地址,经度,纬度,气瓶所在楼层,地下/半地下,高层建筑,供气合同编号,合同起始日期,合同截止日期';
  const from = addDays(today, -10);
  const to = addDays(today, 355);

  beforeAll(async () => {
    ctx = await createTestApp({ logLevel: 'error' } as never);
    const db = ctx.database.db;
    a = await buildEnterprise(db);
    b = await buildEnterprise(db);
    restaurant = await buildVenue(db, { gasSources: ['bottled_lpg'], name: `${tag}饭店`, address: `${tag}街1号` });
    const m = await buildScopedUser(db, { enterpriseId: a.id });
    manager = await login(ctx.app, m.username, m.password);
    const om = await buildScopedUser(db, { enterpriseId: b.id });
    otherManager = await login(ctx.app, om.username, om.password);
    const admin = await buildUser(db, 'office_admin', 'global');
    office = await login(ctx.app, admin.username, admin.password);
    const w = await buildScopedUser(db, { enterpriseId: a.id }, 'delivery_worker');
    worker = await login(ctx.app, w.username, TEST_PASSWORD);
  }, 60_000);
  afterAll(() => ctx.close());

  const upload = (send: Send, content: string | Buffer, query: Record<string, string> = {}, name = '用户.csv') => {
    const { payload, headers } = multipartFile(name, content);
    return send({ method: 'POST', url: '/api/v1/delivery/users/import', query, payload, headers });
  };
  const stored = () =>
    ctx.database.db
      .select()
      .from(deliveryUsersTable)
      .where(like(deliveryUsersTable.address, `${tag}%`));

  it('offers the template to those who file gas users only', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/delivery/users/template' })).statusCode).toBe(401);
    const template = await manager({ method: 'GET', url: '/api/v1/delivery/users/template' });
    expect(template.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.worksheets[0]!.getRow(1).getCell(1).value)).toBe('供气企业统一社会信用代码*');
    // A delivery worker reads users but does not file them: no template, no import.
    expect((await worker({ method: 'GET', url: '/api/v1/delivery/users/template' })).statusCode).toBe(403);
    expect((await upload(worker, `${header}\n`)).statusCode).toBe(403);
  });

  it('imports good rows through the one-user rules, reports bad rows by line and column, and writes nothing of a file with errors', async () => {
    const csv = [
      header,
      // lines 2, 3: a household and a restaurant of the register
      `${a.creditCode},居民用户,,${tag}张三,13900000001,嘎鲁图镇,${tag}小区1号,108.85,38.6,3,地上,否,HT-1,${from},${to}`,
      `${a.creditCode},非居民用户,${restaurant.name},${tag}王老板,13900000002,150626100,${tag}街1号,,,1,,,HT-2,${from},`,
      // line 4: a phone that is no phone; line 5: a business without its venue and a bad below-ground value
      `${a.creditCode},居民用户,,${tag}李四,call me,嘎鲁图镇,${tag}小区2号,,,1,,,,,`,
      `${a.creditCode},非居民用户,,${tag}赵五,13900000004,嘎鲁图镇,${tag}小区3号,,,1,地窖,,,,`,
      // line 6: another operator's user (outside the manager's scope); line 7: the contract ends before it starts
      `${b.creditCode},居民用户,,${tag}孙六,13900000005,嘎鲁图镇,${tag}小区4号,,,1,,,,${from},`,
      `${a.creditCode},居民用户,,${tag}周七,13900000006,嘎鲁图镇,${tag}小区5号,,,1,,,,${to},${from}`,
      // line 8: the same user as line 2 again; line 9: an unknown region and a longitude without latitude
      `${a.creditCode},居民用户,,${tag}张三,13900000009,嘎鲁图镇,${tag}小区1号,,,1,,,,,`,
      `${a.creditCode},居民用户,,${tag}吴八,13900000007,火星镇,${tag}小区6号,108.8,,1,,,,,`,
    ].join('\n');

    const strict = await upload(manager, csv);
    expect(strict.statusCode).toBe(422);
    expect(strict.json().error.code).toBe('registry.import_invalid');
    const errors = strict.json().error.details.errors as { line: number; key: string | null; code: string }[];
    const at = (line: number) =>
      errors
        .filter((e) => e.line === line)
        .map((e) => e.key)
        .sort();
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([]);
    expect(at(4)).toEqual(['holderPhone']);
    expect(at(5)).toEqual(['belowGround', 'venue']);
    expect(at(6)).toEqual(['operator']);
    expect(at(7)).toEqual(['contractTo']);
    expect(errors.find((e) => e.line === 8)).toBeDefined();
    expect(at(9)).toEqual(['lat', 'region']);
    // Every row error has a stable code (a cell's kind of fault, or the one-user rules' own code).
    for (const e of errors) expect(e.code).toMatch(/^[a-z]+\.[a-z_]+$/);
    // Nothing half-written: neither the good rows' users nor their household venues.
    expect(await stored()).toEqual([]);

    const dry = await upload(manager, csv, { mode: 'clean_only', dryRun: 'true' });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 2 });
    expect(await stored()).toEqual([]);

    const clean = await upload(manager, csv, { mode: 'clean_only' });
    expect(clean.statusCode, clean.body).toBe(200);
    expect(clean.json()).toMatchObject({ total: 8, valid: 2, created: 2 });
    const rows = await stored();
    expect(rows.map((r) => r.holderName).sort()).toEqual([`${tag}张三`, `${tag}王老板`]);
    expect(rows.find((r) => r.kind === 'household')).toMatchObject({
      operatorEnterpriseId: a.id,
      cylinderFloor: 3,
      lng: 108.85,
      contractNumber: 'HT-1',
      contractFrom: from,
      contractTo: to,
    });
    expect(rows.find((r) => r.kind === 'business')).toMatchObject({ venueId: restaurant.id, contractTo: null });
    // Filed as one user is: audited, by the importer.
    const audit = await ctx.database.db
      .select()
      .from(auditEventsTable)
      .where(
        and(
          eq(auditEventsTable.action, 'delivery_user.create'),
          inArray(
            auditEventsTable.subjectId,
            rows.map((r) => r.id),
          ),
        ),
      );
    expect(audit).toHaveLength(2);

    // Again: the same rows are unchanged; a new phone is an update, audited as one.
    const again = await upload(
      manager,
      [
        header,
        `${a.creditCode},居民用户,,${tag}张三,13900000001,嘎鲁图镇,${tag}小区1号,108.85,38.6,3,地上,否,HT-1,${from},${to}`,
        `${a.creditCode},非居民用户,${restaurant.name},${tag}王老板,13911112222,150626100,${tag}街1号,,,1,,,HT-2,${from},`,
      ].join('\n'),
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await stored()).find((r) => r.kind === 'business')?.holderPhone).toBe('13911112222');

    // One supplier at a time, as for one user: another operator cannot contract the restaurant for an overlapping period.
    const rival = await upload(
      otherManager,
      [
        header,
        `${b.creditCode},非居民用户,${restaurant.name},${tag}王老板,13900000002,嘎鲁图镇,${tag}街1号,,,1,,,,${addDays(today, 5)},`,
      ].join('\n'),
    );
    expect(rival.statusCode).toBe(422);
    expect(rival.json().error.details.errors).toEqual([
      expect.objectContaining({
        line: 2,
        key: 'contractFrom',
        message: expect.stringContaining('其他企业'),
        code: 'delivery.other_supplier',
      }),
    ]);
    // Nor change a user of operator A by a sheet: outside its scope, on the operator's column.
    const foreign = await upload(
      otherManager,
      [
        header,
        `${a.creditCode},居民用户,,${tag}张三,13900000099,嘎鲁图镇,${tag}小区1号,108.85,38.6,3,地上,否,HT-1,${from},${to}`,
      ].join('\n'),
    );
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.details.errors).toEqual([
      expect.objectContaining({ line: 2, key: 'operator', code: 'delivery.user_not_found' }),
    ]);
    expect((await stored()).find((r) => r.kind === 'household')?.holderPhone).toBe('13900000001');
  });

  it('exports the list with its filters, in the caller scope, in a sheet that imports again', async () => {
    const exported = await manager({
      method: 'GET',
      url: `/api/v1/delivery/users/export?q=${encodeURIComponent(tag)}`,
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toBe('供气企业统一社会信用代码');
    const names: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) names.push(String(row.getCell(4).value));
    });
    expect(names.sort()).toEqual([`${tag}张三`, `${tag}王老板`]);
    // Another operator sees none of them; a filter narrows the office's export.
    const other = await otherManager({
      method: 'GET',
      url: `/api/v1/delivery/users/export?q=${encodeURIComponent(tag)}`,
    });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(other.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(1);
    const business = await office({
      method: 'GET',
      url: `/api/v1/delivery/users/export?q=${encodeURIComponent(tag)}&kind=business`,
    });
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.load(business.rawPayload as unknown as ArrayBuffer);
    expect(wb3.worksheets[0]!.rowCount).toBe(2);
    const bad = await manager({ method: 'GET', url: '/api/v1/delivery/users/export?kind=shop' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    // What was exported imports again, unchanged.
    const back = await upload(manager, exported.rawPayload, {}, '用户.xlsx');
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });
  it('streams an export larger than one batch: every user once, in the order filed, read in batches as written', async () => {
    const db = ctx.database.db;
    const n = 1234;
    const batch = uniqueName('批量');
    // n venues and their users in two statements, all filed at the same instant (ties broken by id at batch edges).
    await db.execute(sql`insert into venues
      select (jsonb_populate_record(null::venues, to_jsonb(v) || jsonb_build_object(
        'id', gen_random_uuid(), 'name', ${batch} || g, 'address', ${batch} || '路' || g || '号'))).*
      from venues v, generate_series(1, ${n}) g where v.id = ${restaurant.id}`);
    await db.execute(sql`insert into delivery_users
      select (jsonb_populate_record(null::delivery_users, to_jsonb(u) || jsonb_build_object(
        'id', gen_random_uuid(), 'kind', 'business', 'venue_id', w.id, 'holder_name', w.name,
        'holder_phone', '139' || lpad(row_number() over ()::text, 8, '0'), 'created_at', now()))).*
      from delivery_users u, venues w
      where u.operator_enterprise_id = ${a.id} and u.venue_id = ${restaurant.id} and w.name like ${`${batch}%`}`);
    const exported = await manager({
      method: 'GET',
      url: `/api/v1/delivery/users/export?q=${encodeURIComponent(batch)}`,
    });
    expect(exported.statusCode, exported.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const names: string[] = [];
    wb.worksheets[0]!.eachRow((row, i) => {
      if (i > 1) names.push(String(row.getCell(4).value));
    });
    expect(names).toHaveLength(n);
    expect(new Set(names).size).toBe(n);
    const ids = await db
      .select({ id: deliveryUsersTable.id, name: deliveryUsersTable.holderName })
      .from(deliveryUsersTable)
      .where(like(deliveryUsersTable.holderName, `${batch}%`))
      .orderBy(deliveryUsersTable.createdAt, deliveryUsersTable.id);
    expect(names).toEqual(ids.map((r) => r.name));
    // The service yields rows as it reads them (an async iterator over batches), not one array of the whole file.
    const office = buildActor({
      type: 'user',
      id: null,
      name: '办公室',
      grants: [
        {
          role: 'office_admin',
          scopeType: 'global',
          regionId: null,
          regionPath: null,
          departmentId: null,
          departmentCode: null,
          enterpriseId: null,
          venueId: null,
        },
      ],
    });
    const rows = createDeliveryService({ db }).exportUsers({ actor: office, query: { q: batch } });
    expect(Symbol.asyncIterator in rows).toBe(true);
    const iterator = (rows as AsyncGenerator<{ holderName: string }>)[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.holderName).toBe(names[0]);
    await iterator.return(undefined);
  });
});
