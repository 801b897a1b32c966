import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildHazard } from '../../../test/hazard-factories.ts';
import { buildVenue } from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { hazardEventsTable, hazardsTable } from './hazards.table.ts';

type Send = Awaited<ReturnType<typeof login>>;
type Item = { id: string; escalationLevel: number; regionName: string | null; communityName: string | null };

/** The office's hand-run jobs and filters over HTTP: escalation by level, the run's scope, 所属乡镇 names. */
describe('hazards: escalation level filter, the run by hand, township names', () => {
  let ctx: TestContext;
  let galutu: Send;
  let tuke: Send;
  let admin: Send;
  let galutuOfficerName: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    const officer = await buildUser(db, 'township_officer', { region: '150626100' });
    galutuOfficerName = officer.username;
    galutu = await login(ctx.app, officer.username, TEST_PASSWORD);
    tuke = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626102' })).username,
      TEST_PASSWORD,
    );
    admin = await login(ctx.app, (await buildUser(db, 'office_admin', 'global')).username, TEST_PASSWORD);
  });
  afterAll(() => ctx.close());

  const items = async (send: Send, url: string): Promise<Item[]> => {
    const res = await send({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };

  it('runs the escalation by hand over the caller’s own hazards only, in the caller’s name', async () => {
    const db = ctx.database.db;
    // Long overdue: level 2 once run.
    const ours = await buildHazard(db, { regionCode: '150626100', deadline: '2024-01-01' });
    const theirs = await buildHazard(db, { regionCode: '150626102', deadline: '2024-01-01' });

    const run = await galutu({ method: 'POST', url: '/api/v1/hazards/escalations/run' });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ escalated: 1, level1: 0, level2: 1 });
    const level = async (id: string) =>
      (await db.select().from(hazardsTable).where(eq(hazardsTable.id, id)))[0]!.escalationLevel;
    expect(await level(ours.id)).toBe(2);
    // 图克镇's hazard is not 嘎鲁图镇's to escalate.
    expect(await level(theirs.id)).toBe(0);

    const [event] = await db.select().from(hazardEventsTable).where(eq(hazardEventsTable.hazardId, ours.id));
    expect(event).toMatchObject({ event: 'escalated', actorName: galutuOfficerName });
    expect(event!.details).toMatchObject({ level: 2, manual: true });
    const [audit] = await db
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.subjectId, ours.id), eq(auditEventsTable.action, 'hazard.escalate')));
    expect(audit!.actorType).toBe('user');

    // Again the same day: nothing more.
    expect((await galutu({ method: 'POST', url: '/api/v1/hazards/escalations/run' })).json().escalated).toBe(0);
    // The office runs it county-wide.
    expect((await admin({ method: 'POST', url: '/api/v1/hazards/escalations/run' })).json().escalated).toBe(1);
    expect(await level(theirs.id)).toBe(2);
  });

  it('refuses the run to whoever may only read the ledger', async () => {
    const leader = await login(ctx.app, (await buildUser(ctx.database.db, 'leader', 'global')).username, TEST_PASSWORD);
    const res = await leader({ method: 'POST', url: '/api/v1/hazards/escalations/run' });
    expect(res.statusCode).toBe(403);
  });

  it('filters the escalation list by level', async () => {
    const db = ctx.database.db;
    const g = await regionByCode(db, '150626100');
    const one = await buildHazard(db, { regionId: g.id, deadline: '2099-01-01', escalationLevel: 1 });
    const two = await buildHazard(db, { regionId: g.id, deadline: '2099-01-02', escalationLevel: 2 });
    await buildHazard(db, { regionId: g.id, deadline: '2099-01-03' });

    const all = (await items(galutu, '/api/v1/hazards/escalations?pageSize=200')).map((x) => x.id);
    expect(all).toEqual(expect.arrayContaining([one.id, two.id]));
    const level1 = await items(galutu, '/api/v1/hazards/escalations?level=1&pageSize=200');
    expect(level1.map((x) => x.id)).toContain(one.id);
    expect(level1.map((x) => x.id)).not.toContain(two.id);
    expect(level1.every((x) => x.escalationLevel === 1)).toBe(true);
    const level2 = await items(galutu, '/api/v1/hazards/escalations?level=2&pageSize=200');
    expect(level2.map((x) => x.id)).toContain(two.id);
    expect(level2.every((x) => x.escalationLevel === 2)).toBe(true);
    // With a region filter the list reads region by region: the level still applies.
    const byRegion = await items(galutu, `/api/v1/hazards/escalations?level=1&regionId=${g.id}&pageSize=200`);
    expect(byRegion.map((x) => x.id).sort()).toEqual(level1.map((x) => x.id).sort());

    for (const bad of ['0', '3', 'x', '1.5']) {
      const res = await galutu({ method: 'GET', url: `/api/v1/hazards/escalations?level=${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
      expect(JSON.stringify(res.json().error.details)).toContain('level');
    }
  });

  it('refuses a deadline more than two years ahead, at creation and when moved, saving nothing; a long-overdue hazard can still be given a new date', async () => {
    const db = ctx.database.db;
    const venue = await buildVenue(db, { name: uniqueName('远期饭店') });
    const body = { objectType: 'venue', objectId: venue.id, severity: 'general', description: '远期完成时限' };
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const year = Number(today.slice(0, 4));
    const far = await galutu({
      method: 'POST',
      url: '/api/v1/hazards',
      payload: { ...body, deadline: `${year + 3}${today.slice(4)}` },
    });
    expect(far.statusCode, far.body).toBe(400);
    expect(far.json().error).toMatchObject({ code: 'hazards.dates_invalid', details: { field: 'deadline' } });
    expect(await db.select().from(hazardsTable).where(eq(hazardsTable.objectId, venue.id))).toHaveLength(0);

    const ok = await galutu({
      method: 'POST',
      url: '/api/v1/hazards',
      payload: { ...body, deadline: `${year + 1}${today.slice(4)}` },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const hazard = ok.json();
    const moved = await galutu({
      method: 'PATCH',
      url: `/api/v1/hazards/${hazard.id}`,
      payload: { deadline: '2099-12-31', reason: '工期长' },
    });
    expect(moved.statusCode, moved.body).toBe(400);
    expect(moved.json().error).toMatchObject({ code: 'hazards.dates_invalid', details: { field: 'deadline' } });
    const after = await galutu({ method: 'GET', url: `/api/v1/hazards/${hazard.id}` });
    expect(after.json().deadline).toBe(hazard.deadline);

    // Found five years ago and never closed: next year is still a valid new deadline.
    const old = await buildHazard(db, { foundOn: `${year - 5}-03-01`, deadline: `${year - 5}-03-16` });
    const renewed = await galutu({
      method: 'PATCH',
      url: `/api/v1/hazards/${old.id}`,
      payload: { deadline: `${year + 1}-03-01`, reason: '整改方案调整' },
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json().deadline).toBe(`${year + 1}-03-01`);
  });

  it('names the township, not the community, of an object registered in a community — in the list, detail and export', async () => {
    const db = ctx.database.db;
    const g = await regionByCode(db, '150626100');
    const created = await galutu({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: g.id, code: uniqueName('c'), name: '团结社区' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const community = created.json();
    expect(community.level).toBe('community');
    const venue = await buildVenue(db, { regionId: community.id, name: '团结社区饭店', address: '团结路1号' });
    const res = await galutu({
      method: 'POST',
      url: '/api/v1/hazards',
      payload: {
        objectType: 'venue',
        objectId: venue.id,
        severity: 'general',
        description: '软管老化',
        foundOn: '2024-03-01',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ regionId: community.id, regionName: '嘎鲁图镇', communityName: '团结社区' });

    const listed = (await items(galutu, `/api/v1/hazards?objectId=${venue.id}`))[0]!;
    expect(listed).toMatchObject({ regionName: '嘎鲁图镇', communityName: '团结社区' });
    // A hazard registered at the township itself has no community.
    const atTownship = await buildHazard(db, { regionId: g.id, objectName: '镇上饭店' });
    expect((await galutu({ method: 'GET', url: `/api/v1/hazards/${atTownship.id}` })).json()).toMatchObject({
      regionName: '嘎鲁图镇',
      communityName: null,
    });

    const exported = await galutu({ method: 'GET', url: `/api/v1/hazards/export?objectId=${venue.id}` });
    expect(exported.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const row = (wb.worksheets[0]!.getRow(2).values as unknown[]).slice(1);
    expect(row.slice(1, 4)).toEqual(['团结社区饭店', '团结路1号', '嘎鲁图镇']);

    // The notice reads the same names.
    const pdf = await galutu({ method: 'GET', url: `/api/v1/hazards/${res.json().id}/notice.pdf` });
    expect(pdf.statusCode).toBe(200);
    // Another township sees none of it.
    expect((await tuke({ method: 'GET', url: `/api/v1/hazards/${res.json().id}` })).statusCode).toBe(404);
  });
});
