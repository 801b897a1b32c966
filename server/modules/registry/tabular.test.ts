import ExcelJS from 'exceljs';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser, fakeCreditCode, multipartFile } from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { enterprisesTable } from './registry.table.ts';
import { IMPORT_LIMITS, decodeText, parseCsv } from './tabular.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;

beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
});
afterAll(() => ctx.close());

type Send = typeof admin;

const HEADER = [
  '企业名称*',
  '企业类型*',
  '统一社会信用代码*',
  '所在区划*',
  '地址',
  '经度',
  '纬度',
  '联系电话',
  '销售渠道',
];

function csvOf(rows: string[][]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
}

async function xlsxOf(rows: (string | number)[][], sheet = '燃气企业'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(
  send: Send,
  kind: string,
  filename: string,
  content: Buffer | string,
  query: Record<string, string> = {},
) {
  const { payload, headers } = multipartFile(filename, content);
  return send({ method: 'POST', url: `/api/v1/registry/${kind}/import`, query, payload, headers });
}

async function auditCount() {
  const [row] = await ctx.database.db.select({ n: count() }).from(auditEventsTable);
  return row!.n;
}

async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

describe('tabular import/export machinery', () => {
  describe('reading files', () => {
    it('parses quoted CSV fields with commas, quotes and line breaks, and sniffs ; and tab delimiters', () => {
      expect(parseCsv('a,b\r\n"x, y","he said ""hi""\nthen left"\n').map((r) => r.cells)).toEqual([
        ['a', 'b'],
        ['x, y', 'he said "hi"\nthen left'],
      ]);
      expect(parseCsv('a;b\n1;2').map((r) => r.cells)).toEqual([
        ['a', 'b'],
        ['1', '2'],
      ]);
      expect(parseCsv('a\tb\n1\t2')[1]!.cells).toEqual(['1', '2']);
    });

    it('decodes UTF-8 with or without BOM, and GB18030 when the bytes are not UTF-8', () => {
      expect(decodeText(Buffer.from('\uFEFF嘎鲁图镇', 'utf8'))).toBe('嘎鲁图镇');
      expect(decodeText(Buffer.from('嘎鲁图镇', 'utf8'))).toBe('嘎鲁图镇');
      // 你好 in GB18030 / GBK.
      expect(decodeText(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]))).toBe('你好');
    });
  });

  describe('template', () => {
    it('downloads an .xlsx with Chinese headers (required marked *), an example row and the 填写说明 sheet, and parses back', async () => {
      const res = await admin({ method: 'GET', url: '/api/v1/registry/enterprises/template' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
      const wb = await readXlsx(res.rawPayload);
      const [data, guide] = wb.worksheets;
      expect(data!.name).toBe('燃气企业');
      const rows = sheetRows(data!);
      expect(rows[0]).toEqual(HEADER);
      expect(rows[1]![2]).toBe('91150626MA0N1B2C3D');
      expect(guide!.name).toBe('填写说明');
      const guideRows = sheetRows(guide!);
      expect(guideRows[0]).toEqual(['列名', 'English', '必填', '填写说明', '示例']);
      expect(guideRows.find((r) => r[0] === '企业类型')![3]).toContain('瓶装液化气经营企业');
      // Uploading the untouched template: the example row is skipped, so there is nothing to import.
      const back = await upload(admin, 'enterprises', 'template.xlsx', res.rawPayload);
      expect(back.statusCode).toBe(400);
      expect(back.json().error.code).toBe('registry.import_empty');
      // With the example row replaced, the same workbook imports.
      const ws = wb.worksheets[0]!;
      ws.getCell('A2').value = uniqueName('模板导入燃气公司');
      ws.getCell('C2').value = fakeCreditCode();
      const filled = await upload(admin, 'enterprises', 'filled.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      expect(filled.json()).toMatchObject({ total: 1, created: 1 });
    });

    it('answers 404 registry.kind_not_found for an unknown kind', async () => {
      const res = await admin({ method: 'GET', url: '/api/v1/registry/spaceships/template' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('registry.kind_not_found');
    });
  });

  describe('import', () => {
    function goodRows(tag: string) {
      return [
        [
          `${tag}安达燃气有限公司`,
          '瓶装液化气经营企业',
          fakeCreditCode(),
          '嘎鲁图镇',
          '萨如拉街 1 号',
          '108.84',
          '38.6',
          '0477-7512345',
          '',
        ],
        [`${tag}图克充装有限公司`, 'filling_enterprise', fakeCreditCode(), '150626102', '图克工业园', '', '', '', ''],
        [`${tag}燃气具商行`, 'Appliance seller', fakeCreditCode(), '乌审召镇', '', '', '', '13800000000', '实体店'],
      ];
    }

    it('strict: reports every bad row with its line and column, and stores nothing', async () => {
      const tag = uniqueName('严格');
      const rows = [
        ...goodRows(tag),
        [`${tag}坏代码公司`, '瓶装液化气经营企业', 'NOT-A-CODE', '嘎鲁图镇', '', '', '', '', ''],
        [`${tag}坏区划公司`, '加油站', fakeCreditCode(), '火星镇', '', '200', '', '', ''],
      ];
      // A duplicate credit code within the file.
      rows.push([`${tag}重复公司`, '瓶装液化气经营企业', rows[0]![2]!, '嘎鲁图镇', '', '', '', '', '']);
      const before = await auditCount();
      const res = await upload(admin, 'enterprises', 'bad.csv', csvOf([HEADER, ...rows]));
      expect(res.statusCode).toBe(422);
      const report = res.json().error;
      expect(report.code).toBe('registry.import_invalid');
      expect(report.details).toMatchObject({ total: 6, valid: 3, created: 0, updated: 0, mode: 'strict' });
      const errs = report.details.errors as {
        line: number;
        column: string | null;
        key: string | null;
        message: string;
        code: string;
      }[];
      expect(errs.filter((e) => e.line === 5).map((e) => e.column)).toEqual(['统一社会信用代码']);
      expect(
        errs
          .filter((e) => e.line === 6)
          .map((e) => e.column)
          .sort(),
      ).toEqual(['企业类型', '所在区划', '经度'].sort());
      expect(errs.find((e) => e.line === 6 && e.column === '所在区划')!.message).toContain('火星镇');
      expect(errs.find((e) => e.line === 7)!.message).toContain('第 2 行');
      // Every error has a stable code and, where a cell is at fault, its column's key.
      expect(errs.map((e) => `${e.line} ${e.key} ${e.code}`).sort()).toEqual(
        [
          '5 creditCode import.invalid_format',
          '6 kind import.invalid_choice',
          '6 region import.reference_not_found',
          '6 lng import.out_of_range',
          '7 null import.duplicate_in_file',
        ].sort(),
      );
      const stored = await ctx.database.db
        .select()
        .from(enterprisesTable)
        .where(
          inArray(
            enterprisesTable.creditCode,
            rows.map((r) => r[2]!),
          ),
        );
      expect(stored).toHaveLength(0);
      expect(await auditCount()).toBe(before);
    });

    it('clean_only: stores the good rows and reports the bad ones', async () => {
      const tag = uniqueName('部分');
      const rows = [
        ...goodRows(tag),
        [`${tag}坏代码公司`, '瓶装液化气经营企业', 'NOT-A-CODE', '嘎鲁图镇', '', '', '', '', ''],
      ];
      const res = await upload(admin, 'enterprises', 'mixed.csv', csvOf([HEADER, ...rows]), { mode: 'clean_only' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ total: 4, valid: 3, created: 3, updated: 0, unchanged: 0, errorCount: 1 });
      expect(res.json().errors[0]).toMatchObject({ line: 5, column: '统一社会信用代码', key: 'creditCode' });
      const stored = await ctx.database.db
        .select()
        .from(enterprisesTable)
        .where(
          inArray(
            enterprisesTable.creditCode,
            rows.map((r) => r[2]!),
          ),
        );
      expect(stored.map((s) => s.name).sort()).toEqual(
        rows
          .slice(0, 3)
          .map((r) => r[0])
          .sort(),
      );
      const seller = stored.find((s) => s.kind === 'appliance_seller')!;
      expect(seller.sellerChannel).toBe('shop');
    });

    it('re-importing the same good file changes nothing: all unchanged, no new audit entries', async () => {
      const tag = uniqueName('重复');
      const rows = goodRows(tag);
      const file = csvOf([HEADER, ...rows]);
      const first = await upload(admin, 'enterprises', 'good.csv', file);
      expect(first.json()).toMatchObject({ total: 3, valid: 3, created: 3, updated: 0, unchanged: 0, errors: [] });
      const audits = await auditCount();
      const second = await upload(admin, 'enterprises', 'good.csv', file);
      expect(second.json()).toMatchObject({ total: 3, valid: 3, created: 0, updated: 0, unchanged: 3, errors: [] });
      expect(await auditCount()).toBe(audits);
      // A changed cell updates that enterprise only (one entry, plus the import's own summary entry).
      const changed = rows.map((r, i) => (i === 0 ? [...r.slice(0, 4), '萨如拉街 2 号', ...r.slice(5)] : r));
      const third = await upload(admin, 'enterprises', 'good.csv', csvOf([HEADER, ...changed]));
      expect(third.json()).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
      expect(await auditCount()).toBe(audits + 2);
    });

    it('imports XLSX and CSV (GB18030 and UTF-8 with BOM) alike, matching headers by Chinese, English or key', async () => {
      const tag = uniqueName('格式');
      const [a, b, c] = goodRows(tag);
      const xlsx = await xlsxOf([HEADER, a!]);
      expect((await upload(admin, 'enterprises', 'a.xlsx', xlsx)).json()).toMatchObject({ created: 1 });
      const gb = new Uint8Array(Buffer.from(csvOf([['Name', 'Kind', 'Credit code', 'Region'], b!.slice(0, 4)])));
      // Encode as GB18030 by round-tripping through a decoder table: only the Chinese cells need it.
      const gbBytes = encodeGb18030(new TextDecoder().decode(gb));
      expect((await upload(admin, 'enterprises', 'b.csv', gbBytes)).json()).toMatchObject({ created: 1 });
      const bom = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          csvOf([
            ['name', 'kind', 'creditCode', 'region', 'sellerChannel'],
            [c![0]!, c![1]!, c![2]!, c![3]!, c![8]!],
          ]),
        ),
      ]);
      const res = await upload(admin, 'enterprises', 'c.csv', bom);
      expect(res.json()).toMatchObject({ created: 1, ignoredColumns: [] });
    });

    it('a dry run reports what would happen and stores nothing', async () => {
      const tag = uniqueName('试导');
      const rows = goodRows(tag);
      const res = await upload(admin, 'enterprises', 'dry.csv', csvOf([HEADER, ...rows]), { dryRun: 'true' });
      expect(res.json()).toMatchObject({ dryRun: true, created: 3 });
      const stored = await ctx.database.db
        .select()
        .from(enterprisesTable)
        .where(
          inArray(
            enterprisesTable.creditCode,
            rows.map((r) => r[2]!),
          ),
        );
      expect(stored).toHaveLength(0);
    });

    it('a row outside the importer scope is a row error, not a crash', async () => {
      const tuke = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.tuke });
      const send = await login(ctx.app, tuke.username, tuke.password);
      const existing = await buildEnterprise(ctx.database.db);
      const tag = uniqueName('越权');
      const rows = [
        [`${tag}图克公司`, '瓶装液化气经营企业', fakeCreditCode(), '图克镇', '', '', '', '', ''],
        [`${tag}嘎鲁图公司`, '瓶装液化气经营企业', fakeCreditCode(), '嘎鲁图镇', '', '', '', '', ''],
        [existing.name, '瓶装液化气经营企业', existing.creditCode, '图克镇', '', '', '', '', ''],
      ];
      const res = await upload(send, 'enterprises', 'scope.csv', csvOf([HEADER, ...rows]), { mode: 'clean_only' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ total: 3, created: 1, errorCount: 2 });
      expect(res.json().errors.map((e: { line: number }) => e.line)).toEqual([3, 4]);
      // The reasons are shown as they are in the Chinese UI: Chinese, never a server's English message.
      for (const e of res.json().errors as { message: string }[]) {
        expect(e.message).toMatch(/[\u4e00-\u9fff]/);
        expect(e.message).not.toMatch(/[A-Za-z]{4,}/);
      }
      expect(res.json().errors.map((e: { key: string | null; code: string }) => `${e.key} ${e.code}`)).toEqual([
        'region import.outside_scope',
        'creditCode import.duplicate_record',
      ]);
      const [unchanged] = await ctx.database.db
        .select()
        .from(enterprisesTable)
        .where(eq(enterprisesTable.id, existing.id));
      expect(unchanged!.regionId).toBe(existing.regionId);
    });

    it('an enterprise manager may import (registry.import) but only its own enterprise', async () => {
      const own = await buildEnterprise(ctx.database.db);
      const u = await buildScopedUser(ctx.database.db, { enterpriseId: own.id });
      const send = await login(ctx.app, u.username, u.password);
      const res = await upload(
        send,
        'enterprises',
        'own.csv',
        csvOf([HEADER, [own.name, '瓶装液化气经营企业', own.creditCode, '嘎鲁图镇', '新地址', '', '', '', '']]),
      );
      expect(res.json()).toMatchObject({ updated: 1 });
    });

    it('refuses wrong files with clear codes: no file, legacy .xls, unknown type, missing columns, too large', async () => {
      const none = await admin({ method: 'POST', url: '/api/v1/registry/enterprises/import', payload: { file: 'x' } });
      expect(none.statusCode).toBe(400);
      expect(none.json().error.code).toBe('registry.import_no_file');
      const xls = await upload(
        admin,
        'enterprises',
        'old.xls',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      );
      expect(xls.statusCode).toBe(415);
      expect(xls.json().error.code).toBe('registry.import_unsupported_type');
      const pdf = await upload(admin, 'enterprises', 'scan.pdf', Buffer.from('%PDF-1.4'));
      expect(pdf.statusCode).toBe(415);
      const corrupt = await upload(admin, 'enterprises', 'broken.xlsx', Buffer.from('PK\x03\x04garbage'));
      expect(corrupt.statusCode).toBe(400);
      expect(corrupt.json().error.code).toBe('registry.import_unreadable');
      const missing = await upload(
        admin,
        'enterprises',
        'm.csv',
        csvOf([
          ['企业名称', '地址'],
          ['某公司', '某地'],
        ]),
      );
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error).toMatchObject({
        code: 'registry.import_missing_columns',
        details: { missing: ['企业类型', '统一社会信用代码', '所在区划'] },
      });
      const big = await upload(admin, 'enterprises', 'big.csv', Buffer.alloc(IMPORT_LIMITS.maxBytes + 10, 0x41));
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('registry.import_file_too_large');
    });

    it('refuses more rows than the limit with 413', async () => {
      const lines = [HEADER.join(',')];
      for (let i = 0; i <= IMPORT_LIMITS.maxRows; i++) lines.push(`公司${i},瓶装液化气经营企业,X,嘎鲁图镇`);
      const res = await upload(admin, 'enterprises', 'many.csv', lines.join('\n'));
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('registry.import_too_many_rows');
    });

    it('needs registry.import: a leader gets 403', async () => {
      const leader = await buildUser(ctx.database.db, 'leader', 'global');
      const send = await login(ctx.app, leader.username, leader.password);
      const res = await upload(send, 'enterprises', 'x.csv', csvOf([HEADER]));
      expect(res.statusCode).toBe(403);
    });
  });

  describe('export', () => {
    it('streams an .xlsx with Chinese headers, respecting filters and the caller scope, and re-imports unchanged', async () => {
      const db = ctx.database.db;
      const tag = uniqueName('导出');
      await buildEnterprise(db, { name: `${tag}嘎鲁图公司` });
      await buildEnterprise(db, { name: `${tag}图克公司`, regionCode: TOWNSHIPS.tuke, kind: 'filling_enterprise' });
      await buildEnterprise(db, { name: `${tag}图克管道公司`, regionCode: TOWNSHIPS.tuke, kind: 'pipeline_operator' });
      const res = await admin({ method: 'GET', url: '/api/v1/registry/enterprises/export', query: { q: tag } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const rows = sheetRows((await readXlsx(res.rawPayload)).worksheets[0]!);
      expect(rows[0]!.slice(0, 4)).toEqual(['企业名称', '企业类型', '统一社会信用代码', '所在区划']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(
        [`${tag}嘎鲁图公司`, `${tag}图克公司`, `${tag}图克管道公司`].sort(),
      );

      const filtered = await admin({
        method: 'GET',
        url: '/api/v1/registry/enterprises/export',
        query: { q: tag, kind: 'filling_enterprise' },
      });
      expect(
        sheetRows((await readXlsx(filtered.rawPayload)).worksheets[0]!)
          .slice(1)
          .map((r) => r[1]),
      ).toEqual(['气瓶充装企业']);

      const tuke = await buildUser(db, 'township_officer', { region: TOWNSHIPS.tuke });
      const tukeSend = await login(ctx.app, tuke.username, tuke.password);
      const scoped = await tukeSend({ method: 'GET', url: '/api/v1/registry/enterprises/export', query: { q: tag } });
      expect(
        sheetRows((await readXlsx(scoped.rawPayload)).worksheets[0]!)
          .slice(1)
          .map((r) => r[3]),
      ).toEqual(['图克镇', '图克镇']);

      const scjg = await buildUser(db, 'department_officer', { department: 'market_regulation' });
      const scjgSend = await login(ctx.app, scjg.username, scjg.password);
      const dept = await scjgSend({ method: 'GET', url: '/api/v1/registry/enterprises/export', query: { q: tag } });
      expect(
        sheetRows((await readXlsx(dept.rawPayload)).worksheets[0]!)
          .slice(1)
          .map((r) => r[0]),
      ).toEqual([`${tag}图克公司`]);

      // The export is a valid import: re-importing it changes nothing.
      const back = await upload(admin, 'enterprises', 'export.xlsx', res.rawPayload);
      expect(back.json()).toMatchObject({ total: 3, unchanged: 3, created: 0, updated: 0, errors: [] });
    });

    it('answers 400 in JSON for a bad filter, before any download starts', async () => {
      const res = await admin({
        method: 'GET',
        url: '/api/v1/registry/enterprises/export',
        query: { kind: 'spaceship' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
    });
  });
});

/** GB18030 bytes of a string, via Node's ICU (TextEncoder only writes UTF-8). */
function encodeGb18030(text: string): Buffer {
  // Build a reverse table for the characters used, by decoding every two-byte GBK code.
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  const wanted = new Set([...text].filter((ch) => ch.charCodeAt(0) > 0x7f));
  for (let hi = 0x81; hi <= 0xfe && table.size < wanted.size; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (wanted.has(ch) && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code <= 0x7f) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GB18030 two-byte code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
