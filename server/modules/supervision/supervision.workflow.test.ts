import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode } from '../../../test/factories.ts';

type Send = Awaited<ReturnType<typeof login>>;
const today = chinaToday();

/** 签收 and 提级督办 of an order, 调查 and 结案 of an accident, and each record's audit trail. */
describe('督办单 receive/escalate, 燃气事故 investigate/close, history', () => {
  let ctx: TestContext;
  let admin: Send;
  let leader: Send;
  let galutu: Send;
  let tuke: Send;
  let galutuId: string;
  let tukeId: string;

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
    galutuId = (await regionByCode(db, '150626100')).id;
    tukeId = (await regionByCode(db, '150626102')).id;
  });
  afterAll(() => ctx.close());

  const issue = async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/v1/supervision/orders',
      payload: {
        targetType: 'region',
        targetRegionId: galutuId,
        subjectType: 'area',
        areaRegionId: galutuId,
        title: '餐饮场所报警器安装督办',
        requirement: '月底前完成辖区餐饮场所报警器安装',
        dueOn: addDays(today, 5),
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; abilities: Record<string, boolean> };
  };

  it('the addressee receives an order (签收) and answers it after; others may not; twice is 409', async () => {
    const o = await issue();
    expect(o.abilities).toMatchObject({ receive: false, escalate: true, close: true });
    const url = `/api/v1/supervision/orders/${o.id}/receive`;
    expect((await ctx.app.inject({ method: 'POST', url })).statusCode).toBe(401);
    expect((await admin({ method: 'POST', url })).statusCode).toBe(403);
    expect((await tuke({ method: 'POST', url })).statusCode).toBe(404);
    expect((await galutu({ method: 'GET', url: `/api/v1/supervision/orders/${o.id}` })).json().abilities).toMatchObject(
      { receive: true, answer: true, escalate: false, close: false },
    );
    const got = await galutu({ method: 'POST', url });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ status: 'received', abilities: { receive: false, answer: true } });
    expect(got.json().receivedAt).not.toBeNull();
    expect((await galutu({ method: 'POST', url })).json().error.code).toBe('supervision.order_state');
    const answered = await galutu({
      method: 'POST',
      url: `/api/v1/supervision/orders/${o.id}/answer`,
      payload: { answer: '已安装 42 户' },
    });
    expect(answered.json()).toMatchObject({ status: 'answered' });
    const history = await galutu({ method: 'GET', url: `/api/v1/supervision/orders/${o.id}/history` });
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((e: { action: string }) => e.action)).toEqual([
      'supervision_order.answer',
      'supervision_order.receive',
      'supervision_order.issue',
    ]);
    expect((await tuke({ method: 'GET', url: `/api/v1/supervision/orders/${o.id}/history` })).statusCode).toBe(404);
  });

  it('the office escalates an open order by hand with a reason, one level at a time, at most 2', async () => {
    const o = await issue();
    const url = `/api/v1/supervision/orders/${o.id}/escalate`;
    expect((await galutu({ method: 'POST', url, payload: { note: '进度慢' } })).statusCode).toBe(403);
    expect((await leader({ method: 'POST', url, payload: { note: '进度慢' } })).statusCode).toBe(403);
    const bad = await admin({ method: 'POST', url, payload: { note: ' ' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('note');
    expect(
      (
        await admin({
          method: 'POST',
          url: `/api/v1/supervision/orders/${crypto.randomUUID()}/escalate`,
          payload: { note: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    const one = await admin({ method: 'POST', url, payload: { note: '通报排名末位，提级督办' } });
    expect(one.json()).toMatchObject({ escalationLevel: 1, escalationNote: '通报排名末位，提级督办' });
    expect((await admin({ method: 'POST', url, payload: { note: '仍未办理' } })).json().escalationLevel).toBe(2);
    const three = await admin({ method: 'POST', url, payload: { note: '再升' } });
    expect(three.statusCode).toBe(409);
    const history = (await admin({ method: 'GET', url: `/api/v1/supervision/orders/${o.id}/history` })).json();
    expect(history.items.filter((e: { action: string }) => e.action === 'supervision_order.escalate')).toHaveLength(2);
  });

  it('an accident is recorded, investigated by a team, closed with its cause; steps out of order are 409', async () => {
    const created = await admin({
      method: 'POST',
      url: '/api/v1/accidents',
      payload: {
        occurredAt: `${addDays(today, -3)}T12:30:00+08:00`,
        regionId: galutuId,
        place: '嘎鲁图镇某餐馆',
        level: 'general',
        injuries: 2,
        description: '液化气泄漏引发闪爆',
        escalatedInvestigation: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({ status: 'recorded', investigationTeam: null });
    const close = `/api/v1/accidents/${a.id}/close`;
    const inv = `/api/v1/accidents/${a.id}/investigate`;
    expect(
      (await admin({ method: 'POST', url: close, payload: { cause: '软管老化', conclusion: '结案' } })).statusCode,
    ).toBe(409);
    expect((await galutu({ method: 'POST', url: inv, payload: { team: '县应急局牵头' } })).statusCode).toBe(403);
    const future = await admin({
      method: 'POST',
      url: inv,
      payload: { team: '县应急局牵头', startedOn: addDays(today, 2) },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.field).toBe('startedOn');
    const before = await admin({
      method: 'POST',
      url: inv,
      payload: { team: '县应急局牵头', startedOn: addDays(today, -5) },
    });
    expect(before.statusCode).toBe(400);
    const started = await admin({ method: 'POST', url: inv, payload: { team: '县应急局牵头，住建、市监参加' } });
    expect(started.json()).toMatchObject({ status: 'investigating', investigationStartedOn: today });
    expect((await admin({ method: 'POST', url: inv, payload: { team: 'x' } })).statusCode).toBe(409);
    const done = await admin({
      method: 'POST',
      url: close,
      payload: { cause: '连接软管老化破裂', conclusion: '经营者负主要责任，已立案处罚；开展软管专项排查' },
    });
    expect(done.json()).toMatchObject({ status: 'closed', closedOn: today, cause: '连接软管老化破裂' });
    const list = await admin({ method: 'GET', url: '/api/v1/accidents?status=closed' });
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect((await admin({ method: 'GET', url: '/api/v1/accidents?status=recorded' })).json().items).toHaveLength(0);
    const history = (await admin({ method: 'GET', url: `/api/v1/supervision/accidents/${a.id}/history` })).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual([
      'gas_accident.close',
      'gas_accident.investigate',
      'gas_accident.record',
    ]);
    expect((await tuke({ method: 'GET', url: `/api/v1/accidents/${a.id}` })).statusCode).toBe(404);
    void tukeId;
  });

  it('an action has a detail and a history', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/v1/supervision/actions',
      payload: {
        kind: 'interview',
        targetType: 'region',
        targetRegionId: galutuId,
        heldOn: today,
        subject: '整治进度滞后',
        persons: '镇长、分管副镇长',
        commitments: '两周内完成排查',
      },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    expect((await galutu({ method: 'GET', url: `/api/v1/supervision/actions/${id}` })).json()).toMatchObject({
      kind: 'interview',
    });
    expect((await tuke({ method: 'GET', url: `/api/v1/supervision/actions/${id}` })).statusCode).toBe(404);
    const h = (await galutu({ method: 'GET', url: `/api/v1/supervision/actions/${id}/history` })).json();
    expect(h.items.map((e: { action: string }) => e.action)).toEqual(['supervision_action.record']);
  });
});
