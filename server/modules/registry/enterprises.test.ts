import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countQueuedQueries } from '../../../test/query-count.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import {
  buildEnterprise,
  buildFacility,
  buildLicence,
  buildScopedUser,
  fakeCreditCode,
} from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { addDays, todayInChina } from './registry.helpers.ts';
import { peopleTable } from './registry.table.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
let galutuId: string;
let tukeId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
  galutuId = (await regionByCode(ctx.database.db, TOWNSHIPS.galutu)).id;
  tukeId = (await regionByCode(ctx.database.db, TOWNSHIPS.tuke)).id;
});
afterAll(() => ctx.close());

async function as(role: Parameters<typeof buildUser>[1], scope: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(ctx.database.db, role, scope);
  return login(ctx.app, u.username, u.password);
}

function body(overrides: Record<string, unknown> = {}) {
  return {
    name: uniqueName('乌审旗安达燃气有限公司'),
    kind: 'bottled_operator',
    creditCode: fakeCreditCode(),
    regionId: galutuId,
    address: '嘎鲁图镇萨如拉街 18 号',
    lng: 108.84,
    lat: 38.6,
    contactPhone: '0477-7512345',
    ...overrides,
  };
}

describe('enterprises routes', () => {
  describe('create, get, edit, archive', () => {
    it('registers an enterprise with an audit entry and shows it in detail with abilities', async () => {
      const payload = body({ creditCode: fakeCreditCode().toLowerCase() });
      const res = await admin({ method: 'POST', url: '/api/v1/enterprises', payload });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        name: payload.name,
        kind: 'bottled_operator',
        creditCode: (payload.creditCode as string).toUpperCase(),
        regionId: galutuId,
        regionName: '嘎鲁图镇',
        lng: 108.84,
        lat: 38.6,
        sellerChannel: null,
        archived: false,
        licences: [],
        facilities: [],
        keyPersons: [],
        abilities: { edit: true, archive: true },
      });
      const audit = await ctx.database.db
        .select()
        .from(auditEventsTable)
        .where(and(eq(auditEventsTable.subjectId, created.id), eq(auditEventsTable.action, 'enterprise.create')));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.regionId).toBe(galutuId);

      const got = await admin({ method: 'GET', url: `/api/v1/enterprises/${created.id}` });
      expect(got.statusCode).toBe(200);
      expect(got.json().name).toBe(payload.name);
    });

    it('edits fields, records the change, and leaves an unchanged edit unaudited', async () => {
      const e = (await admin({ method: 'POST', url: '/api/v1/enterprises', payload: body() })).json();
      const res = await admin({
        method: 'PATCH',
        url: `/api/v1/enterprises/${e.id}`,
        payload: { name: '乌审旗安达燃气（改名）有限公司', regionId: tukeId, lng: 109.35, lat: 38.95 },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: '乌审旗安达燃气（改名）有限公司', regionName: '图克镇', lng: 109.35 });
      const same = await admin({
        method: 'PATCH',
        url: `/api/v1/enterprises/${e.id}`,
        payload: { name: '乌审旗安达燃气（改名）有限公司' },
      });
      expect(same.statusCode).toBe(200);
      const updates = await ctx.database.db
        .select()
        .from(auditEventsTable)
        .where(and(eq(auditEventsTable.subjectId, e.id), eq(auditEventsTable.action, 'enterprise.update')));
      expect(updates).toHaveLength(1);
      expect(updates[0]!.details).toMatchObject({ fields: ['name', 'regionId', 'lng', 'lat'] });
    });

    it('archives: hidden from the list unless archived=true, no longer editable', async () => {
      const name = uniqueName('待归档燃气公司');
      const e = (await admin({ method: 'POST', url: '/api/v1/enterprises', payload: body({ name }) })).json();
      const archived = await admin({ method: 'POST', url: `/api/v1/enterprises/${e.id}/archive` });
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ archived: true, abilities: { edit: false, archive: false } });
      expect((await admin({ method: 'GET', url: '/api/v1/enterprises', query: { q: name } })).json().total).toBe(0);
      expect(
        (await admin({ method: 'GET', url: '/api/v1/enterprises', query: { q: name, archived: 'true' } })).json().total,
      ).toBe(1);
      const again = await admin({ method: 'PATCH', url: `/api/v1/enterprises/${e.id}`, payload: { name: 'x公司' } });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('enterprises.archived');
      // The natural key still holds for an archived enterprise.
      const dup = await admin({
        method: 'POST',
        url: '/api/v1/enterprises',
        payload: body({ creditCode: e.creditCode }),
      });
      expect(dup.json().error.code).toBe('enterprises.credit_code_taken');
    });

    it('shows licences with computed status, facilities and key persons in detail', async () => {
      const db = ctx.database.db;
      const e = await buildEnterprise(db, { name: uniqueName('详情燃气公司') });
      const today = todayInChina();
      await buildLicence(db, e.id, { validTo: addDays(today, -1), number: uniqueName('过期') });
      await buildLicence(db, e.id, { validTo: addDays(today, 30), number: uniqueName('临期') });
      await buildLicence(db, e.id, { status: 'revoked', statusReason: '违法经营', number: uniqueName('吊销') });
      await buildFacility(db, e, { name: '萨如拉供应点' });
      await db.insert(peopleTable).values([
        {
          name: '王建国',
          kind: 'principal',
          phone: '13900000001',
          enterpriseId: e.id,
          regionId: e.regionId,
          assessmentPassedOn: '2023-09-01',
        },
        { name: '李安全', kind: 'safety_manager', phone: '13900000002', enterpriseId: e.id, regionId: e.regionId },
        { name: '赵送气', kind: 'delivery_worker', phone: '13900000003', enterpriseId: e.id, regionId: e.regionId },
      ]);
      const res = await admin({ method: 'GET', url: `/api/v1/enterprises/${e.id}` });
      const d = res.json();
      expect(d.licences.map((l: { status: string }) => l.status).sort()).toEqual(['expired', 'revoked', 'valid']);
      expect(d.licenceSummary).toEqual({ valid: 1, suspended: 0, revoked: 1, expired: 1, expiringSoon: 1 });
      expect(d.facilities.map((f: { name: string }) => f.name)).toEqual(['萨如拉供应点']);
      expect(d.keyPersons).toEqual([
        expect.objectContaining({ name: '王建国', kind: 'principal', assessmentPassedOn: '2023-09-01' }),
        expect.objectContaining({ name: '李安全', kind: 'safety_manager', assessmentPassedOn: null }),
      ]);
    });
  });

  describe('list', () => {
    it('filters by region subtree, kind, and Chinese text on name, credit code and address', async () => {
      const db = ctx.database.db;
      const tag = uniqueName('');
      const a = await buildEnterprise(db, {
        name: `鄂尔多斯${tag}充装有限公司`,
        kind: 'filling_enterprise',
        address: '图克工业园',
        regionCode: TOWNSHIPS.tuke,
      });
      const b = await buildEnterprise(db, { name: `乌审旗${tag}管道燃气公司`, kind: 'pipeline_operator' });
      // buildEnterprise indexes only the name; re-save through the API so the address and code are searchable too.
      await admin({ method: 'PATCH', url: `/api/v1/enterprises/${a.id}`, payload: { address: '图克工业园区纬三路' } });
      const search = async (query: Record<string, string>) =>
        (
          (await admin({ method: 'GET', url: '/api/v1/enterprises', query: { pageSize: '200', ...query } })).json()
            .items as { id: string }[]
        ).map((x) => x.id);
      expect(await search({ q: `${tag}充装` })).toEqual([a.id]);
      expect(await search({ q: `${tag}`, kind: 'pipeline_operator' })).toEqual([b.id]);
      expect(await search({ q: `${tag}`, regionId: tukeId })).toEqual([a.id]);
      expect((await search({ q: tag, regionId: (await regionByCode(db, '150626')).id })).sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(await search({ q: '工业园区纬三' })).toContain(a.id);
      expect(await search({ q: a.creditCode.slice(4, 14) })).toEqual([a.id]);
      // A one-character query has no bigram: it scans with ILIKE.
      expect(await search({ q: '纬', regionId: tukeId })).toContain(a.id);
      const page = (
        await admin({ method: 'GET', url: '/api/v1/enterprises', query: { q: tag, pageSize: '1', page: '2' } })
      ).json();
      expect(page).toMatchObject({ total: 2, page: 2, pageSize: 1 });
      expect(page.items).toHaveLength(1);
    });
  });

  describe('validation', () => {
    it('refuses a malformed credit code, coordinates out of range or alone, and unknown fields with 400', async () => {
      for (const [payload, path] of [
        [body({ creditCode: '91150626MA0N1B2C3' }), 'creditCode'],
        [body({ creditCode: '91150626MA0N1B2C3I' }), 'creditCode'],
        [body({ lng: 200 }), 'lng'],
        [body({ lat: 91 }), 'lat'],
        [body({ lng: 108.8, lat: null }), 'lat'],
        [body({ kind: 'gas_station' }), 'kind'],
        [body({ color: 'red' }), ''],
      ] as const) {
        const res = await admin({ method: 'POST', url: '/api/v1/enterprises', payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().error.code).toBe('validation.failed');
        if (path)
          expect(res.json().error.details.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain(
            `body.${path}`,
          );
      }
    });

    it('answers a clear 400 for an unknown region, not a 500', async () => {
      const res = await admin({
        method: 'POST',
        url: '/api/v1/enterprises',
        payload: body({ regionId: '00000000-0000-4000-8000-000000000000' }),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'enterprises.region_not_found', details: { field: 'regionId' } });
    });

    it('requires a sales channel for appliance sellers and refuses one for others', async () => {
      const missing = await admin({
        method: 'POST',
        url: '/api/v1/enterprises',
        payload: body({ kind: 'appliance_seller' }),
      });
      expect(missing.json().error).toMatchObject({
        code: 'enterprises.seller_channel_invalid',
        details: { field: 'sellerChannel' },
      });
      const extra = await admin({
        method: 'POST',
        url: '/api/v1/enterprises',
        payload: body({ sellerChannel: 'online' }),
      });
      expect(extra.statusCode).toBe(400);
      const ok = await admin({
        method: 'POST',
        url: '/api/v1/enterprises',
        payload: body({ kind: 'appliance_seller', sellerChannel: 'both' }),
      });
      expect(ok.statusCode).toBe(201);
      // Changing the kind away from seller clears the channel.
      const changed = await admin({
        method: 'PATCH',
        url: `/api/v1/enterprises/${ok.json().id}`,
        payload: { kind: 'appliance_maker' },
      });
      expect(changed.json()).toMatchObject({ kind: 'appliance_maker', sellerChannel: null });
    });

    it('answers 409 enterprises.credit_code_taken for a duplicate credit code, on create and on edit', async () => {
      const code = fakeCreditCode();
      expect(
        (await admin({ method: 'POST', url: '/api/v1/enterprises', payload: body({ creditCode: code }) })).statusCode,
      ).toBe(201);
      const dup = await admin({ method: 'POST', url: '/api/v1/enterprises', payload: body({ creditCode: code }) });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error).toMatchObject({
        code: 'enterprises.credit_code_taken',
        details: { field: 'creditCode' },
      });
      const other = (await admin({ method: 'POST', url: '/api/v1/enterprises', payload: body() })).json();
      const edit = await admin({
        method: 'PATCH',
        url: `/api/v1/enterprises/${other.id}`,
        payload: { creditCode: code },
      });
      expect(edit.statusCode).toBe(409);
    });
  });

  describe('scope', () => {
    it('a 图克镇 officer gets 404 for a 嘎鲁图镇 enterprise and cannot register one there', async () => {
      const e = await buildEnterprise(ctx.database.db);
      const tuke = await as('township_officer', { region: TOWNSHIPS.tuke });
      for (const req of [
        { method: 'GET' as const, url: `/api/v1/enterprises/${e.id}` },
        { method: 'PATCH' as const, url: `/api/v1/enterprises/${e.id}`, payload: { name: '越权改名' } },
        { method: 'POST' as const, url: `/api/v1/enterprises/${e.id}/archive` },
      ]) {
        const res = await tuke(req);
        expect(res.statusCode).toBe(404);
        expect(res.json().error.code).toBe('enterprises.not_found');
      }
      const list = (await tuke({ method: 'GET', url: '/api/v1/enterprises', query: { pageSize: '200' } })).json();
      expect(list.items.every((x: { regionName: string }) => x.regionName === '图克镇')).toBe(true);
      const create = await tuke({ method: 'POST', url: '/api/v1/enterprises', payload: body() });
      expect(create.statusCode).toBe(403);
      expect(create.json().error).toMatchObject({ code: 'enterprises.outside_scope', details: { field: 'regionId' } });
      const own = await tuke({ method: 'POST', url: '/api/v1/enterprises', payload: body({ regionId: tukeId }) });
      expect(own.statusCode).toBe(201);
      // Nor may it move its own enterprise out of its township.
      const move = await tuke({
        method: 'PATCH',
        url: `/api/v1/enterprises/${own.json().id}`,
        payload: { regionId: galutuId },
      });
      expect(move.statusCode).toBe(403);
    });

    it('a market regulation officer sees filling enterprises but not a pipeline operator', async () => {
      const db = ctx.database.db;
      const tag = uniqueName('');
      const filling = await buildEnterprise(db, { name: `${tag}充装站公司`, kind: 'filling_enterprise' });
      const pipeline = await buildEnterprise(db, { name: `${tag}管道燃气公司`, kind: 'pipeline_operator' });
      const scjg = await as('department_officer', { department: 'market_regulation' });
      const ids = (
        (await scjg({ method: 'GET', url: '/api/v1/enterprises', query: { q: tag } })).json().items as { id: string }[]
      ).map((x) => x.id);
      expect(ids).toEqual([filling.id]);
      expect((await scjg({ method: 'GET', url: `/api/v1/enterprises/${pipeline.id}` })).statusCode).toBe(404);
      expect((await scjg({ method: 'GET', url: `/api/v1/enterprises/${filling.id}` })).json().abilities).toEqual({
        edit: true,
        archive: true,
      });
      // It registers fillers, not pipeline operators; nor may it turn a filler into one.
      const create = await scjg({
        method: 'POST',
        url: '/api/v1/enterprises',
        payload: body({ kind: 'pipeline_operator' }),
      });
      expect(create.json().error).toMatchObject({ code: 'enterprises.outside_scope', details: { field: 'kind' } });
      const change = await scjg({
        method: 'PATCH',
        url: `/api/v1/enterprises/${filling.id}`,
        payload: { kind: 'pipeline_operator' },
      });
      expect(change.statusCode).toBe(403);
      expect(
        (await scjg({ method: 'POST', url: '/api/v1/enterprises', payload: body({ kind: 'filling_enterprise' }) }))
          .statusCode,
      ).toBe(201);
    });

    it('an enterprise manager sees and edits only its own enterprise', async () => {
      const db = ctx.database.db;
      const own = await buildEnterprise(db);
      const other = await buildEnterprise(db);
      const u = await buildScopedUser(db, { enterpriseId: own.id });
      const mgr = await login(ctx.app, u.username, u.password);
      const list = (await mgr({ method: 'GET', url: '/api/v1/enterprises' })).json();
      expect(list.items.map((x: { id: string }) => x.id)).toEqual([own.id]);
      expect((await mgr({ method: 'GET', url: `/api/v1/enterprises/${other.id}` })).statusCode).toBe(404);
      expect(
        (
          await mgr({
            method: 'PATCH',
            url: `/api/v1/enterprises/${other.id}`,
            payload: { contactPhone: '13800000000' },
          })
        ).statusCode,
      ).toBe(404);
      const edit = await mgr({
        method: 'PATCH',
        url: `/api/v1/enterprises/${own.id}`,
        payload: { contactPhone: '13800000000' },
      });
      expect(edit.statusCode).toBe(200);
      expect(edit.json().contactPhone).toBe('13800000000');
      expect((await mgr({ method: 'POST', url: '/api/v1/enterprises', payload: body() })).statusCode).toBe(403);
      // It edits itself but does not take itself out of supervision: archiving is for officers.
      expect(edit.json().abilities).toMatchObject({ edit: true, archive: false });
      const archive = await mgr({ method: 'POST', url: `/api/v1/enterprises/${own.id}/archive` });
      expect(archive.statusCode).toBe(403);
      expect((await mgr({ method: 'GET', url: `/api/v1/enterprises/${own.id}` })).json().archived).toBe(false);
    });

    it('a read-only leader cannot write (403) and a signed-out caller gets 401', async () => {
      const leader = await as('leader', 'global');
      expect((await leader({ method: 'POST', url: '/api/v1/enterprises', payload: body() })).statusCode).toBe(403);
      expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/enterprises' })).statusCode).toBe(401);
    });
  });
});

describe('enterprises on PostgreSQL', () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    'answers a change with the detail read inside its transaction one query at a time (none queued on the busy connection)',
    async () => {
      const e = (await admin({ method: 'POST', url: '/api/v1/enterprises', payload: body() })).json();
      const queued = await countQueuedQueries(async () => {
        const res = await admin({
          method: 'PATCH',
          url: `/api/v1/enterprises/${e.id}`,
          payload: { address: '嘎鲁图镇萨如拉街 20 号' },
        });
        expect(res.statusCode, res.body).toBe(200);
      });
      expect(queued).toBe(0);
    },
  );
});
