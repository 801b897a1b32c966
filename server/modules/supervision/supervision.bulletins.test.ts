import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, departmentByCode, regionByCode } from '../../../test/factories.ts';
import { buildHazard, buildSignedInspection } from '../../../test/hazard-factories.ts';
import { buildVenue } from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { createJobRunner } from '../../platform/jobs/index.ts';
import { registerSupervisionJobs } from './index.ts';
import { weeklyBulletinJobName } from './supervision.bulletins.ts';
import { bulletinsTable } from './supervision.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const FIGURES = [
  'registered',
  'inspected',
  'coverageRate',
  'found',
  'closed',
  'open',
  'overdue',
  'majorOpen',
  'closureRate',
] as const;

describe('调度通报: POST/GET /api/v1/bulletins, pdf, xlsx, the weekly job', () => {
  let ctx: TestContext;
  let admin: Send;
  let leader: Send;
  let galutu: Send;
  let venueUser: Send;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    leader = await login(ctx.app, (await buildUser(db, 'leader', 'global')).username, TEST_PASSWORD);
    galutu = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    const g = await regionByCode(db, '150626100');
    const t = await regionByCode(db, '150626102');
    const market = await departmentByCode(db, 'market_regulation');
    const vs = [];
    for (const [r, n] of [
      [g, 3],
      [t, 2],
    ] as const)
      for (let i = 0; i < n; i++) vs.push({ v: await buildVenue(db, { regionId: r.id }), r });
    // 嘎鲁图: two of three inspected, 3 hazards (1 closed, 1 overdue major); 图克: one of two, 1 hazard closed.
    for (const { v, r } of [vs[0]!, vs[1]!, vs[3]!])
      await buildSignedInspection(db, {
        object: { type: 'venue', id: v.id, regionId: r.id, kind: 'restaurant', name: v.name },
        day: '2024-03-01',
      });
    await buildHazard(db, {
      objectId: vs[0]!.v.id,
      regionId: g.id,
      foundOn: '2024-03-01',
      deadline: '2024-03-10',
      departmentId: market.id,
      closedAt: new Date('2024-03-05T02:00:00Z'),
    });
    await buildHazard(db, {
      objectId: vs[0]!.v.id,
      regionId: g.id,
      foundOn: '2024-03-02',
      deadline: '2024-03-20',
      severity: 'major',
      departmentId: market.id,
    });
    const first = await buildHazard(db, {
      objectId: vs[1]!.v.id,
      regionId: g.id,
      foundOn: '2024-03-02',
      deadline: '2024-06-30',
    });
    await buildHazard(db, {
      objectId: vs[3]!.v.id,
      regionId: t.id,
      foundOn: '2024-03-03',
      deadline: '2024-03-18',
      closedAt: new Date('2024-03-08T02:00:00Z'),
    });
    // A rebound in 嘎鲁图 (found after an earlier one of the same object).
    await buildHazard(db, {
      objectId: vs[1]!.v.id,
      regionId: g.id,
      foundOn: '2024-03-20',
      deadline: '2024-04-20',
      reboundOfHazardId: first.id,
    });
    // A found-later hazard that a bulletin as of 2024-03-15 must not count.
    await buildHazard(db, { objectId: vs[4]!.v.id, regionId: t.id, foundOn: '2024-05-01', deadline: '2024-05-20' });
    const v = await buildVenue(db, { regionId: g.id });
    const { buildScopedUser } = await import('../../../test/registry-factories.ts');
    venueUser = await login(ctx.app, (await buildScopedUser(db, { venueId: v.id })).username, TEST_PASSWORD);
  });
  afterAll(() => ctx.close());

  it('401 without a session, 403 without the permission, 400 with the field', async () => {
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/bulletins', payload: {} })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/bulletins' })).statusCode).toBe(401);
    expect((await leader({ method: 'POST', url: '/api/v1/bulletins', payload: {} })).statusCode).toBe(403);
    expect((await galutu({ method: 'POST', url: '/api/v1/bulletins', payload: {} })).statusCode).toBe(403);
    expect((await venueUser({ method: 'GET', url: '/api/v1/bulletins' })).statusCode).toBe(403);
    const bad = await admin({ method: 'POST', url: '/api/v1/bulletins', payload: { asOf: '2024-13-01' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    const future = await admin({ method: 'POST', url: '/api/v1/bulletins', payload: { asOf: '2199-01-01' } });
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({ code: 'supervision.as_of_future', details: { field: 'asOf' } });
    const extra = await admin({ method: 'POST', url: '/api/v1/bulletins', payload: { asOf: '2024-03-15', x: 1 } });
    expect(extra.statusCode).toBe(400);
    expect((await admin({ method: 'GET', url: `/api/v1/bulletins/${crypto.randomUUID()}` })).statusCode).toBe(404);
    expect((await admin({ method: 'GET', url: `/api/v1/bulletins/${crypto.randomUUID()}/pdf` })).statusCode).toBe(404);
    expect((await admin({ method: 'GET', url: '/api/v1/bulletins/nope' })).statusCode).toBe(400);
  });

  it('the figures equal GET /api/v1/progress for the same moment, per township and per department', async () => {
    for (const asOf of ['2024-03-15', '2024-06-01']) {
      const res = await admin({ method: 'POST', url: '/api/v1/bulletins', payload: { asOf } });
      expect(res.statusCode).toBe(201);
      const b = res.json();
      expect(b.asOf).toBe(asOf);
      const byRegion = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${asOf}` })).json();
      const byDept = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=department&asOf=${asOf}` })).json();
      for (const g of byRegion.groups) {
        const row = b.rows.find((r: { regionName: string }) => r.regionName === g.label);
        expect(row, g.label).toBeDefined();
        for (const f of FIGURES) expect(row[f], `${g.label} ${f}`).toEqual(g[f]);
      }
      for (const f of FIGURES) expect(b.total[f]).toEqual(byRegion.total[f]);
      const memberRows = b.departmentRows as { departmentId: string }[];
      expect(memberRows.length).toBeGreaterThan(0);
      for (const row of memberRows) {
        const g = byDept.groups.find((x: { key: string }) => x.key === row.departmentId);
        for (const f of FIGURES) expect((row as Record<string, unknown>)[f]).toEqual(g[f]);
      }
      // Every township is ranked, 1..n without gaps.
      expect(b.rows.map((r: { rank: number }) => r.rank)).toEqual(b.rows.map((_: unknown, i: number) => i + 1));
      expect(b.rows.length).toBeGreaterThanOrEqual(7);
    }
  });

  it('ranks, compares with the last bulletin, counts rebounds and names the best and the slowest', async () => {
    const list = (await leader({ method: 'GET', url: '/api/v1/bulletins' })).json();
    expect(list.total).toBe(2);
    const [latest, earlier] = list.items;
    const b = (await galutu({ method: 'GET', url: `/api/v1/bulletins/${latest.id}` })).json();
    expect(b.previousId).toBe(earlier.id);
    const g = b.rows.find((r: { regionName: string }) => r.regionName === '嘎鲁图镇');
    const t = b.rows.find((r: { regionName: string }) => r.regionName === '图克镇');
    expect(g).toMatchObject({ registered: 4, inspected: 2, found: 4, closed: 1, overdue: 2, majorOpen: 1 });
    expect(g.extra.rebounds).toBe(1);
    expect(t).toMatchObject({ registered: 2, inspected: 1, found: 2, closed: 1 });
    // Since 2024-03-15 嘎鲁图 found one more (the rebound).
    expect(g.change).toMatchObject({ found: 1 });
    expect(t.rank).toBeLessThan(g.rank);
    const best = b.rows[0];
    const worst = b.rows[b.rows.length - 1];
    expect(b.commentary).toContain(`综合排名第一的是${best.regionName}`);
    expect(b.commentary).toContain(`排名末位的是${worst.regionName}`);
    expect(b.commentary).toContain('嘎鲁图镇仍有重大隐患未整改');
    const audit = await ctx.database.db
      .select()
      .from(auditEventsTable)
      .where(eq(auditEventsTable.action, 'bulletin.issue'));
    expect(audit).toHaveLength(2);
  });

  it('downloads as a PDF in Chinese and as .xlsx with the same figures', async () => {
    const list = (await admin({ method: 'GET', url: '/api/v1/bulletins' })).json();
    const id = list.items[0].id;
    const b = (await admin({ method: 'GET', url: `/api/v1/bulletins/${id}` })).json();
    const pdf = await admin({ method: 'GET', url: `/api/v1/bulletins/${id}/pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-'));
    fs.writeFileSync(path.join(dir, 'b.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', [path.join(dir, 'b.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('调度通报');
    expect(text).toContain(`第${b.issue}期`);
    expect(text).toContain('嘎鲁图镇');
    expect(text).toContain(`累计发现燃气安全隐患${b.total.found}条`);
    expect(text).toContain('领导小组办公室');
    const xlsx = await admin({ method: 'GET', url: `/api/v1/bulletins/${id}/xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('乡镇排名')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    for (const row of b.rows) {
      const line = ws.getRow(row.rank + 1).values as unknown[];
      expect(line[2]).toBe(row.regionName);
      expect(line[1 + headers.indexOf('发现隐患')]).toBe(row.found);
      expect(line[1 + headers.indexOf('逾期未整改')]).toBe(row.overdue);
      expect(line[1 + headers.indexOf('反弹隐患')]).toBe(row.extra.rebounds);
    }
    expect(wb.getWorksheet('部门排名')!.rowCount).toBe(b.departmentRows.length + 1);
  });

  it('a scheduled bulletin appears without anyone asking, once per weekly slot', async () => {
    const db = ctx.database.db;
    // Monday 2024-06-03 08:00 China time = 00:00 UTC.
    let now = new Date('2024-06-03T00:30:00Z');
    const jobs = createJobRunner({ db, now: () => now, pollMs: 60_000, log: () => {} });
    registerSupervisionJobs(jobs);
    await jobs.tick();
    const rows = await db.select().from(bulletinsTable).where(eq(bulletinsTable.kind, 'scheduled'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.asOf).toBe('2024-06-02');
    expect(rows[0]!.slot?.toISOString()).toBe('2024-06-03T00:00:00.000Z');
    now = new Date('2024-06-05T00:00:00Z');
    await jobs.tick();
    expect(await db.select().from(bulletinsTable).where(eq(bulletinsTable.kind, 'scheduled'))).toHaveLength(1);
    const runs = await db.execute(`select status from job_runs where job = '${weeklyBulletinJobName}'`);
    expect((runs as unknown as { rows: { status: string }[] }).rows.map((r) => r.status)).toContain('succeeded');
  });
});
