import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, multipartFile } from '../../../test/registry-factories.ts';

type Send = Awaited<ReturnType<typeof login>>;

let ctx: TestContext;
let admin: Send;
let tuke: Send;
let operator: { id: string; creditCode: string; name: string };
let bottled: { id: string; creditCode: string; name: string };
let carrier: { id: string; creditCode: string; name: string };

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  operator = await buildEnterprise(db, { kind: 'pipeline_operator', name: uniqueName('导入管道燃气公司') });
  bottled = await buildEnterprise(db, { kind: 'bottled_operator', name: uniqueName('导入瓶装气公司') });
  carrier = await buildEnterprise(db, { kind: 'hazardous_carrier', name: uniqueName('导入危货运输公司') });
  const a = await buildUser(db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
  const t = await buildUser(db, 'township_officer', { region: TOWNSHIPS.tuke });
  tuke = await login(ctx.app, t.username, t.password);
});
afterAll(() => ctx.close());

function csvOf(rows: string[][]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n');
}

function upload(
  send: Send,
  kind: string,
  content: Buffer | string,
  query: Record<string, string> = {},
  filename = 'rows.csv',
) {
  const { payload, headers } = multipartFile(filename, content);
  return send({ method: 'POST', url: `/api/v1/registry/${kind}/import`, query, payload, headers });
}

async function sheet(body: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

async function exported(send: Send, kind: string, query: Record<string, string>) {
  const res = await send({ method: 'GET', url: `/api/v1/registry/${kind}/export`, query });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  return { rows: await sheet(res.rawPayload), raw: res.rawPayload };
}

const year = chinaToday().slice(0, 4);

describe('pipeline segments: template, import, export', () => {
  const HEADER = [
    '管段编号',
    '管段名称',
    '权属企业统一社会信用代码',
    '所在区划',
    '管材',
    '压力级制',
    '管径(mm)',
    '长度(m)',
    '建设年份',
    '是否被占压',
    '是否穿越密闭空间',
    '更新改造状态',
    '走向坐标',
  ];

  it('offers a template with Chinese headers', async () => {
    const res = await admin({ method: 'GET', url: '/api/v1/registry/pipeline-segments/template' });
    expect(res.statusCode).toBe(200);
    const rows = await sheet(res.rawPayload);
    expect(rows[0]!.map((h) => h.replace('*', ''))).toEqual(HEADER);
  });

  it('imports, re-imports without change, reports bad rows and exports the filtered list', async () => {
    const tag = uniqueName('IMP');
    const good = [
      [
        `${tag}-1`,
        '导入测试老旧钢管',
        operator.creditCode,
        '嘎鲁图镇',
        '钢管',
        '中压A',
        '159',
        '820.5',
        '1992',
        '是',
        '否',
        '计划改造',
        '108.8401,38.6012;108.8452,38.6031',
      ],
      [
        `${tag}-2`,
        '导入测试新建PE管',
        '',
        '150626410',
        'PE管',
        '低压',
        '110',
        '',
        String(Number(year) - 3),
        '否',
        '是',
        '',
        '',
      ],
    ];
    const first = await upload(admin, 'pipeline-segments', csvOf([HEADER, ...good]));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ total: 2, created: 2, updated: 0, unchanged: 0, errorCount: 0 });
    const again = await upload(admin, 'pipeline-segments', csvOf([HEADER, ...good]));
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    const list = await admin({ method: 'GET', url: `/api/v1/pipeline-segments?q=${tag}` });
    const one = list.json().items.find((i: { code: string }) => i.code === `${tag}-1`);
    expect(one).toMatchObject({
      encroached: true,
      renewalStatus: 'planned',
      lengthM: 820.5,
      ownerEnterprise: { id: operator.id },
    });
    expect(one.geometry).toEqual([
      [108.8401, 38.6012],
      [108.8452, 38.6031],
    ]);

    const bad = [
      [`${tag}-3`, '权属不对', bottled.creditCode, '嘎鲁图镇', '钢管', '中压A', '', '', '2000', '', '', '', ''],
      [`${tag}-4`, '未来年份', '', '嘎鲁图镇', '钢管', '中压A', '', '', String(Number(year) + 1), '', '', '', ''],
      [`${tag}-5`, '一个点', '', '嘎鲁图镇', '钢管', '中压A', '', '', '', '', '', '', '108.84,38.60'],
      [`${tag}-6`, '无此区划', '', '火星镇', '金管', '中压A', '', '', '', '', '', '', ''],
      [`${tag}-7`, '正常行', '', '嘎鲁图镇', '钢管', '低压', '', '', '', '', '', '', ''],
    ];
    const strict = await upload(admin, 'pipeline-segments', csvOf([HEADER, ...bad]));
    expect(strict.statusCode).toBe(422);
    const errors = strict.json().error.details.errors as { line: number; key: string; message: string }[];
    expect(errors.map((e) => [e.line, e.key])).toEqual([
      [2, 'owner'],
      [3, 'installedYear'],
      [4, 'geometry'],
      [5, 'region'],
      [5, 'material'],
    ]);
    expect((await admin({ method: 'GET', url: `/api/v1/pipeline-segments?q=${tag}-7` })).json().total).toBe(0);
    const clean = await upload(admin, 'pipeline-segments', csvOf([HEADER, ...bad]), { mode: 'clean_only' });
    expect(clean.json()).toMatchObject({ created: 1, errorCount: 5 });

    const { rows, raw } = await exported(admin, 'pipeline-segments', { q: tag, minAge: '30' });
    expect(rows[0]).toEqual(expect.arrayContaining(['管段编号', '管龄(年)', '权属企业']));
    expect(rows.slice(1).map((r) => r[0])).toEqual([`${tag}-1`]);
    expect(rows[1]).toEqual(
      expect.arrayContaining(['钢管', '是', '计划改造', operator.creditCode, String(Number(year) - 1992)]),
    );
    // The export is an import file: importing it back changes nothing.
    const back = await upload(admin, 'pipeline-segments', raw, {}, 'export.xlsx');
    expect(back.json()).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
  });

  it('refuses rows outside the importer’s township', async () => {
    const tag = uniqueName('SCOPE');
    const rows = [
      [`${tag}-1`, '图克管道', '', '图克镇', '钢管', '低压', '', '', '', '', '', '', ''],
      [`${tag}-2`, '越界管道', '', '嘎鲁图镇', '钢管', '低压', '', '', '', '', '', '', ''],
    ];
    const res = await upload(tuke, 'pipeline-segments', csvOf([HEADER, ...rows]), { mode: 'clean_only' });
    expect(res.json()).toMatchObject({ created: 1, errorCount: 1 });
    expect(res.json().errors[0]).toMatchObject({ line: 3, key: 'region' });
  });
});

describe('people: import and export', () => {
  const HEADER = [
    '姓名',
    '联系电话',
    '人员类别',
    '所属企业统一社会信用代码',
    '所属部门',
    '所在区划',
    '特种作业证书编号',
    '证书有效期至',
    '考核合格日期',
  ];

  it('imports inspectors and staff by name + phone, reports bad rows, exports with mayInspect', async () => {
    const n = uniqueName('');
    const rows = [
      [`巴图${n}`, '13904770001', '排查人员', '', '市场监管局', '', '', '', ''],
      [`乌云${n}`, '13904770002', '排查人员', '', '', '嘎鲁图镇', '', '', ''],
      [`额尔敦${n}`, '13904770003', '送气人员', bottled.creditCode, '', '', '', '', ''],
      [`那仁${n}`, '13904770004', '主要负责人', bottled.creditCode, '', '', '', '', '2023/6/1'],
      [`苏和${n}`, '13904770005', '特种设备作业人员', bottled.creditCode, '', '', 'TS-2023-88', '2027-06-30', ''],
    ];
    const first = await upload(admin, 'people', csvOf([HEADER, ...rows]));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: 5 });
    expect((await upload(admin, 'people', csvOf([HEADER, ...rows]))).json()).toMatchObject({
      unchanged: 5,
      created: 0,
      updated: 0,
    });

    const list = (await admin({ method: 'GET', url: `/api/v1/people?q=${n}&pageSize=50` })).json();
    const inspector = list.items.find((p: { name: string }) => p.name === `巴图${n}`);
    expect(inspector).toMatchObject({
      kind: 'inspector',
      department: { name: '旗市场监管局' },
      region: { name: '乌审旗' },
    });
    const principal = list.items.find((p: { name: string }) => p.name === `那仁${n}`);
    expect(principal).toMatchObject({ assessmentPassedOn: '2023-06-01', enterprise: { id: bottled.id } });

    const bad = [
      [`无证${n}`, '13904770006', '特种设备作业人员', bottled.creditCode, '', '', '', '', ''],
      [`无企业${n}`, '13904770007', '充装人员', '', '', '', '', '', ''],
      [`坏电话${n}`, 'abc', '排查人员', '', '', '嘎鲁图镇', '', '', ''],
      [`巴图${n}`, '13904770001', '排查人员', '', '市场监管局', '', '', '', ''],
      [`巴图${n}`, '13904770001', '排查人员', '', '市场监管局', '', '', '', ''],
    ];
    const strict = await upload(admin, 'people', csvOf([HEADER, ...bad]));
    expect(strict.statusCode).toBe(422);
    const errors = strict.json().error.details.errors as { line: number; key: string | null }[];
    expect(errors.map((e) => [e.line, e.key])).toEqual([
      [2, 'certificateNumber'],
      [2, 'certificateExpiresOn'],
      [3, 'enterprise'],
      [4, 'phone'],
      [6, null],
    ]);

    const ex = await exported(admin, 'people', { q: n, kind: 'inspector' });
    expect(ex.rows[0]).toEqual(expect.arrayContaining(['姓名', '可排查', '培训有效期至']));
    expect(
      ex.rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([`乌云${n}`, `巴图${n}`].sort());
    expect(ex.rows[1]).toEqual(expect.arrayContaining(['否']));
    expect((await upload(admin, 'people', ex.raw, {}, 'export.xlsx')).json()).toMatchObject({ unchanged: 2 });
  });
});

describe('vehicles: import and export', () => {
  const HEADER = [
    '车牌号',
    '车辆类型',
    '所属企业统一社会信用代码',
    '运输许可证号',
    '许可有效期至',
    '绑定送气人员姓名',
    '绑定送气人员电话',
  ];

  it('imports vehicles with their bound worker (人车对应), re-imports without change, exports', async () => {
    const workerName = uniqueName('送气工');
    const person = await admin({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: workerName, phone: '13604770001', kind: 'delivery_worker', enterpriseId: bottled.id },
    });
    expect(person.statusCode).toBe(201);
    const rows = [
      ['蒙K6A001', '配送车辆', bottled.creditCode, '', '', workerName, '13604770001'],
      ['蒙KD6A002', '危险货物运输车辆', carrier.creditCode, '蒙交危2023-1', '2026-12-31', '', ''],
    ];
    const first = await upload(admin, 'vehicles', csvOf([HEADER, ...rows]));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: 2 });
    expect((await upload(admin, 'vehicles', csvOf([HEADER, ...rows]))).json()).toMatchObject({ unchanged: 2 });
    const v = (await admin({ method: 'GET', url: '/api/v1/vehicles?q=6A001' })).json().items[0];
    expect(v).toMatchObject({ plate: '蒙K6A001', boundPerson: { name: workerName } });

    const bad = [
      ['AB12345', '配送车辆', bottled.creditCode, '', '', '', ''],
      ['蒙K6A003', '危险货物运输车辆', bottled.creditCode, '', '', '', ''],
      ['蒙K6A004', '配送车辆', carrier.creditCode, '', '', workerName, '13604770001'],
      ['蒙K6A005', '配送车辆', bottled.creditCode, '', '', workerName, ''],
    ];
    const strict = await upload(admin, 'vehicles', csvOf([HEADER, ...bad]));
    expect(strict.statusCode).toBe(422);
    expect((strict.json().error.details.errors as { line: number; key: string }[]).map((e) => [e.line, e.key])).toEqual(
      [
        [2, 'plate'],
        [3, 'permitNumber'],
        [4, 'workerName'],
        [5, 'workerPhone'],
      ],
    );

    const ex = await exported(admin, 'vehicles', { q: '6A00' });
    expect(ex.rows[0]).toEqual(expect.arrayContaining(['车牌号', '绑定送气人员姓名', '所在区划']));
    const row = ex.rows.find((r) => r[0] === '蒙K6A001')!;
    expect(row).toEqual(expect.arrayContaining([workerName, '13604770001', bottled.creditCode]));
    expect((await upload(admin, 'vehicles', ex.raw, {}, 'export.xlsx')).json()).toMatchObject({ unchanged: 2 });
  });
});
