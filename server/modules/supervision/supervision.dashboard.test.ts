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
    // The major hazard is at the office (level 2), so it is listed (挂牌督办) by the one definition.
    expect(d.decisions).toMatchObject({ escalatedHazards: 1, unlistedMajorHazards: 0, overdueOrders: 0 });
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

// 挂牌督办 has one definition (hazards.listing.ts): the ledger's way (a major hazard at escalation level 1 or
// more) and the supervision order's way (a 挂牌督办 order lists the hazard itself) are the same fact.
describe('a listed major hazard, on the dashboard and in the ledger', () => {
  let ctx: TestContext;
  let admin: Send;
  let g: { id: string };

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    g = await regionByCode(db, '150626100');
  });
  afterAll(() => ctx.close());

  const figures = async () => {
    const d = (await admin({ method: 'GET', url: '/api/v1/dashboard' })).json();
    const p = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${today}` })).json();
    const listed = (await admin({ method: 'GET', url: '/api/v1/hazards?listed=true&status=open&pageSize=100' })).json();
    const unlisted = (
      await admin({ method: 'GET', url: '/api/v1/hazards?listed=false&status=open&pageSize=100' })
    ).json();
    const ids = (r: { items: { id: string }[] }) => r.items.map((x) => x.id).sort();
    return { d, p, listed: ids(listed), unlisted: ids(unlisted) };
  };

  it('a major hazard listed the ledger way (level 1) is not counted unlisted on the dashboard', async () => {
    const db = ctx.database.db;
    const found = {
      regionId: g.id,
      severity: 'major' as const,
      foundOn: addDays(today, -2),
      deadline: addDays(today, 10),
    };
    const ledgerListed = await buildHazard(db, { ...found, escalationLevel: 1 });
    const notListed = await buildHazard(db, found);
    const f = await figures();
    expect(f.d.decisions.unlistedMajorHazards).toBe(1);
    expect(f.p.total.majorUnlisted).toBe(1);
    expect(f.listed).toEqual([ledgerListed.id]);
    expect(f.unlisted).toEqual([notListed.id]);
    const detail = (await admin({ method: 'GET', url: `/api/v1/hazards/${ledgerListed.id}` })).json();
    expect(detail.listed ?? detail.hazard?.listed).toBe(true);
  });

  it('a major hazard listed by a 挂牌督办 order is listed in the ledger too, on its timeline', async () => {
    const before = await figures();
    const [id] = before.unlisted;
    const order = await admin({
      method: 'POST',
      url: '/api/v1/supervision/orders',
      payload: {
        targetType: 'region',
        targetRegionId: g.id,
        subjectType: 'hazard',
        hazardId: id,
        listed: true,
        title: '重大隐患挂牌督办',
        requirement: '限期整改销号',
        dueOn: addDays(today, 7),
      },
    });
    expect(order.statusCode).toBe(201);
    const after = await figures();
    expect(after.d.decisions.unlistedMajorHazards).toBe(0);
    expect(after.p.total.majorUnlisted).toBe(0);
    expect(after.unlisted).toEqual([]);
    expect(after.listed).toContain(id);
    const detail = (await admin({ method: 'GET', url: `/api/v1/hazards/${id}` })).json();
    const hazard = detail.hazard ?? detail;
    expect(hazard).toMatchObject({ listed: true, escalationLevel: 1 });
    const timeline = (hazard.timeline ?? detail.timeline) as { event: string; note: string | null }[];
    expect(timeline.find((e) => e.event === 'escalated')?.note).toContain(order.json().number);
  });

  it('a 挂牌督办 order for a closed major hazard is refused with the field at fault', async () => {
    const closed = await buildHazard(ctx.database.db, {
      regionId: g.id,
      severity: 'major',
      foundOn: addDays(today, -9),
      deadline: addDays(today, 1),
      closedAt: new Date(),
    });
    const res = await admin({
      method: 'POST',
      url: '/api/v1/supervision/orders',
      payload: {
        targetType: 'region',
        targetRegionId: g.id,
        subjectType: 'hazard',
        hazardId: closed.id,
        listed: true,
        title: '重大隐患挂牌督办',
        requirement: '限期整改销号',
        dueOn: addDays(today, 7),
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'supervision.subject_invalid' });
    expect(JSON.stringify(res.json().error)).toContain('listed');
  });
});
