import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { TRAINING_VALID_DAYS } from '../../../domain/registry/registry.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, departmentByCode, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';

type Client = Awaited<ReturnType<typeof login>>;

let ctx: TestContext;
let admin: Client;
let galutuOfficer: Client;
let tukeOfficer: Client;
let marketOfficer: Client;
let manager: Client;
let galutu: { id: string };
let tuke: { id: string };
let banner: { id: string };
let market: { id: string };
let company: { id: string };
let otherCompany: { id: string };

const today = chinaToday();
let phoneSeq = 0;
const phone = () => `1390477${String(++phoneSeq).padStart(4, '0')}`;

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  galutu = await regionByCode(db, TOWNSHIPS.galutu);
  tuke = await regionByCode(db, TOWNSHIPS.tuke);
  banner = await regionByCode(db, '150626');
  market = await departmentByCode(db, 'market_regulation');
  company = await buildEnterprise(db, { kind: 'bottled_operator', name: uniqueName('乌审旗瓶装气公司') });
  otherCompany = await buildEnterprise(db, { kind: 'bottled_operator', regionCode: TOWNSHIPS.tuke });
  const as = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  admin = await as(await buildUser(db, 'office_admin', 'global'));
  galutuOfficer = await as(await buildUser(db, 'township_officer', { region: TOWNSHIPS.galutu }));
  tukeOfficer = await as(await buildUser(db, 'township_officer', { region: TOWNSHIPS.tuke }));
  marketOfficer = await as(await buildUser(db, 'department_officer', { department: 'market_regulation' }));
  manager = await as(await buildScopedUser(db, { enterpriseId: company.id }));
});
afterAll(() => ctx.close());

async function create(client: Client, body: Record<string, unknown>) {
  const res = await client({ method: 'POST', url: '/api/v1/people', payload: { phone: phone(), ...body } });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function train(client: Client, id: string, body: Record<string, unknown>) {
  return client({
    method: 'POST',
    url: `/api/v1/people/${id}/training-records`,
    payload: { course: '燃气安全隐患排查培训', ...body },
  });
}

describe('people over HTTP', () => {
  it('creates a department inspector (region: the department county) and a township inspector', async () => {
    const res = await marketOfficer({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: '巴特尔', kind: 'inspector', phone: phone(), departmentId: market.id },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: '巴特尔',
      kind: 'inspector',
      department: { id: market.id },
      region: { id: banner.id, name: '乌审旗' },
      mayInspect: false,
      certificateExpired: false,
      abilities: { edit: true, archive: true, addTraining: true },
    });
    const township = await create(galutuOfficer, { name: '其其格', kind: 'inspector', regionId: galutu.id });
    expect(township).toMatchObject({ region: { id: galutu.id }, departmentId: null });
    const audit = await admin({ method: 'GET', url: `/api/v1/audit?subjectType=person&subjectId=${township.id}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['person.create']);
  });

  it('registers enterprise staff in the enterprise region; principals carry an assessment date', async () => {
    const principal = await create(manager, {
      name: '高建军',
      kind: 'principal',
      enterpriseId: company.id,
      assessmentPassedOn: '2023-05-10',
    });
    expect(principal).toMatchObject({
      enterprise: { id: company.id },
      region: { id: galutu.id },
      assessmentPassedOn: '2023-05-10',
    });
    const operator = await create(manager, {
      name: '刘海峰',
      kind: 'special_equipment_operator',
      enterpriseId: company.id,
      certificateNumber: 'TS-R2-150626-0012',
      certificateExpiresOn: addDays(today, -1),
    });
    expect(operator).toMatchObject({ certificateNumber: 'TS-R2-150626-0012', certificateExpired: true });
  });

  it('lists with filters and Chinese search', async () => {
    const tag = uniqueName('乌力吉');
    const a = await create(admin, { name: `${tag}甲`, kind: 'inspector', departmentId: market.id });
    const b = await create(admin, { name: `${tag}乙`, kind: 'delivery_worker', enterpriseId: otherCompany.id });
    const c = await create(admin, { name: `${tag}丙`, kind: 'inspector', regionId: galutu.id });
    await train(admin, c.id, { trainedOn: today, passed: true });
    const ids = async (query: string) => {
      const res = await admin({ method: 'GET', url: `/api/v1/people?q=${encodeURIComponent(tag)}&${query}` });
      expect(res.statusCode).toBe(200);
      return res
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort();
    };
    expect(await ids('')).toEqual([a.id, b.id, c.id].sort());
    expect(await ids('kind=inspector')).toEqual([a.id, c.id].sort());
    expect(await ids(`enterpriseId=${otherCompany.id}`)).toEqual([b.id]);
    expect(await ids(`departmentId=${market.id}`)).toEqual([a.id]);
    expect(await ids(`regionId=${tuke.id}`)).toEqual([b.id]);
    expect(await ids('mayInspect=true')).toEqual([c.id]);
    expect(await ids('mayInspect=false')).toEqual([a.id, b.id].sort());
    const byPhone = await admin({ method: 'GET', url: `/api/v1/people?q=${b.phone}` });
    expect(byPhone.json().items.map((i: { id: string }) => i.id)).toEqual([b.id]);
  });

  it('edits and archives', async () => {
    const p = await create(galutuOfficer, { name: '张建华', kind: 'inspector', regionId: galutu.id });
    const edit = await galutuOfficer({
      method: 'PATCH',
      url: `/api/v1/people/${p.id}`,
      payload: { name: '张建华（社区）' },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().name).toBe('张建华（社区）');
    const archived = await galutuOfficer({ method: 'POST', url: `/api/v1/people/${p.id}/archive` });
    expect(archived.json()).toMatchObject({
      archived: true,
      abilities: { edit: false, archive: false, addTraining: false },
    });
    const list = await admin({ method: 'GET', url: `/api/v1/people?q=${p.phone}` });
    expect(list.json().total).toBe(0);
    const withArchived = await admin({ method: 'GET', url: `/api/v1/people?q=${p.phone}&archived=true` });
    expect(withArchived.json().total).toBe(1);
    const audit = await admin({ method: 'GET', url: `/api/v1/audit?subjectType=person&subjectId=${p.id}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'person.archive',
      'person.update',
      'person.create',
    ]);
  });

  it('answers 400 for bad input', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { name: '无证人员', kind: 'special_equipment_operator', enterpriseId: company.id },
        'people.certificate_required',
        'certificateNumber',
      ],
      [
        { name: '无期人员', kind: 'special_equipment_operator', enterpriseId: company.id, certificateNumber: 'X-1' },
        'people.certificate_required',
        'certificateExpiresOn',
      ],
      [{ name: '无企业', kind: 'delivery_worker' }, 'people.enterprise_required', 'enterpriseId'],
      [{ name: '无单位', kind: 'inspector' }, 'people.unit_required', 'departmentId'],
      [
        { name: '混合', kind: 'inspector', regionId: galutu.id, enterpriseId: company.id },
        'people.field_not_applicable',
        'enterpriseId',
      ],
      [
        { name: '考核', kind: 'delivery_worker', enterpriseId: company.id, assessmentPassedOn: '2023-01-01' },
        'people.field_not_applicable',
        'assessmentPassedOn',
      ],
      [
        { name: '未知', kind: 'delivery_worker', enterpriseId: '00000000-0000-4000-8000-000000000000' },
        'people.enterprise_not_found',
        'enterpriseId',
      ],
    ];
    for (const [body, code, field] of cases) {
      const res = await admin({ method: 'POST', url: '/api/v1/people', payload: { phone: phone(), ...body } });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error).toMatchObject({ code, details: { field } });
    }
    const badPhone = await admin({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: '电话', kind: 'inspector', regionId: galutu.id, phone: 'abc' },
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details.issues[0].path).toEqual(['body', 'phone']);
  });

  it('answers 409 for a name and phone already registered', async () => {
    const p = await create(admin, { name: '王小红', kind: 'inspector', regionId: galutu.id });
    const dup = await admin({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: '王小红', phone: p.phone, kind: 'delivery_worker', enterpriseId: company.id },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'people.name_phone_taken', details: { field: 'phone' } });
  });

  it('keeps officers and enterprise managers to their scope', async () => {
    const inGalutu = await create(admin, { name: '格日乐', kind: 'inspector', regionId: galutu.id });
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/people/${inGalutu.id}` },
      { method: 'PATCH' as const, url: `/api/v1/people/${inGalutu.id}`, payload: { name: 'x' } },
      { method: 'GET' as const, url: `/api/v1/people/${inGalutu.id}/training-records` },
      {
        method: 'POST' as const,
        url: `/api/v1/people/${inGalutu.id}/training-records`,
        payload: { course: 'x', trainedOn: today, passed: true },
      },
    ]) {
      const res = await tukeOfficer(req);
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(res.json().error.code).toBe('people.not_found');
    }
    const there = await tukeOfficer({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: '越界', kind: 'inspector', regionId: galutu.id, phone: phone() },
    });
    expect(there.statusCode).toBe(403);
    expect(there.json().error.code).toBe('people.outside_scope');

    const own = await create(manager, { name: '本企业送气工', kind: 'delivery_worker', enterpriseId: company.id });
    const foreign = await create(admin, {
      name: '他企业送气工',
      kind: 'delivery_worker',
      enterpriseId: otherCompany.id,
    });
    const seen = await manager({ method: 'GET', url: '/api/v1/people?pageSize=200' });
    const seenIds = seen.json().items.map((i: { id: string }) => i.id);
    expect(seenIds).toContain(own.id);
    expect(seenIds).not.toContain(foreign.id);
    expect(seenIds).not.toContain(inGalutu.id);
    expect(seen.json().items.every((i: { enterpriseId: string }) => i.enterpriseId === company.id)).toBe(true);
    expect((await manager({ method: 'GET', url: `/api/v1/people/${foreign.id}` })).statusCode).toBe(404);
    const hire = await manager({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: '挖人', kind: 'delivery_worker', enterpriseId: otherCompany.id, phone: phone() },
    });
    expect(hire.statusCode).toBe(403);
    const inspector = await manager({
      method: 'POST',
      url: '/api/v1/people',
      payload: { name: '自封', kind: 'inspector', regionId: galutu.id, phone: phone() },
    });
    expect(inspector.statusCode).toBe(403);
  });
});

describe('先培训、后排查: training records and who may inspect', () => {
  it('may inspect only with a passed training that is still valid', async () => {
    const p = await create(admin, { name: uniqueName('培训对象'), kind: 'inspector', regionId: galutu.id });
    const state = async () => (await admin({ method: 'GET', url: `/api/v1/people/${p.id}` })).json();
    expect((await state()).mayInspect).toBe(false);

    const failed = await train(admin, p.id, { trainedOn: today, passed: false });
    expect(failed.statusCode).toBe(201);
    expect(failed.json()).toMatchObject({ passed: false, validUntil: null, current: false });
    expect((await state()).mayInspect).toBe(false);

    const longAgo = addDays(today, -TRAINING_VALID_DAYS - 30);
    const expired = await train(admin, p.id, { trainedOn: longAgo, passed: true });
    expect(expired.json()).toMatchObject({ validUntil: addDays(longAgo, TRAINING_VALID_DAYS), current: false });
    expect((await state()).mayInspect).toBe(false);

    const good = await train(admin, p.id, { trainedOn: addDays(today, -10), passed: true });
    expect(good.json()).toMatchObject({ validUntil: addDays(addDays(today, -10), TRAINING_VALID_DAYS), current: true });
    expect(await state()).toMatchObject({
      mayInspect: true,
      trainingValidUntil: addDays(addDays(today, -10), TRAINING_VALID_DAYS),
    });

    const records = await admin({ method: 'GET', url: `/api/v1/people/${p.id}/training-records` });
    expect(records.json().items.map((r: { trainedOn: string }) => r.trainedOn)).toEqual([
      today,
      addDays(today, -10),
      longAgo,
    ]);
    const audit = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=person&subjectId=${p.id}&action=person.add_training`,
    });
    expect(audit.json().items).toHaveLength(3);
  });

  it('an explicit validity that has passed does not count; dates are checked; records cannot be edited', async () => {
    const p = await create(admin, { name: uniqueName('短期培训'), kind: 'inspector', regionId: galutu.id });
    const short = await train(admin, p.id, {
      trainedOn: addDays(today, -20),
      passed: true,
      validUntil: addDays(today, -1),
    });
    expect(short.json().current).toBe(false);
    expect((await admin({ method: 'GET', url: `/api/v1/people/${p.id}` })).json().mayInspect).toBe(false);
    const future = await train(admin, p.id, { trainedOn: addDays(today, 1), passed: true });
    expect(future.statusCode).toBe(400);
    expect(future.json().error).toMatchObject({
      code: 'people.training_dates_invalid',
      details: { field: 'trainedOn' },
    });
    const backwards = await train(admin, p.id, {
      trainedOn: addDays(today, -5),
      passed: true,
      validUntil: addDays(today, -6),
    });
    expect(backwards.json().error).toMatchObject({
      code: 'people.training_dates_invalid',
      details: { field: 'validUntil' },
    });
    const id = short.json().id;
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const res = await admin({
        method,
        url: `/api/v1/people/${p.id}/training-records/${id}`,
        payload: method === 'DELETE' ? undefined : { passed: true },
      });
      expect(res.statusCode).toBe(404);
    }
  });

  it('lists eligible inspectors only with eligible=true', async () => {
    const tag = uniqueName('资格');
    const trained = await create(admin, { name: `${tag}已培训`, kind: 'inspector', regionId: galutu.id });
    const untrained = await create(admin, { name: `${tag}未培训`, kind: 'inspector', regionId: galutu.id });
    const staff = await create(admin, { name: `${tag}送气工`, kind: 'delivery_worker', enterpriseId: company.id });
    await train(admin, trained.id, { trainedOn: today, passed: true });
    await train(admin, staff.id, { trainedOn: today, passed: true });
    const all = await galutuOfficer({ method: 'GET', url: `/api/v1/people/inspectors?q=${encodeURIComponent(tag)}` });
    expect(all.statusCode).toBe(200);
    expect(
      all
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([trained.id, untrained.id].sort());
    const eligible = await galutuOfficer({
      method: 'GET',
      url: `/api/v1/people/inspectors?eligible=true&q=${encodeURIComponent(tag)}`,
    });
    expect(eligible.json().items.map((i: { id: string }) => i.id)).toEqual([trained.id]);
    expect(eligible.json().items[0].mayInspect).toBe(true);
    const elsewhere = await tukeOfficer({
      method: 'GET',
      url: `/api/v1/people/inspectors?eligible=true&q=${encodeURIComponent(tag)}`,
    });
    expect(elsewhere.json().total).toBe(0);
  });
});
