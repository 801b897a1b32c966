import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { bulletinScore } from '../../../domain/supervision/bulletin.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, departmentByCode, regionByCode } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { buildVenue } from '../../../test/registry-factories.ts';
import { enforcementCasesTable } from '../enforcement/index.ts';
import { alarmsTable, sensorsTable } from '../monitoring/index.ts';
import { tipsTable } from '../tips/index.ts';

type Send = Awaited<ReturnType<typeof login>>;
type Reason = { code: string; points: number; count?: number; text: string };
type Item = { objectId: string; score: number; level: string; reasons: Reason[] };
type Extra = Record<'rebounds' | 'tipsDue' | 'tipsOnTime' | 'cases' | 'alarmsClosed' | 'alarmsOnTime', number>;
type Row = { regionName: string; score: number; extra: Extra; departmentId?: string };

const today = chinaToday();
const at = (day: string, hh = '10') => new Date(`${day}T${hh}:00:00+08:00`);

/**
 * Tips, cases and alarms reach the bulletins and the risk grading through those modules' read
 * contracts: each one added changes the figure it should, by what it should.
 */
describe('supervision: tips, cases and alarms in the bulletins and the risk grading', () => {
  let ctx: TestContext;
  let admin: Send;
  let venueId: string;
  let regionId: string;
  let marketId: string;
  let seq = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
    const g = await regionByCode(db, '150626100');
    regionId = g.id;
    marketId = (await departmentByCode(db, 'market_regulation')).id;
    venueId = (await buildVenue(db, { regionId, category: 'restaurant' })).id;
  });
  afterAll(() => ctx.close());

  const risk = async () =>
    ((await admin({ method: 'GET', url: '/api/v1/risk/objects?pageSize=200' })).json().items as Item[]).find(
      (x) => x.objectId === venueId,
    )!;
  const bulletin = async () => {
    const res = await admin({ method: 'POST', url: '/api/v1/bulletins', payload: {} });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    return {
      galutu: (b.rows as Row[]).find((r) => r.regionName === '嘎鲁图镇')!,
      market: (b.departmentRows as Row[]).find((r) => r.departmentId === marketId),
      total: b.total as { extra: Extra },
      keys: (b.extraFigures as { key: string }[]).map((f) => f.key),
    };
  };
  const tip = async (o: { dueAt: Date; closedAt?: Date; hazardId?: string }) =>
    (
      await ctx.database.db
        .insert(tipsTable)
        .values({
          trackingCode: `T${++seq}${Date.now()}`,
          category: 'other',
          description: '举报',
          regionId,
          departmentId: marketId,
          dueAt: o.dueAt,
          status: o.closedAt ? 'closed' : 'accepted',
          closedAt: o.closedAt ?? null,
          hazardId: o.hazardId ?? null,
          clientKey: 'k',
          createdAt: addDaysDate(o.dueAt, -3),
        })
        .returning()
    )[0]!;
  const addDaysDate = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

  it('a tip: the bulletin counts it due and, closed by its deadline, on time; its venue gains the tip reason', async () => {
    const before = await bulletin();
    expect(before.keys).toEqual(
      expect.arrayContaining(['rebounds', 'tipsDue', 'tipsOnTime', 'cases', 'alarmsClosed', 'alarmsOnTime']),
    );
    const riskBefore = await risk();
    const h = await buildHazard(ctx.database.db, {
      objectId: venueId,
      regionId,
      foundOn: addDays(today, -3),
      deadline: addDays(today, 20),
    });
    // One tip due yesterday and closed in time (about the venue's hazard), one due yesterday still open,
    // one due next week (not yet counted).
    await tip({ dueAt: at(addDays(today, -1)), closedAt: at(addDays(today, -2)), hazardId: h.id });
    await tip({ dueAt: at(addDays(today, -1)) });
    await tip({ dueAt: at(addDays(today, 7)) });
    const after = await bulletin();
    expect(after.galutu.extra.tipsDue - before.galutu.extra.tipsDue).toBe(2);
    expect(after.galutu.extra.tipsOnTime - before.galutu.extra.tipsOnTime).toBe(1);
    expect(after.market!.extra.tipsDue - (before.market?.extra.tipsDue ?? 0)).toBe(2);
    expect(after.total.extra.tipsOnTime - before.total.extra.tipsOnTime).toBe(1);
    // The ranking score uses them: half the due tips handled on time.
    expect(after.galutu.score).toBe(bulletinScore(after.galutu as unknown as Parameters<typeof bulletinScore>[0]));
    const r = await risk();
    const reason = r.reasons.find((x) => x.code === 'signal:tips')!;
    expect(reason).toMatchObject({ count: 1, points: 5, text: '相关举报 1' });
    // The hazard itself adds a general open hazard (8); the tip adds 5.
    expect(r.score - riskBefore.score).toBe(8 + 5);
  });

  it('a case: counted for its township and its department; against the venue, it raises the venue by 10', async () => {
    const before = await bulletin();
    const riskBefore = await risk();
    await ctx.database.db.insert(enforcementCasesTable).values({
      number: `市监立〔2026〕${++seq}号`,
      departmentId: marketId,
      regionId,
      subjectType: 'venue',
      subjectId: venueId,
      subjectName: '饭店',
      source: 'manual',
      facts: '未安装报警器',
      openedOn: addDays(today, -1),
    });
    const after = await bulletin();
    expect(after.galutu.extra.cases - before.galutu.extra.cases).toBe(1);
    expect(after.market!.extra.cases - (before.market?.extra.cases ?? 0)).toBe(1);
    const r = await risk();
    expect(r.reasons.find((x) => x.code === 'signal:cases')).toMatchObject({
      count: 1,
      points: 10,
      text: '执法案件 1',
    });
    expect(r.score - riskBefore.score).toBe(10);
  });

  it('an alarm: open, it raises the venue by 10; closed without escalation, the bulletin counts it on time', async () => {
    const db = ctx.database.db;
    const riskBefore = await risk();
    const before = await bulletin();
    const [sensor] = await db
      .insert(sensorsTable)
      .values({
        code: `S-${++seq}`,
        name: '厨房探测器',
        kind: 'kitchen_gas',
        objectType: 'venue',
        objectId: venueId,
        regionId,
        venueId,
      })
      .returning();
    const base = {
      sensorId: sensor!.id,
      sensorCode: sensor!.code,
      sensorKind: 'kitchen_gas' as const,
      kind: 'gas' as 'gas' | 'offline',
      level: 'alarm' as const,
      peakLevel: 'alarm' as const,
      regionId,
      objectType: 'venue' as const,
      objectId: venueId,
      venueId,
    };
    const [open] = await db
      .insert(alarmsTable)
      .values({ ...base, raisedAt: at(addDays(today, -1)) })
      .returning();
    const r = await risk();
    expect(r.reasons.find((x) => x.code === 'signal:alarms')).toMatchObject({ count: 1, points: 10 });
    expect(r.score - riskBefore.score).toBe(10);
    // Closed: no longer in the risk; one closed in time and one closed after escalation in the bulletin.
    await db
      .update(alarmsTable)
      .set({ status: 'closed', closedAt: at(addDays(today, -1), '11') })
      .where(eq(alarmsTable.id, open!.id));
    await db.insert(alarmsTable).values({
      ...base,
      kind: 'offline' as const,
      raisedAt: at(addDays(today, -2)),
      status: 'closed',
      escalationLevel: 2,
      closedAt: at(addDays(today, -2), '12'),
    });
    expect((await risk()).score).toBe(riskBefore.score);
    const after = await bulletin();
    expect(after.galutu.extra.alarmsClosed - before.galutu.extra.alarmsClosed).toBe(2);
    expect(after.galutu.extra.alarmsOnTime - before.galutu.extra.alarmsOnTime).toBe(1);
  });

  it('the score weighs tips, alarms and cases: a unit handling them on time ranks above an equal one that does not', () => {
    const base = {
      registered: 10,
      inspected: 10,
      coverageRate: 1,
      found: 4,
      closed: 2,
      open: 2,
      overdue: 1,
      majorOpen: 0,
      closureRate: 0.5,
    };
    const good = bulletinScore({
      ...base,
      extra: { tipsDue: 2, tipsOnTime: 2, alarmsClosed: 2, alarmsOnTime: 2, cases: 1 },
    });
    const slow = bulletinScore({
      ...base,
      extra: { tipsDue: 2, tipsOnTime: 0, alarmsClosed: 2, alarmsOnTime: 0, cases: 0 },
    });
    expect(good - slow).toBe(15);
  });
});
