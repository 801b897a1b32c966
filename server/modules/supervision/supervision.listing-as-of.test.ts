import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { hazardEventsTable } from '../hazards/hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;

/**
 * 挂牌督办 as of a day: a bulletin (and GET /progress) as of an earlier day counts a major hazard as listed only when
 * it was listed by the end of that day (its escalation history), not by its level today.
 */
describe('挂牌督办 as of the bulletin day (majorUnlisted from the hazard events history)', () => {
  let ctx: TestContext;
  let admin: Send;
  const today = chinaToday();
  const before = '2024-03-15';

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    const g = await regionByCode(db, '150626100');
    // A: major, found 2024-03-02, never listed until the office's 挂牌督办 order today (below).
    const a = await buildHazard(db, {
      regionId: g.id,
      severity: 'major',
      foundOn: '2024-03-02',
      deadline: '2099-01-01',
    });
    // B: major, listed on 2024-03-05 (level 1), raised to the office on 2024-04-01 (level 2): listed at both days.
    const b = await buildHazard(db, {
      regionId: g.id,
      severity: 'major',
      foundOn: '2024-03-05',
      deadline: '2099-01-01',
      escalationLevel: 2,
      escalatedAt: new Date('2024-04-01T00:05:00+08:00'),
    });
    await db.insert(hazardEventsTable).values([
      {
        hazardId: b.id,
        event: 'escalated',
        fromStatus: 'open',
        toStatus: 'open',
        actorName: '系统',
        details: { fromLevel: 0, level: 1, reason: 'major_found' },
        at: new Date('2024-03-05T17:00:00+08:00'),
      },
      {
        hazardId: b.id,
        event: 'escalated',
        fromStatus: 'open',
        toStatus: 'open',
        actorName: '系统',
        details: { fromLevel: 1, level: 2 },
        at: new Date('2024-04-01T00:05:00+08:00'),
      },
    ]);
    // C: major, listed at finding on 2024-03-03 with no later rise: listed at both days (no history read).
    await buildHazard(db, {
      regionId: g.id,
      severity: 'major',
      foundOn: '2024-03-03',
      deadline: '2099-01-01',
      escalationLevel: 1,
      escalatedAt: new Date('2024-03-03T17:00:00+08:00'),
    });
    // The office lists A today through a 挂牌督办 order (the real path: level 1 and an `escalated` event now).
    const res = await admin({
      method: 'POST',
      url: '/api/v1/supervision/orders',
      payload: {
        targetType: 'region',
        targetRegionId: g.id,
        subjectType: 'hazard',
        hazardId: a.id,
        listed: true,
        title: '重大隐患挂牌督办',
        requirement: '限期完成整改并报送整改情况',
        dueOn: addDays(today, 10),
      },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(() => ctx.close());

  it('GET /progress and a bulletin as of an earlier day count what was listed then; as of today, what is listed now', async () => {
    const progressBefore = (
      await admin({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${before}` })
    ).json();
    expect(progressBefore.total).toMatchObject({ majorOpen: 3, majorUnlisted: 1 });
    const progressNow = (await admin({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${today}` })).json();
    expect(progressNow.total).toMatchObject({ majorOpen: 3, majorUnlisted: 0 });

    // As of 2024-03-04: only C was listed (B was listed on 03-05, A today).
    const early = (await admin({ method: 'GET', url: '/api/v1/progress?groupBy=region&asOf=2024-03-04' })).json();
    expect(early.total).toMatchObject({ majorOpen: 2, majorUnlisted: 1 });

    const bulletin = await admin({ method: 'POST', url: '/api/v1/bulletins', payload: { asOf: before } });
    expect(bulletin.statusCode).toBe(201);
    const g = bulletin.json().rows.find((r: { regionName: string }) => r.regionName === '嘎鲁图镇');
    expect(g).toMatchObject({ majorOpen: 3, majorUnlisted: 1 });
    expect(bulletin.json().total).toMatchObject({ majorUnlisted: 1 });
    const now = (await admin({ method: 'POST', url: '/api/v1/bulletins', payload: {} })).json();
    expect(now.total).toMatchObject({ majorOpen: 3, majorUnlisted: 0 });

    // The dashboard (as of today) agrees with the ledger's `listed` filter.
    const d = (await admin({ method: 'GET', url: '/api/v1/dashboard' })).json();
    expect(d.decisions.unlistedMajorHazards).toBe(0);
  });
});
