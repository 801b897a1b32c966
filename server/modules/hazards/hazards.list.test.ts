import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, departmentByCode, regionByCode } from '../../../test/factories.ts';
import { eq } from 'drizzle-orm';
import { buildHazard, buildSignedInspection } from '../../../test/hazard-factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';
import { inspectionsTable } from '../inspections/inspections.table.ts';
import { chinaToday as todayInChina } from '../../../domain/dates.ts';

type Send = Awaited<ReturnType<typeof login>>;
type Item = { id: string; deadline: string; severity: string; status: string; overdue: boolean };

describe('GET /api/v1/hazards: filters, sorting, paging and scope', () => {
  let ctx: TestContext;
  let galutu: Send;
  let fire: Send;
  let market: Send;
  let manager: Send;
  let enterpriseHazard: string;
  let fireHazard: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    galutu = await login(
      ctx.app,
      (await buildUser(db, 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    fire = await login(
      ctx.app,
      (await buildUser(db, 'department_officer', { department: 'fire_rescue' })).username,
      TEST_PASSWORD,
    );
    market = await login(
      ctx.app,
      (await buildUser(db, 'department_officer', { department: 'market_regulation' })).username,
      TEST_PASSWORD,
    );
    const g = await regionByCode(db, '150626100');
    const fireDept = await departmentByCode(db, 'fire_rescue');
    // 30 hazards in 嘎鲁图镇 with spread deadlines and states; 5 in 图克镇.
    for (let i = 0; i < 30; i++) {
      await buildHazard(db, {
        regionId: g.id,
        severity: i % 3 === 0 ? 'major' : 'general',
        foundOn: `2023-${String(8 + (i % 4)).padStart(2, '0')}-10`,
        deadline: `2099-01-${String(1 + (i % 28)).padStart(2, '0')}`,
        description: i === 7 ? '液化气钢瓶倒置使用' : '测试隐患',
        departmentId: i === 3 ? fireDept.id : null,
        status: i % 5 === 0 ? 'rectifying' : 'open',
      });
    }
    fireHazard = (
      await buildHazard(db, {
        regionId: g.id,
        departmentId: fireDept.id,
        objectKind: 'hospital',
        deadline: '2099-02-01',
      })
    ).id;
    await buildHazard(db, { regionId: g.id, deadline: '2024-01-01' }); // overdue
    for (let i = 0; i < 5; i++) await buildHazard(db, { regionCode: '150626102' });
    const enterprise = await buildEnterprise(db, { kind: 'appliance_seller' });
    enterpriseHazard = (
      await buildHazard(db, {
        objectType: 'enterprise',
        objectId: enterprise.id,
        objectKind: 'appliance_seller',
        ownerEnterpriseId: enterprise.id,
        deadline: '2099-02-01',
      })
    ).id;
    manager = await login(
      ctx.app,
      (await buildScopedUser(db, { enterpriseId: enterprise.id })).username,
      TEST_PASSWORD,
    );
  });
  afterAll(() => ctx.close());

  const list = async (send: Send, query: string) => {
    const res = await send({ method: 'GET', url: `/api/v1/hazards?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; nextCursor: string | null; total: number | null };
  };

  it('pages with a keyset cursor in deadline order without gaps or repeats', async () => {
    const g = await regionByCode(ctx.database.db, '150626100');
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(galutu, `regionId=${g.id}&pageSize=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      expect(page.total).toBeNull();
      cursor = page.nextCursor;
    } while (cursor);
    const all = await list(galutu, `regionId=${g.id}&page=1&pageSize=200`);
    expect(all.total).toBe(all.items.length);
    expect(seen.map((x) => x.id)).toEqual(all.items.map((x) => x.id));
    expect(new Set(seen.map((x) => x.id)).size).toBe(seen.length);
    const deadlines = seen.map((x) => x.deadline);
    expect([...deadlines].sort()).toEqual(deadlines);
  });

  it('pages major first by deadline across the severity boundary', async () => {
    const g = await regionByCode(ctx.database.db, '150626100');
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(galutu, `regionId=${g.id}&sort=severity&pageSize=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const all = await list(galutu, `sort=severity&page=1&pageSize=200`);
    expect(seen.map((x) => x.id)).toEqual(all.items.map((x) => x.id));
    const majors = seen.filter((x) => x.severity === 'major');
    expect(seen.slice(0, majors.length)).toEqual(majors);
  });

  it('sorts major first and filters by state, severity, overdue, found date, phase and text', async () => {
    const bySeverity = await list(galutu, 'sort=severity&pageSize=200');
    const firstGeneral = bySeverity.items.findIndex((x) => x.severity === 'general');
    expect(bySeverity.items.slice(firstGeneral).every((x) => x.severity === 'general')).toBe(true);
    expect((await list(galutu, 'status=rectifying&pageSize=200')).items.every((x) => x.status === 'rectifying')).toBe(
      true,
    );
    expect((await list(galutu, 'severity=major&pageSize=200')).items).toHaveLength(10);
    const overdue = await list(galutu, 'overdue=true');
    expect(overdue.items).toHaveLength(1);
    expect(overdue.items[0]!.overdue).toBe(true);
    expect((await list(galutu, 'from=2023-09-01&to=2023-09-30&pageSize=200')).items).toHaveLength(8);
    // Phase 集中攻坚 is 2023-08-01 … 2023-11-30 in the plan.
    expect((await list(galutu, 'phase=intensive&pageSize=200')).items).toHaveLength(30);
    expect((await list(galutu, `q=${encodeURIComponent('钢瓶倒置')}`)).items).toHaveLength(1);
    const bad = await galutu({ method: 'GET', url: '/api/v1/hazards?cursor=bm9wZQ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('hazards.bad_cursor');
    expect(todayInChina() > '2024-01-01').toBe(true);
  });

  it('gives a department its own hazards and, to read, the unassigned ones of the kinds it answers for', async () => {
    const mine = await list(fire, 'pageSize=200');
    expect(mine.items.some((x) => x.id === fireHazard)).toBe(true);
    // The market regulator answers for appliance sellers: it reads that hazard, fire-rescue does not.
    expect((await list(market, 'pageSize=200')).items.some((x) => x.id === enterpriseHazard)).toBe(true);
    expect((await list(fire, 'pageSize=200')).items.some((x) => x.id === enterpriseHazard)).toBe(false);
    // Reading is not managing: the market regulator may not edit a hazard that is not its department's.
    const patch = await market({
      method: 'PATCH',
      url: `/api/v1/hazards/${enterpriseHazard}`,
      payload: { responsibleParty: 'x' },
    });
    expect(patch.statusCode).toBe(403);
  });

  it('gives an enterprise manager its own hazards only, which it may rectify', async () => {
    const theirs = await list(manager, 'pageSize=200');
    expect(theirs.items.map((x) => x.id)).toEqual([enterpriseHazard]);
    const h = (await manager({ method: 'GET', url: `/api/v1/hazards/${enterpriseHazard}` })).json();
    expect(h.abilities).toMatchObject({ start_rectification: true, submit: true, verify: false, edit: false });
    expect((await manager({ method: 'GET', url: `/api/v1/hazards/${fireHazard}` })).statusCode).toBe(404);
  });
});

describe('a department reads the hazards it answers for and those it found itself (issue 9.7)', () => {
  let ctx: TestContext;
  let market: Send;
  let fire: Send;
  let office: Send;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    const db = ctx.database.db;
    const marketUser = await buildUser(db, 'department_officer', { department: 'market_regulation' });
    market = await login(ctx.app, marketUser.username, TEST_PASSWORD);
    fire = await login(
      ctx.app,
      (await buildUser(db, 'department_officer', { department: 'fire_rescue' })).username,
      TEST_PASSWORD,
    );
    office = await login(
      ctx.app,
      (await buildUser(db, 'department_officer', { department: 'campaign_office' })).username,
      TEST_PASSWORD,
    );
    const fireDept = await departmentByCode(db, 'fire_rescue');
    const marketDept = await departmentByCode(db, 'market_regulation');
    const g = await regionByCode(db, '150626100');
    const seller = await buildEnterprise(db, { kind: 'appliance_seller' });
    const restaurant = {
      id: crypto.randomUUID(),
      regionId: g.id,
      type: 'venue' as const,
      kind: 'restaurant',
      name: '饭店',
    };
    const byMarket = await buildSignedInspection(db, { object: restaurant, day: '2024-03-01' });
    await ctx.database.db
      .update(inspectionsTable)
      .set({ departmentIds: [marketDept.id] })
      .where(eq(inspectionsTable.id, byMarket.id));
    const escalated = { escalationLevel: 1, escalatedAt: new Date(), deadline: '2024-03-16' } as const;
    // A restaurant's hazard fire-rescue answers for: the market regulator (who supervises restaurants too) does not read it.
    ids.fires = (await buildHazard(db, { departmentId: fireDept.id, ...escalated })).id;
    // An appliance seller's hazard naming no department: the market regulator answers for the kind.
    ids.unnamed = (
      await buildHazard(db, {
        objectType: 'enterprise',
        objectId: seller.id,
        objectKind: 'appliance_seller',
        ownerEnterpriseId: seller.id,
        ...escalated,
      })
    ).id;
    // Fire-rescue's hazards the market regulator found: by its inspection, and entered by its officer.
    ids.foundByInspection = (
      await buildHazard(db, {
        objectId: restaurant.id,
        departmentId: fireDept.id,
        source: 'inspection',
        sourceInspectionId: byMarket.id,
        itemId: 'x1',
        ...escalated,
      })
    ).id;
    ids.enteredByMarket = (await buildHazard(db, { departmentId: fireDept.id, createdBy: marketUser.id })).id;
  });
  afterAll(() => ctx.close());

  const listed = async (send: Send, url: string) =>
    ((await send({ method: 'GET', url })).json() as { items: { id: string }[] }).items.map((x) => x.id).sort();

  it('applies the rule to the ledger, the 督办 list, the detail and the progress figures alike', async () => {
    const theirs = [ids.unnamed!, ids.foundByInspection!, ids.enteredByMarket!].sort();
    expect(await listed(market, '/api/v1/hazards?pageSize=200')).toEqual(theirs);
    expect((await market({ method: 'GET', url: `/api/v1/hazards/${ids.fires}` })).statusCode).toBe(404);
    expect((await market({ method: 'GET', url: `/api/v1/hazards/${ids.foundByInspection}` })).statusCode).toBe(200);
    const due = (await market({ method: 'GET', url: '/api/v1/hazards/escalations?page=1&pageSize=200' })).json();
    expect(due.items.map((x: { id: string }) => x.id).sort()).toEqual([ids.unnamed!, ids.foundByInspection!].sort());
    expect(due.total).toBe(2);
    const figures = (
      await market({ method: 'GET', url: `/api/v1/progress?groupBy=region&asOf=${todayInChina()}` })
    ).json();
    expect(figures.total.found).toBe(3);
  });

  it('gives the responsible department its own, and the campaign office every hazard of the county', async () => {
    expect(await listed(fire, '/api/v1/hazards?pageSize=200')).toEqual(
      [ids.fires!, ids.foundByInspection!, ids.enteredByMarket!].sort(),
    );
    expect(await listed(office, '/api/v1/hazards?pageSize=200')).toEqual(Object.values(ids).sort());
  });
});
