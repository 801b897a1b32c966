import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentStatements } from './query-count.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from './factories.ts';
import { buildEnterprise, buildScopedUser, buildVenue } from './registry-factories.ts';

type Send = Awaited<ReturnType<typeof login>>;

let ctx: TestContext;
let admin: Send;
let galutuId: string;
let tukeId: string;
let supplierId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  const u = await buildUser(db, 'office_admin', 'global');
  admin = await login(ctx.app, u.username, u.password);
  galutuId = (await regionByCode(db, TOWNSHIPS.galutu)).id;
  tukeId = (await regionByCode(db, TOWNSHIPS.tuke)).id;
  supplierId = (await buildEnterprise(db, { kind: 'bottled_operator', name: '乌审旗蓝焰液化气有限公司' })).id;
});
afterAll(() => ctx.close());

async function signIn(role: Parameters<typeof buildUser>[1], scope: Parameters<typeof buildUser>[2]) {
  const u = await buildUser(ctx.database.db, role, scope);
  return login(ctx.app, u.username, u.password);
}

function venueBody(overrides: Record<string, unknown> = {}) {
  return {
    name: uniqueName('蒙源羊肉馆'),
    category: 'restaurant',
    regionId: galutuId,
    address: uniqueName('嘎鲁图镇萨如拉街'),
    lng: 108.84,
    lat: 38.6,
    floor: 'ground',
    gasSources: ['bottled_lpg'],
    supplierEnterpriseId: supplierId,
    contractNumber: 'HT-2023-001',
    contractFrom: '2023-01-01',
    contractTo: '2030-12-31',
    storedLpgKg: 45,
    hasCylinderRoom: false,
    detectorInstalled: true,
    detectorInstalledOn: '2023-05-01',
    shutoffValveInstalled: true,
    shutoffValveInstalledOn: '2023-05-01',
    contactName: '周老板',
    contactPhone: '13800000000',
    ...overrides,
  };
}

async function create(send: Send, overrides: Record<string, unknown> = {}) {
  const res = await send({ method: 'POST', url: '/api/v1/venues', payload: venueBody(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

function names(res: { json(): unknown }) {
  return (res.json() as { items: { name: string }[] }).items.map((i) => i.name);
}

describe('venues over HTTP', () => {
  it('creates a venue with every field, audited, and reads it back with abilities and no risk flags', async () => {
    const v = await create(admin);
    expect(v).toMatchObject({
      category: 'restaurant',
      regionName: '嘎鲁图镇',
      floor: 'ground',
      gasSources: ['bottled_lpg'],
      supplierName: '乌审旗蓝焰液化气有限公司',
      storedLpgKg: 45,
      detectorInstalledOn: '2023-05-01',
      supplyStatus: 'normal',
      riskFlags: [],
      archived: false,
      abilities: { edit: true, editContract: true, archive: true, suspendSupply: true, resumeSupply: false },
    });
    const got = await admin({ method: 'GET', url: `/api/v1/venues/${v.id}` });
    expect(got.json()).toEqual(v);
    const audit = await admin({ method: 'GET', url: `/api/v1/audit?subjectType=venue&subjectId=${v.id}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual(['venue.create']);
  });

  it('derives risk flags with their plan references', async () => {
    const v = await create(admin, {
      floor: 'basement',
      gasSources: ['piped', 'bottled_lpg'],
      storedLpgKg: 150,
      detectorInstalled: false,
      detectorInstalledOn: null,
      contractNumber: null,
    });
    expect(v.riskFlags).toEqual([
      { code: 'lpg_in_basement', ref: '三(四)2' },
      { code: 'cylinder_room_missing', ref: '三(四)2' },
      { code: 'two_gas_sources', ref: '三(四)5' },
      { code: 'no_detector', ref: '三(四)2' },
      { code: 'no_supply_contract', ref: '三(五)6' },
    ]);
  });

  it('lists with filters and Chinese text search, paged and sorted', async () => {
    const tag = uniqueName('');
    await create(admin, { name: `蒙源羊肉馆${tag}`, address: `团结路${tag}号` });
    await create(admin, {
      name: `草原人家手把肉馆${tag}`,
      address: `新华街${tag}号`,
      floor: 'upper',
      gasSources: ['piped'],
    });
    await create(admin, {
      name: `嘎鲁图镇第二小学${tag}`,
      category: 'school',
      address: `阳光路${tag}号`,
      regionId: tukeId,
    });

    const q = (params: string) => admin({ method: 'GET', url: `/api/v1/venues?${params}` });
    expect(names(await q(`q=${encodeURIComponent(`羊肉馆${tag}`)}`))).toEqual([`蒙源羊肉馆${tag}`]);
    const byMeat = names(await q(`q=${encodeURIComponent('肉馆')}&pageSize=200`));
    expect(byMeat).toEqual(expect.arrayContaining([`蒙源羊肉馆${tag}`, `草原人家手把肉馆${tag}`]));
    expect(byMeat).not.toContain(`嘎鲁图镇第二小学${tag}`);
    // One character has no bigram: it still finds by ILIKE.
    expect(names(await q(`q=${encodeURIComponent('羊')}&pageSize=200`))).toContain(`蒙源羊肉馆${tag}`);
    // Latin letters match in any case; Chinese has none.
    await create(admin, { name: `Sulige Grill 苏里格烤肉${tag}`, address: `气田路${tag}号` });
    expect(names(await q(`q=${encodeURIComponent(`sulige grill 苏里格烤肉${tag}`)}`))).toEqual([
      `Sulige Grill 苏里格烤肉${tag}`,
    ]);
    expect(names(await q(`q=${encodeURIComponent(`苏里格烤肉${tag}`)}`))).toEqual([`Sulige Grill 苏里格烤肉${tag}`]);
    // The address is searched too.
    expect(names(await q(`q=${encodeURIComponent(`新华街${tag}`)}`))).toEqual([`草原人家手把肉馆${tag}`]);
    // Filters.
    const school = await q(`category=school&regionId=${tukeId}&q=${tag}`);
    expect(names(school)).toEqual([`嘎鲁图镇第二小学${tag}`]);
    expect(names(await q(`floor=upper&q=${tag}`))).toEqual([`草原人家手把肉馆${tag}`]);
    expect(names(await q(`gasSource=piped&q=${tag}`))).toEqual([`草原人家手把肉馆${tag}`]);
    expect((await q(`supplierEnterpriseId=${supplierId}&q=${tag}`)).json().total).toBe(4);
    const banner = await regionByCode(ctx.database.db, '150626');
    expect((await q(`regionId=${banner.id}&q=${tag}`)).json().total).toBe(4);
    expect((await q(`regionId=${galutuId}&q=${tag}`)).json().total).toBe(3);
    // Paging and sorting.
    const page = (await q(`q=${tag}&pageSize=2&page=2&sort=name&order=asc`)).json();
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(2);
    expect((await q('pageSize=500')).statusCode).toBe(400);
  });

  it('edits a venue, audited with the fields changed, and keeps search tokens current', async () => {
    const v = await create(admin);
    const newName = uniqueName('蒙源涮肉坊');
    const res = await admin({
      method: 'PATCH',
      url: `/api/v1/venues/${v.id}`,
      payload: { name: newName, floor: 'upper', detectorInstalled: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    // Turning the detector off clears its install date.
    expect(res.json()).toMatchObject({
      name: newName,
      floor: 'upper',
      detectorInstalled: false,
      detectorInstalledOn: null,
    });
    expect(names(await admin({ method: 'GET', url: `/api/v1/venues?q=${encodeURIComponent(newName)}` }))).toEqual([
      newName,
    ]);
    const audit = (await admin({ method: 'GET', url: `/api/v1/audit?subjectType=venue&subjectId=${v.id}` })).json();
    expect(audit.items[0]).toMatchObject({
      action: 'venue.update',
      details: { fields: ['name', 'floor', 'detectorInstalled'] },
    });
  });

  it('archives a venue: hidden from lists unless archived=true, no longer editable, key still taken', async () => {
    const v = await create(admin);
    const res = await admin({ method: 'POST', url: `/api/v1/venues/${v.id}/archive` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ archived: true, abilities: { edit: false, archive: false } });
    expect(names(await admin({ method: 'GET', url: `/api/v1/venues?q=${encodeURIComponent(v.name)}` }))).toEqual([]);
    expect(
      names(await admin({ method: 'GET', url: `/api/v1/venues?archived=true&q=${encodeURIComponent(v.name)}` })),
    ).toEqual([v.name]);
    expect(
      (await admin({ method: 'PATCH', url: `/api/v1/venues/${v.id}`, payload: { floor: 'upper' } })).json().error.code,
    ).toBe('venues.archived');
    const dup = await admin({
      method: 'POST',
      url: '/api/v1/venues',
      payload: venueBody({ name: v.name, address: v.address }),
    });
    expect(dup.statusCode).toBe(409);
  });

  it('refuses bad bodies with the field at fault', async () => {
    const nonOperator = await buildEnterprise(ctx.database.db, { kind: 'appliance_seller' });
    const cases: [Record<string, unknown>, number, string, string][] = [
      [
        { supplierEnterpriseId: '00000000-0000-4000-8000-000000000000' },
        400,
        'venues.supplier_not_found',
        'supplierEnterpriseId',
      ],
      [{ supplierEnterpriseId: nonOperator.id }, 400, 'venues.supplier_not_gas_operator', 'supplierEnterpriseId'],
      [{ contractFrom: '2024-01-01', contractTo: '2023-01-01' }, 400, 'venues.contract_dates_reversed', 'contractTo'],
      [
        { detectorInstalled: false, detectorInstalledOn: '2023-01-01' },
        400,
        'venues.install_date_without_device',
        'detectorInstalledOn',
      ],
      [{ regionId: '00000000-0000-4000-8000-000000000000' }, 400, 'venues.region_not_found', 'regionId'],
    ];
    for (const [overrides, status, code, field] of cases) {
      const res = await admin({ method: 'POST', url: '/api/v1/venues', payload: venueBody(overrides) });
      expect(res.statusCode, JSON.stringify(overrides)).toBe(status);
      expect(res.json().error).toMatchObject({ code, details: { field } });
    }
    const schemaCases: [Record<string, unknown>, string][] = [
      [{ storedLpgKg: -1 }, 'storedLpgKg'],
      [{ name: '名'.repeat(101) }, 'name'],
      [{ category: 'bar' }, 'category'],
      [{ gasSources: ['coal'] }, 'gasSources'],
      [{ contractFrom: '2023-13-01' }, 'contractFrom'],
      [{ unknownField: 1 }, ''],
    ];
    for (const [overrides, field] of schemaCases) {
      const res = await admin({ method: 'POST', url: '/api/v1/venues', payload: venueBody(overrides) });
      expect(res.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(res.json().error.code).toBe('validation.failed');
      if (field) expect(JSON.stringify(res.json().error.details.issues)).toContain(field);
    }
    // Reversed dates are also refused when only one side changes.
    const v = await create(admin);
    const res = await admin({ method: 'PATCH', url: `/api/v1/venues/${v.id}`, payload: { contractTo: '2022-01-01' } });
    expect(res.json().error).toMatchObject({
      code: 'venues.contract_dates_reversed',
      details: { field: 'contractTo' },
    });
  });

  it('answers 409 venues.duplicate for the same name and address', async () => {
    const v = await create(admin);
    const res = await admin({
      method: 'POST',
      url: '/api/v1/venues',
      payload: venueBody({ name: v.name, address: v.address }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'venues.duplicate', details: { field: 'name' } });
    const other = await create(admin);
    const rename = await admin({
      method: 'PATCH',
      url: `/api/v1/venues/${other.id}`,
      payload: { name: v.name, address: v.address },
    });
    expect(rename.json().error.code).toBe('venues.duplicate');
  });

  it('suspends and resumes supply with a reason, audited', async () => {
    const v = await create(admin);
    expect(
      (await admin({ method: 'POST', url: `/api/v1/venues/${v.id}/suspend-supply`, payload: {} })).statusCode,
    ).toBe(400);
    const s = await admin({
      method: 'POST',
      url: `/api/v1/venues/${v.id}/suspend-supply`,
      payload: { reason: '地下室使用瓶装液化气，整改前停止供气' },
    });
    expect(s.json()).toMatchObject({
      supplyStatus: 'suspended',
      supplyStatusReason: '地下室使用瓶装液化气，整改前停止供气',
      abilities: { suspendSupply: false, resumeSupply: true },
    });
    expect(
      (await admin({ method: 'POST', url: `/api/v1/venues/${v.id}/suspend-supply`, payload: { reason: 'x' } })).json()
        .error.code,
    ).toBe('venues.supply_already_suspended');
    const suspended = await admin({
      method: 'GET',
      url: `/api/v1/venues?supplyStatus=suspended&q=${encodeURIComponent(v.name)}`,
    });
    expect(names(suspended)).toEqual([v.name]);
    const r = await admin({ method: 'POST', url: `/api/v1/venues/${v.id}/resume-supply` });
    expect(r.json()).toMatchObject({ supplyStatus: 'normal', supplyStatusReason: null });
    expect((await admin({ method: 'POST', url: `/api/v1/venues/${v.id}/resume-supply` })).json().error.code).toBe(
      'venues.supply_not_suspended',
    );
    const audit = (await admin({ method: 'GET', url: `/api/v1/audit?subjectType=venue&subjectId=${v.id}` })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'venue.resume_supply',
      'venue.suspend_supply',
      'venue.create',
    ]);
    expect(audit.items[1].details).toEqual({ reason: '地下室使用瓶装液化气，整改前停止供气' });
  });
});

describe('venues: scope', () => {
  it('a 图克镇 officer gets 404 for a 嘎鲁图镇 venue and cannot create or move one there', async () => {
    const v = await create(admin);
    const tuke = await signIn('township_officer', { region: TOWNSHIPS.tuke });
    for (const req of [
      { method: 'GET' as const, url: `/api/v1/venues/${v.id}` },
      { method: 'PATCH' as const, url: `/api/v1/venues/${v.id}`, payload: { floor: 'upper' } },
      { method: 'POST' as const, url: `/api/v1/venues/${v.id}/archive` },
      { method: 'POST' as const, url: `/api/v1/venues/${v.id}/suspend-supply`, payload: { reason: '越权' } },
    ]) {
      const res = await tuke(req);
      expect(res.statusCode, req.url).toBe(404);
      expect(res.json().error.code).toBe('venues.not_found');
    }
    expect(names(await tuke({ method: 'GET', url: `/api/v1/venues?q=${encodeURIComponent(v.name)}` }))).toEqual([]);
    const res = await tuke({ method: 'POST', url: '/api/v1/venues', payload: venueBody() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'venues.outside_scope', details: { field: 'regionId' } });
    // Its own township works; moving the venue out of it does not.
    const own = await create(tuke, { regionId: tukeId });
    expect(own.abilities.edit).toBe(true);
    const move = await tuke({ method: 'PATCH', url: `/api/v1/venues/${own.id}`, payload: { regionId: galutuId } });
    expect(move.statusCode).toBe(403);
  });

  it('a venue manager sees and edits only its venue, and may not archive it or suspend its supply', async () => {
    const db = ctx.database.db;
    const mine = await buildVenue(db, { name: uniqueName('周记面馆') });
    const other = await buildVenue(db);
    const u = await buildScopedUser(db, { venueId: mine.id });
    const send = await login(ctx.app, u.username, u.password);
    const list = (await send({ method: 'GET', url: '/api/v1/venues' })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect(list.total).toBe(1);
    expect(list.abilities).toEqual({ create: false });
    expect((await send({ method: 'GET', url: `/api/v1/venues/${other.id}` })).statusCode).toBe(404);
    const detail = (await send({ method: 'GET', url: `/api/v1/venues/${mine.id}` })).json();
    expect(detail.abilities).toEqual({
      edit: true,
      editContract: true,
      archive: false,
      suspendSupply: false,
      resumeSupply: false,
    });
    // Its contact is its own to keep; the facts that decide its risk flags are the regulator's (proposed instead).
    const edit = await send({
      method: 'PATCH',
      url: `/api/v1/venues/${mine.id}`,
      payload: { contactName: '周师傅', contactPhone: '13904770099' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json()).toMatchObject({ contactName: '周师傅', contactPhone: '13904770099' });
    const facts = await send({
      method: 'PATCH',
      url: `/api/v1/venues/${mine.id}`,
      payload: { detectorInstalled: true, detectorInstalledOn: '2024-03-01' },
    });
    expect(facts.statusCode, facts.body).toBe(403);
    expect(facts.json().error).toMatchObject({
      code: 'registry.regulator_fields',
      details: { field: 'detectorInstalled' },
    });
    expect((await send({ method: 'POST', url: `/api/v1/venues/${mine.id}/archive` })).statusCode).toBe(403);
    expect((await send({ method: 'POST', url: '/api/v1/venues', payload: venueBody() })).statusCode).toBe(403);
  });

  it('an enterprise manager sees its customers only, edits only their contract and may suspend their supply', async () => {
    const db = ctx.database.db;
    const ent = await buildEnterprise(db, { kind: 'pipeline_operator' });
    const customer = await buildVenue(db, { supplierEnterpriseId: ent.id, regionCode: TOWNSHIPS.tuke });
    const stranger = await buildVenue(db, { supplierEnterpriseId: supplierId });
    const u = await buildScopedUser(db, { enterpriseId: ent.id });
    const send = await login(ctx.app, u.username, u.password);
    const list = (await send({ method: 'GET', url: '/api/v1/venues' })).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([customer.id]);
    expect(list.abilities).toEqual({ create: false });
    expect((await send({ method: 'GET', url: `/api/v1/venues/${stranger.id}` })).statusCode).toBe(404);
    const detail = (await send({ method: 'GET', url: `/api/v1/venues/${customer.id}` })).json();
    expect(detail.abilities).toEqual({
      edit: false,
      editContract: true,
      archive: false,
      suspendSupply: true,
      resumeSupply: false,
    });
    const contract = await send({
      method: 'PATCH',
      url: `/api/v1/venues/${customer.id}`,
      payload: { contractNumber: 'GD-88', contractFrom: '2024-01-01', contractTo: '2026-12-31' },
    });
    expect(contract.statusCode, contract.body).toBe(200);
    expect(contract.json().contractNumber).toBe('GD-88');
    const other = await send({ method: 'PATCH', url: `/api/v1/venues/${customer.id}`, payload: { floor: 'basement' } });
    expect(other.statusCode).toBe(403);
    expect(other.json().error).toMatchObject({ code: 'venues.contract_fields_only', details: { fields: ['floor'] } });
    const s = await send({
      method: 'POST',
      url: `/api/v1/venues/${customer.id}/suspend-supply`,
      payload: { reason: '未整改' },
    });
    expect(s.json().supplyStatus).toBe('suspended');
    // Its customer list by supply status.
    const suspended = (await send({ method: 'GET', url: '/api/v1/venues?supplyStatus=suspended' })).json();
    expect(suspended.items.map((i: { id: string }) => i.id)).toEqual([customer.id]);
    expect(
      (await send({ method: 'POST', url: '/api/v1/venues', payload: venueBody({ supplierEnterpriseId: ent.id }) }))
        .statusCode,
    ).toBe(403);
  });

  it('the industry_tech department officer sees restaurants but not a school', async () => {
    const db = ctx.database.db;
    const restaurant = await buildVenue(db, { category: 'restaurant' });
    const school = await buildVenue(db, { category: 'school', regionCode: TOWNSHIPS.tuke });
    const send = await signIn('department_officer', { department: 'industry_tech' });
    expect((await send({ method: 'GET', url: `/api/v1/venues/${restaurant.id}` })).statusCode).toBe(200);
    expect((await send({ method: 'GET', url: `/api/v1/venues/${school.id}` })).statusCode).toBe(404);
    const list = (await send({ method: 'GET', url: '/api/v1/venues?pageSize=200' })).json();
    expect(list.items.every((i: { category: string }) => i.category === 'restaurant')).toBe(true);
    expect(list.abilities).toEqual({ create: true });
    const res = await send({ method: 'POST', url: '/api/v1/venues', payload: venueBody({ category: 'school' }) });
    expect(res.statusCode).toBe(403);
    expect((await send({ method: 'POST', url: '/api/v1/venues', payload: venueBody() })).statusCode).toBe(201);
  });

  it('refuses the anonymous (401) and the read-only (403 on writes)', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/venues' })).statusCode).toBe(401);
    const leader = await signIn('leader', 'global');
    const read = await leader({ method: 'GET', url: '/api/v1/venues' });
    expect(read.statusCode).toBe(200);
    expect(read.json().abilities).toEqual({ create: false });
    expect((await leader({ method: 'POST', url: '/api/v1/venues', payload: venueBody() })).statusCode).toBe(403);
  });
});

describe('the point read', () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    'is one named statement for officers whose grants have the same shape, each answered within its own scope',
    async () => {
      const v = await create(admin);
      const galutu = await signIn('township_officer', { region: TOWNSHIPS.galutu });
      const tuke = await signIn('township_officer', { region: TOWNSHIPS.tuke });
      const statuses: number[] = [];
      const names = (
        await sentStatements(async () => {
          for (const send of [galutu, tuke, galutu, tuke]) {
            statuses.push((await send({ method: 'GET', url: `/api/v1/venues/${v.id}` })).statusCode);
          }
        })
      ).flatMap((s) => (s.name ? [s.name] : []));
      expect(statuses).toEqual([200, 404, 200, 404]);
      const pointReads = names.filter((n) => n.startsWith('venue_get_'));
      expect(pointReads).toHaveLength(4);
      expect(new Set(pointReads).size).toBe(1);
    },
  );
});

describe('reads as named statements (db/named-reads.ts)', () => {
  it.runIf(process.env.TEST_DATABASE_URL)(
    "the list is one named statement for officers of two townships, each answered with its own township's venues only",
    async () => {
      const tag = uniqueName('');
      const inGalutu = await create(admin, { name: `草原人家${tag}` });
      const inTuke = await create(admin, { name: `草原人家${tag}乙`, regionId: tukeId, address: uniqueName('图克镇') });
      const galutu = await signIn('township_officer', { region: TOWNSHIPS.galutu });
      const tuke = await signIn('township_officer', { region: TOWNSHIPS.tuke });
      const answers: string[][] = [];
      const sent = await sentStatements(async () => {
        for (const send of [galutu, tuke, galutu, tuke]) {
          const res = await send({ method: 'GET', url: `/api/v1/venues?q=${encodeURIComponent(tag)}` });
          expect(res.statusCode, res.body).toBe(200);
          answers.push(names(res));
        }
      });
      expect(answers).toEqual([[inGalutu.name], [inTuke.name], [inGalutu.name], [inTuke.name]]);
      const lists = sent.filter((s) => /^select .* from "venues"/.test(s.text));
      expect(lists).toHaveLength(4);
      // Named from its second sighting on (one-off texts stay unnamed), then the same statement for both scopes.
      const named = lists.filter((s) => s.name);
      expect(named.length).toBeGreaterThanOrEqual(3);
      expect(new Set(named.map((s) => s.name)).size).toBe(1);
    },
  );
});
