import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addYears, chinaToday } from '../../../domain/dates.ts';
import { type TestContext, createTestApp } from '../../../test/app.ts';
import {
  type Send,
  buildFiller,
  cylinderPayload,
  recordFill,
  registerCylinder,
  signIn,
} from '../../../test/cylinder-factories.ts';
import { buildUser, uniqueName } from '../../../test/factories.ts';
import { buildFillingOperator, buildScopedUser } from '../../../test/registry-factories.ts';
import { PUBLIC_LOOKUPS_PER_MINUTE } from './cylinders.public.routes.ts';
import { cylinderBlacklistTable } from './cylinders.table.ts';

const today = chinaToday();

const uris = (pdf: Buffer) => [...pdf.toString('latin1').matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]);
const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

describe('cylinders: the public page for a code and the QR labels (issue 11)', () => {
  let ctx: TestContext;
  let office: Send;
  let filler: Send;
  let market: Send;
  let owner: { id: string; name: string; regionId: string };
  let stationName: string;
  let stationId: string;

  const code = () => uniqueName('PB').toUpperCase();
  /** Through the office: inspection facts are the regulator's to state, not the owner's (cylinders.inspection_not_declarable). */
  const register = (overrides: Record<string, unknown> = {}) =>
    registerCylinder(office, cylinderPayload(owner.id, { code: code(), model: 'YSP-15', ...overrides }));
  const lookup = (c: string, remoteAddress = '10.0.0.1') =>
    ctx.app.inject({ method: 'GET', url: `/api/v1/public/cylinders/${encodeURIComponent(c)}`, remoteAddress });

  beforeAll(async () => {
    ctx = await createTestApp({ publicBaseUrl: 'https://ranan.example.gov.cn' });
    const db = ctx.database.db;
    const built = await buildFiller(db);
    owner = built.enterprise;
    stationId = built.station.id;
    stationName = built.station.name;
    office = await signIn(ctx.app, await buildUser(db, 'office_admin', 'global'));
    filler = await signIn(ctx.app, await buildScopedUser(db, { enterpriseId: owner.id }));
    market = await signIn(ctx.app, await buildUser(db, 'department_officer', { department: 'market_regulation' }));
  });
  afterAll(() => ctx.close());

  it('answers without signing in: a sound cylinder is safe to accept, with its owner, last fill and inspection validity', async () => {
    const c = await register();
    await recordFill(filler, {
      cylinderCode: c.code,
      stationId,
      operatorPersonId: (await buildFillingOperator(ctx.database.db, owner)).id,
    });
    const res = await lookup(c.code.toLowerCase());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({
      code: c.code,
      registered: true,
      ownerName: owner.name,
      model: 'YSP35.5',
      modelLabel: '15 kg',
      status: 'in_service',
      lastFilledAtStation: stationName,
      inspectionValidUntil: addYears(addYears(today, -1), 4),
      verdict: { level: 'safe', headline: '可以接收', reasons: [] },
    });
    expect(body.lastFilledAt).not.toBeNull();
    // Nothing personal: no operator, user, phone or address in the answer.
    expect(res.body).not.toContain('张师傅');
    expect(Object.keys(body).sort()).toEqual(
      [
        'code',
        'registered',
        'ownerName',
        'model',
        'modelLabel',
        'legacyDualPhase',
        'status',
        'manufacturedOn',
        'lastFilledAt',
        'lastFilledAtStation',
        'inspectionValidUntil',
        'verdict',
      ].sort(),
    );
  });

  it('says not to accept an overdue, refurbished cylinder, with each reason in plain Chinese, and warns about dual phase', async () => {
    const c = await register({
      model: 'YSP118-II',
      phase: 'dual_phase',
      manufacturedOn: addYears(today, -7),
      lastInspectedOn: addYears(today, -5),
      refurbished: true,
    });
    const body = (await lookup(c.code)).json();
    expect(body.verdict.level).toBe('unsafe');
    expect(body.verdict.headline).toBe('不安全，请勿接收');
    expect(body.verdict.reasons.map((r: { code: string }) => r.code)).toEqual(['INSPECTION_OVERDUE', 'REFURBISHED']);
    expect(body.verdict.reasons[0].message).toContain('超期未检');
    expect(body.legacyDualPhase).toBe(true);
    expect(body.verdict.caution).toContain('餐饮场所不得使用');
  });

  it('a blacklisted product is refused at the door as at the gate', async () => {
    const c = await register({ manufacturer: '黑名单钢瓶厂', batch: 'BAD01' });
    await ctx.database.db
      .insert(cylinderBlacklistTable)
      .values({ manufacturer: '黑名单钢瓶厂', batch: 'BAD01', basis: '抽查不合格', listedOn: today });
    const body = (await lookup(c.code)).json();
    expect(body.verdict.reasons.map((r: { code: string }) => r.code)).toEqual(['BLACKLISTED']);
    const gate = await market({
      method: 'POST',
      url: '/api/v1/filling/check',
      payload: { cylinderCode: c.code, stationId },
    });
    expect(gate.json().reasons.map((r: { code: string }) => r.code)).toEqual(['BLACKLISTED']);
  });

  it('an unknown code is a verdict of its own; a malformed one is 400 with the field', async () => {
    const unknown = await lookup('NOSUCH-0001');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toMatchObject({
      code: 'NOSUCH-0001',
      registered: false,
      ownerName: null,
      verdict: { level: 'unknown', reasons: [{ code: 'CYLINDER_UNKNOWN' }] },
    });
    const bad = await lookup('ab');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('cylinders.code_invalid');
    expect(bad.json().error.details.field).toBe('code');
  });

  it('limits look-ups per address', async () => {
    for (let i = 0; i < PUBLIC_LOOKUPS_PER_MINUTE; i++)
      expect((await lookup('NOSUCH-0002', '10.9.9.9')).statusCode).toBe(200);
    const over = await lookup('NOSUCH-0002', '10.9.9.9');
    expect(over.statusCode).toBe(429);
    expect((await lookup('NOSUCH-0002', '10.9.9.8')).statusCode).toBe(200);
  });

  describe('GET /api/v1/cylinders/labels.pdf', () => {
    const labels = (send: Send, query: string) => send({ method: 'GET', url: `/api/v1/cylinders/labels.pdf?${query}` });

    it('prints a series of new codes, 24 to an A4 page, each QR opening the public page', async () => {
      const res = await labels(filler, 'prefix=ws9-&first=7&count=25');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(String(res.headers['content-disposition'])).toContain('.pdf');
      const pdf = res.rawPayload;
      expect(pages(pdf)).toBe(2);
      const links = uris(pdf);
      expect(links).toHaveLength(25);
      expect(links[0]).toBe('https://ranan.example.gov.cn/c/WS9-000007');
      expect(links[24]).toBe('https://ranan.example.gov.cn/c/WS9-000031');
      expect(pdf.toString('latin1')).toContain('/FontFile2');
    });

    it('prints a list of codes, normalised and once each', async () => {
      const res = await labels(office, `codes=${encodeURIComponent('ab-0001, AB-0002\nab-0001')}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(uris(res.rawPayload)).toEqual([
        'https://ranan.example.gov.cn/c/AB-0001',
        'https://ranan.example.gov.cn/c/AB-0002',
      ]);
    });

    it('refuses nothing asked, too many, a bad code (400 with the field), strangers (401) and readers (403)', async () => {
      const nothing = await labels(office, '');
      expect(nothing.statusCode).toBe(400);
      expect(nothing.json().error.code).toBe('cylinders.labels_nothing_asked');
      expect(nothing.json().error.details.field).toBe('codes');
      const noCount = await labels(office, 'prefix=AB-');
      expect(noCount.json().error.details.field).toBe('count');
      const many = await labels(office, 'prefix=AB-&count=1001');
      expect(many.statusCode).toBe(400);
      const tooMany = await labels(
        office,
        `codes=${Array.from({ length: 1001 }, (_, i) => `AB-${i + 1000}`).join(',')}`,
      );
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().error.code).toBe('cylinders.labels_too_many');
      const bad = await labels(office, 'codes=AB-0001,x');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('cylinders.code_invalid');
      expect(bad.json().error.details.field).toBe('codes');
      expect(
        (await ctx.app.inject({ method: 'GET', url: '/api/v1/cylinders/labels.pdf?codes=AB-0001' })).statusCode,
      ).toBe(401);
      expect((await labels(market, 'codes=AB-0001')).statusCode).toBe(403);
    });
  });
});
