import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, departmentByCode, regionByCode, uniqueName } from './factories.ts';
import { buildEnterprise, buildVenue } from './registry-factories.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
});
afterAll(() => ctx.close());

describe('user administration', () => {
  it('creates a township officer who must change the password at first sign-in', async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const username = uniqueName('officer');
    const res = await admin({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username,
        displayName: '王芳',
        phone: '13800000000',
        password: 'Initial-pass1',
        grants: [{ role: 'township_officer', scopeType: 'region', regionId: galutu.id }],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username,
      status: 'active',
      mustChangePassword: true,
      grants: [{ role: 'township_officer', scopeType: 'region', scopeId: galutu.id, scopeName: '嘎鲁图镇' }],
    });
    expect(JSON.stringify(res.json())).not.toContain('passwordHash');
    const me = await (await login(ctx.app, username, 'Initial-pass1'))({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.json().user.mustChangePassword).toBe(true);
  });

  it('refuses a taken username in any case, a weak password and impossible grants', async () => {
    const existing = await buildUser(ctx.database.db, 'leader', 'global');
    const dep = await departmentByCode(ctx.database.db, 'market_regulation');
    const cases: [unknown, string, unknown][] = [
      [
        { username: existing.username.toUpperCase(), displayName: 'x', password: 'Abcdefg12', grants: [] },
        'users.username_taken',
        { field: 'username' },
      ],
      [
        { username: uniqueName('u'), displayName: 'x', password: 'abcdefgh', grants: [] },
        'auth.weak_password',
        { field: 'password', reason: 'needs_letter_and_digit' },
      ],
      [
        {
          username: uniqueName('u'),
          displayName: 'x',
          password: 'Abcdefg12',
          grants: [{ role: 'wizard', scopeType: 'global' }],
        },
        'users.invalid_grant',
        { field: 'grants.0', reason: 'unknown_role' },
      ],
      [
        {
          username: uniqueName('u'),
          displayName: 'x',
          password: 'Abcdefg12',
          grants: [{ role: 'filling_line', scopeType: 'global' }],
        },
        'users.invalid_grant',
        { field: 'grants.0', reason: 'unknown_role' },
      ],
      [
        {
          username: uniqueName('u'),
          displayName: 'x',
          password: 'Abcdefg12',
          grants: [{ role: 'township_officer', scopeType: 'department', departmentId: dep.id }],
        },
        'users.invalid_grant',
        { field: 'grants.0', reason: 'scope_type_not_allowed' },
      ],
      [
        {
          username: uniqueName('u'),
          displayName: 'x',
          password: 'Abcdefg12',
          grants: [{ role: 'township_officer', scopeType: 'region', regionId: '00000000-0000-4000-8000-000000000000' }],
        },
        'users.invalid_grant',
        { field: 'grants.0', reason: 'region_not_found' },
      ],
    ];
    for (const [payload, code, details] of cases) {
      const res = await admin({ method: 'POST', url: '/api/v1/users', payload: payload as never });
      expect(res.statusCode, code).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, code).toBeLessThan(500);
      expect(res.json().error).toMatchObject({ code, details });
    }
  });

  it('disables an account, which ends its sessions, and will not let an administrator disable itself', async () => {
    const u = await buildUser(ctx.database.db, 'inspector', { region: TOWNSHIPS.galutu });
    const send = await login(ctx.app, u.username, u.password);
    const res = await admin({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { status: 'disabled' } });
    expect(res.json().status).toBe('disabled');
    expect((await send({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const me = (await admin({ method: 'GET', url: '/api/v1/auth/me' })).json().user;
    const self = await admin({ method: 'PATCH', url: `/api/v1/users/${me.id}`, payload: { status: 'disabled' } });
    expect(self.json().error.code).toBe('users.cannot_disable_self');
  });

  it('replaces grants and resets a password, each audited with the administrator as actor', async () => {
    const u = await buildUser(ctx.database.db, 'inspector', { region: TOWNSHIPS.galutu });
    const dep = await departmentByCode(ctx.database.db, 'housing');
    const granted = await admin({
      method: 'PUT',
      url: `/api/v1/users/${u.id}/grants`,
      payload: { grants: [{ role: 'department_officer', scopeType: 'department', departmentId: dep.id }] },
    });
    expect(granted.json().grants).toEqual([
      expect.objectContaining({ role: 'department_officer', scopeName: dep.name }),
    ]);
    expect(
      (
        await admin({
          method: 'POST',
          url: `/api/v1/users/${u.id}/reset-password`,
          payload: { password: 'Reset-pass-77' },
        })
      ).statusCode,
    ).toBe(204);
    await login(ctx.app, u.username, 'Reset-pass-77');
    const audit = (await admin({ method: 'GET', url: `/api/v1/audit?subjectType=user&subjectId=${u.id}` })).json();
    const actions = audit.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.set_grants', 'user.reset_password', 'user.create', 'auth.login']),
    );
    const setGrants = audit.items.find((e: { action: string }) => e.action === 'user.set_grants');
    expect(setGrants.actorType).toBe('user');
    expect(setGrants.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(setGrants.ip).toBeTruthy();
  });

  it('lists with search and paging, and answers 404 for an unknown id', async () => {
    const tag = uniqueName('find');
    await buildUser(ctx.database.db, 'inspector', { region: TOWNSHIPS.galutu }, { username: `${tag}a` });
    await buildUser(ctx.database.db, 'inspector', { region: TOWNSHIPS.galutu }, { username: `${tag}b` });
    const page = (await admin({ method: 'GET', url: `/api/v1/users?q=${tag}&pageSize=1` })).json();
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    // The search is literal: `%` and `_` match themselves, not any text.
    for (const q of ['%25', `${tag}_`]) {
      expect((await admin({ method: 'GET', url: `/api/v1/users?q=${q}` })).json().total).toBe(0);
    }
    const missing = await admin({ method: 'GET', url: '/api/v1/users/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('users.not_found');
  });

  it('grants an enterprise or a venue of the register by name, and refuses one that is not registered or outside the administrator', async () => {
    const db = ctx.database.db;
    const enterprise = await buildEnterprise(db, { regionCode: TOWNSHIPS.galutu });
    const venue = await buildVenue(db, { regionCode: TOWNSHIPS.tuke });
    const archived = await buildEnterprise(db, { archivedAt: new Date() });
    const create = (grant: Record<string, unknown>, as = admin) =>
      as({
        method: 'POST',
        url: '/api/v1/users',
        payload: { username: uniqueName('u'), displayName: 'x', password: 'Abcdefg12', grants: [grant] },
      });

    const manager = await create({ role: 'enterprise_manager', scopeType: 'enterprise', enterpriseId: enterprise.id });
    expect(manager.statusCode).toBe(201);
    expect(manager.json().grants).toEqual([
      expect.objectContaining({ scopeId: enterprise.id, scopeName: enterprise.name }),
    ]);
    const venueManager = await create({ role: 'venue_manager', scopeType: 'venue', venueId: venue.id });
    expect(venueManager.json().grants).toEqual([expect.objectContaining({ scopeId: venue.id, scopeName: venue.name })]);

    const refused: [Record<string, unknown>, string][] = [
      [{ role: 'enterprise_manager', scopeType: 'enterprise', enterpriseId: venue.id }, 'enterprise_not_found'],
      [{ role: 'enterprise_manager', scopeType: 'enterprise', enterpriseId: archived.id }, 'enterprise_not_found'],
      [{ role: 'venue_manager', scopeType: 'venue', venueId: enterprise.id }, 'venue_not_found'],
    ];
    for (const [grant, reason] of refused) {
      const res = await create(grant);
      expect(res.statusCode, reason).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'users.invalid_grant', details: { field: 'grants.0', reason } });
    }

    // An administrator of 嘎鲁图镇 may name the enterprise in 嘎鲁图镇, not the venue in 图克镇.
    const local = await buildUser(db, 'office_admin', { region: TOWNSHIPS.galutu });
    const localAdmin = await login(ctx.app, local.username, local.password);
    const localManager = await create(
      { role: 'enterprise_manager', scopeType: 'enterprise', enterpriseId: enterprise.id },
      localAdmin,
    );
    expect(localManager.statusCode).toBe(201);
    const outside = await create({ role: 'venue_manager', scopeType: 'venue', venueId: venue.id }, localAdmin);
    expect(outside.json().error).toMatchObject({ details: { reason: 'outside_your_scope' } });

    // …and then sees and manages the enterprise's manager it created, but not the venue manager in 图克镇.
    const seen = async (username: string) =>
      (await localAdmin({ method: 'GET', url: `/api/v1/users?q=${username}` })).json().total;
    expect(await seen(localManager.json().username)).toBe(1);
    expect(await seen(venueManager.json().username)).toBe(0);
    const edit = await localAdmin({
      method: 'PATCH',
      url: `/api/v1/users/${localManager.json().id}`,
      payload: { displayName: '安达 经理' },
    });
    expect(edit.statusCode).toBe(200);
  });

  it('lets a township administrator manage only users whose every grant lies in the township', async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const tuke = await regionByCode(ctx.database.db, TOWNSHIPS.tuke);
    const township = await buildUser(ctx.database.db, 'office_admin', { region: TOWNSHIPS.galutu });
    const asTownship = await login(ctx.app, township.username, township.password);
    // A global administrator who also holds one grant inside the township.
    const global = await buildUser(ctx.database.db, 'office_admin', 'global');
    const twoTownships = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.tuke });
    for (const [u, extra] of [
      [global, { role: 'township_officer', scopeType: 'region', regionId: galutu.id }],
      [twoTownships, { role: 'township_officer', scopeType: 'region', regionId: galutu.id }],
    ] as const) {
      const grants = [
        ...(u === global
          ? [{ role: 'office_admin', scopeType: 'global' }]
          : [{ role: 'township_officer', scopeType: 'region', regionId: tuke.id }]),
        extra,
      ];
      const set = await admin({ method: 'PUT', url: `/api/v1/users/${u.id}/grants`, payload: { grants } });
      expect(set.statusCode, set.body).toBe(200);
      for (const attempt of [
        { method: 'POST' as const, url: `/api/v1/users/${u.id}/reset-password`, payload: { password: 'Taken-over-9' } },
        { method: 'PATCH' as const, url: `/api/v1/users/${u.id}`, payload: { status: 'disabled' } },
        {
          method: 'PUT' as const,
          url: `/api/v1/users/${u.id}/grants`,
          payload: { grants: [{ role: 'township_officer', scopeType: 'region', regionId: galutu.id }] },
        },
      ]) {
        const res = await asTownship(attempt);
        expect(res.statusCode, `${attempt.url}: ${res.body}`).toBe(404);
        expect(res.json().error.code).toBe('users.not_found');
      }
    }
    // The global administrator still signs in with the old password and keeps the global grant.
    const again = await login(ctx.app, global.username, global.password);
    expect((await again({ method: 'GET', url: '/api/v1/auth/me' })).json().user.roles).toContainEqual(
      expect.objectContaining({ role: 'office_admin', scopeType: 'global' }),
    );
    // Someone wholly inside the township stays manageable.
    const local = await buildUser(ctx.database.db, 'township_officer', { region: TOWNSHIPS.galutu });
    const reset = await asTownship({
      method: 'POST',
      url: `/api/v1/users/${local.id}/reset-password`,
      payload: { password: 'Fresh-start-9' },
    });
    expect(reset.statusCode).toBe(204);
  });
});
