import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, departmentByCode, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';
import { cylinderAnomaliesTable, cylindersTable } from '../cylinders/cylinders.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
const today = chinaToday();

/**
 * Issue 14, the rest: black sites, cases from a seizure or a cylinder anomaly, the cases list's filters and
 * .xlsx export, the blacklist flag in the register.
 */
describe('enforcement: black sites, cylinder sources, filters, export, blacklist flag', () => {
  let ctx: TestContext;
  let market: Send;
  let housing: Send;
  let police: Send;
  let otherTownship: Send;
  let office: Send;
  let enterpriseUser: Send;
  let enterprise: { id: string; regionId: string };
  let housingId: string;

  const fileTip = async (category: string, description: string) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: { category, description, address: '嘎鲁图镇某小区车库' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const code = res.json().trackingCode;
    return (await office({ method: 'GET', url: '/api/v1/tips?pageSize=200' }))
      .json()
      .items.find((t: { trackingCode: string }) => t.trackingCode === code).id as string;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    enterprise = await buildEnterprise(db, { kind: 'filling_enterprise', name: uniqueName('乌审旗某充装公司') });
    const user = async (role: 'department_officer', department: string) =>
      login(ctx.app, (await buildUser(db, role, { department })).username, TEST_PASSWORD);
    market = await user('department_officer', 'market_regulation');
    housing = await user('department_officer', 'housing');
    police = await user('department_officer', 'public_security');
    otherTownship = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626102' })).username,
      TEST_PASSWORD,
    );
    office = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    const scoped = await buildScopedUser(db, { enterpriseId: enterprise.id });
    enterpriseUser = await login(ctx.app, scoped.username, TEST_PASSWORD);
    housingId = (await departmentByCode(db, 'housing')).id;
  });
  afterAll(() => ctx.close());

  it('a black site from a black_cylinder tip: refused from another category, struck jointly, closed, a case opened from it', async () => {
    const tipId = await fileTip('black_cylinder', '某小区车库有人私自倒灌液化气');
    const otherTip = await fileTip('gas_smell', '楼道有燃气味');
    const body = { origin: 'tip', tipId };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/black-sites', payload: body })).statusCode).toBe(401);
    expect((await enterpriseUser({ method: 'POST', url: '/api/v1/black-sites', payload: body })).statusCode).toBe(403);
    const wrong = await office({
      method: 'POST',
      url: '/api/v1/black-sites',
      payload: { origin: 'tip', tipId: otherTip },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({
      code: 'enforcement.black_site_tip_invalid',
      details: { field: 'tipId' },
    });
    const noPlace = await police({ method: 'POST', url: '/api/v1/black-sites', payload: { origin: 'found' } });
    expect(noPlace.json().error).toMatchObject({ code: 'enforcement.subject_required', details: { field: 'address' } });

    const opened = await police({ method: 'POST', url: '/api/v1/black-sites', payload: body });
    expect(opened.statusCode, opened.body).toBe(201);
    const site = opened.json();
    expect(site).toMatchObject({
      origin: 'tip',
      status: 'reported',
      address: '嘎鲁图镇某小区车库',
      description: '某小区车库有人私自倒灌液化气',
      departments: [{ name: '公安局' }],
    });
    expect(site.tipTrackingCode).toBeTruthy();
    // The same tip makes one site.
    expect((await police({ method: 'POST', url: '/api/v1/black-sites', payload: body })).statusCode).toBe(409);
    // Housing and market regulation are not yet striking it: they do not see it; another township does not either.
    expect((await market({ method: 'GET', url: `/api/v1/black-sites/${site.id}` })).statusCode).toBe(404);
    expect((await housing({ method: 'GET', url: `/api/v1/black-sites/${site.id}` })).statusCode).toBe(404);
    expect((await otherTownship({ method: 'GET', url: `/api/v1/black-sites/${site.id}` })).statusCode).toBe(404);

    const future = await police({
      method: 'POST',
      url: `/api/v1/black-sites/${site.id}/strike`,
      payload: { struckOn: addDays(today, 2), departmentIds: [housingId], note: '联合查处' },
    });
    expect(future.json().error).toMatchObject({ code: 'enforcement.date_invalid', details: { field: 'struckOn' } });
    const struck = await police({
      method: 'POST',
      url: `/api/v1/black-sites/${site.id}/strike`,
      payload: {
        struckOn: today,
        departmentIds: [housingId],
        note: '联合住建、公安查处，现场查扣气瓶',
        seizedCylinders: 23,
      },
    });
    expect(struck.statusCode, struck.body).toBe(200);
    expect(struck.json()).toMatchObject({ status: 'struck', struckOn: today, seizedCylinders: 23 });
    expect(struck.json().departments.map((d: { name: string }) => d.name)).toEqual(['公安局', '住建局']);
    expect((await housing({ method: 'GET', url: `/api/v1/black-sites/${site.id}` })).statusCode).toBe(200);
    const list = (await housing({ method: 'GET', url: '/api/v1/black-sites?status=struck' })).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(site.id);

    const fromSite = await police({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        subjectType: 'person',
        subjectName: '张某',
        source: 'black_site',
        sourceRef: site.id,
        facts: '张某在车库内私自倒灌液化气。',
        legalBasis: ['gas_reg_licence', 'criminal_law'],
      },
    });
    expect(fromSite.statusCode, fromSite.body).toBe(201);
    expect(fromSite.json()).toMatchObject({ source: 'black_site', regionId: site.regionId });
    expect((await police({ method: 'GET', url: `/api/v1/black-sites/${site.id}` })).json().caseId).toBe(
      fromSite.json().id,
    );

    const closed = await housing({
      method: 'POST',
      url: `/api/v1/black-sites/${site.id}/close`,
      payload: { outcome: 'transferred_police', note: '已移送公安机关' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'transferred_police', closedOn: today });
    expect(
      (
        await housing({
          method: 'POST',
          url: `/api/v1/black-sites/${site.id}/close`,
          payload: { outcome: 'banned', note: 'x' },
        })
      ).statusCode,
    ).toBe(409);
    expect((await market({ method: 'GET', url: `/api/v1/black-sites/${randomUUID()}` })).statusCode).toBe(404);
  });

  it('a case is opened from a seizure the caller made or reads, not from an unknown anomaly', async () => {
    const seizureId = randomUUID();
    const seized = await market({
      method: 'POST',
      url: '/api/v1/cylinder-seizures',
      payload: {
        eventId: seizureId,
        grounds: ['no_code'],
        occurredAt: new Date().toISOString(),
        address: '乌审旗某饭店后院',
        regionId: enterprise.regionId,
      },
    });
    expect(seized.statusCode, seized.body).toBe(201);
    const body = {
      subjectType: 'person',
      subjectName: '李某',
      source: 'seizure',
      sourceRef: seizureId,
      facts: '李某使用无码气瓶经营。',
      legalBasis: ['special_eq_cylinder'],
    };
    const opened = await market({ method: 'POST', url: '/api/v1/cases', payload: body });
    expect(opened.statusCode, opened.body).toBe(201);
    // The place comes from the seizure.
    expect(opened.json()).toMatchObject({ source: 'seizure', sourceRef: seizureId, regionId: enterprise.regionId });
    const unknown = await market({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { ...body, sourceRef: randomUUID() },
    });
    expect(unknown.json().error).toMatchObject({
      code: 'enforcement.source_not_found',
      details: { field: 'sourceRef' },
    });
    const anomaly = await market({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { ...body, source: 'cylinder_anomaly', sourceRef: randomUUID() },
    });
    expect(anomaly.json().error).toMatchObject({
      code: 'enforcement.source_not_found',
      details: { field: 'sourceRef' },
    });
  });

  it('a case is opened from a cylinder anomaly the caller reads; outside its scope the anomaly is not found', async () => {
    const db = ctx.database.db;
    const code = uniqueName('AN').toUpperCase();
    const [cylinder] = await db
      .insert(cylindersTable)
      .values({
        code,
        ownerEnterpriseId: enterprise.id,
        regionId: enterprise.regionId,
        model: 'YSP35.5',
        manufacturer: '测试气瓶厂',
        serialNumber: uniqueName('SN'),
        manufacturedOn: addDays(today, -700),
      })
      .returning();
    const [anomaly] = await db
      .insert(cylinderAnomaliesTable)
      .values({
        kind: 'not_seen',
        cylinderId: cylinder!.id,
        code,
        dedupeKey: `not_seen:${today}`,
        regionId: enterprise.regionId,
        ownerEnterpriseId: enterprise.id,
      })
      .returning();
    const body = {
      subjectType: 'enterprise',
      subjectId: enterprise.id,
      source: 'cylinder_anomaly',
      sourceRef: anomaly!.id,
      facts: `气瓶 ${code} 长期未见流转，企业未说明去向。`,
      legalBasis: ['special_eq_cylinder'],
    };
    const outside = await otherTownship({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { ...body, departmentId: housingId },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error).toMatchObject({
      code: 'enforcement.source_not_found',
      details: { field: 'sourceRef' },
    });
    const opened = await market({ method: 'POST', url: '/api/v1/cases', payload: body });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toMatchObject({
      source: 'cylinder_anomaly',
      sourceRef: anomaly!.id,
      regionId: enterprise.regionId,
    });
  });

  it('lists cases by department, township and period, exports them as .xlsx, and figures follow the same filters', async () => {
    const marketId = (await departmentByCode(ctx.database.db, 'market_regulation')).id;
    const q = `departmentId=${marketId}&regionId=${enterprise.regionId}&from=${today}&to=${today}`;
    const listed = await office({ method: 'GET', url: `/api/v1/cases?${q}` });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().total).toBeGreaterThan(0);
    for (const c of listed.json().items) expect(c).toMatchObject({ departmentId: marketId, openedOn: today });
    const none = await office({ method: 'GET', url: `/api/v1/cases?departmentId=${housingId}` });
    expect(none.json().total).toBe(0);
    const past = await office({ method: 'GET', url: `/api/v1/cases?to=${addDays(today, -1)}` });
    expect(past.json().total).toBe(0);
    expect((await office({ method: 'GET', url: '/api/v1/cases?from=2024-13-01' })).statusCode).toBe(400);

    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/cases/export' })).statusCode).toBe(401);
    expect((await enterpriseUser({ method: 'GET', url: '/api/v1/cases/export' })).statusCode).toBe(403);
    const xlsx = await office({ method: 'GET', url: `/api/v1/cases/export?${q}` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(listed.json().total + 1);

    const figures = (
      await office({ method: 'GET', url: `/api/v1/enforcement/figures?groupBy=department&${q}` })
    ).json();
    expect(figures.rows).toHaveLength(1);
    const items = listed.json().items as { status: string; fineTotal: number; measures: { type: string }[] }[];
    const withMeasure = (type: string) => items.filter((c) => c.measures.some((m) => m.type === type)).length;
    expect(figures.rows[0]).toMatchObject({
      id: marketId,
      opened: listed.json().total,
      closed: items.filter((c) => c.status === 'closed').length,
      fines: items.reduce((sum, c) => sum + c.fineTotal, 0),
      revocations: withMeasure('licence_revocation'),
      transfers: withMeasure('transfer_police'),
    });
    expect(
      (await office({ method: 'GET', url: `/api/v1/enforcement/figures?departmentId=${housingId}` })).json().rows,
    ).toEqual([]);
  });

  it('the register flags an enterprise on a blacklist in force, and no longer once removed', async () => {
    const flagged = async () =>
      (await market({ method: 'GET', url: `/api/v1/enterprises/${enterprise.id}` })).json().blacklisted;
    expect(await flagged()).toBe(false);
    const added = await market({
      method: 'POST',
      url: '/api/v1/blacklist',
      payload: {
        subjectType: 'enterprise',
        enterpriseId: enterprise.id,
        basis: '违规充装被吊销许可证',
        startsOn: today,
      },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(await flagged()).toBe(true);
    const list = (await market({ method: 'GET', url: `/api/v1/enterprises?pageSize=200` })).json();
    expect(list.items.find((e: { id: string }) => e.id === enterprise.id).blacklisted).toBe(true);
    expect(
      (await market({ method: 'GET', url: '/api/v1/blacklist?active=true' })).json().map((x: { id: string }) => x.id),
    ).toContain(added.json().id);
    await market({
      method: 'POST',
      url: `/api/v1/blacklist/${added.json().id}/remove`,
      payload: { reason: '信用修复' },
    });
    expect(await flagged()).toBe(false);
    expect(
      (await market({ method: 'GET', url: '/api/v1/blacklist?active=true' })).json().map((x: { id: string }) => x.id),
    ).not.toContain(added.json().id);
    expect((await police({ method: 'GET', url: '/api/v1/blacklist?active=maybe' })).statusCode).toBe(400);
  });
});
