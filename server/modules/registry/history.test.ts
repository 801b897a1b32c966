import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, regionByCode } from '../../../test/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('registry history', () => {
  it("lets a township officer read the history of its township's objects, and of no others", async () => {
    const galutu = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.galutu });
    const tuke = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.tuke });
    const send = await login(ctx.app, galutu.username, galutu.password);
    const other = await login(ctx.app, tuke.username, tuke.password);
    const region = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const created = await send({
      method: 'POST',
      url: '/api/v1/venues',
      payload: {
        name: '草原人家手把肉馆',
        category: 'restaurant',
        regionId: region.id,
        address: '嘎鲁图镇萨如拉街1号',
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    await send({ method: 'PATCH', url: `/api/v1/venues/${id}`, payload: { address: '嘎鲁图镇萨如拉街2号' } });
    const history = await send({ method: 'GET', url: `/api/v1/registry/venues/${id}/history` });
    expect(history.statusCode).toBe(200);
    expect(history.json().items.map((e: { action: string }) => e.action)).toEqual(['venue.update', 'venue.create']);
    // The officer has no audit.read: the whole trail stays closed, the object's history is open.
    expect((await send({ method: 'GET', url: `/api/v1/audit?subjectId=${id}` })).statusCode).toBe(403);
    const denied = await other({ method: 'GET', url: `/api/v1/registry/venues/${id}/history` });
    expect(denied.statusCode).toBe(404);
    expect(denied.json().error.code).toBe('venues.not_found');
  });

  it('refuses an unknown kind', async () => {
    const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
    const send = await login(ctx.app, admin.username, admin.password);
    const res = await send({ method: 'GET', url: `/api/v1/registry/spaceships/${admin.id}/history` });
    expect(res.statusCode).toBe(400);
  });
});
