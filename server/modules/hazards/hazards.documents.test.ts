import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser } from '../../../test/factories.ts';
import { buildSignedInspection } from '../../../test/hazard-factories.ts';
import { buildEnterprise, buildVenue, multipartFile } from '../../../test/registry-factories.ts';
import { ledgerColumns } from './hazards.documents.ts';
import { hazardsTable } from './hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

async function xlsx(rows: (string | Date | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('隐患台账');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('hazards: export, notices and import', () => {
  let ctx: TestContext;
  let galutu: Send;
  let tuke: Send;
  let venue: Awaited<ReturnType<typeof buildVenue>>;
  let hazardId: string;

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
    venue = await buildVenue(db, { name: '蒙源羊肉馆', address: '萨如拉街8号' });
    const res = await galutu({
      method: 'POST',
      url: '/api/v1/hazards',
      payload: {
        objectType: 'venue',
        objectId: venue.id,
        itemId: 'venue.gas_in_bedroom',
        description: '后厨休息间内使用液化气',
        interimControl: '立即停用，关闭角阀',
        responsiblePersonName: '刘老板',
        responsiblePhone: '13904770000',
        foundOn: '2024-03-01',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    hazardId = res.json().id;
  });
  afterAll(() => ctx.close());

  it('exports the ledger as .xlsx in the 台账 layout for a filter', async () => {
    const res = await galutu({ method: 'GET', url: '/api/v1/hazards/export?severity=major' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(ledgerColumns.map((c) => c.header));
    expect(header.slice(0, 16)).toEqual([
      '序号',
      '隐患单位',
      '地址',
      '所属乡镇',
      '隐患描述',
      '隐患等级',
      '检查项/依据',
      '责任部门',
      '整治责任人',
      '联系电话',
      '完成时限',
      '管控措施',
      '整治措施/进展',
      '整治状态',
      '销号时间',
      '是否超期',
    ]);
    const row = (ws.getRow(2).values as unknown[]).slice(1);
    expect(row.slice(0, 6)).toEqual([1, '蒙源羊肉馆', '萨如拉街8号', '嘎鲁图镇', '后厨休息间内使用液化气', '重大隐患']);
    expect(String(row[6])).toContain('三(一)2');
    expect(row.slice(8, 12)).toEqual(['刘老板', '13904770000', '2024-03-31', '立即停用，关闭角阀']);
    expect(row[13]).toBe('待整改');
    expect(row[15]).toBe('是');
    expect(ws.rowCount).toBe(2);
    // Another township's export holds only the header.
    const theirs = await tuke({ method: 'GET', url: '/api/v1/hazards/export' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(theirs.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(1);
  });

  it('renders a hazard’s rectification notice as a PDF with the Chinese font embedded', async () => {
    const res = await galutu({ method: 'GET', url: `/api/v1/hazards/${hazardId}/notice.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toContain('/FontFile2');
    expect(text).toMatch(/NotoSans/);
    expect(text).toContain('/ToUnicode');
  });

  it('renders an inspection’s notice with its hazards and the inspectors’ signatures', async () => {
    const db = ctx.database.db;
    const inspection = await buildSignedInspection(db, {
      object: { type: 'venue', id: venue.id, regionId: venue.regionId, kind: 'restaurant', name: venue.name },
      day: '2024-03-01',
      results: { 'venue.detector': 'fail' },
    });
    await db
      .update(hazardsTable)
      .set({ sourceInspectionId: inspection.id, source: 'inspection' })
      .where(eq(hazardsTable.id, hazardId));
    const res = await galutu({ method: 'GET', url: `/api/v1/inspections/${inspection.id}/notice.pdf` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toContain('/FontFile2');
    expect((await tuke({ method: 'GET', url: `/api/v1/inspections/${inspection.id}/notice.pdf` })).statusCode).toBe(
      404,
    );
  });

  describe('import of an old ledger', () => {
    const header = [
      '序号',
      '单位名称',
      '乡镇',
      '地址',
      '隐患内容',
      '隐患等级',
      '完成时限',
      '整改状态',
      '销号时间',
      '隐患编号',
    ];

    it('reports every unmatched or unreadable row by line and stores nothing in strict mode', async () => {
      const db = ctx.database.db;
      await buildEnterprise(db, { name: '乌审旗燃气有限公司', kind: 'pipeline_operator' });
      const file = await xlsx([
        header,
        [
          '1',
          '蒙源羊肉馆',
          '嘎鲁图镇',
          '萨如拉街8号',
          '软管过长',
          '一般',
          '2023/10/30',
          '已整改',
          '2023年10月20日',
          'GL-001',
        ],
        ['2', '不存在的饭店', '嘎鲁图镇', '', '未装报警器', '一般', '2023-10-30', '未整改', '', 'GL-002'],
        ['3', '乌审旗燃气有限公司', '', '', '未开展入户安检', '重大', '2023-11-30', '整改中', '', 'GL-003'],
        ['4', '蒙源羊肉馆', '', '', '灭火器过期', '一般', '明天', '', '', 'GL-004'],
        ['5', '蒙源羊肉馆', '图克镇', '', '无预案', '一般', '2023-11-30', '', '', 'GL-005'],
      ]);
      const res = await galutu({ method: 'POST', url: '/api/v1/hazards/import', ...multipartFile('台账.xlsx', file) });
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      expect(r).toMatchObject({ total: 5, valid: 2, created: 0, errorCount: 3, mode: 'strict', dryRun: false });
      expect(r.errors.map((e: { line: number }) => e.line)).toEqual([3, 5, 6]);
      expect(r.errors[0].message).toContain('未找到已登记的单位');
      expect(r.errors[1]).toMatchObject({ column: '完成时限' });
      expect(r.ignoredColumns).toEqual([]);
      const stored = await db.select().from(hazardsTable).where(eq(hazardsTable.source, 'import'));
      expect(stored).toHaveLength(0);

      // clean_only stores the good rows; importing the same numbers again skips them.
      const clean = (
        await galutu({
          method: 'POST',
          url: '/api/v1/hazards/import?mode=clean_only',
          ...multipartFile('台账.xlsx', file),
        })
      ).json();
      expect(clean).toMatchObject({ created: 2, errorCount: 3 });
      const rows = await db.select().from(hazardsTable).where(eq(hazardsTable.source, 'import'));
      expect(rows.map((x) => [x.sourceRef, x.status, x.severity]).sort()).toEqual([
        ['GL-001', 'closed', 'general'],
        ['GL-003', 'rectifying', 'major'],
      ]);
      const again = (
        await galutu({
          method: 'POST',
          url: '/api/v1/hazards/import?mode=clean_only',
          ...multipartFile('台账.xlsx', file),
        })
      ).json();
      expect(again).toMatchObject({ created: 0, skipped: 2 });
    });

    it('reports each kind of bad row with a stable code and the column at fault', async () => {
      const db = ctx.database.db;
      await buildVenue(db, { name: '图克烧烤', regionCode: '150626102' });
      await buildVenue(db, { name: '已关门饭店', archivedAt: new Date('2024-01-01T00:00:00Z') });
      await buildVenue(db, { name: '同名小吃', address: '一街1号' });
      await buildVenue(db, { name: '同名小吃', address: '二街2号' });
      const cols = [
        '隐患单位',
        '所属乡镇',
        '隐患描述',
        '隐患等级',
        '发现日期',
        '完成时限',
        '整治状态',
        '销号时间',
        '隐患编号',
        '责任部门',
      ];
      const row = (over: Partial<Record<(typeof cols)[number], string>>) => {
        const base: Record<string, string> = { 隐患单位: '蒙源羊肉馆', 隐患描述: '软管老化', 隐患等级: '一般' };
        return cols.map((c) => ({ ...base, ...over })[c] ?? '');
      };
      const file = await xlsx([
        cols,
        row({ 隐患单位: '' }),
        row({ 隐患描述: '' }),
        row({ 隐患等级: '特别严重' }),
        row({ 整治状态: '看情况' }),
        row({ 完成时限: '下个月' }),
        row({ 发现日期: '1800-01-01' }),
        row({ 整治状态: '已销号' }),
        row({ 所属乡镇: '火星镇' }),
        row({ 隐患单位: '不存在的饭店' }),
        row({ 隐患单位: '图克烧烤' }),
        row({ 隐患单位: '已关门饭店' }),
        row({ 隐患单位: '同名小吃' }),
        row({ 隐患编号: 'DUP-1' }),
        row({ 隐患编号: 'DUP-1' }),
        row({ 发现日期: '2199-01-01' }),
        row({ 责任部门: '不存在的部门' }),
      ]);
      const res = await galutu({
        method: 'POST',
        url: '/api/v1/hazards/import?dryRun=true',
        ...multipartFile('台账.xlsx', file),
      });
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      expect(
        r.errors.map((e: { line: number; column: string | null; code: string }) => [e.line, e.column, e.code]),
      ).toEqual([
        [2, '隐患单位', 'import.required'],
        [3, '隐患描述', 'import.required'],
        [4, '隐患等级', 'import.invalid_choice'],
        [5, '整治状态', 'import.invalid_choice'],
        [6, '完成时限', 'import.invalid_date'],
        [7, '发现日期', 'import.invalid_date'],
        [8, '销号时间', 'import.required'],
        [9, '所属乡镇', 'import.reference_not_found'],
        [10, '隐患单位', 'import.reference_not_found'],
        [11, '隐患单位', 'import.outside_scope'],
        [12, '隐患单位', 'import.archived'],
        [13, '隐患单位', 'import.invalid_value'],
        [15, '隐患编号', 'import.duplicate_in_file'],
        [16, '发现日期', 'hazards.dates_invalid'],
        [17, '责任部门', 'import.reference_not_found'],
      ]);
      expect(r).toMatchObject({ total: 16, valid: 1, errorCount: 15 });
      for (const e of r.errors) expect(e.message, e.code).toMatch(/[\u4e00-\u9fff]/);
    });

    it('dry-runs without storing and refuses a sheet without the required columns', async () => {
      const file = await xlsx([
        ['隐患单位', '隐患描述'],
        ['蒙源羊肉馆', '管道锈蚀'],
      ]);
      const dry = (
        await galutu({ method: 'POST', url: '/api/v1/hazards/import?dryRun=true', ...multipartFile('a.xlsx', file) })
      ).json();
      expect(dry).toMatchObject({ total: 1, valid: 1, created: 1, dryRun: true });
      const list = (await galutu({ method: 'GET', url: '/api/v1/hazards?q=管道锈蚀' })).json();
      expect(list.items).toHaveLength(0);

      const bad = await galutu({
        method: 'POST',
        url: '/api/v1/hazards/import',
        ...multipartFile(
          'b.xlsx',
          await xlsx([
            ['名称', '备注'],
            ['x', 'y'],
          ]),
        ),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('hazards.import_missing_columns');

      // Over 10 MB: our own code (the web says it in Chinese), not Fastify's request.fst_req_file_too_large.
      const huge = await galutu({
        method: 'POST',
        url: '/api/v1/hazards/import',
        ...multipartFile('c.xlsx', Buffer.alloc(10 * 1024 * 1024 + 1)),
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().error.code).toBe('hazards.import_file_too_large');
    });
  });
});
