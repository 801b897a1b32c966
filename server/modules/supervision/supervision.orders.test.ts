import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday, addDays } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, departmentByCode, regionByCode } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { escalateOrders } from './supervision.orders.ts';
import { supervisionOrdersTable } from './supervision.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

describe('督办单, 警示/约谈/问责, 燃气事故', () => {
  let ctx: TestContext;
  let admin: Send;
  let leader: Send;
  let galutu: Send;
  let tuke: Send;
  let market: Send;
  let housing: Send;
  let ids: { galutu: string; tuke: string; market: string; major: string; general: string };
  const today = chinaToday();

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
    tuke = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626102' })).username,
      TEST_PASSWORD,
    );
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
    const g = await regionByCode(db, '150626100');
    const major = await buildHazard(db, { regionId: g.id, severity: 'major' });
    const general = await buildHazard(db, { regionId: g.id });
    ids = {
      galutu: g.id,
      tuke: (await regionByCode(db, '150626102')).id,
      market: (await departmentByCode(db, 'market_regulation')).id,
      major: major.id,
      general: general.id,
    };
  });
  afterAll(() => ctx.close());

  const order = (over: Record<string, unknown> = {}) => ({
    targetType: 'region',
    targetRegionId: ids.galutu,
    subjectType: 'hazard',
    hazardId: ids.major,
    listed: true,
    title: '重大隐患挂牌督办',
    requirement: '限期完成整改并报送整改情况',
    dueOn: addDays(today, 10),
    ...over,
  });

  it('refuses: 401, 403 (the supervised and read-only roles), 400 with the field', async () => {
    expect(
      (await ctx.app.inject({ method: 'POST', url: '/api/v1/supervision/orders', payload: order() })).statusCode,
    ).toBe(401);
    expect((await leader({ method: 'POST', url: '/api/v1/supervision/orders', payload: order() })).statusCode).toBe(
      403,
    );
    expect((await galutu({ method: 'POST', url: '/api/v1/supervision/orders', payload: order() })).statusCode).toBe(
      403,
    );
    const cases: [Record<string, unknown>, string, string][] = [
      [{ targetRegionId: undefined }, 'supervision.target_invalid', 'targetRegionId'],
      [{ targetType: 'department', targetRegionId: undefined }, 'supervision.target_invalid', 'targetDepartmentId'],
      [{ hazardId: crypto.randomUUID() }, 'supervision.subject_invalid', 'hazardId'],
      [{ hazardId: ids.general }, 'supervision.subject_invalid', 'listed'],
      [
        { subjectType: 'task', taskCode: '九(九)9', listed: false, hazardId: undefined },
        'supervision.subject_invalid',
        'taskCode',
      ],
      [{ dueOn: addDays(today, -1) }, 'supervision.due_invalid', 'dueOn'],
    ];
    for (const [over, code, field] of cases) {
      const res = await admin({ method: 'POST', url: '/api/v1/supervision/orders', payload: order(over) });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().error).toMatchObject({ code, details: { field } });
    }
    const bad = await admin({ method: 'POST', url: '/api/v1/supervision/orders', payload: order({ title: '' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation.failed');
    expect(await ctx.database.db.select().from(supervisionOrdersTable)).toHaveLength(0);
  });

  it('issues, shows to the addressee only, takes its answer and the office closes it, with audit', async () => {
    const res = await admin({ method: 'POST', url: '/api/v1/supervision/orders', payload: order() });
    expect(res.statusCode).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({
      number: `DB-${today.slice(0, 4)}-0001`,
      targetName: '嘎鲁图镇',
      listed: true,
      status: 'issued',
    });
    const task = await admin({
      method: 'POST',
      url: '/api/v1/supervision/orders',
      payload: order({
        targetType: 'department',
        targetRegionId: undefined,
        targetDepartmentId: ids.market,
        subjectType: 'task',
        taskCode: '三(一)1',
        hazardId: undefined,
        listed: false,
      }),
    });
    expect(task.statusCode).toBe(201);
    // Scope: 嘎鲁图 sees its order, not the department's; 图克 sees neither; 市场监管 its own.
    expect((await galutu({ method: 'GET', url: '/api/v1/supervision/orders' })).json().total).toBe(1);
    expect((await tuke({ method: 'GET', url: '/api/v1/supervision/orders' })).json().total).toBe(0);
    expect((await tuke({ method: 'GET', url: `/api/v1/supervision/orders/${o.id}` })).statusCode).toBe(404);
    expect(
      (await market({ method: 'GET', url: '/api/v1/supervision/orders' }))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).toEqual([task.json().id]);
    expect((await leader({ method: 'GET', url: '/api/v1/supervision/orders' })).json().total).toBe(2);
    expect((await galutu({ method: 'GET', url: `/api/v1/supervision/orders/${o.id}` })).json().abilities).toEqual({
      receive: true,
      answer: true,
      escalate: false,
      close: false,
    });
    // Only the addressee answers.
    expect(
      (
        await housing({
          method: 'POST',
          url: `/api/v1/supervision/orders/${task.json().id}/answer`,
          payload: { answer: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await leader({ method: 'POST', url: `/api/v1/supervision/orders/${o.id}/answer`, payload: { answer: 'x' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await galutu({ method: 'POST', url: `/api/v1/supervision/orders/${o.id}/answer`, payload: { answer: '' } }))
        .statusCode,
    ).toBe(400);
    const answered = await galutu({
      method: 'POST',
      url: `/api/v1/supervision/orders/${o.id}/answer`,
      payload: { answer: '已停业整改，更换软管' },
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'answered', answer: '已停业整改，更换软管' });
    expect(
      (
        await galutu({ method: 'POST', url: `/api/v1/supervision/orders/${o.id}/answer`, payload: { answer: 'again' } })
      ).json().error.code,
    ).toBe('supervision.order_state');
    expect(
      (
        await galutu({
          method: 'POST',
          url: `/api/v1/supervision/orders/${o.id}/close`,
          payload: { result: 'completed', resultNote: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    const closed = await admin({
      method: 'POST',
      url: `/api/v1/supervision/orders/${o.id}/close`,
      payload: { result: 'completed', resultNote: '现场核查已整改' },
    });
    expect(closed.json()).toMatchObject({ status: 'closed', result: 'completed' });
    const audit = await ctx.database.db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, o.id));
    expect(audit.map((x) => x.action)).toEqual([
      'supervision_order.issue',
      'supervision_order.answer',
      'supervision_order.close',
    ]);
  });

  it('an overdue order escalates (level 1 after its date, level 2 a week later), once, as the daily job does', async () => {
    const db = ctx.database.db;
    const res = await admin({
      method: 'POST',
      url: '/api/v1/supervision/orders',
      payload: order({
        targetRegionId: ids.tuke,
        subjectType: 'area',
        areaRegionId: ids.tuke,
        hazardId: undefined,
        listed: false,
        dueOn: today,
      }),
    });
    const id = res.json().id;
    const level = async () =>
      (await db.select().from(supervisionOrdersTable).where(eq(supervisionOrdersTable.id, id)))[0]!.escalationLevel;
    expect((await escalateOrders(db, today)).escalated).toBe(0);
    expect(await level()).toBe(0);
    await escalateOrders(db, addDays(today, 1));
    expect(await level()).toBe(1);
    expect((await escalateOrders(db, addDays(today, 1))).escalated).toBe(0);
    expect((await escalateOrders(db, addDays(today, 7))).escalated).toBe(0);
    await escalateOrders(db, addDays(today, 8));
    expect(await level()).toBe(2);
    const audit = await db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, id));
    expect(audit.filter((x) => x.action === 'supervision_order.escalate')).toHaveLength(2);
    // An answered order does not escalate.
    const answeredId = (
      await admin({
        method: 'POST',
        url: '/api/v1/supervision/orders',
        payload: order({
          targetRegionId: ids.tuke,
          subjectType: 'area',
          areaRegionId: ids.tuke,
          hazardId: undefined,
          listed: false,
          dueOn: today,
        }),
      })
    ).json().id;
    await tuke({
      method: 'POST',
      url: `/api/v1/supervision/orders/${answeredId}/answer`,
      payload: { answer: '已完成' },
    });
    await escalateOrders(db, addDays(today, 30));
    expect(
      (await db.select().from(supervisionOrdersTable).where(eq(supervisionOrdersTable.id, answeredId)))[0]!
        .escalationLevel,
    ).toBe(0);
    expect((await tuke({ method: 'GET', url: '/api/v1/supervision/orders?overdue=true' })).json().total).toBe(0);
  });

  it('records warnings, interviews (who, when, about what, commitments, follow-up) and accountability', async () => {
    const interview = {
      kind: 'interview',
      targetType: 'region',
      targetRegionId: ids.tuke,
      heldOn: today,
      subject: '排查覆盖率连续两期排名末位',
      persons: '图克镇分管副镇长；约谈人：旗专班办公室主任',
      commitments: '两周内完成全部餐饮场所排查',
      followUpDue: addDays(today, 14),
    };
    expect((await galutu({ method: 'POST', url: '/api/v1/supervision/actions', payload: interview })).statusCode).toBe(
      403,
    );
    const noPersons = await admin({
      method: 'POST',
      url: '/api/v1/supervision/actions',
      payload: { ...interview, persons: '' },
    });
    expect(noPersons.json().error).toMatchObject({
      code: 'supervision.subject_invalid',
      details: { field: 'persons' },
    });
    const res = await admin({ method: 'POST', url: '/api/v1/supervision/actions', payload: interview });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'interview', targetName: '图克镇', commitments: interview.commitments });
    await admin({
      method: 'POST',
      url: '/api/v1/supervision/actions',
      payload: {
        kind: 'accountability',
        targetType: 'department',
        targetDepartmentId: ids.market,
        heldOn: today,
        subject: '督办单逾期未办',
        persons: '某科长',
        commitments: '通报批评',
      },
    });
    const fu = await admin({
      method: 'POST',
      url: `/api/v1/supervision/actions/${res.json().id}/follow-up`,
      payload: { followUp: '已完成排查 38 家' },
    });
    expect(fu.json().followUp).toBe('已完成排查 38 家');
    expect(
      (
        await admin({
          method: 'POST',
          url: `/api/v1/supervision/actions/${crypto.randomUUID()}/follow-up`,
          payload: { followUp: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await tuke({ method: 'GET', url: '/api/v1/supervision/actions' })).json().total).toBe(1);
    expect((await galutu({ method: 'GET', url: '/api/v1/supervision/actions' })).json().total).toBe(0);
    expect((await leader({ method: 'GET', url: '/api/v1/supervision/actions?kind=accountability' })).json().total).toBe(
      1,
    );
  });

  it('keeps a register of accidents with 提级调查, linked to hazards', async () => {
    const body = {
      occurredAt: '2026-03-01T12:30:00+08:00',
      regionId: ids.galutu,
      place: '嘎鲁图镇某饭店后厨',
      level: 'general',
      injuries: 2,
      description: '液化气软管老化泄漏引发闪爆',
      escalatedInvestigation: true,
      hazardIds: [ids.general],
      caseRefs: ['乌应急罚〔2026〕3号'],
    };
    expect((await galutu({ method: 'POST', url: '/api/v1/accidents', payload: body })).statusCode).toBe(403);
    const bad = await admin({
      method: 'POST',
      url: '/api/v1/accidents',
      payload: { ...body, hazardIds: [crypto.randomUUID()] },
    });
    expect(bad.json().error).toMatchObject({ code: 'supervision.subject_invalid', details: { field: 'hazardIds.0' } });
    const res = await admin({ method: 'POST', url: '/api/v1/accidents', payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ escalatedInvestigation: true, regionName: '嘎鲁图镇', injuries: 2 });
    expect(res.json().hazards[0].number).toMatch(/^YH-/);
    expect((await galutu({ method: 'GET', url: `/api/v1/accidents/${res.json().id}` })).statusCode).toBe(200);
    expect((await tuke({ method: 'GET', url: `/api/v1/accidents/${res.json().id}` })).statusCode).toBe(404);
    expect((await tuke({ method: 'GET', url: '/api/v1/accidents' })).json().total).toBe(0);
    expect((await market({ method: 'GET', url: '/api/v1/accidents' })).json().total).toBe(1);
  });
});
