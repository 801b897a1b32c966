import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { buildScopedUser, buildVenue } from '../../../test/registry-factories.ts';

type Send = Awaited<ReturnType<typeof login>>;
const today = chinaToday();

describe('GET /api/v1/dashboard', () => {
  let ctx: TestContext;
  let admin: Send;
  let galutu: Send;
  let venueUser: Send;
  let major: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    galutu = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    const g = await regionByCode(db, '150626100');
    const t = await regionByCode(db, '150626102');
    const v = await buildVenue(db, { regionId: g.id, lng: 108.84, lat: 38.59 });
    major = (
      await buildHazard(db, {
        objectId: v.id,
        regionId: g.id,
        severity: 'major',
        foundOn: addDays(today, -3),
        deadline: addDays(today, -1),
        escalationLevel: 2,
      })
    ).id;
    await buildHazard(db, { regionId: t.id, foundOn: addDays(today, -20), deadline: addDays(today, 5) });
    await buildHazard(db, {
      regionId: t.id,
      foundOn: addDays(today, -30),
      deadline: addDays(today, 5),
      status: 'closed',
      closedAt: new Date(`${addDays(today, -2)}T10:00:00+08:00`),
    });
    venueUser = await login(ctx.app, (await buildScopedUser(db, { venueId: v.id })).username, TEST_PASSWORD);
  });
  afterAll(() => ctx.close());

  it('401 and 403', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/dashboard' })).statusCode).toBe(401);
    expect((await venueUser({ method: 'GET', url: '/api/v1/dashboard' })).statusCode).toBe(403);
  });

  it('its figures are the progress figures of the caller scope, with trend, majors on the map and decisions', async () => {
    const d = (await admin({ method: 'GET', url: '/api/v1/dashboard' })).json();
    const p = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${today}` })).json();
    for (const k of ['registered', 'inspected', 'found', 'closed', 'open', 'overdue', 'majorOpen'])
      expect(d.figures[k], k).toBe(p.total[k]);
    expect(d.townships.map((x: { key: string }) => x.key)).toEqual(p.groups.map((x: { key: string }) => x.key));
    expect(d.trend).toHaveLength(12);
    expect(d.trend.reduce((s: number, w: { found: number }) => s + w.found, 0)).toBe(3);
    expect(d.trend.reduce((s: number, w: { closed: number }) => s + w.closed, 0)).toBe(1);
    expect(d.majorHazards).toEqual([expect.objectContaining({ id: major, overdue: true, lng: 108.84, lat: 38.59 })]);
    expect(d.decisions).toMatchObject({ escalatedHazards: 1, unlistedMajorHazards: 1, overdueOrders: 0 });
    expect(d.ranking).toBeNull();
    await admin({ method: 'POST', url: '/api/v1/bulletins', payload: {} });
    const listed = await admin({
      method: 'POST',
      url: '/api/v1/supervision/orders',
      payload: {
        targetType: 'region',
        targetRegionId: (await regionByCode(ctx.database.db, '150626100')).id,
        subjectType: 'hazard',
        hazardId: major,
        listed: true,
        title: '挂牌督办',
        requirement: '限期整改',
        dueOn: today,
      },
    });
    expect(listed.statusCode).toBe(201);
    const after = (await admin({ method: 'GET', url: '/api/v1/dashboard' })).json();
    expect(after.decisions.unlistedMajorHazards).toBe(0);
    expect(after.ranking.rows.length).toBeGreaterThanOrEqual(7);
    // A township sees its own.
    const mine = (await galutu({ method: 'GET', url: '/api/v1/dashboard' })).json();
    expect(mine.figures.found).toBe(1);
    expect(mine.majorHazards).toHaveLength(1);
  });
});
