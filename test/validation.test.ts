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
    '150626100',
    '嘎鲁图镇',
    'office_admin',
    'region',
    'global',
    'township_officer',
    '2024-01-01',
    '2023-13-45',
    '0000-01-01',
    '9999-12-31',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59+08:00',
    'a\ud800',
    '\udc00b',
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
        // Nested past the parser's depth limit (a few thousand levels answered 500 and stalled the server).
        fc.integer({ min: 65, max: 4000 }).map(nested),
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

/** A value nested `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const anyDate = fc.oneof(
  fc.constantFrom('0000-01-01', '9999-12-31', '2023-13-45', '2024-02-30', '1899-12-31', '2201-01-01', '2024-03-01'),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
);
/** Hand-made cursors: base64url JSON arrays of plausible and implausible keys, and plain garbage. */
const anyCursor = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('deadline', '-deadline', 'foundOn', '-foundOn', 'number', 'severity', 'other'),
      fc.array(
        fc.oneof(
          anyDate,
          fc.uuid(),
          fc.string({ maxLength: 40 }),
          fc.constantFrom(1e300, -1e300, 2 ** 31, 0, 1, 'YH\u0000', '\ud800', '-'.repeat(36)),
          fc.integer(),
        ),
        { maxLength: 4 },
      ),
    )
    .map(([sort, rest]) => Buffer.from(JSON.stringify([sort, ...rest])).toString('base64url')),
  fc.string({ maxLength: 60 }),
);

describe('every list route (property)', () => {
  it('never answers 500 to hand-made cursors, out-of-range dates or odd text in the query', async () => {
    const lists = registeredRoutes(ctx.app).filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.includes(':') && r.url !== '/api/docs/json',
    );
    expect(lists.length).toBeGreaterThan(8);
    const query = fc.record(
      {
        cursor: anyCursor,
        sort: fc.constantFrom('deadline', '-deadline', 'foundOn', '-foundOn', 'number', 'severity'),
        from: anyDate,
        to: anyDate,
        asOf: anyDate,
        dueOn: anyDate,
        before: fc.oneof(fc.constantFrom('1e21', '100000000000000000000', '-1', 'x'), fc.nat().map(String)),
        q: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('\ud800', '%ED%A0%80')),
        page: fc.constantFrom('1', '0', '99999999999', 'x'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), query, async (route, q) => {
        const search = new URLSearchParams(q as Record<string, string>).toString();
        const url = `${route.url}?${search}`;
        const res = await admin({ method: 'GET', url });
        if (res.statusCode >= 500) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body}`);
      }),
      { numRuns: 300 },
    );
  }, 300_000);
});

describe('every upload route (property)', () => {
  it('never answers 500 to a truncated or oddly named multipart body', async () => {
    const uploads = ['/api/v1/files', '/api/v1/registry/venues/import', '/api/v1/hazards/import'];
    const boundary = '----ranantestboundary';
    const part = fc.record({
      name: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('a\u0000.png', 'b\ud800.png', '照片.png')),
      content: fc.uint8Array({ maxLength: 200 }),
      cut: fc.nat({ max: 400 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...uploads), part, async (url, { name, content, cut }) => {
        const whole = Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
          ),
          Buffer.from(content),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const payload = whole.subarray(0, Math.max(0, whole.length - cut));
        const res = await admin({
          method: 'POST',
          url,
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          payload,
        });
        if (res.statusCode >= 500) throw new Error(`POST ${url} (cut ${cut}) answered ${res.statusCode}: ${res.body}`);
      }),
      { numRuns: 60 },
    );
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
