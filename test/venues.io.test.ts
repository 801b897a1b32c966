import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, uniqueName } from './factories.ts';
import { buildEnterprise, multipartFile } from './registry-factories.ts';

type Send = Awaited<ReturnType<typeof login>>;

let ctx: TestContext;
let admin: Send;
let tuke: Send;
let bottled: { id: string; creditCode: string; name: string };
let seller: { creditCode: string };

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  bottled = await buildEnterprise(db, { kind: 'bottled_operator', name: uniqueName('导入瓶装气公司') });
  seller = await buildEnterprise(db, { kind: 'appliance_seller' });
  const a = await buildUser(db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
  const t = await buildUser(db, 'township_officer', { region: TOWNSHIPS.tuke });
  tuke = await login(ctx.app, t.username, t.password);
});
afterAll(() => ctx.close());

const csvOf = (rows: string[][]) =>
  rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');

function upload(send: Send, content: Buffer | string, query: Record<string, string> = {}, filename = 'venues.csv') {
  const { payload, headers } = multipartFile(filename, content);
  return send({ method: 'POST', url: '/api/v1/registry/venues/import', query, payload, headers });
}

async function sheet(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
  );
  return rows;
}

const HEADER = [
  '场所名称',
  '场所类别',
  '所在区划',
  '详细地址',
  '经度',
  '纬度',
  '所在楼层',
  '用气类型',
  '供气企业统一社会信用代码',
  '供用气合同编号',
  '合同起始日期',
  '合同截止日期',
  '存放气瓶总重量(kg)',
  '是否设置专用气瓶间',
  '是否安装可燃气体探测器',
  '探测器安装日期',
  '是否安装紧急切断阀',
  '切断阀安装日期',
  '联系人',
  '联系电话',
  '是否高层民用建筑',
  '连接软管类型',
];

describe('venues: template, import, export', () => {
  it('offers a template with Chinese headers', async () => {
    const res = await admin({ method: 'GET', url: '/api/v1/registry/venues/template' });
    expect(res.statusCode).toBe(200);
    const rows = await sheet(res.rawPayload);
    expect(rows[0]!.map((h) => h.replace('*', ''))).toEqual(HEADER);
  });

  it('imports (region by name or code, supplier by credit code, 是/否, gas sources with 、), re-imports without change, exports', async () => {
    const tag = uniqueName('');
    const good = [
      [
        `蒙源羊肉馆${tag}`,
        '餐饮单位',
        '嘎鲁图镇',
        `萨如拉街${tag}号`,
        '108.84',
        '38.6',
        '地下',
        '管道燃气、瓶装液化气',
        bottled.creditCode,
        'HT-1',
        '2023-01-01',
        '2026/12/31',
        '150',
        '否',
        '是',
        '2023年5月1日',
        '否',
        '',
        '周老板',
        '13800000000',
        '是',
        '金属软管（波纹管）',
      ],
      [
        `第二小学${tag}`,
        'school',
        '150626102',
        `图克大街${tag}号`,
        '',
        '',
        '',
        '瓶装液化气,工业燃料',
        bottled.creditCode,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ];
    const first = await upload(admin, csvOf([HEADER, ...good]));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ total: 2, created: 2, errorCount: 0 });
    expect((await upload(admin, csvOf([HEADER, ...good]))).json()).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
    });

    const found = (await admin({ method: 'GET', url: `/api/v1/venues?q=${encodeURIComponent(`羊肉馆${tag}`)}` })).json()
      .items[0];
    expect(found).toMatchObject({
      floor: 'basement',
      // The building's height and the hose type are their own register facts (issue 10).
      highRiseBuilding: true,
      hoseType: 'metal',
      gasSources: ['piped', 'bottled_lpg'],
      supplierEnterpriseId: bottled.id,
      contractTo: '2026-12-31',
      storedLpgKg: 150,
      detectorInstalled: true,
      detectorInstalledOn: '2023-05-01',
      shutoffValveInstalled: false,
    });
    expect(found.riskFlags.map((f: { code: string }) => f.code)).toEqual([
      'lpg_in_basement',
      'lpg_in_high_rise',
      'cylinder_room_missing',
      'two_gas_sources',
      'no_shutoff_valve',
    ]);

    // A changed cell updates.
    const changed = good.map((r) => [...r]);
    changed[0]![13] = '是';
    expect((await upload(admin, csvOf([HEADER, ...changed]))).json()).toMatchObject({ updated: 1, unchanged: 1 });

    const res = await admin({
      method: 'GET',
      url: '/api/v1/registry/venues/export',
      query: { q: tag, category: 'restaurant' },
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const rows = await sheet(res.rawPayload);
    expect(rows[0]).toEqual(expect.arrayContaining(['场所名称', '供气企业', '风险提示', '供气状态']));
    expect(rows.slice(1).map((r) => r[0])).toEqual([`蒙源羊肉馆${tag}`]);
    expect(rows[1]).toEqual(
      expect.arrayContaining(['餐饮单位', '地下', '管道燃气、瓶装液化气', bottled.creditCode, '是', '正常供气']),
    );
    expect(rows[1]!.join('|')).toContain('地下/半地下使用瓶装液化气（三(四)2）');
    // The export is an import file: importing it back changes nothing.
    const back = await upload(admin, res.rawPayload, {}, 'export.xlsx');
    expect(back.json()).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
  });

  it('reports every bad row with its line and column and stores none of them', async () => {
    const tag = uniqueName('');
    const bad = [
      [`坏行一${tag}`, '酒吧', '嘎鲁图镇', `a${tag}`, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
      [
        `坏行二${tag}`,
        '餐饮单位',
        '火星镇',
        `b${tag}`,
        '',
        '',
        '',
        '煤炭',
        seller.creditCode,
        '',
        '',
        '',
        '-5',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
      [
        `坏行三${tag}`,
        '餐饮单位',
        '嘎鲁图镇',
        `c${tag}`,
        '',
        '',
        '',
        '',
        '',
        '',
        '2024-01-01',
        '2023-01-01',
        '',
        '',
        '否',
        '2023-01-01',
        '',
        '',
        '',
        '',
      ],
      [`好行${tag}`, '餐饮单位', '嘎鲁图镇', `d${tag}`, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
      [`好行${tag}`, '餐饮单位', '嘎鲁图镇', `d${tag}`, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''],
    ];
    const strict = await upload(admin, csvOf([HEADER, ...bad]));
    expect(strict.statusCode).toBe(422);
    const errors = strict.json().error.details.errors as { line: number; key: string | null }[];
    expect(errors.map((e) => [e.line, e.key])).toEqual(
      expect.arrayContaining([
        [2, 'category'],
        [3, 'region'],
        [3, 'gasSources'],
        [3, 'supplier'],
        [3, 'storedLpgKg'],
        [4, 'contractTo'],
        [4, 'detectorInstalledOn'],
      ]),
    );
    expect(errors.some((e) => e.line === 6)).toBe(true); // the duplicate of line 5 in the same file
    expect((await admin({ method: 'GET', url: `/api/v1/venues?q=${encodeURIComponent(tag)}` })).json().total).toBe(0);
  });

  it('refuses rows outside the importer’s township', async () => {
    const tag = uniqueName('');
    const rows = [
      [
        `图克饭店${tag}`,
        '餐饮单位',
        '图克镇',
        `图克大街${tag}`,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
      [
        `越界饭店${tag}`,
        '餐饮单位',
        '嘎鲁图镇',
        `萨如拉街${tag}`,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ];
    const res = await upload(tuke, csvOf([HEADER, ...rows]), { mode: 'clean_only' });
    expect(res.json()).toMatchObject({ created: 1, errorCount: 1 });
    expect(res.json().errors[0]).toMatchObject({ line: 3, key: 'region' });
  });
});
