import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../server/modules/hazards/hazards.import.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode } from './factories.ts';
import { PNG_BYTES } from './ledger-factories.ts';
import { buildEnterprise, multipartFile } from './registry-factories.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
beforeAll(async () => {
  ctx = await createTestApp({ allowedOrigins: ['https://ranan.example.gov.cn'] });
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
}, 60_000);
afterAll(() => ctx.close());

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('input that used to answer 500', () => {
  it('refuses JSON nested thousands of levels deep with 400 request.json_too_deep, before parsing it', async () => {
    for (const payload of [`${'['.repeat(5000)}${']'.repeat(5000)}`, `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`]) {
      const res = await admin({
        method: 'POST',
        url: '/api/v1/regions',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'request.json_too_deep', details: { maxDepth: 64 } });
    }
    // Brackets inside strings are text, not nesting.
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const res = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code: 'deep1', name: `${'['.repeat(90)}"\\{` },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses a lone UTF-16 surrogate in free text with 400 naming the field, and keeps a real pair', async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    const res = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      headers: { 'content-type': 'application/json' },
      payload: `{"parentId":"${galutu.id}","code":"sur1","name":"a\\ud800b"}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation.failed',
      details: { issues: [{ path: ['body', 'name'] }] },
    });
    const pair = await admin({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { parentId: galutu.id, code: 'sur2', name: '燃气🔥' },
    });
    expect(pair.statusCode).toBe(201);
  });

  it('refuses year 0000 and 9999 dates in bodies and query parameters with 400 naming the field', async () => {
    const enterprise = await buildEnterprise(ctx.database.db, { regionCode: TOWNSHIPS.galutu });
    for (const validTo of ['0000-01-01', '9999-12-31']) {
      const res = await admin({
        method: 'POST',
        url: `/api/v1/enterprises/${enterprise.id}/licences`,
        payload: { kind: 'gas_operation', number: `L-${validTo}`, validTo },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.issues[0].path).toEqual(['body', 'validTo']);
    }
    for (const url of [
      '/api/v1/hazards?from=0000-01-01',
      '/api/v1/hazards?to=9999-12-31',
      '/api/v1/progress?asOf=0000-01-01',
      '/api/v1/inspections?from=0000-01-01',
    ]) {
      const res = await admin({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
    }
    const token = await admin({
      method: 'POST',
      url: '/api/v1/machine-tokens',
      payload: { name: 'x', role: 'metrics_scraper', scopeType: 'global', expiresAt: '0000-01-01T00:00:00Z' },
    });
    expect(token.statusCode).toBe(400);
    expect(token.json().error.details.issues[0].path).toEqual(['body', 'expiresAt']);
  });

  it('refuses year 0000 and 9999 in an imported ledger row (the row is reported, nothing reaches the database)', () => {
    expect(() => parseDay('0000-01-01', '发现日期')).toThrow(/超出范围/);
    expect(() => parseDay('9999年12月31日', '销号时间')).toThrow(/超出范围/);
    expect(parseDay('2024/3/1', '发现日期')).toBe('2024-03-01');
  });

  it('refuses hand-made list cursors (bad date, bad id, huge number) with 400 hazards.bad_cursor', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [sort, values] of [
      ['deadline', ['deadline', '2023-13-45', id]],
      ['deadline', ['deadline', '0000-01-01', id]],
      ['foundOn', ['foundOn', '2024-01-01', '------------------------------------']],
      ['severity', ['severity', 1e300, '2024-01-01', id]],
      ['number', ['number', 'YH\u0000']],
    ] as const) {
      const res = await admin({ method: 'GET', url: `/api/v1/hazards?sort=${sort}&cursor=${cursor([...values])}` });
      expect(res.statusCode, `${sort} ${JSON.stringify(values)}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('hazards.bad_cursor');
    }
    const audit = await admin({ method: 'GET', url: '/api/v1/audit?before=100000000000000000000' });
    expect(audit.statusCode).toBe(400);
  });

  it('refuses an unterminated multipart body and a NUL in a file name with 400 and a code', async () => {
    const whole = multipartFile('photo.png', PNG_BYTES, 'image/png');
    const cut = whole.payload.subarray(0, whole.payload.length - 20);
    for (const url of ['/api/v1/files', '/api/v1/registry/venues/import', '/api/v1/hazards/import']) {
      const res = await admin({ method: 'POST', url, headers: whole.headers, payload: cut });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBeTruthy();
    }
    const unterminated = await admin({ method: 'POST', url: '/api/v1/files', headers: whole.headers, payload: cut });
    expect(unterminated.json().error.code).toBe('request.malformed_multipart');
    const nul = multipartFile('pho\u0000to.png', PNG_BYTES, 'image/png');
    const res = await admin({ method: 'POST', url: '/api/v1/files', ...nul });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation.failed',
      details: { issues: [{ path: ['body', 'file', 'filename'] }] },
    });
  });
});

describe('cross-site requests', () => {
  it('refuses an unsafe request from a foreign Origin with 403 request.cross_origin, even a body-less POST', async () => {
    const enterprise = await buildEnterprise(ctx.database.db, { regionCode: TOWNSHIPS.galutu });
    for (const headers of [
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
    ] as Record<string, string>[]) {
      const res = await admin({ method: 'POST', url: `/api/v1/enterprises/${enterprise.id}/archive`, headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('request.cross_origin');
      const logout = await admin({ method: 'POST', url: '/api/v1/auth/logout', headers });
      expect(logout.statusCode).toBe(403);
    }
    expect((await admin({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
    const detail = await admin({ method: 'GET', url: `/api/v1/enterprises/${enterprise.id}` });
    expect(detail.json().archivedAt ?? null).toBeNull();
  });

  it("accepts the server's own host, a configured origin, and a client that sends neither header", async () => {
    const galutu = await regionByCode(ctx.database.db, TOWNSHIPS.galutu);
    for (const [i, headers] of [
      { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' },
      { origin: 'https://ranan.example.gov.cn', 'sec-fetch-site': 'same-site' },
      {},
    ].entries()) {
      const res = await admin({
        method: 'POST',
        url: '/api/v1/regions',
        headers,
        payload: { parentId: galutu.id, code: `orig${i}`, name: `来源${i}` },
      });
      expect(res.statusCode, `${JSON.stringify(headers)}: ${res.body}`).toBe(201);
    }
  });

  it('lets a machine client with a bearer token through whatever its headers say', async () => {
    const issued = await admin({
      method: 'POST',
      url: '/api/v1/machine-tokens',
      payload: { name: 'scraper', role: 'metrics_scraper', scopeType: 'global' },
    });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${issued.json().secret}`, origin: 'https://elsewhere.example' },
    });
    expect(res.statusCode).not.toBe(403);
  });
});
