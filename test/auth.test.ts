import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from './app.ts';
import { TEST_PASSWORD, buildUser } from './factories.ts';
import { buildEnterprise } from './registry-factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const post = (url: string, payload?: unknown) => ({ method: 'POST' as const, url, payload: payload as never });

describe('auth', () => {
  describe('login', () => {
    it('returns the user with roles and sets an HttpOnly, SameSite session cookie', async () => {
      const u = await buildUser(ctx.database.db, 'township_officer', { region: '150626100' });
      const res = await ctx.app.inject(post('/api/v1/auth/login', { username: u.username, password: u.password }));
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.user).toMatchObject({ id: u.id, username: u.username, displayName: u.displayName });
      expect(body.user.roles).toEqual([
        { role: 'township_officer', scopeType: 'region', scopeId: expect.any(String), scopeName: '嘎鲁图镇' },
      ]);
      expect(body.user.permissions).toContain('region.manage');
      const cookie = res.cookies.find((c) => c.name === 'ranan_session')!;
      expect(cookie.httpOnly).toBe(true);
      expect(cookie.sameSite).toBe('Strict');
    });

    it('accepts the username in any letter case', async () => {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const res = await ctx.app.inject(
        post('/api/v1/auth/login', { username: u.username.toUpperCase(), password: u.password }),
      );
      expect(res.statusCode).toBe(200);
    });

    it('answers auth.invalid_credentials for a wrong password and for an unknown user alike', async () => {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      for (const payload of [
        { username: u.username, password: 'wrong-password-1' },
        { username: 'nobody-here', password: 'x1234567' },
      ]) {
        const res = await ctx.app.inject(post('/api/v1/auth/login', payload));
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('auth.invalid_credentials');
        expect(res.cookies).toHaveLength(0);
      }
    });

    it('locks the account after five failures, even for the right password, and records it', async () => {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      for (let i = 0; i < 5; i++) {
        expect(
          (await ctx.app.inject(post('/api/v1/auth/login', { username: u.username, password: 'bad-pass-1' })))
            .statusCode,
        ).toBe(401);
      }
      const res = await ctx.app.inject(post('/api/v1/auth/login', { username: u.username, password: u.password }));
      // The same answer as a wrong password or an unknown user: a lock would tell that the account exists.
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.invalid_credentials');
      expect(res.cookies).toHaveLength(0);
      const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
      const send = await login(ctx.app, admin.username, admin.password);
      const audit = await send({ method: 'GET', url: `/api/v1/audit?subjectId=${u.id}&action=user.lock` });
      expect(audit.json().items).toHaveLength(1);
    });

    it('checks no more than five passwords of twenty sent at once, and locks the account', async () => {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          ctx.app.inject(post('/api/v1/auth/login', { username: u.username, password: 'bad-pass-1' })),
        ),
      );
      expect(answers.every((r) => r.statusCode === 401)).toBe(true);
      const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
      const send = await login(ctx.app, admin.username, admin.password);
      const failed = await send({ method: 'GET', url: `/api/v1/audit?subjectId=${u.id}&action=auth.login_failed` });
      const locks = await send({ method: 'GET', url: `/api/v1/audit?subjectId=${u.id}&action=user.lock` });
      // Four counted failures and the fifth that locks: the other fifteen were refused unchecked.
      expect(failed.json().items.length + locks.json().items.length).toBe(5);
      expect(locks.json().items).toHaveLength(1);
      const right = await ctx.app.inject(post('/api/v1/auth/login', { username: u.username, password: u.password }));
      expect(right.statusCode).toBe(401);
    });

    it('answers a disabled account like a wrong password, so it is not revealed', async () => {
      const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const send = await login(ctx.app, admin.username, admin.password);
      expect(
        (await send({ method: 'PATCH', url: `/api/v1/users/${u.id}`, payload: { status: 'disabled' } })).statusCode,
      ).toBe(200);
      const res = await ctx.app.inject(post('/api/v1/auth/login', { username: u.username, password: u.password }));
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.invalid_credentials');
    });
  });

  describe('session', () => {
    it('answers /me with 401 auth.unauthenticated without a session, or with a forged one', async () => {
      for (const cookies of [{}, { ranan_session: 'forged-token' }] as Record<string, string>[]) {
        const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies });
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('auth.unauthenticated');
      }
    });

    it('ends the session at logout', async () => {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const send = await login(ctx.app, u.username, u.password);
      expect((await send({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
      expect((await send({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
      expect((await send({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    });

    it('changes the password: refuses a wrong current or weak new one, then ends other sessions', async () => {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const first = await login(ctx.app, u.username, u.password);
      const second = await login(ctx.app, u.username, u.password);
      const wrong = await first(
        post('/api/v1/auth/password', { currentPassword: 'nope-nope-1', newPassword: 'Another-pass-9' }),
      );
      expect(wrong.json().error.code).toBe('auth.wrong_current_password');
      const weak = await first(post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' }));
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error).toMatchObject({
        code: 'auth.weak_password',
        details: { reason: 'too_short', field: 'newPassword' },
      });
      expect(
        (await first(post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Another-pass-9' })))
          .statusCode,
      ).toBe(204);
      expect((await first({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
      expect((await second({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
      await login(ctx.app, u.username, 'Another-pass-9');
    });

    it('counts wrong current passwords toward the lock, so a stolen session cannot guess the password', async () => {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const send = await login(ctx.app, u.username, u.password);
      const codes: string[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await send(
          post('/api/v1/auth/password', { currentPassword: `guess-${i}-pass`, newPassword: 'Another-pass-9' }),
        );
        codes.push(res.json().error.code);
      }
      expect(codes).toEqual([
        ...Array(4).fill('auth.wrong_current_password'),
        'auth.account_locked',
        'auth.account_locked',
      ]);
      const right = await send(
        post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Another-pass-9' }),
      );
      expect(right.json().error).toMatchObject({
        code: 'auth.account_locked',
        details: { retryAfterSeconds: expect.any(Number) },
      });
      // The one error handler says it in the header too, as every refusal with a retryAfterSeconds does.
      expect(Number(right.headers['retry-after'])).toBe(right.json().error.details.retryAfterSeconds);
    });

    it('refuses everything but /me, the password change and sign-out while the password must be changed', async () => {
      const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const asAdmin = await login(ctx.app, admin.username, admin.password);
      const temporary = 'Temporary-pass-7';
      const reset = await asAdmin(post(`/api/v1/users/${u.id}/reset-password`, { password: temporary }));
      expect(reset.statusCode, reset.body).toBe(204);
      const send = await login(ctx.app, u.username, temporary);
      expect((await send({ method: 'GET', url: '/api/v1/auth/me' })).json().user.mustChangePassword).toBe(true);
      const refused = await send({ method: 'GET', url: '/api/v1/regions' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('auth.password_change_required');
      const changed = await send(
        post('/api/v1/auth/password', { currentPassword: temporary, newPassword: 'Another-pass-9' }),
      );
      expect(changed.statusCode).toBe(204);
      expect((await send({ method: 'GET', url: '/api/v1/regions' })).statusCode).toBe(200);
    });
  });

  describe('machine tokens', () => {
    it('issues a bearer token that authenticates a machine client until it is revoked', async () => {
      const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
      const send = await login(ctx.app, admin.username, admin.password);
      const issued = await send(
        post('/api/v1/machine-tokens', { name: '监控采集', role: 'metrics_scraper', scopeType: 'global' }),
      );
      expect(issued.statusCode).toBe(201);
      const { token, secret } = issued.json();
      expect(secret).toMatch(/^rnm_[0-9a-f]{8}_/);
      expect(token.prefix).toBe(secret.slice(4, 12));
      const headers = { authorization: `Bearer ${secret}` };
      expect((await ctx.app.inject({ method: 'GET', url: '/metrics', headers })).statusCode).toBe(200);
      const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
      expect(me.json().user).toMatchObject({ machine: true, permissions: ['metrics.read'] });
      // A machine token has only its role's permissions.
      expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers })).statusCode).toBe(403);
      const list = await send({ method: 'GET', url: '/api/v1/machine-tokens' });
      expect(JSON.stringify(list.json())).not.toContain(secret);
      expect((await send(post(`/api/v1/machine-tokens/${token.id}/revoke`))).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'GET', url: '/metrics', headers })).statusCode).toBe(401);
    });

    it('refuses a person role or a scope that does not exist', async () => {
      const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
      const send = await login(ctx.app, admin.username, admin.password);
      const person = await send(
        post('/api/v1/machine-tokens', { name: 'x', role: 'office_admin', scopeType: 'global' }),
      );
      expect(person.json().error.code).toBe('machine_tokens.invalid_role');
      const missing = await send(
        post('/api/v1/machine-tokens', {
          name: 'x',
          role: 'sensor_gateway',
          scopeType: 'region',
          regionId: '00000000-0000-4000-8000-000000000000',
        }),
      );
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.code).toBe('scopes.not_found');
      const noScope = await send(
        post('/api/v1/machine-tokens', { name: 'x', role: 'sensor_gateway', scopeType: 'region' }),
      );
      expect(noScope.json().error.code).toBe('scopes.not_found');
    });

    it("names an enterprise scope in the list (the page showed the enterprise's id)", async () => {
      const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
      const send = await login(ctx.app, admin.username, admin.password);
      const enterprise = await buildEnterprise(ctx.database.db);
      const issued = await send(
        post('/api/v1/machine-tokens', {
          name: '网关',
          role: 'sensor_gateway',
          scopeType: 'enterprise',
          enterpriseId: enterprise.id,
        }),
      );
      expect(issued.statusCode).toBe(201);
      const list = (await send({ method: 'GET', url: '/api/v1/machine-tokens' })).json();
      expect(list.find((t: { id: string }) => t.id === issued.json().token.id)).toMatchObject({
        scopeType: 'enterprise',
        scopeId: enterprise.id,
        scopeName: enterprise.name,
      });
    });

    it('is for administrators only', async () => {
      const u = await buildUser(ctx.database.db, 'leader', 'global');
      const send = await login(ctx.app, u.username, u.password);
      const res = await send(
        post('/api/v1/machine-tokens', { name: 'x', role: 'metrics_scraper', scopeType: 'global' }),
      );
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    });
  });
});

describe('login rate limit', () => {
  it('answers request.rate_limited once a client address exceeds the limit', async () => {
    const limited = await createTestApp({ loginRateLimitPerMinute: 3 });
    try {
      const codes: number[] = [];
      // Each attempt claims another address: without TRUST_PROXY the header is the client's word, not its address.
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({
          ...post('/api/v1/auth/login', { username: 'someone', password: 'whatever1' }),
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const res = await limited.app.inject(post('/api/v1/auth/login', { username: 'someone', password: 'whatever1' }));
      expect(res.json().error.code).toBe('request.rate_limited');
    } finally {
      await limited.close();
    }
  }, 60_000);

  it('follows X-Forwarded-For from a proxy TRUST_PROXY names (app.inject comes from 127.0.0.1)', async () => {
    const proxied = await createTestApp({ loginRateLimitPerMinute: 3, trustProxy: ['127.0.0.1'] });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await proxied.app.inject({
          ...post('/api/v1/auth/login', { username: 'someone', password: 'whatever1' }),
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 401]);
    } finally {
      await proxied.close();
    }
  }, 60_000);
});
