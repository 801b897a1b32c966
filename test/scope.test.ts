import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from './factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

async function townshipOfficer(code: string) {
  const u = await buildUser(ctx.database.db, 'township_officer', { region: code });
  return login(ctx.app, u.username, u.password);
}

describe('scoped access (a township officer and its township)', () => {
  it('lists only the regions of its own township', async () => {
    const send = await townshipOfficer(TOWNSHIPS.galutu);
    const res = await send({ method: 'GET', url: '/api/v1/regions' });
    expect(res.statusCode).toBe(200);
    const regions = res.json() as { path: string; name: string }[];
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((r) => r.path.startsWith('150626/150626100/'))).toBe(true);
    expect(regions.map((r) => r.name)).not.toContain('图克镇');
  });

  it('answers 404 for another township, by id, for reading and for changing', async () => {
    const send = await townshipOfficer(TOWNSHIPS.galutu);
    const tuke = await regionByCode(ctx.database.db, TOWNSHIPS.tuke);
    expect((await send({ method: 'GET', url: `/api/v1/regions/${tuke.id}` })).json().error.code).toBe(
      'regions.not_found',
    );
    const create = await send({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: tuke.id, code: uniqueName('c'), name: '越权社区' },
    });
    expect(create.statusCode).toBe(404);
    // A community of 图克镇 made by its own officer is still invisible and unchangeable for 嘎鲁图镇.
    const tukeSend = await townshipOfficer(TOWNSHIPS.tuke);
    const community = (
      await tukeSend({
        method: 'POST',
        url: '/api/v1/regions',
        payload: { parentId: tuke.id, code: uniqueName('c'), name: '图克新社区' },
      })
    ).json();
    expect(community.level).toBe('community');
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/regions/${community.id}` },
      { method: 'PATCH' as const, url: `/api/v1/regions/${community.id}`, payload: { name: '改名' } },
      { method: 'POST' as const, url: `/api/v1/regions/${community.id}/archive` },
    ]) {
      const res = await send(req);
      expect(res.statusCode).toBe(404);
    }
    expect((await tukeSend({ method: 'GET', url: `/api/v1/regions/${community.id}` })).json().name).toBe('图克新社区');
  });

  it('manages communities in its own township, audited, but cannot rename the township itself', async () => {
    const send = await townshipOfficer(TOWNSHIPS.galutu);
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const code = uniqueName('c');
    const created = await send({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code, name: '新建社区' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code,
      level: 'community',
      path: `${galutu.path}${code}/`,
      abilities: { edit: true, archive: true, addChild: false },
    });
    const renamed = await send({
      method: 'PATCH',
      url: `/api/v1/regions/${created.json().id}`,
      payload: { name: '幸福社区' },
    });
    expect(renamed.json().name).toBe('幸福社区');
    const own = await send({ method: 'PATCH', url: `/api/v1/regions/${galutu.id}`, payload: { name: '改名镇' } });
    expect(own.statusCode).toBe(403);
    const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
    const adminSend = await login(ctx.app, admin.username, admin.password);
    const audit = (
      await adminSend({ method: 'GET', url: `/api/v1/audit?subjectType=region&subjectId=${created.json().id}` })
    ).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['region.update', 'region.create']);
  });

  it('refuses a duplicate region code with regions.code_taken', async () => {
    const send = await townshipOfficer(TOWNSHIPS.galutu);
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const res = await send({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code: TOWNSHIPS.tuke, name: '重复' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'regions.code_taken', details: { field: 'code' } });
  });

  it('refuses a second live region of the same name under one parent, on creation and on renaming', async () => {
    const send = await townshipOfficer(TOWNSHIPS.galutu);
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const name = uniqueName('同名社区');
    const add = (n: string) =>
      send({
        method: 'POST',
        url: '/api/v1/regions',
        payload: { parentId: galutu.id, code: uniqueName('c'), name: n },
      });
    const first = await add(name);
    expect(first.statusCode).toBe(201);
    const twin = await add(name);
    expect(twin.statusCode).toBe(409);
    expect(twin.json().error).toMatchObject({ code: 'regions.name_taken', details: { field: 'name' } });
    const other = (await add(uniqueName('别的社区'))).json();
    const rename = (id: string, n: string) =>
      send({ method: 'PATCH', url: `/api/v1/regions/${id}`, payload: { name: n } });
    expect((await rename(other.id, name)).json().error.code).toBe('regions.name_taken');
    // Keeping its own name, or taking the name of an archived sibling, is fine.
    expect((await rename(first.json().id, name)).statusCode).toBe(200);
    expect((await send({ method: 'POST', url: `/api/v1/regions/${first.json().id}/archive` })).statusCode).toBe(200);
    expect((await rename(other.id, name)).statusCode).toBe(200);
  });

  it('counts only its township on the home page and hides the user count', async () => {
    const send = await townshipOfficer(TOWNSHIPS.galutu);
    const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
    const adminSend = await login(ctx.app, admin.username, admin.password);
    const mine = (await send({ method: 'GET', url: '/api/v1/overview' })).json();
    const all = (await adminSend({ method: 'GET', url: '/api/v1/overview' })).json();
    const visible = (await send({ method: 'GET', url: '/api/v1/regions' })).json();
    expect(mine.regions).toBe(visible.length);
    expect(mine.regions).toBeLessThan(all.regions);
    expect(mine.users).toBeNull();
    expect(all.users).toBeGreaterThan(0);
    expect(mine.tasks).toBe(45);
  });

  it('keeps user administration from township officers and department officers', async () => {
    const send = await townshipOfficer(TOWNSHIPS.galutu);
    expect((await send({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(403);
    const dep = await buildUser(ctx.database.db, 'department_officer', { department: 'market_regulation' });
    const depSend = await login(ctx.app, dep.username, dep.password);
    expect(
      (
        await depSend({
          method: 'POST',
          url: '/api/v1/users',
          payload: { username: 'abc', displayName: 'x', password: 'Abcdefg1', grants: [] },
        })
      ).statusCode,
    ).toBe(403);
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    expect(
      (
        await depSend({
          method: 'POST',
          url: '/api/v1/regions',
          payload: { parentId: galutu.id, code: uniqueName('c'), name: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('shows a regional leader only the users granted within its region', async () => {
    const leader = await buildUser(ctx.database.db, 'leader', { region: TOWNSHIPS.tuke });
    const inTuke = await buildUser(ctx.database.db, 'inspector', { region: TOWNSHIPS.tuke });
    const inGalutu = await buildUser(ctx.database.db, 'inspector', { region: TOWNSHIPS.galutu });
    const send = await login(ctx.app, leader.username, leader.password);
    const list = (await send({ method: 'GET', url: '/api/v1/users?pageSize=200' })).json();
    const ids = list.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(inTuke.id);
    expect(ids).not.toContain(inGalutu.id);
    expect((await send({ method: 'GET', url: `/api/v1/users/${inGalutu.id}` })).statusCode).toBe(404);
  });
});
