import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../server/app.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode } from './factories.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
});
afterAll(() => ctx.close());

describe('bad input', () => {
  it('answers malformed JSON with 400 request.malformed_json', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      headers: { 'content-type': 'application/json' },
      payload: '{"parentId": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'request.malformed_json' }, requestId: expect.any(String) });
  });

  it('answers wrong types with 400 validation.failed naming each field', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: 42, code: ['x'], name: true },
    });
    expect(res.statusCode).toBe(400);
    const { code, details } = res.json().error;
    expect(code).toBe('validation.failed');
    const paths = details.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['body.parentId', 'body.code', 'body.name']));
  });

  it('refuses unknown fields', async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const res = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code: 'x1', name: 'x', isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation.failed');
    expect(JSON.stringify(res.json().error.details)).toContain('isAdmin');
  });

  it('refuses over-long strings', async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const res = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code: 'x2', name: '长'.repeat(101) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toEqual(['body', 'name']);
  });

  it('refuses a NUL character in a body field or a search with 400 naming the field, not 500', async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const res = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code: 'x3', name: 'a\u0000b' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation.failed',
      details: { issues: [{ path: ['body', 'name'] }] },
    });
    const after = await admin({ method: 'GET', url: '/api/v1/regions' });
    expect(JSON.stringify(after.json())).not.toContain('"x3"');
    for (const url of ['/api/v1/hazards?q=%00', '/api/v1/inspections?q=a%00', '/api/v1/venues?q=%00']) {
      const search = await admin({ method: 'GET', url });
      expect(search.statusCode, url).toBe(400);
      expect(search.json().error.details.issues[0].path).toEqual(['querystring', 'q']);
    }
  });

  it('refuses an oversized body with 413 request.body_too_large, storing nothing', async () => {
    const before = (await admin({ method: 'GET', url: '/api/v1/overview' })).json().regions;
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const res = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code: 'big', name: 'x', pad: 'x'.repeat(1_100_000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('request.body_too_large');
    expect((await admin({ method: 'GET', url: '/api/v1/overview' })).json().regions).toBe(before);
  });

  it('refuses a malformed id in the path with 400, not 500', async () => {
    const res = await admin({ method: 'GET', url: '/api/v1/regions/not-a-uuid' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toEqual(['params', 'id']);
  });

  it('answers an unauthenticated write with 401 before looking at its body', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/regions',
      headers: { 'content-type': 'application/json' },
      payload: '{bad',
    });
    expect(res.statusCode).toBe(401);
  });
});

/** Plausible and implausible values for a field, so random bodies reach past the schema too. */
const fieldValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ minLength: 90, maxLength: 400 }),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.constantFrom(
    '150626101',
    '嘎鲁图镇',
    'office_admin',
    'region',
    'global',
    'township_officer',
    '2024-01-01',
    '2023-13-45',
    '',
  ),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 }),
);

describe('every write route (property)', () => {
  it('never answers 500 to a random body', async () => {
    const routes = registeredRoutes(ctx.app).filter(
      (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.url.startsWith('/api/'),
    );
    expect(routes.length).toBeGreaterThan(8);
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const seen = new Map<number, number>();
    const ids = [galutu.id, '00000000-0000-4000-8000-000000000000'];
    for (const route of routes) {
      // A fresh administrator per route: logout and password change must not spoil the others' session.
      const a = await buildUser(ctx.database.db, 'office_admin', 'global');
      const send = await login(ctx.app, a.username, a.password);
      const keys = bodyKeys(route.url, route.method);
      const body = fc.oneof(
        fc.jsonValue(),
        keys.length
          ? fc.record(Object.fromEntries(keys.map((k) => [k, fieldValue])), { requiredKeys: [] })
          : fc.constant({}),
      );
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom(...ids), async (payload, id) => {
          const url = route.url.replace(/:[A-Za-z]+/g, id);
          const res = await send({ method: route.method as 'POST', url, payload: payload as never });
          if (res.statusCode >= 500)
            throw new Error(
              `${route.method} ${url} answered ${res.statusCode} to ${JSON.stringify(payload).slice(0, 300)}: ${res.body}`,
            );
          seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
          const json = res.statusCode >= 400 ? res.json() : null;
          if (json && !(json.error?.code && json.requestId))
            throw new Error(`${route.method} ${url} error without a code: ${res.body}`);
        }),
        { numRuns: 25 },
      );
    }
    // The runs reached past authentication: most answers are schema or domain refusals, some succeed.
    expect(seen.get(401) ?? 0).toBeLessThan(30);
    expect([...seen.keys()].some((s) => s < 300)).toBe(true);
  }, 300_000);
});

/** The body field names a route's OpenAPI operation declares. */
let openapi:
  | {
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }
        >
      >;
    }
  | undefined;
function bodyKeys(url: string, method: string): string[] {
  if (!openapi) return [];
  const path = url.replace(/:([A-Za-z]+)/g, '{$1}');
  const op = openapi.paths[path]?.[method.toLowerCase()];
  return Object.keys(op?.requestBody?.content?.['application/json']?.schema?.properties ?? {});
}
beforeAll(async () => {
  openapi = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
});
