import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { buildVenue } from '../../../test/registry-factories.ts';
import { runDailyEscalation } from './hazards.escalation.ts';
import { hazardTallyRecount } from './hazards.tallies.ts';
import { hazardsTable } from './hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
type Row = Record<string, unknown>;
const today = chinaToday();

/**
 * hazard_tallies (the counts the dashboard and today's progress figures read) are kept by triggers in the same
 * transaction as every hazard change: after findings, the closed loop, a moved deadline, escalation, a severity
 * and a region changed, the table equals a recount of the ledger, and the figures read from it equal those of the
 * full pass over the hazards (GET /progress with a `from` day reads the hazards themselves).
 */
describe('hazard_tallies: kept with every hazard change, equal to the ledger', () => {
  let ctx: TestContext;
  let admin: Send;
  let galutu: Send;
  let tuke: Send;
  let venueId: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
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
    venueId = (await buildVenue(db, { name: '草原人家饭店', address: '萨如拉街1号' })).id;
  });
  afterAll(() => ctx.close());

  const stored = async () =>
    (
      (await ctx.database.db.execute(
        sql`select region_id::text, measure, day::text, n from hazard_tallies where n <> 0 order by 1, 2, 3`,
      )) as unknown as { rows: Row[] }
    ).rows;
  const recounted = async () =>
    (
      (await ctx.database.db.execute(
        sql`select region_id::text, measure, day::text, n from (${hazardTallyRecount}) r where n <> 0 order by 1, 2, 3`,
      )) as unknown as { rows: Row[] }
    ).rows;

  /** The table equals a recount; the figures from it equal the full pass's, for the office and a township. */
  const expectEqual = async (label: string) => {
    expect(await stored(), label).toEqual(await recounted());
    for (const send of [admin, galutu]) {
      const fromTallies = (await send({ method: 'GET', url: '/api/v1/progress?groupBy=region' })).json();
      const fromPass = (await send({ method: 'GET', url: '/api/v1/progress?groupBy=region&from=1970-01-01' })).json();
      expect(fromTallies, label).toEqual(fromPass);
      const d = (await send({ method: 'GET', url: '/api/v1/dashboard' })).json();
      for (const k of ['found', 'closed', 'open', 'overdue', 'majorOpen'])
        expect(d.figures[k], `${label} ${k}`).toBe(fromPass.total[k]);
      expect(d.decisions.unlistedMajorHazards, label).toBe(fromPass.total.majorUnlisted);
    }
  };

  it('after findings, the closed loop, a moved deadline, escalation, severity and region changes', async () => {
    const db = ctx.database.db;
    const g = await regionByCode(db, '150626100');
    const t = await regionByCode(db, '150626102');
    await expectEqual('empty');

    // Findings: through the API (a major one is listed at once) and straight into the ledger (some closed, overdue).
    const create = (body: Record<string, unknown>) =>
      galutu({ method: 'POST', url: '/api/v1/hazards', payload: { objectType: 'venue', objectId: venueId, ...body } });
    const general = (await create({ itemId: 'venue.detector', description: '未安装可燃气体报警器' })).json();
    const major = await create({
      description: '管道严重腐蚀',
      severity: 'major',
      interimControl: '停用相关设施，专人值守',
    });
    expect(major.statusCode, major.body).toBe(201);
    for (let i = 0; i < 6; i++)
      await buildHazard(db, {
        regionId: i % 2 ? g.id : t.id,
        severity: i % 3 === 0 ? 'major' : 'general',
        foundOn: addDays(today, -40 - i * 7),
        deadline: addDays(today, -20 + i * 5),
        ...(i < 2 ? { closedAt: new Date(`${addDays(today, -10 - i)}T03:00:00Z`), status: 'closed' as const } : {}),
      });
    await expectEqual('after findings');

    // The closed loop over HTTP: start, submit, verify (closed).
    const post = (path: string, payload?: Record<string, unknown>) =>
      galutu({
        method: 'POST',
        url: `/api/v1/hazards/${general.id}/${path}`,
        ...(payload === undefined ? {} : { payload }),
      });
    expect((await post('start-rectification')).statusCode).toBe(200);
    await expectEqual('rectifying');
    expect((await post('submit', { note: '已安装报警器' })).statusCode).toBe(200);
    await expectEqual('submitted');
    expect((await post('verify', { method: 'evidence' })).statusCode).toBe(200);
    await expectEqual('closed');

    // A moved deadline (with a reason), through the API.
    const id = major.json().id as string;
    const moved = await galutu({
      method: 'PATCH',
      url: `/api/v1/hazards/${id}`,
      payload: { deadline: addDays(today, 200), reason: '需更换管道，工期较长' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await expectEqual('deadline moved');

    // The daily escalation raises the overdue open ones (level 1 and 2).
    const run = await runDailyEscalation(db, today);
    expect(run.escalated).toBeGreaterThan(0);
    await expectEqual('escalated');

    // Severity and region changed in one statement (a correction), and a hazard reopened in the database.
    await db.update(hazardsTable).set({ severity: 'major', regionId: t.id }).where(eq(hazardsTable.regionId, g.id));
    await expectEqual('severity and region');
    await db
      .update(hazardsTable)
      .set({ status: 'open', closedAt: null })
      .where(sql`${hazardsTable.id} = (select id from hazards where status = 'closed' order by number limit 1)`);
    await expectEqual('reopened');

    // Nothing counted changes: nothing is written to the tallies.
    const before = await stored();
    await db.update(hazardsTable).set({ description: '更正描述' });
    expect(await stored()).toEqual(before);

    // A township reads its own tallies only (scope), the same as the full pass gives it.
    const theirs = (await tuke({ method: 'GET', url: '/api/v1/progress?groupBy=region' })).json();
    const theirsPass = (await tuke({ method: 'GET', url: '/api/v1/progress?groupBy=region&from=1970-01-01' })).json();
    expect(theirs).toEqual(theirsPass);
    expect(theirs.total.found).toBeGreaterThan(0);
  });
});
