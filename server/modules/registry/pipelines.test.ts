import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';

type Client = Awaited<ReturnType<typeof login>>;

let ctx: TestContext;
let admin: Client;
let galutuOfficer: Client;
let tukeOfficer: Client;
let housing: Client;
let market: Client;
let galutu: { id: string };
let tuke: { id: string };
let operator: { id: string };
let otherOperator: { id: string };
let bottled: { id: string };

const thisYear = Number(chinaToday().slice(0, 4));

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  galutu = await regionByCode(db, TOWNSHIPS.galutu);
  tuke = await regionByCode(db, TOWNSHIPS.tuke);
  operator = await buildEnterprise(db, { kind: 'pipeline_operator', name: uniqueName('乌审旗管道燃气公司') });
  otherOperator = await buildEnterprise(db, { kind: 'pipeline_operator', name: uniqueName('苏里格天然气公司') });
  bottled = await buildEnterprise(db, { kind: 'bottled_operator' });
  const logins = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  admin = await logins(await buildUser(db, 'office_admin', 'global'));
  galutuOfficer = await logins(await buildUser(db, 'township_officer', { region: TOWNSHIPS.galutu }));
  tukeOfficer = await logins(await buildUser(db, 'township_officer', { region: TOWNSHIPS.tuke }));
  housing = await logins(await buildUser(db, 'department_officer', { department: 'housing' }));
  market = await logins(await buildUser(db, 'department_officer', { department: 'market_regulation' }));
});
afterAll(() => ctx.close());

function segment(overrides: Record<string, unknown> = {}) {
  return {
    code: uniqueName('GLT-'),
    name: '嘎鲁图镇萨如拉街中压管道',
    ownerEnterpriseId: operator.id,
    regionId: galutu.id,
    material: 'steel',
    pressureClass: 'medium_a',
    diameterMm: 160,
    lengthM: 1234.56,
    installedYear: 1995,
    encroached: true,
    geometry: [
      [108.84, 38.6],
      [108.845, 38.602],
    ],
    ...overrides,
  };
}

async function create(client: Client, overrides: Record<string, unknown> = {}) {
  const res = await client({ method: 'POST', url: '/api/v1/pipeline-segments', payload: segment(overrides) });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('pipeline segments over HTTP', () => {
  it('creates a segment with a computed age and reads it back with abilities and an audit entry', async () => {
    const res = await galutuOfficer({ method: 'POST', url: '/api/v1/pipeline-segments', payload: segment() });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      name: '嘎鲁图镇萨如拉街中压管道',
      ownerEnterprise: { id: operator.id },
      region: { id: galutu.id, name: '嘎鲁图镇' },
      material: 'steel',
      lengthM: 1234.6,
      installedYear: 1995,
      ageYears: thisYear - 1995,
      encroached: true,
      confinedSpace: false,
      renewalStatus: 'not_needed',
      archived: false,
      abilities: { edit: true, archive: true },
    });
    expect(body.geometry).toEqual([
      [108.84, 38.6],
      [108.845, 38.602],
    ]);
    const got = await admin({ method: 'GET', url: `/api/v1/pipeline-segments/${body.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json().code).toBe(body.code);
    const audit = await admin({ method: 'GET', url: `/api/v1/audit?subjectType=pipeline&subjectId=${body.id}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['pipeline.create']);
  });

  it('lists with filters (age, flags, material, owner, region subtree) and Chinese search', async () => {
    const tag = uniqueName('检索');
    const old = await create(admin, { name: `${tag}老旧钢管`, installedYear: 1990, encroached: true });
    const young = await create(admin, {
      name: `${tag}新建PE管`,
      material: 'pe',
      installedYear: thisYear - 2,
      encroached: false,
      confinedSpace: true,
      renewalStatus: 'planned',
      ownerEnterpriseId: otherOperator.id,
      regionId: tuke.id,
    });
    const list = async (query: string) => {
      const res = await admin({
        method: 'GET',
        url: `/api/v1/pipeline-segments?q=${encodeURIComponent(tag)}&${query}`,
      });
      expect(res.statusCode).toBe(200);
      return res
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort();
    };
    expect(await list('')).toEqual([old.id, young.id].sort());
    expect(await list('minAge=20')).toEqual([old.id]);
    expect(await list('encroached=true')).toEqual([old.id]);
    expect(await list('confinedSpace=true')).toEqual([young.id]);
    expect(await list('material=pe')).toEqual([young.id]);
    expect(await list('renewalStatus=planned')).toEqual([young.id]);
    expect(await list(`ownerEnterpriseId=${otherOperator.id}`)).toEqual([young.id]);
    expect(await list(`regionId=${tuke.id}`)).toEqual([young.id]);
    const banner = await regionByCode(ctx.database.db, '150626');
    expect(await list(`regionId=${banner.id}`)).toEqual([old.id, young.id].sort());
    const page = await admin({
      method: 'GET',
      url: `/api/v1/pipeline-segments?q=${encodeURIComponent('老旧钢')}&pageSize=5`,
    });
    expect(page.json()).toMatchObject({ page: 1, pageSize: 5 });
    expect(page.json().items.map((i: { id: string }) => i.id)).toContain(old.id);
    const one = await admin({
      method: 'GET',
      url: `/api/v1/pipeline-segments?q=${encodeURIComponent('钢')}&pageSize=200`,
    });
    expect(one.json().items.map((i: { id: string }) => i.id)).toContain(old.id);
    const none = await admin({
      method: 'GET',
      url: `/api/v1/pipeline-segments?q=${encodeURIComponent(`${tag}不存在`)}`,
    });
    expect(none.json().total).toBe(0);
  });

  it('edits a segment and records the change', async () => {
    const s = await create(galutuOfficer);
    const res = await galutuOfficer({
      method: 'PATCH',
      url: `/api/v1/pipeline-segments/${s.id}`,
      payload: { renewalStatus: 'in_progress', encroached: false, geometry: null },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ renewalStatus: 'in_progress', encroached: false, geometry: null });
    const audit = await admin({ method: 'GET', url: `/api/v1/audit?subjectType=pipeline&subjectId=${s.id}` });
    expect(audit.json().items[0]).toMatchObject({ action: 'pipeline.update' });
  });

  it('archives: hidden from lists unless archived=true, no more edits, the code stays taken', async () => {
    const s = await create(galutuOfficer);
    const res = await galutuOfficer({ method: 'POST', url: `/api/v1/pipeline-segments/${s.id}/archive` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ archived: true, abilities: { edit: false, archive: false } });
    const live = await admin({ method: 'GET', url: `/api/v1/pipeline-segments?q=${s.code}` });
    expect(live.json().total).toBe(0);
    const archived = await admin({ method: 'GET', url: `/api/v1/pipeline-segments?q=${s.code}&archived=true` });
    expect(archived.json().items.map((i: { id: string }) => i.id)).toEqual([s.id]);
    const edit = await galutuOfficer({
      method: 'PATCH',
      url: `/api/v1/pipeline-segments/${s.id}`,
      payload: { name: '新名称' },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('pipelines.archived');
    const dup = await admin({ method: 'POST', url: '/api/v1/pipeline-segments', payload: segment({ code: s.code }) });
    expect(dup.statusCode).toBe(409);
  });

  it('answers 400 for bad input: one point, longitude out of range, a future year, a non-operator owner, an unknown region', async () => {
    const cases: [Record<string, unknown>, string, unknown][] = [
      [{ geometry: [[108.84, 38.6]] }, 'validation.failed', 'geometry'],
      [
        {
          geometry: [
            [190, 38.6],
            [108.8, 38.6],
          ],
        },
        'validation.failed',
        'geometry',
      ],
      [{ installedYear: thisYear + 1 }, 'validation.failed', 'installedYear'],
      [{ installedYear: 1949 }, 'validation.failed', 'installedYear'],
      [{ material: 'gold' }, 'validation.failed', 'material'],
      [{ ownerEnterpriseId: bottled.id }, 'pipelines.owner_not_pipeline_operator', { field: 'ownerEnterpriseId' }],
      [
        { ownerEnterpriseId: '00000000-0000-4000-8000-000000000000' },
        'pipelines.owner_not_found',
        { field: 'ownerEnterpriseId' },
      ],
      [{ regionId: '00000000-0000-4000-8000-000000000000' }, 'pipelines.region_not_found', { field: 'regionId' }],
    ];
    for (const [overrides, code, where] of cases) {
      const res = await admin({ method: 'POST', url: '/api/v1/pipeline-segments', payload: segment(overrides) });
      expect(res.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(res.json().error.code).toBe(code);
      if (typeof where === 'string') {
        expect(res.json().error.details.issues.map((i: { path: string[] }) => i.path[1])).toContain(where);
      } else {
        expect(res.json().error.details).toMatchObject(where as object);
      }
    }
  });

  it('answers 409 for a taken code, on create and on edit', async () => {
    const a = await create(admin);
    const b = await create(admin);
    const dup = await admin({ method: 'POST', url: '/api/v1/pipeline-segments', payload: segment({ code: a.code }) });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'pipelines.code_taken', details: { field: 'code' } });
    const edit = await admin({ method: 'PATCH', url: `/api/v1/pipeline-segments/${b.id}`, payload: { code: a.code } });
    expect(edit.statusCode).toBe(409);
  });

  it('keeps a township officer to its township: 404 for another township, 403 creating there', async () => {
    const inGalutu = await create(admin);
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/pipeline-segments/${inGalutu.id}` },
      { method: 'PATCH' as const, url: `/api/v1/pipeline-segments/${inGalutu.id}`, payload: { name: 'x' } },
      { method: 'POST' as const, url: `/api/v1/pipeline-segments/${inGalutu.id}/archive` },
    ]) {
      const res = await tukeOfficer(req);
      expect(res.statusCode, req.method).toBe(404);
      expect(res.json().error.code).toBe('pipelines.not_found');
    }
    const list = await tukeOfficer({ method: 'GET', url: `/api/v1/pipeline-segments?q=${inGalutu.code}` });
    expect(list.json().total).toBe(0);
    const there = await tukeOfficer({ method: 'POST', url: '/api/v1/pipeline-segments', payload: segment() });
    expect(there.statusCode).toBe(403);
    expect(there.json().error.code).toBe('pipelines.outside_scope');
    const own = await tukeOfficer({
      method: 'POST',
      url: '/api/v1/pipeline-segments',
      payload: segment({ regionId: tuke.id }),
    });
    expect(own.statusCode).toBe(201);
    const move = await tukeOfficer({
      method: 'PATCH',
      url: `/api/v1/pipeline-segments/${own.json().id}`,
      payload: { regionId: galutu.id },
    });
    expect(move.statusCode).toBe(403);
  });

  it('lets the housing bureau see the network and the market regulator not; an operator sees its own', async () => {
    const s = await create(admin);
    expect((await housing({ method: 'GET', url: `/api/v1/pipeline-segments/${s.id}` })).statusCode).toBe(200);
    expect((await market({ method: 'GET', url: `/api/v1/pipeline-segments/${s.id}` })).statusCode).toBe(404);
    const m = await buildScopedUser(ctx.database.db, { enterpriseId: otherOperator.id });
    const manager = await login(ctx.app, m.username, m.password);
    expect((await manager({ method: 'GET', url: `/api/v1/pipeline-segments/${s.id}` })).statusCode).toBe(404);
    const mine = await manager({
      method: 'POST',
      url: '/api/v1/pipeline-segments',
      payload: segment({ ownerEnterpriseId: otherOperator.id }),
    });
    expect(mine.statusCode).toBe(201);
    const notMine = await manager({ method: 'POST', url: '/api/v1/pipeline-segments', payload: segment() });
    expect(notMine.statusCode).toBe(403);
    const listed = await manager({ method: 'GET', url: '/api/v1/pipeline-segments?pageSize=200' });
    expect(
      listed.json().items.every((i: { ownerEnterpriseId: string }) => i.ownerEnterpriseId === otherOperator.id),
    ).toBe(true);
  });

  it('requires sign-in and the manage permission', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/pipeline-segments' })).statusCode).toBe(401);
    const l = await buildUser(ctx.database.db, 'leader', 'global');
    const leader = await login(ctx.app, l.username, l.password);
    expect((await leader({ method: 'GET', url: '/api/v1/pipeline-segments' })).statusCode).toBe(200);
    expect((await leader({ method: 'POST', url: '/api/v1/pipeline-segments', payload: segment() })).statusCode).toBe(
      403,
    );
  });
});
