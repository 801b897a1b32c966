import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildLicence, buildScopedUser, multipartFile } from '../../../test/registry-factories.ts';
import { createUsersService } from '../users/index.ts';
import { systemActor } from '../../platform/access.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { nextLicenceStatus } from './licences.service.ts';
import { addDays, todayInChina } from './registry.helpers.ts';
import { licenceHistoryTable } from './registry.table.ts';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof login>>;
const today = todayInChina();

beforeAll(async () => {
  ctx = await createTestApp();
  const a = await buildUser(ctx.database.db, 'office_admin', 'global');
  admin = await login(ctx.app, a.username, a.password);
});
afterAll(() => ctx.close());

async function as(role: Parameters<typeof buildUser>[1], scope: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(ctx.database.db, role, scope);
  return login(ctx.app, u.username, u.password);
}

function licenceBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'gas_operation',
    number: uniqueName('蒙燃经字'),
    scope: '液化石油气（瓶装）',
    issuingBody: '乌审旗住房和城乡建设局',
    validFrom: addDays(today, -300),
    validTo: addDays(today, 400),
    ...overrides,
  };
}

describe('licences', () => {
  it('nextLicenceStatus: suspend from valid, revoke from valid or suspended (final), reinstate from suspended', () => {
    expect(nextLicenceStatus('valid', 'suspend')).toBe('suspended');
    expect(nextLicenceStatus('suspended', 'suspend')).toBeNull();
    expect(nextLicenceStatus('suspended', 'revoke')).toBe('revoked');
    expect(nextLicenceStatus('revoked', 'reinstate')).toBeNull();
    expect(nextLicenceStatus('suspended', 'reinstate')).toBe('valid');
    expect(nextLicenceStatus('valid', 'reinstate')).toBeNull();
  });

  describe('create, edit and history', () => {
    it('registers a licence under an enterprise with a history row and an audit entry in one transaction', async () => {
      const e = await buildEnterprise(ctx.database.db);
      const payload = licenceBody();
      const res = await admin({ method: 'POST', url: `/api/v1/enterprises/${e.id}/licences`, payload });
      expect(res.statusCode).toBe(201);
      const l = res.json();
      expect(l).toMatchObject({
        enterpriseId: e.id,
        enterpriseName: e.name,
        number: payload.number,
        status: 'valid',
        storedStatus: 'valid',
        daysToExpiry: 400,
        abilities: { edit: true, suspend: true, revoke: true, reinstate: false },
      });
      const history = (await admin({ method: 'GET', url: `/api/v1/licences/${l.id}/history` })).json();
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        action: 'create',
        before: null,
        after: { number: payload.number, status: 'valid' },
      });
      const audit = await ctx.database.db
        .select()
        .from(auditEventsTable)
        .where(and(eq(auditEventsTable.subjectId, l.id), eq(auditEventsTable.action, 'licence.create')));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.regionId).toBe(e.regionId);
      const ofEnterprise = (await admin({ method: 'GET', url: `/api/v1/enterprises/${e.id}/licences` })).json();
      expect(ofEnterprise.map((x: { id: string }) => x.id)).toEqual([l.id]);
    });

    it('edits particulars with a before/after history row naming the actor; an unchanged edit adds nothing', async () => {
      const e = await buildEnterprise(ctx.database.db);
      const l = (
        await admin({ method: 'POST', url: `/api/v1/enterprises/${e.id}/licences`, payload: licenceBody() })
      ).json();
      const newTo = addDays(today, 800);
      const res = await admin({
        method: 'PATCH',
        url: `/api/v1/licences/${l.id}`,
        payload: { validTo: newTo, scope: '液化石油气（瓶装、储配）' },
      });
      expect(res.json()).toMatchObject({ validTo: newTo, scope: '液化石油气（瓶装、储配）' });
      await admin({ method: 'PATCH', url: `/api/v1/licences/${l.id}`, payload: { validTo: newTo } });
      const history = (await admin({ method: 'GET', url: `/api/v1/licences/${l.id}/history` })).json();
      expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
      expect(history[0].before.validTo).toBe(l.validTo);
      expect(history[0].after.validTo).toBe(newTo);
      expect(history[0].actorName).toBeTruthy();
    });

    it('refuses validFrom after validTo (400 licences.dates_invalid), bad dates (400) and a duplicate number of the same kind (409)', async () => {
      const e = await buildEnterprise(ctx.database.db);
      const bad = await admin({
        method: 'POST',
        url: `/api/v1/enterprises/${e.id}/licences`,
        payload: licenceBody({ validFrom: '2025-01-02', validTo: '2025-01-01' }),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'licences.dates_invalid', details: { field: 'validTo' } });
      const garbage = await admin({
        method: 'POST',
        url: `/api/v1/enterprises/${e.id}/licences`,
        payload: licenceBody({ validTo: '2025-13-40' }),
      });
      expect(garbage.json().error.code).toBe('validation.failed');
      const number = uniqueName('编号');
      expect(
        (await admin({ method: 'POST', url: `/api/v1/enterprises/${e.id}/licences`, payload: licenceBody({ number }) }))
          .statusCode,
      ).toBe(201);
      const dup = await admin({
        method: 'POST',
        url: `/api/v1/enterprises/${e.id}/licences`,
        payload: licenceBody({ number }),
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error).toMatchObject({ code: 'licences.number_taken', details: { field: 'number' } });
      // The same number on another kind of licence is a different licence.
      expect(
        (
          await admin({
            method: 'POST',
            url: `/api/v1/enterprises/${e.id}/licences`,
            payload: licenceBody({ number, kind: 'cylinder_filling' }),
          })
        ).statusCode,
      ).toBe(201);
      // An edit that moves the dates out of order is refused too.
      const l = (
        await admin({ method: 'POST', url: `/api/v1/enterprises/${e.id}/licences`, payload: licenceBody() })
      ).json();
      const edit = await admin({
        method: 'PATCH',
        url: `/api/v1/licences/${l.id}`,
        payload: { validTo: addDays(today, -400) },
      });
      expect(edit.json().error.code).toBe('licences.dates_invalid');
      // An unknown enterprise is a 404 of the enterprise.
      const none = await admin({
        method: 'POST',
        url: '/api/v1/enterprises/00000000-0000-4000-8000-000000000000/licences',
        payload: licenceBody(),
      });
      expect(none.statusCode).toBe(404);
      expect(none.json().error.code).toBe('enterprises.not_found');
    });
  });

  describe('status', () => {
    it('computes expired from validTo (never stored) and filters on it in SQL', async () => {
      const e = await buildEnterprise(ctx.database.db);
      const expired = await buildLicence(ctx.database.db, e.id, { validTo: addDays(today, -1) });
      const valid = await buildLicence(ctx.database.db, e.id, { validTo: today });
      const got = (await admin({ method: 'GET', url: `/api/v1/licences/${expired.id}` })).json();
      expect(got).toMatchObject({ status: 'expired', storedStatus: 'valid', daysToExpiry: -1 });
      expect((await admin({ method: 'GET', url: `/api/v1/licences/${valid.id}` })).json()).toMatchObject({
        status: 'valid',
        daysToExpiry: 0,
      });
      const list = async (status: string) =>
        (
          (await admin({ method: 'GET', url: '/api/v1/licences', query: { enterpriseId: e.id, status } })).json()
            .items as { id: string }[]
        ).map((x) => x.id);
      expect(await list('expired')).toEqual([expired.id]);
      expect(await list('valid')).toEqual([valid.id]);
      expect(await list('revoked')).toEqual([]);
    });

    it('suspends, reinstates and revokes with a reason, each in the history; revoked is final; a reason is required', async () => {
      const e = await buildEnterprise(ctx.database.db);
      const l = await buildLicence(ctx.database.db, e.id);
      const noReason = await admin({
        method: 'POST',
        url: `/api/v1/licences/${l.id}/suspend`,
        payload: { reason: ' ' },
      });
      expect(noReason.statusCode).toBe(400);
      const s = await admin({
        method: 'POST',
        url: `/api/v1/licences/${l.id}/suspend`,
        payload: { reason: '未按规定开展入户安检' },
      });
      expect(s.json()).toMatchObject({
        status: 'suspended',
        statusReason: '未按规定开展入户安检',
        abilities: { suspend: false, reinstate: true, revoke: true },
      });
      expect(
        (await admin({ method: 'POST', url: `/api/v1/licences/${l.id}/suspend`, payload: { reason: '再次' } })).json()
          .error.code,
      ).toBe('licences.invalid_transition');
      expect(
        (
          await admin({ method: 'POST', url: `/api/v1/licences/${l.id}/reinstate`, payload: { reason: '整改完毕' } })
        ).json().status,
      ).toBe('valid');
      const r = await admin({
        method: 'POST',
        url: `/api/v1/licences/${l.id}/revoke`,
        payload: { reason: '向无资质单位供气' },
      });
      expect(r.json()).toMatchObject({ status: 'revoked', abilities: { reinstate: false, revoke: false } });
      const back = await admin({
        method: 'POST',
        url: `/api/v1/licences/${l.id}/reinstate`,
        payload: { reason: '想恢复' },
      });
      expect(back.statusCode).toBe(409);
      const history = await ctx.database.db
        .select()
        .from(licenceHistoryTable)
        .where(eq(licenceHistoryTable.licenceId, l.id));
      expect(history.map((h) => h.action).sort()).toEqual(['reinstate', 'revoke', 'suspend']);
      const revoke = history.find((h) => h.action === 'revoke')!;
      expect(revoke.before).toMatchObject({ status: 'valid' });
      expect(revoke.after).toMatchObject({ status: 'revoked', statusReason: '向无资质单位供气' });
      const audits = await ctx.database.db.select().from(auditEventsTable).where(eq(auditEventsTable.subjectId, l.id));
      expect(audits.map((a) => a.action).sort()).toEqual(['licence.reinstate', 'licence.revoke', 'licence.suspend']);
      expect(audits.find((a) => a.action === 'licence.revoke')!.details).toMatchObject({ reason: '向无资质单位供气' });
    });

    it('an enterprise manager reads its licences but changes neither their fields nor their status', async () => {
      const e = await buildEnterprise(ctx.database.db);
      const l = await buildLicence(ctx.database.db, e.id);
      const other = await buildLicence(ctx.database.db, (await buildEnterprise(ctx.database.db)).id);
      const u = await buildScopedUser(ctx.database.db, { enterpriseId: e.id });
      const mgr = await login(ctx.app, u.username, u.password);
      const got = (await mgr({ method: 'GET', url: `/api/v1/licences/${l.id}` })).json();
      // Every licence field is the regulator's (issue 9: a licensee extended its own licence to 2099).
      expect(got.abilities).toMatchObject({ edit: false, suspend: false, revoke: false, archive: false });
      const edit = await mgr({ method: 'PATCH', url: `/api/v1/licences/${l.id}`, payload: { scope: '液化石油气' } });
      expect(edit.statusCode).toBe(403);
      expect(edit.json().error).toMatchObject({ code: 'registry.regulator_fields', details: { field: 'scope' } });
      const s = await mgr({ method: 'POST', url: `/api/v1/licences/${l.id}/suspend`, payload: { reason: '自行暂停' } });
      expect(s.statusCode).toBe(403);
      expect(s.json().error.code).toBe('licences.status_change_forbidden');
      expect((await mgr({ method: 'GET', url: `/api/v1/licences/${other.id}` })).statusCode).toBe(404);
      const list = (await mgr({ method: 'GET', url: '/api/v1/licences' })).json();
      expect(list.items.every((x: { enterpriseId: string }) => x.enterpriseId === e.id)).toBe(true);
    });
  });

  describe('expiring within N days', () => {
    it('lists valid licences whose validTo falls within the window, soonest first, in the caller scope', async () => {
      const db = ctx.database.db;
      const filling = await buildEnterprise(db, { kind: 'filling_enterprise', name: uniqueName('临期充装公司') });
      const pipeline = await buildEnterprise(db, { kind: 'pipeline_operator', name: uniqueName('临期管道公司') });
      const in10 = await buildLicence(db, filling.id, { kind: 'cylinder_filling', validTo: addDays(today, 10) });
      const in59 = await buildLicence(db, filling.id, { kind: 'cylinder_filling', validTo: addDays(today, 59) });
      await buildLicence(db, filling.id, { validTo: addDays(today, 61) });
      await buildLicence(db, filling.id, { validTo: addDays(today, -3) });
      await buildLicence(db, filling.id, { validTo: addDays(today, 20), status: 'revoked' });
      const pipe = await buildLicence(db, pipeline.id, { validTo: addDays(today, 30) });

      const ids = async (send: typeof admin, query: Record<string, string> = {}) =>
        (
          (await send({ method: 'GET', url: '/api/v1/licences/expiring', query: { pageSize: '200', ...query } })).json()
            .items as { id: string }[]
        ).map((x) => x.id);
      const all = await ids(admin);
      expect(all.filter((id) => [in10.id, in59.id, pipe.id].includes(id))).toEqual([in10.id, pipe.id, in59.id]);
      expect(all).not.toContain(undefined);
      const within15 = await ids(admin, { days: '15' });
      expect(within15).toContain(in10.id);
      expect(within15).not.toContain(pipe.id);

      const scjg = await as('department_officer', { department: 'market_regulation' });
      const seen = await ids(scjg);
      expect(seen).toContain(in10.id);
      expect(seen).not.toContain(pipe.id);
      const zjj = await as('department_officer', { department: 'housing' });
      const housing = await ids(zjj);
      expect(housing).toContain(pipe.id);
      expect(housing).not.toContain(in10.id);
      // The list route's filter says the same.
      const viaList = (
        (
          await admin({
            method: 'GET',
            url: '/api/v1/licences',
            query: { enterpriseId: filling.id, expiringWithinDays: '60' },
          })
        ).json().items as { id: string }[]
      ).map((x) => x.id);
      expect(viaList).toEqual([in10.id, in59.id]);
    });
  });

  describe('list filters and scope', () => {
    it('filters by kind, region subtree and text on number, issuer and enterprise name', async () => {
      const db = ctx.database.db;
      const tag = uniqueName('');
      const e = await buildEnterprise(db, { name: `${tag}图克燃气公司`, regionCode: TOWNSHIPS.tuke });
      const a = await buildLicence(db, e.id, { kind: 'hazardous_transport', number: `${tag}-运输` });
      const b = await buildLicence(db, e.id, { kind: 'gas_operation' });
      const ids = async (query: Record<string, string>) =>
        ((await admin({ method: 'GET', url: '/api/v1/licences', query })).json().items as { id: string }[])
          .map((x) => x.id)
          .sort();
      expect(await ids({ q: `${tag}图克` })).toEqual([a.id, b.id].sort());
      expect(await ids({ q: `${tag}-运输` })).toEqual([a.id]);
      expect(await ids({ q: tag, kind: 'gas_operation' })).toEqual([b.id]);
      expect(await ids({ q: tag, regionId: (await regionByCode(db, TOWNSHIPS.galutu)).id })).toEqual([]);
      expect(await ids({ q: tag, regionId: (await regionByCode(db, TOWNSHIPS.tuke)).id })).toEqual([a.id, b.id].sort());
    });

    it('a 图克镇 officer gets 404 for a 嘎鲁图镇 licence and cannot add one there; read-only elsewhere means 403', async () => {
      const db = ctx.database.db;
      const e = await buildEnterprise(db);
      const l = await buildLicence(db, e.id);
      const tuke = await as('township_officer', { region: TOWNSHIPS.tuke });
      for (const req of [
        { method: 'GET' as const, url: `/api/v1/licences/${l.id}` },
        { method: 'GET' as const, url: `/api/v1/licences/${l.id}/history` },
        { method: 'PATCH' as const, url: `/api/v1/licences/${l.id}`, payload: { scope: 'x' } },
        { method: 'POST' as const, url: `/api/v1/licences/${l.id}/revoke`, payload: { reason: 'x' } },
      ]) {
        expect((await tuke(req)).statusCode).toBe(404);
      }
      expect(
        (await tuke({ method: 'POST', url: `/api/v1/enterprises/${e.id}/licences`, payload: licenceBody() }))
          .statusCode,
      ).toBe(404);
      // An inspector of 嘎鲁图镇 who also manages 图克镇 sees the licence but may not add one to its enterprise.
      const username = uniqueName('mixed');
      await createUsersService({ db }).create({
        actor: systemActor,
        username,
        displayName: username,
        password: 'Test-pass-2023',
        mustChangePassword: false,
        grants: [
          { role: 'inspector', scopeType: 'region', regionId: (await regionByCode(db, TOWNSHIPS.galutu)).id },
          { role: 'township_officer', scopeType: 'region', regionId: (await regionByCode(db, TOWNSHIPS.tuke)).id },
        ],
      });
      const mixed = await login(ctx.app, username, 'Test-pass-2023');
      expect((await mixed({ method: 'GET', url: `/api/v1/licences/${l.id}` })).json().abilities.edit).toBe(false);
      const add = await mixed({ method: 'POST', url: `/api/v1/enterprises/${e.id}/licences`, payload: licenceBody() });
      expect(add.statusCode).toBe(403);
      expect(add.json().error.code).toBe('licences.outside_scope');
    });
  });

  describe('import and export', () => {
    const HEADER = [
      '持证企业统一社会信用代码*',
      '许可证类型*',
      '许可证编号*',
      '许可范围',
      '发证机关',
      '有效期自',
      '有效期至*',
    ];
    const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');
    const upload = (content: string, query: Record<string, string> = {}) => {
      const { payload, headers } = multipartFile('licences.csv', content, 'text/csv');
      return admin({ method: 'POST', url: '/api/v1/registry/licences/import', query, payload, headers });
    };

    it('resolves the holder by credit code, reports bad rows by line, stores nothing in strict mode and is idempotent', async () => {
      const e = await buildEnterprise(ctx.database.db);
      const tag = uniqueName('导入');
      const good = [
        [
          e.creditCode,
          '燃气经营许可证',
          `${tag}-1`,
          '瓶装液化气',
          '乌审旗住房和城乡建设局',
          '2023-06-26',
          '2026-06-25',
        ],
        [e.creditCode.toLowerCase(), '气瓶充装许可证', `${tag}-2`, '', '', '2023/7/1', '2027年6月30日'],
      ];
      const bad = [
        ['91150626ZZZZZZZZZZ', '燃气经营许可证', `${tag}-3`, '', '', '', '2026-01-01'],
        ['91150626AAAAAAAAAA', '燃气经营许可证', `${tag}-4`, '', '', '', '2026-01-01'],
        [e.creditCode, '燃气经营许可证', `${tag}-5`, '', '', '2026-01-02', '2026-01-01'],
        [e.creditCode, '营业执照', `${tag}-6`, '', '', '', ''],
      ];
      const strict = await upload(csv([HEADER, ...good, ...bad]));
      expect(strict.statusCode).toBe(422);
      const errs = strict.json().error.details.errors as { line: number; column: string; message: string }[];
      expect([...new Set(errs.map((x) => x.line))]).toEqual([4, 5, 6, 7]);
      expect(errs.find((x) => x.line === 5)!.message).toContain('未找到');
      expect(errs.find((x) => x.line === 6)!.column).toBe('有效期至');
      expect(
        errs
          .filter((x) => x.line === 7)
          .map((x) => x.column)
          .sort(),
      ).toEqual(['有效期至', '许可证类型'].sort());
      expect(
        (await admin({ method: 'GET', url: '/api/v1/licences', query: { enterpriseId: e.id } })).json().total,
      ).toBe(0);

      const first = await upload(csv([HEADER, ...good]));
      expect(first.json()).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
      const second = await upload(csv([HEADER, ...good]));
      expect(second.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
      const items = (await admin({ method: 'GET', url: '/api/v1/licences', query: { enterpriseId: e.id } })).json()
        .items;
      expect(items.map((x: { validTo: string }) => x.validTo).sort()).toEqual(['2026-06-25', '2027-06-30']);
    });

    it('exports with Chinese headers and the computed status, in scope', async () => {
      const db = ctx.database.db;
      const tag = uniqueName('导出');
      const e = await buildEnterprise(db, { name: `${tag}燃气公司` });
      await buildLicence(db, e.id, { validTo: addDays(today, -5), number: `${tag}-过期` });
      await buildLicence(db, e.id, { number: `${tag}-吊销`, status: 'revoked', statusReason: '违法' });
      const res = await admin({ method: 'GET', url: '/api/v1/registry/licences/export', query: { q: tag } });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const rows: string[][] = [];
      wb.worksheets[0]!.eachRow((r) => {
        rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
      });
      expect(rows[0]!.slice(0, 3)).toEqual(['持证企业', '持证企业统一社会信用代码', '许可证类型']);
      expect(
        rows
          .slice(1)
          .map((r) => r[8])
          .sort(),
      ).toEqual(['吊销', '过期']);
      const expired = await admin({
        method: 'GET',
        url: '/api/v1/registry/licences/export',
        query: { q: tag, status: 'expired' },
      });
      const wb2 = new ExcelJS.Workbook();
      await wb2.xlsx.load(expired.rawPayload as unknown as ArrayBuffer);
      expect(wb2.worksheets[0]!.actualRowCount).toBe(2);
      const tuke = await as('township_officer', { region: TOWNSHIPS.tuke });
      const none = await tuke({ method: 'GET', url: '/api/v1/registry/licences/export', query: { q: tag } });
      const wb3 = new ExcelJS.Workbook();
      await wb3.xlsx.load(none.rawPayload as unknown as ArrayBuffer);
      expect(wb3.worksheets[0]!.actualRowCount).toBe(1);
    });
  });
});
