import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countQueuedQueries } from '../../../test/query-count.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { PNG_BYTES } from '../../../test/ledger-factories.ts';
import { buildEnterprise, buildFacility, buildScopedUser, multipartFile } from '../../../test/registry-factories.ts';
import type { Db } from '../../db/client.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { pipelineSegmentsTable } from '../registry/registry.table.ts';
import { renewalProjectsTable } from './renewal.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const today = chinaToday();
const year = Number(today.slice(0, 4));
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

let ctx: TestContext;
let db: Db;
let operatorId: string;
let otherId: string;
let galutuId: string;
let facilityId: string;
const as: Record<'admin' | 'housing' | 'market' | 'operator' | 'other' | 'galutu' | 'tuke', Send> = {} as never;
const seg: Record<string, string> = {};

async function segment(key: string, owner: string, regionCode = '150626100', lengthM = 1000) {
  const [row] = await db
    .insert(pipelineSegmentsTable)
    .values({
      code: uniqueName('GD'),
      name: uniqueName(`管段${key}`),
      ownerEnterpriseId: owner,
      regionId: (await regionByCode(db, regionCode)).id,
      material: 'cast_iron',
      pressureClass: 'medium_b',
      lengthM,
      installedYear: year - 30,
    })
    .returning();
  seg[key] = row!.id;
}

const statusOf = async (key: string) =>
  (await db.select().from(pipelineSegmentsTable).where(eq(pipelineSegmentsTable.id, seg[key]!)))[0]!.renewalStatus;

function body(overrides: Record<string, unknown> = {}) {
  return {
    code: uniqueName('GZ'),
    name: '嘎鲁图镇老旧铸铁管改造',
    planYear: year,
    regionId: galutuId,
    operatorId,
    contractor: '鄂尔多斯市燃气工程有限公司',
    budgetYuan: 1_000_000,
    funds: [
      { source: 'enterprise', plannedYuan: 400_000, receivedYuan: 400_000 },
      { source: 'government', plannedYuan: 400_000, receivedYuan: 200_000 },
      { source: 'special_bonds', plannedYuan: 200_000, receivedYuan: 0 },
    ],
    milestones: [
      { milestone: 'design', plannedOn: daysAgo(60), doneOn: daysAgo(50) },
      { milestone: 'works', plannedOn: daysAgo(10), doneOn: null },
      { milestone: 'acceptance', plannedOn: null, doneOn: null },
      { milestone: 'gas_on', plannedOn: null, doneOn: null },
    ],
    ...overrides,
  };
}

beforeAll(async () => {
  ctx = await createTestApp({ logLevel: 'error' } as never);
  db = ctx.database.db;
  galutuId = (await regionByCode(db, '150626100')).id;
  const op = await buildEnterprise(db, { kind: 'pipeline_operator' });
  operatorId = op.id;
  otherId = (await buildEnterprise(db, { kind: 'pipeline_operator' })).id;
  facilityId = (await buildFacility(db, op, { kind: 'pressure_station' })).id;
  const person = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  as.admin = await person(await buildUser(db, 'office_admin', 'global'));
  as.housing = await person(await buildUser(db, 'department_officer', { department: 'housing' }));
  as.market = await person(await buildUser(db, 'department_officer', { department: 'market_regulation' }));
  as.operator = await person(await buildScopedUser(db, { enterpriseId: operatorId }));
  as.other = await person(await buildScopedUser(db, { enterpriseId: otherId }));
  as.galutu = await person(await buildUser(db, 'township_officer', { region: '150626100' }));
  as.tuke = await person(await buildUser(db, 'township_officer', { region: '150626102' }));
  for (const k of ['a', 'b', 'c', 'd', 'e', 'q']) await segment(k, operatorId);
  await segment('foreign', otherId);
  await segment('tuke', operatorId, '150626102');
});

afterAll(() => ctx.close());

const post = (who: Send, payload: object) => who({ method: 'POST', url: '/api/v1/renewal/projects', payload });
const count = async () => (await db.select().from(renewalProjectsTable)).length;

describe('renewal projects', () => {
  let projectId: string;

  it('the housing department records a project; its segments become planned/in progress in the same step', async () => {
    const res = await post(as.housing, body({ segmentIds: [seg.a, seg.b], facilityIds: [facilityId] }));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    projectId = p.id;
    expect(p).toMatchObject({
      lengthM: 2000,
      plannedYuan: 1_000_000,
      receivedYuan: 600_000,
      status: 'in_progress',
      overdueMilestones: ['works'],
      abilities: { edit: true, report: true },
    });
    expect(p.facilities).toEqual([expect.objectContaining({ id: facilityId })]);
    // Design done: the segments are being renewed.
    expect(await statusOf('a')).toBe('in_progress');
    const audit = await db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, projectId));
    expect(audit.map((a) => a.action)).toEqual(['renewal.project.create']);
  });

  it('refuses received funds above the budget without a reason (400, field), and writes nothing', async () => {
    const before = await count();
    const over = body({
      segmentIds: [seg.c],
      funds: [{ source: 'government', plannedYuan: 1_000_000, receivedYuan: 1_050_000 }],
    });
    const res = await post(as.housing, over);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'renewal.received_over_budget',
      details: { field: 'overBudgetReason', budgetYuan: 1_000_000, receivedYuan: 1_050_000 },
    });
    expect(await count()).toBe(before);
    expect(await statusOf('c')).toBe('not_needed');
    const ok = await post(as.housing, { ...over, overBudgetReason: '管材涨价，追加投资已经旗政府常务会议研究同意' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().receivedYuan).toBe(1_050_000);

    // A change that pushes received above the budget is refused the same way; with a reason it passes.
    const patch = (payload: object) =>
      as.housing({ method: 'PATCH', url: `/api/v1/renewal/projects/${projectId}`, payload });
    const bad = await patch({ funds: [{ source: 'enterprise', plannedYuan: 0, receivedYuan: 1_000_001 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('renewal.received_over_budget');
    const cut = await patch({ budgetYuan: 500_000 });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error.details.field).toBe('overBudgetReason');
  });

  it('refuses segments of another operator, outside the township, or already in a project', async () => {
    for (const [key, code] of [
      ['foreign', 'renewal.segment_not_eligible'],
      ['tuke', 'renewal.segment_not_eligible'],
      ['a', 'renewal.segment_in_other_project'],
    ] as const) {
      const res = await post(as.housing, body({ segmentIds: [seg[key]] }));
      expect(res.json().error, key).toMatchObject({ code, details: { field: 'segmentIds' } });
    }
    const order = await post(
      as.housing,
      body({ milestones: [{ milestone: 'works', plannedOn: null, doneOn: daysAgo(1) }] }),
    );
    expect(order.statusCode).toBe(400);
    expect(order.json().error).toMatchObject({
      code: 'renewal.milestone_out_of_order',
      details: { field: 'milestones' },
    });
  });

  it('only the office and the housing department record and edit', async () => {
    expect((await post(as.operator, body())).statusCode).toBe(403);
    expect((await post(as.galutu, body())).statusCode).toBe(403);
    const market = await post(as.market, body());
    expect(market.statusCode).toBe(403);
    expect(market.json().error.code).toBe('renewal.regulator_fields_only');
    const budget = await as.operator({
      method: 'PATCH',
      url: `/api/v1/renewal/projects/${projectId}`,
      payload: { budgetYuan: 2_000_000 },
    });
    expect(budget.statusCode).toBe(403);
    const admin = await post(as.admin, body({ segmentIds: [seg.d] }));
    expect(admin.statusCode, admin.body).toBe(201);
  });

  it('the operator reports progress with photos; it cannot approve acceptance', async () => {
    const upload = await as.operator({
      method: 'POST',
      url: '/api/v1/files',
      ...multipartFile('p.png', PNG_BYTES, 'image/png'),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const photo = upload.json().id as string;
    const url = `/api/v1/renewal/projects/${projectId}/progress`;
    const accept = await as.operator({
      method: 'POST',
      url,
      payload: {
        progressPercent: 90,
        milestones: [
          { milestone: 'works', doneOn: daysAgo(3) },
          { milestone: 'acceptance', doneOn: daysAgo(2) },
        ],
      },
    });
    expect(accept.statusCode).toBe(403);
    expect(accept.json().error).toMatchObject({
      code: 'renewal.regulator_fields_only',
      details: { field: 'milestones' },
    });
    expect((await as.other({ method: 'POST', url, payload: { progressPercent: 10 } })).statusCode).toBe(404);
    expect((await as.galutu({ method: 'POST', url, payload: { progressPercent: 10 } })).statusCode).toBe(403);

    const res = await as.operator({
      method: 'POST',
      url,
      payload: {
        progressPercent: 90,
        note: '主管道已敷设完毕，正在回填',
        photoFileIds: [photo],
        milestones: [{ milestone: 'works', doneOn: daysAgo(3) }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      progressPercent: 90,
      overdueMilestones: [],
      abilities: { edit: false, report: true },
    });
    expect(res.json().reports[0]).toMatchObject({ progressPercent: 90, photoFileIds: [photo] });
    // The township sees the project's photo through the project; another township does not.
    expect((await as.galutu({ method: 'GET', url: `/api/v1/files/${photo}` })).statusCode).toBe(200);
    expect((await as.tuke({ method: 'GET', url: `/api/v1/files/${photo}` })).statusCode).toBe(404);
    // A photo the operator cannot read is refused.
    const theirs = await as.tuke({
      method: 'POST',
      url: '/api/v1/files',
      ...multipartFile('q.png', PNG_BYTES, 'image/png'),
    });
    const stolen = await as.operator({
      method: 'POST',
      url,
      payload: { progressPercent: 91, photoFileIds: [theirs.json().id] },
    });
    expect(stolen.json().error).toMatchObject({ code: 'renewal.photo_not_found', details: { field: 'photoFileIds' } });
  });

  it('acceptance by the housing department, gas-on by the operator: the segments are renewed', async () => {
    const acc = await as.housing({
      method: 'PATCH',
      url: `/api/v1/renewal/projects/${projectId}`,
      payload: { milestones: [{ milestone: 'acceptance', plannedOn: null, doneOn: daysAgo(1) }] },
    });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(acc.json().status).toBe('accepted');
    const gas = await as.operator({
      method: 'POST',
      url: `/api/v1/renewal/projects/${projectId}/progress`,
      payload: { progressPercent: 100, milestones: [{ milestone: 'gas_on', doneOn: today }] },
    });
    expect(gas.statusCode, gas.body).toBe(201);
    expect(gas.json().status).toBe('done');
    expect(await statusOf('a')).toBe('done');
    expect(await statusOf('b')).toBe('done');
    // A segment leaving a project gets back its status from before.
    const leave = await as.housing({
      method: 'PATCH',
      url: `/api/v1/renewal/projects/${projectId}`,
      payload: { segmentIds: [seg.a] },
    });
    expect(leave.json().lengthM).toBe(1000);
    expect(await statusOf('b')).toBe('not_needed');
    const audit = await db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, projectId));
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['renewal.project.progress', 'renewal.project.update']),
    );
  });

  it('townships and operators see their own projects only', async () => {
    const list = async (who: Send) =>
      (await who({ method: 'GET', url: '/api/v1/renewal/projects?pageSize=200' }))
        .json()
        .items.map((x: { id: string }) => x.id);
    expect(await list(as.galutu)).toContain(projectId);
    expect(await list(as.tuke)).not.toContain(projectId);
    expect(await list(as.other)).toEqual([]);
    expect((await as.tuke({ method: 'GET', url: `/api/v1/renewal/projects/${projectId}` })).statusCode).toBe(404);
    const g = await as.galutu({ method: 'GET', url: `/api/v1/renewal/projects/${projectId}` });
    expect(g.json().abilities).toEqual({ edit: false, report: false });
    const behind = (await as.admin({ method: 'GET', url: '/api/v1/renewal/projects?behindSchedule=true' })).json();
    expect(behind.items.map((x: { id: string }) => x.id)).not.toContain(projectId);
  });

  it('the office sets the yearly target; the figures count km renewed against it and funds by source', async () => {
    const set = (who: Send, targetKm: number) =>
      who({ method: 'PUT', url: `/api/v1/renewal/targets/${year}`, payload: { targetKm } });
    const housing = await set(as.housing, 5);
    expect(housing.statusCode).toBe(403);
    expect(housing.json().error.code).toBe('renewal.target_office_only');
    expect((await set(as.admin, 5)).statusCode).toBe(200);
    const f = (await as.admin({ method: 'GET', url: '/api/v1/renewal/figures' })).json();
    expect(f.years.find((y: { year: number }) => y.year === year)).toEqual({
      year,
      targetKm: 5,
      plannedKm: 3,
      doneKm: 1,
    });
    expect(f.bySource.find((s: { source: string }) => s.source === 'government')).toEqual({
      source: 'government',
      plannedYuan: 1_800_000,
      receivedYuan: 1_450_000,
    });
    expect(f.byOperator).toEqual([expect.objectContaining({ id: operatorId, projects: 3, lengthKm: 3, doneKm: 1 })]);
    expect(f.canSetTargets).toBe(true);
    const t = (await as.tuke({ method: 'GET', url: '/api/v1/renewal/figures' })).json();
    expect(t.totals.projects).toBe(0);

    const x = await as.admin({ method: 'GET', url: '/api/v1/renewal/figures/export' });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as never);
    const years = wb.getWorksheet('年度完成情况')!;
    expect(years.getRow(2).values).toEqual([undefined, year, 5, 3, 1, '20%']);
    expect(wb.getWorksheet('按运营单位')!.getRow(2).getCell(2).value).toBe(3);
  });

  it('exports the project list with funds by source', async () => {
    const res = await as.galutu({ method: 'GET', url: `/api/v1/renewal/projects/export?operatorId=${operatorId}` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.getWorksheet('管网改造项目')!;
    expect(ws.rowCount).toBe(4);
    const head = (ws.getRow(1).values as string[]).slice(1);
    expect(head).toContain('专项债券计划（元）');
    const bad = await as.galutu({ method: 'GET', url: '/api/v1/renewal/projects/export?planYear=x' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('renewal projects on PostgreSQL', () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    'reads a project inside its transaction one query at a time (none queued on the busy connection)',
    async () => {
      const queued = await countQueuedQueries(async () => {
        const res = await post(as.housing, body({ segmentIds: [seg.q!], facilityIds: [facilityId] }));
        expect(res.statusCode, res.body).toBe(201);
      });
      expect(queued).toBe(0);
    },
  );
});
