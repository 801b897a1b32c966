import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, departmentByCode, regionByCode } from '../../../test/factories.ts';
import { buildSignedInspection } from '../../../test/hazard-factories.ts';
import {
  buildEnterprise,
  buildFacility,
  buildLicence,
  buildScopedUser,
  buildVenue,
} from '../../../test/registry-factories.ts';
import { flagOverdueReferrals } from './enforcement.service.ts';

type Send = Awaited<ReturnType<typeof login>>;

describe('enforcement: cases, documents, typical cases, figures', () => {
  let ctx: TestContext;
  let market: Send;
  let housing: Send;
  let otherTownship: Send;
  let enterpriseUser: Send;
  let office: Send;
  let enterpriseId: string;
  let licenceId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    const ent = await buildEnterprise(db, { kind: 'filling_enterprise', name: '乌审旗某充装站' });
    enterpriseId = ent.id;
    licenceId = (await buildLicence(db, ent.id, { kind: 'cylinder_filling' })).id;
    market = await login(
      ctx.app,
      (await buildUser(db, 'department_officer', { department: 'market_regulation' })).username,
      TEST_PASSWORD,
    );
    housing = await login(
      ctx.app,
      (await buildUser(db, 'department_officer', { department: 'housing' })).username,
      TEST_PASSWORD,
    );
    otherTownship = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626102' })).username,
      TEST_PASSWORD,
    );
    office = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    enterpriseUser = await login(ctx.app, (await buildScopedUser(db, { enterpriseId })).username, TEST_PASSWORD);
  });
  afterAll(() => ctx.close());

  it('opens a case from a tip, decides a fine and a licence revocation (the register’s licence is revoked), issues both documents and closes it', async () => {
    const filed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/public/tips',
      payload: { category: 'bad_gas', description: '某充装站往液化气里掺二甲醚', address: '嘎鲁图镇某充装站' },
    });
    const code = filed.json().trackingCode;
    const tipId = (await market({ method: 'GET', url: '/api/v1/tips' }))
      .json()
      .items.find((t: { trackingCode: string }) => t.trackingCode === code).id;
    await market({ method: 'POST', url: `/api/v1/tips/${tipId}/accept`, payload: {} });
    const verified = await market({
      method: 'POST',
      url: `/api/v1/tips/${tipId}/verify`,
      payload: { outcome: 'founded', grade: 'illegal_operation', note: '抽检属实', withoutObject: true },
    });
    expect(verified.json()).toMatchObject({ rewardStatus: 'proposed', rewardAmount: 3000 });

    const body = {
      subjectType: 'enterprise',
      subjectId: enterpriseId,
      source: 'tip',
      sourceRef: tipId,
      facts: '该站在充装液化石油气时掺混二甲醚。',
      legalBasis: ['gas_reg_18', 'special_eq_cylinder'],
    };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/cases', payload: body })).statusCode).toBe(401);
    expect((await enterpriseUser({ method: 'POST', url: '/api/v1/cases', payload: body })).statusCode).toBe(403);
    const badBasis = await market({ method: 'POST', url: '/api/v1/cases', payload: { ...body, legalBasis: ['nope'] } });
    expect(badBasis.json().error.code).toBe('validation.failed');
    const opened = await market({ method: 'POST', url: '/api/v1/cases', payload: body });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json();
    expect(c).toMatchObject({
      status: 'open',
      subjectName: '乌审旗某充装站',
      departmentName: '市场监管局',
      regionName: '嘎鲁图镇',
    });
    expect(c.number).toMatch(/^乌市场监管立〔\d{4}〕1号$/);
    expect(c.legalBasis[0].text).toContain('城镇燃气管理条例');
    expect((await housing({ method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    expect((await otherTownship({ method: 'GET', url: `/api/v1/cases/${c.id}` })).statusCode).toBe(404);
    expect((await market({ method: 'GET', url: `/api/v1/tips/${tipId}` })).json().caseId).toBe(c.id);

    const noDate = await market({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/decide`,
      payload: { decision: '责令改正', measures: [{ type: 'order_to_correct' }] },
    });
    expect(noDate.json().error).toMatchObject({
      code: 'enforcement.measure_invalid',
      details: { field: 'measures.0.dueDate' },
    });
    const otherLicence = (await buildLicence(ctx.database.db, (await buildEnterprise(ctx.database.db)).id)).id;
    const wrong = await market({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/decide`,
      payload: { decision: '吊销', measures: [{ type: 'licence_revocation', licenceId: otherLicence }] },
    });
    expect(wrong.json().error).toMatchObject({
      code: 'enforcement.measure_invalid',
      details: { field: 'measures.0.licenceId' },
    });
    const due = addDays(chinaToday(), 10);
    const decided = await market({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/decide`,
      payload: {
        decision: '罚款并吊销气瓶充装许可证',
        measures: [
          { type: 'order_to_correct', dueDate: due, note: '停止掺混' },
          { type: 'fine', amount: 100_000 },
          { type: 'licence_revocation', licenceId },
        ],
      },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'decided', fineTotal: 100_000 });
    expect(decided.json().penaltyDecisionNumber).toMatch(/罚〔\d{4}〕1号$/);
    expect(decided.json().correctionOrderNumber).toMatch(/责改〔\d{4}〕1号$/);
    const licence = (await market({ method: 'GET', url: `/api/v1/licences/${licenceId}` })).json();
    expect(licence.status).toBe('revoked');
    // The tip's proposed reward follows the fine: 15 % of 100,000.
    expect((await market({ method: 'GET', url: `/api/v1/tips/${tipId}` })).json().rewardAmount).toBe(15_000);

    for (const kind of ['penalty-decision', 'correction-order']) {
      const pdf = await market({ method: 'GET', url: `/api/v1/cases/${c.id}/documents/${kind}` });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect(
      (
        await market({
          method: 'POST',
          url: `/api/v1/cases/${c.id}/decide`,
          payload: { decision: 'x', measures: [{ type: 'transfer_police' }] },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (await market({ method: 'POST', url: `/api/v1/cases/${c.id}/close`, payload: { note: '已履行' } })).json().status,
    ).toBe('closed');
    const published = await market({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/publish`,
      payload: { summary: '某充装站掺混二甲醚被罚款10万元并吊销许可证。' },
    });
    expect(published.json().publishedAt).toBeTruthy();
    const typical = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/typical-cases' });
    expect(typical.statusCode).toBe(200);
    expect(typical.json()[0]).toMatchObject({
      summary: '某充装站掺混二甲醚被罚款10万元并吊销许可证。',
      fineTotal: 100_000,
    });
    expect(JSON.stringify(typical.json())).not.toContain('乌审旗某充装站');

    const figures = (await office({ method: 'GET', url: '/api/v1/enforcement/figures?groupBy=department' })).json();
    expect(figures.rows).toEqual([
      expect.objectContaining({
        name: '市场监管局',
        opened: 1,
        closed: 1,
        fines: 100_000,
        revocations: 1,
        closures: 0,
        transfers: 0,
      }),
    ]);
    const byTownship = (await office({ method: 'GET', url: '/api/v1/enforcement/figures?groupBy=township' })).json();
    expect(byTownship.rows[0]).toMatchObject({
      name: '嘎鲁图镇',
      opened: 1,
      id: (await regionByCode(ctx.database.db, '150626100')).id,
    });
  });

  it('a case names as its source only an inspection or hazard the caller may read', async () => {
    const db = ctx.database.db;
    const venue = await buildVenue(db, { regionCode: '150626100', name: '立案来源测试饭店' });
    const inspection = await buildSignedInspection(db, {
      object: { type: 'venue', id: venue.id, regionId: venue.regionId, kind: 'restaurant', name: venue.name },
      day: chinaToday(),
    });
    // The premise: the other township's officer does not read this inspection (another township's venue).
    expect((await otherTownship({ method: 'GET', url: `/api/v1/inspections/${inspection.id}` })).statusCode).toBe(404);
    const township103 = (await regionByCode(db, '150626102')).id;
    const departmentId = (await departmentByCode(db, 'market_regulation')).id;
    const body = {
      subjectType: 'person',
      subjectName: '张某',
      regionId: township103,
      departmentId,
      source: 'inspection',
      sourceRef: inspection.id,
      facts: '检查中发现违法经营燃气。',
      legalBasis: ['gas_reg_18'],
    };
    const hidden = await otherTownship({ method: 'POST', url: '/api/v1/cases', payload: body });
    expect(hidden.statusCode, hidden.body).toBe(400);
    expect(hidden.json().error).toMatchObject({
      code: 'enforcement.source_not_found',
      details: { field: 'sourceRef' },
    });
    const hiddenHazard = await otherTownship({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { ...body, source: 'hazard', sourceRef: '00000000-0000-4000-8000-000000000000' },
    });
    expect(hiddenHazard.json().error).toMatchObject({ code: 'enforcement.source_not_found' });
    const seen = await office({ method: 'POST', url: '/api/v1/cases', payload: body });
    expect(seen.statusCode, seen.body).toBe(201);
    expect(seen.json()).toMatchObject({ source: 'inspection', sourceRef: inspection.id });
  });

  it('a referral past its deadline is flagged overdue for both departments; only the receiving department receives it', async () => {
    const housingId = (await departmentByCode(ctx.database.db, 'housing')).id;
    const sent = await market({
      method: 'POST',
      url: '/api/v1/referrals',
      payload: {
        toDepartmentId: housingId,
        subject: '某饭店使用不合格软管',
        content: '请追溯销售者和生产者',
        deadline: chinaToday(),
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().id;
    // What a referral or a blacklist entry links to must exist in the caller's scope: a 400 with the field.
    const nobody = '00000000-0000-4000-8000-000000000000';
    for (const field of ['caseId', 'tipId', 'hazardId']) {
      const bad = await market({
        method: 'POST',
        url: '/api/v1/referrals',
        payload: { toDepartmentId: housingId, subject: 'x', content: 'y', deadline: chinaToday(), [field]: nobody },
      });
      expect(bad.statusCode, bad.body).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'enforcement.link_not_found', details: { field } });
    }
    const badEntry = await market({
      method: 'POST',
      url: '/api/v1/blacklist',
      payload: { subjectType: 'enterprise', enterpriseId, basis: '多次违法', startsOn: chinaToday(), caseId: nobody },
    });
    expect(badEntry.statusCode, badEntry.body).toBe(400);
    expect(badEntry.json().error).toMatchObject({ code: 'enforcement.link_not_found', details: { field: 'caseId' } });
    expect(
      (
        await market({
          method: 'POST',
          url: '/api/v1/referrals',
          payload: { subject: 'x', content: 'y', deadline: chinaToday() },
        })
      ).json().error.code,
    ).toBe('enforcement.referral_target_required');
    expect((await market({ method: 'POST', url: `/api/v1/referrals/${id}/receive`, payload: {} })).statusCode).toBe(
      403,
    );
    expect((await otherTownship({ method: 'GET', url: `/api/v1/referrals/${id}` })).statusCode).toBe(404);
    // Time passes: the deadline was yesterday.
    await ctx.database.db.execute(
      sql`update referrals set deadline = ${addDays(chinaToday(), -1)}::date where id = ${id}`,
    );
    expect(await flagOverdueReferrals(ctx.database.db, chinaToday())).toEqual({ flagged: 1 });
    expect(await flagOverdueReferrals(ctx.database.db, chinaToday())).toEqual({ flagged: 0 });
    for (const send of [market, housing]) {
      const list = (await send({ method: 'GET', url: '/api/v1/referrals?overdue=true' })).json();
      expect(list.items.map((r: { id: string }) => r.id)).toEqual([id]);
      expect(list.items[0]).toMatchObject({ overdue: true, status: 'sent' });
      expect(list.items[0].overdueFlaggedAt).toBeTruthy();
    }
    const events = (await ctx.database.db.execute(
      sql`select type from outbox where subject_id = ${id}`,
    )) as unknown as { rows: { type: string }[] };
    expect(events.rows.map((e) => e.type)).toEqual(['referral.overdue']);
    const late = (await ctx.database.db.execute(
      sql`select (payload->>'daysLate')::int as days from outbox where subject_id = ${id}`,
    )) as unknown as { rows: { days: number }[] };
    expect(late.rows.map((e) => e.days)).toEqual([1]);
    expect((await housing({ method: 'POST', url: `/api/v1/referrals/${id}/receive`, payload: {} })).json().status).toBe(
      'received',
    );
    const answered = await housing({
      method: 'POST',
      url: `/api/v1/referrals/${id}/answer`,
      payload: { answer: '已追溯至某销售商，立案查处' },
    });
    expect(answered.json()).toMatchObject({ status: 'answered', overdue: false });
  });

  it('blacklists an enterprise with basis and dates, flags it for the register’s pages, and removes it', async () => {
    const added = await market({
      method: 'POST',
      url: '/api/v1/blacklist',
      payload: { subjectType: 'enterprise', enterpriseId, basis: '掺混二甲醚，吊销许可证', startsOn: chinaToday() },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ active: true, subjectName: '乌审旗某充装站' });
    const flags = await enterpriseUser({
      method: 'GET',
      url: `/api/v1/blacklist/flags?enterpriseIds=${enterpriseId},not-a-uuid`,
    });
    expect(flags.json()).toEqual({ enterpriseIds: [enterpriseId] });
    expect((await housing({ method: 'GET', url: '/api/v1/blacklist' })).json().length).toBe(1);
    const removed = await market({
      method: 'POST',
      url: `/api/v1/blacklist/${added.json().id}/remove`,
      payload: { reason: '信用修复' },
    });
    expect(removed.json()).toMatchObject({ active: false, removedReason: '信用修复' });
    expect(
      (await market({ method: 'GET', url: `/api/v1/blacklist/flags?enterpriseIds=${enterpriseId}` })).json()
        .enterpriseIds,
    ).toEqual([]);
  });
});

describe('enforcement and the filling gate', () => {
  it('revoking a licence in a case makes the filling gate refuse that station', async () => {
    const ctx = await createTestApp();
    try {
      const db = ctx.database.db;
      const ent = await buildEnterprise(db, { kind: 'filling_enterprise', name: '乌审旗某气站' });
      const licence = await buildLicence(db, ent.id, { kind: 'cylinder_filling' });
      const station = (await buildFacility(db, ent, { kind: 'filling_station' })).id;
      const market = await login(
        ctx.app,
        (await buildUser(db, 'department_officer', { department: 'market_regulation' })).username,
        TEST_PASSWORD,
      );
      const office = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
      const reasons = async () => {
        const res = await office({
          method: 'POST',
          url: '/api/v1/filling/check',
          payload: { cylinderCode: 'ANY-0001', stationId: station },
        });
        expect(res.statusCode, res.body).toBe(200);
        return (res.json().reasons as { code: string }[]).map((r) => r.code);
      };
      expect(await reasons()).not.toContain('STATION_NOT_LICENSED');
      const opened = await market({
        method: 'POST',
        url: '/api/v1/cases',
        payload: {
          subjectType: 'enterprise',
          subjectId: ent.id,
          source: 'manual',
          facts: '充装超期未检气瓶，情节严重',
          legalBasis: ['special_eq_cylinder'],
        },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const decided = await market({
        method: 'POST',
        url: `/api/v1/cases/${opened.json().id}/decide`,
        payload: { decision: '吊销气瓶充装许可证', measures: [{ type: 'licence_revocation', licenceId: licence.id }] },
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(await reasons()).toContain('STATION_NOT_LICENSED');
    } finally {
      await ctx.close();
    }
  });
});
