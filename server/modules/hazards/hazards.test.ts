import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentStatements } from '../../../test/query-count.ts';
import { sql } from 'drizzle-orm';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser } from '../../../test/factories.ts';
import { buildScopedUser, buildVenue } from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

describe('hazards: the closed loop over HTTP', () => {
  let ctx: TestContext;
  let galutu: Send;
  let tuke: Send;
  let inspector: Send;
  let venueManager: Send;
  let venueId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    const officer = await buildUser(db, 'township_officer', { region: '150626100' });
    const other = await buildUser(db, 'township_officer', { region: '150626102' });
    const insp = await buildUser(db, 'inspector', { region: '150626100' });
    const venue = await buildVenue(db, { name: '草原人家饭店', address: '萨如拉街1号' });
    venueId = venue.id;
    const vm = await buildScopedUser(db, { venueId });
    galutu = await login(ctx.app, officer.username, TEST_PASSWORD);
    tuke = await login(ctx.app, other.username, TEST_PASSWORD);
    inspector = await login(ctx.app, insp.username, TEST_PASSWORD);
    venueManager = await login(ctx.app, vm.username, TEST_PASSWORD);
  });
  afterAll(() => ctx.close());

  const create = (send: Send, body: Record<string, unknown>) =>
    send({ method: 'POST', url: '/api/v1/hazards', payload: { objectType: 'venue', objectId: venueId, ...body } });

  it('creates a hazard by hand with plan reference, severity, department and deadline from the check item', async () => {
    const res = await create(galutu, {
      itemId: 'venue.hose_length',
      description: '软管长度约3米',
      foundOn: '2024-03-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json();
    expect(h).toMatchObject({
      status: 'open',
      source: 'manual',
      planRef: '三(四)2',
      severity: 'general',
      deadline: '2024-03-16',
      objectName: '草原人家饭店',
      regionName: '嘎鲁图镇',
    });
    expect(h.departmentName).toBeTruthy();
    expect(h.number).toMatch(/^YH-2024-\d{6}$/);
    expect(h.timeline.map((e: { event: string }) => e.event)).toEqual(['created']);
  });

  it('requires an interim control measure for a major hazard not fixed at once (plan 五(一)4)', async () => {
    const res = await create(galutu, { itemId: 'venue.gas_in_bedroom', description: '卧室内使用燃气' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('hazards.interim_control_required');
    const ok = await create(galutu, {
      itemId: 'venue.gas_in_bedroom',
      description: '卧室内使用燃气',
      interimControl: '立即停用并关闭阀门',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ severity: 'major', interimControl: '立即停用并关闭阀门' });
  });

  it('runs open → rectifying → submitted → sent back → rectifying → submitted → closed, refusing what the state machine refuses', async () => {
    const { id } = (await create(galutu, { itemId: 'venue.detector', description: '未安装可燃气体报警器' })).json();
    const post = (send: Send, path: string, payload?: Record<string, unknown>) =>
      send({ method: 'POST', url: `/api/v1/hazards/${id}/${path}`, ...(payload === undefined ? {} : { payload }) });

    // Abilities: the venue manager may start and submit, not verify; the inspector may not submit.
    const asVenue = (await venueManager({ method: 'GET', url: `/api/v1/hazards/${id}` })).json();
    expect(asVenue.abilities).toMatchObject({ start_rectification: true, submit: true, verify: false });
    const asInspector = (await inspector({ method: 'GET', url: `/api/v1/hazards/${id}` })).json();
    expect(asInspector.abilities).toMatchObject({ start_rectification: false, submit: false, verify: false });

    // Verify an open hazard → 409 with the domain's reason.
    const early = await post(inspector, 'verify', { method: 'on_site' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'hazards.transition_not_allowed' });
    expect(early.json().error.details).toMatchObject({ reason: 'not_allowed_in_state', from: 'open' });

    const started = await post(venueManager, 'start-rectification');
    expect(started.json().status, started.body).toBe('rectifying');
    // Submit without evidence → 400.
    const bare = await post(venueManager, 'submit', {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.code).toBe('hazards.evidence_required');
    const submitted = await post(venueManager, 'submit', { note: '已安装报警器' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', rectification: '已安装报警器' });

    // The venue manager may not verify its own rectification.
    expect((await post(venueManager, 'verify', { method: 'evidence' })).statusCode).toBe(403);
    // Send back without a reason → 400; with one → rectifying.
    const noReason = await post(inspector, 'send-back', {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('hazards.reason_required');
    const back = await post(inspector, 'send-back', { reason: '报警器未接入切断阀' });
    expect(back.json()).toMatchObject({ status: 'rectifying' });

    expect((await post(venueManager, 'submit', { note: '已联动切断阀' })).json().status).toBe('submitted');
    const closed = await post(inspector, 'verify', { method: 'on_site' });
    expect(closed.statusCode).toBe(200);
    const h = closed.json();
    expect(h.status).toBe('closed');
    expect(h.closedOn).toBeTruthy();
    expect(h.timeline.map((e: { event: string }) => e.event)).toEqual([
      'created',
      'start_rectification',
      'submit',
      'send_back',
      'submit',
      'verify',
    ]);
    expect(h.timeline.find((e: { event: string }) => e.event === 'send_back').reason).toBe('报警器未接入切断阀');
    expect(h.timeline.find((e: { event: string }) => e.event === 'verify').details).toEqual({ method: 'on_site' });
    expect(Object.values(h.abilities).every((v) => v === false)).toBe(true);

    // A closed hazard cannot change.
    for (const [path, payload] of [
      ['start-rectification', undefined],
      ['submit', { note: 'x' }],
      ['verify', { method: 'on_site' }],
      ['send-back', { reason: 'x' }],
      ['interim-control', { measure: 'x' }],
    ] as const) {
      const sender = path === 'verify' || path === 'send-back' ? inspector : galutu;
      const r = await post(sender, path, payload);
      expect(r.statusCode, path).toBe(409);
    }
    const patch = await galutu({ method: 'PATCH', url: `/api/v1/hazards/${id}`, payload: { responsibleParty: 'x' } });
    expect(patch.statusCode).toBe(409);

    // Audited with the region, in the chain.
    const audits = await ctx.database.db
      .select({ action: auditEventsTable.action, regionId: auditEventsTable.regionId })
      .from(auditEventsTable)
      .where(sql`${auditEventsTable.subjectId} = ${id}`);
    expect(audits.map((a) => a.action)).toEqual([
      'hazard.create',
      'hazard.start_rectification',
      'hazard.submit',
      'hazard.send_back',
      'hazard.submit',
      'hazard.verify',
    ]);
    expect(new Set(audits.map((a) => a.regionId)).size).toBe(1);
    expect(h.timeline.every((e: { auditSeq: number | null }) => typeof e.auditSeq === 'number')).toBe(true);
  });

  it('records interim control and moves a deadline only with a reason', async () => {
    const { id } = (await create(galutu, { itemId: 'venue.fire_plan', description: '无应急预案' })).json();
    const noMeasure = await galutu({ method: 'POST', url: `/api/v1/hazards/${id}/interim-control`, payload: {} });
    expect(noMeasure.statusCode).toBe(400);
    const ok = await galutu({
      method: 'POST',
      url: `/api/v1/hazards/${id}/interim-control`,
      payload: { measure: '安排专人值守' },
    });
    expect(ok.json()).toMatchObject({ interimControl: '安排专人值守', status: 'open' });

    // A year after the day found (a deadline may be moved up to two years on).
    const found = (await galutu({ method: 'GET', url: `/api/v1/hazards/${id}` })).json().foundOn as string;
    const later = `${Number(found.slice(0, 4)) + 1}${found.slice(4).replace('-02-29', '-02-28')}`;
    const noReason = await galutu({
      method: 'PATCH',
      url: `/api/v1/hazards/${id}`,
      payload: { deadline: later },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('hazards.deadline_reason_required');
    const moved = await galutu({
      method: 'PATCH',
      url: `/api/v1/hazards/${id}`,
      payload: {
        deadline: later,
        reason: '需更换管道，工期较长',
        responsiblePersonName: '王经理',
        responsiblePhone: '13800000000',
      },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ deadline: later, responsiblePersonName: '王经理' });
    const last = moved.json().timeline.at(-1);
    expect(last).toMatchObject({ event: 'deadline_moved', reason: '需更换管道，工期较长' });
  });

  it('hides a 嘎鲁图镇 hazard from a 图克镇 officer (404) and scopes the lists', async () => {
    const { id } = (await create(galutu, { itemId: 'venue.fire_training', description: '未培训' })).json();
    expect((await tuke({ method: 'GET', url: `/api/v1/hazards/${id}` })).statusCode).toBe(404);
    expect(
      (await tuke({ method: 'POST', url: `/api/v1/hazards/${id}/interim-control`, payload: { measure: 'x' } }))
        .statusCode,
    ).toBe(404);
    expect((await tuke({ method: 'GET', url: `/api/v1/hazards/${id}/notice.pdf` })).statusCode).toBe(404);
    const theirs = (await tuke({ method: 'GET', url: '/api/v1/hazards?pageSize=200' })).json();
    expect(theirs.items).toEqual([]);
    const ours = (await galutu({ method: 'GET', url: '/api/v1/hazards?pageSize=200' })).json();
    expect(ours.items.some((h: { id: string }) => h.id === id)).toBe(true);
    // Creating on another township's object is refused.
    const refused = await create(tuke, { itemId: 'venue.fire_training', description: 'x' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('hazards.object_outside_scope');
  });

  it('refuses anonymous calls and callers without the permission', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/hazards' })).statusCode).toBe(401);
    expect((await create(inspector, { itemId: 'venue.fire_training', description: 'x' })).statusCode).toBe(403);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'reads the detail with one named statement for officers of two townships, each within its own scope',
    async () => {
      const { id } = (await create(galutu, { itemId: 'venue.hose_length', description: '软管老化' })).json();
      const answers: { status: number; edit?: boolean }[] = [];
      const names = (
        await sentStatements(async () => {
          for (const send of [galutu, tuke, galutu, tuke]) {
            const res = await send({ method: 'GET', url: `/api/v1/hazards/${id}` });
            answers.push({
              status: res.statusCode,
              edit: res.statusCode === 200 ? res.json().abilities.edit : undefined,
            });
          }
        })
      ).flatMap((s) => (s.name ? [s.name] : []));
      expect(answers).toEqual([
        { status: 200, edit: true },
        { status: 404 },
        { status: 200, edit: true },
        { status: 404 },
      ]);
      const detailReads = names.filter((n) => n.startsWith('hazard_get_'));
      expect(detailReads).toHaveLength(4);
      expect(new Set(detailReads).size).toBe(1);
    },
  );
});
