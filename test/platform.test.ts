import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../server/app.ts';
import { errorCatalog } from '../server/platform/errors.ts';
import { permissions } from '../domain/access/roles.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { buildUser } from './factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('platform', () => {
  it('gives every registered route an authorization rule', () => {
    const routes = registeredRoutes(ctx.app);
    expect(routes.length).toBeGreaterThan(20);
    const known = new Set<string>(['public', 'authenticated', ...permissions]);
    const without = routes.filter((r) => !r.permission || !known.has(r.permission));
    expect(without).toEqual([]);
  });

  it('keeps only sign-in, the public tips, the public order page, health and documentation public', () => {
    const publicApi = registeredRoutes(ctx.app).filter(
      (r) => r.permission === 'public' && r.url.startsWith('/api/v1') && r.method !== 'HEAD',
    );
    expect(publicApi.map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      [
        'POST /api/v1/auth/login',
        // The gas user's own order page (issue 12: 用户自助下单 by the phone number on file; rate-limited).
        'GET /api/v1/delivery/public/operators',
        'POST /api/v1/delivery/public/orders',
        // 举报 (issue 14): filed and followed without an account, rate-limited per client.
        'GET /api/v1/public/tips/challenge',
        'POST /api/v1/public/tips/photos',
        'POST /api/v1/public/tips',
        'GET /api/v1/public/tips/:trackingCode',
        // 典型案例 published for the public (plan 五(一)5).
        'GET /api/v1/public/typical-cases',
      ].sort(),
    );
  });

  it('defines each error code once, as module.reason', () => {
    const codes = [...errorCatalog().keys()];
    expect(codes.length).toBeGreaterThan(20);
    for (const code of codes) expect(code).toMatch(/^[a-z_]+\.[a-z_]+$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('applies nothing on a second migration', async () => {
    expect(await ctx.database.migrate()).toBe(0);
  });

  it('answers /healthz with the database kind', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: ctx.database.kind, demo: false });
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/plan/tasks');
    expect(doc.components.schemas).toHaveProperty('PlanTask');
  });

  it('refuses /metrics to anonymous callers and serves Prometheus text to an administrator', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const admin = await buildUser(ctx.database.db, 'office_admin', 'global');
    const send = await login(ctx.app, admin.username, admin.password);
    await send({ method: 'GET', url: '/api/v1/overview' });
    const res = await send({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('ranan_http_requests_total{method="GET",route="/api/v1/overview",status="200"} 1');
  });

  it('sets security headers and a request id on every response', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown API path with request.not_found', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('request.not_found');
  });
});
