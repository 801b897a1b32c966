import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { hazardEventsTable } from '../hazards/hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

/**
 * The state and the deadline as of a day: GET /progress and a bulletin as of an earlier day count each hazard in the
 * state it was in at the end of that day (byStatus) and overdue by the deadline it had then, from its timeline
 * (hazards.as-of.ts), not by today's row.
 */
describe('byStatus and overdue as of the day (from the hazards’ timeline)', () => {
  let ctx: TestContext;
  let admin: Send;
  const today = chinaToday();
  const asOf = '2024-03-15';

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    const galutu = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    const g = await regionByCode(db, '150626100');
    const step = async (id: string, path: string, payload?: Record<string, unknown>) => {
      const res = await galutu({
        method: 'POST',
        url: `/api/v1/hazards/${id}/${path}`,
        ...(payload === undefined ? {} : { payload }),
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const closeToday = async (id: string) => {
      await step(id, 'start-rectification');
      await step(id, 'submit', { note: '已整改' });
      await step(id, 'verify', { method: 'evidence' });
    };
    // A: open on 03-15 (due 2099), closed today through the API: open then, closed now.
    const a = await buildHazard(db, { regionId: g.id, foundOn: '2024-03-01', deadline: '2099-01-01' });
    await closeToday(a.id);
    // B: due 03-10, so overdue on 03-15; today its deadline is moved into the future (with a reason) and it is
    // closed: overdue then, by the deadline it had then.
    const b = await buildHazard(db, { regionId: g.id, foundOn: '2024-03-01', deadline: '2024-03-10' });
    const moved = await galutu({
      method: 'PATCH',
      url: `/api/v1/hazards/${b.id}`,
      payload: { deadline: addDays(today, 30), reason: '需更换管道，工期较长' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await closeToday(b.id);
    // C: rectifying from 03-10, submitted on 03-20 (its timeline): rectifying on 03-15, submitted now.
    const c = await buildHazard(db, {
      regionId: g.id,
      foundOn: '2024-03-01',
      deadline: '2099-01-01',
      status: 'submitted',
      submittedAt: new Date('2024-03-20T10:00:00+08:00'),
    });
    await db.insert(hazardEventsTable).values([
      {
        hazardId: c.id,
        event: 'created',
        toStatus: 'open',
        actorName: '张三',
        at: new Date('2024-03-01T17:00:00+08:00'),
      },
      {
        hazardId: c.id,
        event: 'start_rectification',
        fromStatus: 'open',
        toStatus: 'rectifying',
        actorName: '张三',
        at: new Date('2024-03-10T10:00:00+08:00'),
      },
      {
        hazardId: c.id,
        event: 'submit',
        fromStatus: 'rectifying',
        toStatus: 'submitted',
        actorName: '张三',
        at: new Date('2024-03-20T10:00:00+08:00'),
      },
    ]);
    // D: closed on 03-12, before the day: closed at both.
    await buildHazard(db, {
      regionId: g.id,
      foundOn: '2024-03-01',
      deadline: '2024-03-11',
      closedAt: new Date('2024-03-12T15:00:00+08:00'),
    });
  });
  afterAll(() => ctx.close());

  it('GET /progress and a bulletin as of an earlier day count the state and the overdue of that day', async () => {
    const then = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${asOf}` })).json();
    expect(then.total).toMatchObject({
      found: 4,
      closed: 1,
      open: 3,
      overdue: 1,
      byStatus: { open: 2, rectifying: 1, submitted: 0, closed: 1 },
    });
    const [g] = then.groups;
    expect(g).toMatchObject({
      label: '嘎鲁图镇',
      overdue: 1,
      byStatus: { open: 2, rectifying: 1, submitted: 0, closed: 1 },
    });

    const now = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${today}` })).json();
    expect(now.total).toMatchObject({
      found: 4,
      closed: 3,
      overdue: 0,
      byStatus: { open: 0, rectifying: 0, submitted: 1, closed: 3 },
    });

    // The bulletin of that day says the same (the same code, the same moment).
    const bulletin = await admin({ method: 'POST', url: '/api/v1/bulletins', payload: { asOf } });
    expect(bulletin.statusCode, bulletin.body).toBe(201);
    const row = bulletin.json().rows.find((r: { regionName: string }) => r.regionName === '嘎鲁图镇');
    expect(row).toMatchObject({ found: 4, closed: 1, open: 3, overdue: 1 });
  });
});
