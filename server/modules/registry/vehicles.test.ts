import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, regionByCode, uniqueName } from '../../../test/factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';

type Client = Awaited<ReturnType<typeof login>>;

let ctx: TestContext;
let admin: Client;
let tukeOfficer: Client;
let galutuOfficer: Client;
let transport: Client;
let market: Client;
let manager: Client;
let bottled: { id: string };
let otherBottled: { id: string };
let carrier: { id: string };
let seller: { id: string };

let plateSeq = 0;
/** 蒙K + 5 characters, unique per call (no I or O). */
const plate = () => `蒙K${String(10000 + ++plateSeq).slice(-5)}`;
let phoneSeq = 0;
const phone = () => `1350477${String(++phoneSeq).padStart(4, '0')}`;

beforeAll(async () => {
  ctx = await createTestApp();
  const db = ctx.database.db;
  bottled = await buildEnterprise(db, { kind: 'bottled_operator', name: uniqueName('嘎鲁图液化气站') });
  otherBottled = await buildEnterprise(db, {
    kind: 'bottled_operator',
    name: uniqueName('图克液化气站'),
    regionCode: TOWNSHIPS.tuke,
  });
  carrier = await buildEnterprise(db, { kind: 'hazardous_carrier', name: uniqueName('乌审旗危货运输公司') });
  seller = await buildEnterprise(db, { kind: 'appliance_seller' });
  const as = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);
  admin = await as(await buildUser(db, 'office_admin', 'global'));
  tukeOfficer = await as(await buildUser(db, 'township_officer', { region: TOWNSHIPS.tuke }));
  galutuOfficer = await as(await buildUser(db, 'township_officer', { region: TOWNSHIPS.galutu }));
  transport = await as(await buildUser(db, 'department_officer', { department: 'transport' }));
  market = await as(await buildUser(db, 'department_officer', { department: 'market_regulation' }));
  manager = await as(await buildScopedUser(db, { enterpriseId: bottled.id }));
});
afterAll(() => ctx.close());

async function vehicle(client: Client, body: Record<string, unknown> = {}) {
  const res = await client({
    method: 'POST',
    url: '/api/v1/vehicles',
    payload: { plate: plate(), kind: 'delivery', enterpriseId: bottled.id, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function worker(enterpriseId: string, kind = 'delivery_worker', name = uniqueName('送气工')) {
  const res = await admin({
    method: 'POST',
    url: '/api/v1/people',
    payload: { name, kind, phone: phone(), enterpriseId },
  });
  if (res.statusCode !== 201) throw new Error(`person failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe('vehicles over HTTP', () => {
  it('creates, reads, lists with filters, edits and archives', async () => {
    const created = await admin({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: {
        plate: '蒙k 12345',
        kind: 'delivery',
        enterpriseId: bottled.id,
        permitValidTo: addDays(chinaToday(), -1),
      },
    });
    expect(created.statusCode).toBe(201);
    const v = created.json();
    expect(v).toMatchObject({
      plate: '蒙K12345',
      enterprise: { id: bottled.id },
      region: { name: '嘎鲁图镇' },
      permitExpired: true,
      boundPerson: null,
      abilities: { edit: true, archive: true, bind: true },
    });
    const hazardous = await vehicle(admin, {
      plate: '蒙KD12345',
      kind: 'hazardous_transport',
      enterpriseId: carrier.id,
      permitNumber: '蒙交运危2023-018',
    });
    const trailer = await vehicle(admin, {
      plate: '蒙K1234挂',
      kind: 'hazardous_transport',
      enterpriseId: carrier.id,
      permitNumber: '蒙交运危2023-019',
    });
    expect(hazardous.plate).toBe('蒙KD12345');
    const ids = async (query: string) =>
      (await admin({ method: 'GET', url: `/api/v1/vehicles?pageSize=200&${query}` }))
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort();
    expect(await ids('kind=hazardous_transport')).toEqual([hazardous.id, trailer.id].sort());
    expect(await ids(`enterpriseId=${bottled.id}`)).toContain(v.id);
    expect(await ids(`q=${encodeURIComponent('D123')}`)).toEqual([hazardous.id]);
    expect(await ids(`q=${encodeURIComponent('危货运输')}`)).toEqual([hazardous.id, trailer.id].sort());
    const tuke = await regionByCode(ctx.database.db, TOWNSHIPS.tuke);
    const inTuke = await vehicle(admin, { enterpriseId: otherBottled.id });
    expect(await ids(`regionId=${tuke.id}`)).toEqual([inTuke.id]);

    const edit = await admin({
      method: 'PATCH',
      url: `/api/v1/vehicles/${v.id}`,
      payload: { permitNumber: '乌审配送-001', permitValidTo: null },
    });
    expect(edit.json()).toMatchObject({ permitNumber: '乌审配送-001', permitValidTo: null, permitExpired: false });
    const archived = await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/archive` });
    expect(archived.json()).toMatchObject({ archived: true, abilities: { edit: false, archive: false, bind: false } });
    expect(await ids('q=12345')).not.toContain(v.id);
    expect(await ids('q=12345&archived=true')).toEqual([v.id, hazardous.id].sort());
    const audit = await admin({ method: 'GET', url: `/api/v1/audit?subjectType=vehicle&subjectId=${v.id}` });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'vehicle.archive',
      'vehicle.update',
      'vehicle.create',
    ]);
  });

  it('answers 400 for a bad plate, a hazardous vehicle without permit or of the wrong enterprise', async () => {
    for (const bad of ['AB12345', '蒙K1234', '蒙KI2345', '蒙K123456789', '沪']) {
      const res = await admin({
        method: 'POST',
        url: '/api/v1/vehicles',
        payload: { plate: bad, kind: 'delivery', enterpriseId: bottled.id },
      });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.details.issues[0].path).toEqual(['body', 'plate']);
    }
    const noPermit = await admin({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: { plate: plate(), kind: 'hazardous_transport', enterpriseId: carrier.id },
    });
    expect(noPermit.json().error).toMatchObject({
      code: 'vehicles.permit_required',
      details: { field: 'permitNumber' },
    });
    const wrongKind = await admin({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: { plate: plate(), kind: 'hazardous_transport', enterpriseId: seller.id, permitNumber: 'X' },
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error).toMatchObject({
      code: 'vehicles.enterprise_kind_invalid',
      details: { field: 'enterpriseId' },
    });
    const bottledHazardous = await admin({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: { plate: plate(), kind: 'hazardous_transport', enterpriseId: bottled.id, permitNumber: 'Y' },
    });
    expect(bottledHazardous.statusCode).toBe(201);
    const unknown = await admin({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: { plate: plate(), kind: 'delivery', enterpriseId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.json().error).toMatchObject({
      code: 'vehicles.enterprise_not_found',
      details: { field: 'enterpriseId' },
    });
  });

  it('answers 409 for a plate already registered (also written differently)', async () => {
    const v = await vehicle(admin);
    const dup = await admin({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: { plate: ` ${v.plate.toLowerCase()} `, kind: 'delivery', enterpriseId: bottled.id },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'vehicles.plate_taken', details: { field: 'plate' } });
  });

  it('scopes by the enterprise: township by its region, an enterprise manager its own, transport sees all vehicles', async () => {
    const inGalutu = await vehicle(admin);
    const inTuke = await vehicle(admin, { enterpriseId: otherBottled.id });
    expect((await tukeOfficer({ method: 'GET', url: `/api/v1/vehicles/${inGalutu.id}` })).statusCode).toBe(404);
    expect(
      (await tukeOfficer({ method: 'POST', url: `/api/v1/vehicles/${inGalutu.id}/archive` })).json().error.code,
    ).toBe('vehicles.not_found');
    expect((await tukeOfficer({ method: 'GET', url: `/api/v1/vehicles/${inTuke.id}` })).statusCode).toBe(200);
    const tukeList = (await tukeOfficer({ method: 'GET', url: '/api/v1/vehicles?pageSize=200' })).json();
    expect(tukeList.items.every((i: { enterpriseId: string }) => i.enterpriseId === otherBottled.id)).toBe(true);
    const create = await tukeOfficer({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: { plate: plate(), kind: 'delivery', enterpriseId: bottled.id },
    });
    expect(create.statusCode).toBe(403);
    expect(create.json().error.code).toBe('vehicles.outside_scope');

    const own = (await manager({ method: 'GET', url: '/api/v1/vehicles?pageSize=200' })).json();
    expect(own.items.map((i: { id: string }) => i.id)).toContain(inGalutu.id);
    expect(own.items.every((i: { enterpriseId: string }) => i.enterpriseId === bottled.id)).toBe(true);
    expect((await manager({ method: 'GET', url: `/api/v1/vehicles/${inTuke.id}` })).statusCode).toBe(404);
    const foreign = await manager({
      method: 'POST',
      url: '/api/v1/vehicles',
      payload: { plate: plate(), kind: 'delivery', enterpriseId: otherBottled.id },
    });
    expect(foreign.statusCode).toBe(403);
    expect(
      (
        await manager({
          method: 'POST',
          url: '/api/v1/vehicles',
          payload: { plate: plate(), kind: 'delivery', enterpriseId: bottled.id },
        })
      ).statusCode,
    ).toBe(201);

    const all = (await transport({ method: 'GET', url: '/api/v1/vehicles?pageSize=200' }))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(all).toEqual(expect.arrayContaining([inGalutu.id, inTuke.id]));
    expect((await transport({ method: 'GET', url: `/api/v1/vehicles/${inGalutu.id}` })).json().abilities.edit).toBe(
      true,
    );
    expect((await market({ method: 'GET', url: `/api/v1/vehicles/${inGalutu.id}` })).statusCode).toBe(404);
    expect((await galutuOfficer({ method: 'GET', url: `/api/v1/vehicles/${inGalutu.id}` })).statusCode).toBe(200);
  });
});

describe('人车对应: binding a delivery worker to a vehicle', () => {
  it('binds a worker of the same enterprise and shows the name, audited', async () => {
    const v = await vehicle(manager);
    const w = await worker(bottled.id, 'delivery_worker', '吴师傅');
    const res = await manager({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: w.id } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      boundPersonId: w.id,
      boundPerson: { id: w.id, name: '吴师傅', phone: w.phone },
    });
    const listed = (await manager({ method: 'GET', url: `/api/v1/vehicles?q=${encodeURIComponent('吴师傅')}` })).json();
    expect(listed.items.map((i: { id: string }) => i.id)).toEqual([v.id]);
    expect(
      (await admin({ method: 'GET', url: `/api/v1/vehicles?bound=true&enterpriseId=${bottled.id}&pageSize=200` }))
        .json()
        .items.map((i: { id: string }) => i.id),
    ).toContain(v.id);
    const audit = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=vehicle&subjectId=${v.id}&action=vehicle.bind`,
    });
    expect(audit.json().items[0]).toMatchObject({
      details: { personId: w.id, personName: '吴师傅', previousPersonId: null },
    });
  });

  it('refuses a worker of another enterprise and someone who is not a delivery worker (400)', async () => {
    const v = await vehicle(admin);
    const foreign = await worker(otherBottled.id);
    const filler = await worker(bottled.id, 'filling_operator');
    for (const [p, reason] of [
      [foreign, 'other_enterprise'],
      [filler, 'not_a_delivery_worker'],
      [{ id: '00000000-0000-4000-8000-000000000000' }, 'not_found'],
    ] as const) {
      const res = await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: p.id } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'vehicles.worker_invalid',
        details: { field: 'personId', reason },
      });
    }
  });

  it('one vehicle per worker: 409 unless replace, which moves the worker (both moves audited)', async () => {
    const first = await vehicle(admin);
    const second = await vehicle(admin);
    const w = await worker(bottled.id);
    expect(
      (await admin({ method: 'POST', url: `/api/v1/vehicles/${first.id}/bind`, payload: { personId: w.id } }))
        .statusCode,
    ).toBe(200);
    const again = await admin({
      method: 'POST',
      url: `/api/v1/vehicles/${second.id}/bind`,
      payload: { personId: w.id },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'vehicles.worker_already_bound',
      details: { field: 'personId', vehicleId: first.id, plate: first.plate },
    });
    const moved = await admin({
      method: 'POST',
      url: `/api/v1/vehicles/${second.id}/bind`,
      payload: { personId: w.id, replace: true },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().boundPersonId).toBe(w.id);
    expect((await admin({ method: 'GET', url: `/api/v1/vehicles/${first.id}` })).json().boundPersonId).toBeNull();
    const unbindAudit = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=vehicle&subjectId=${first.id}&action=vehicle.unbind`,
    });
    expect(unbindAudit.json().items[0]).toMatchObject({ details: { reason: 'moved', toVehicleId: second.id } });
    const bindAudit = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=vehicle&subjectId=${second.id}&action=vehicle.bind`,
    });
    expect(bindAudit.json().items[0]).toMatchObject({ details: { fromVehicleId: first.id } });
  });

  it('one worker per vehicle: binding another worker replaces the vehicle’s worker', async () => {
    const v = await vehicle(admin);
    const a = await worker(bottled.id);
    const b = await worker(bottled.id);
    await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: a.id } });
    const res = await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: b.id } });
    expect(res.json().boundPersonId).toBe(b.id);
    const audit = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=vehicle&subjectId=${v.id}&action=vehicle.bind`,
    });
    expect(audit.json().items[0].details).toMatchObject({ personId: b.id, previousPersonId: a.id });
  });

  it('unbinds (audited); unbinding an unbound vehicle is 409', async () => {
    const v = await vehicle(admin);
    const w = await worker(bottled.id);
    await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: w.id } });
    const res = await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/unbind` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ boundPersonId: null, boundPerson: null });
    const audit = await admin({
      method: 'GET',
      url: `/api/v1/audit?subjectType=vehicle&subjectId=${v.id}&action=vehicle.unbind`,
    });
    expect(audit.json().items[0].details).toMatchObject({ personId: w.id });
    const again = await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/unbind` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('vehicles.not_bound');
  });

  it('keeps the binding consistent when the worker or the vehicle changes', async () => {
    const v = await vehicle(admin);
    const w = await worker(bottled.id);
    await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: w.id } });
    const moveVehicle = await admin({
      method: 'PATCH',
      url: `/api/v1/vehicles/${v.id}`,
      payload: { enterpriseId: otherBottled.id },
    });
    expect(moveVehicle.json().error).toMatchObject({ code: 'vehicles.unbind_first' });
    const changeKind = await admin({
      method: 'PATCH',
      url: `/api/v1/people/${w.id}`,
      payload: { kind: 'filling_operator' },
    });
    expect(changeKind.statusCode).toBe(409);
    expect(changeKind.json().error).toMatchObject({
      code: 'people.bound_to_vehicle',
      details: { field: 'kind', vehicleId: v.id },
    });
    const archived = await admin({ method: 'POST', url: `/api/v1/people/${w.id}/archive` });
    expect(archived.statusCode).toBe(200);
    expect((await admin({ method: 'GET', url: `/api/v1/vehicles/${v.id}` })).json().boundPersonId).toBeNull();
    const w2 = await worker(bottled.id);
    await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: w2.id } });
    await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/archive` });
    const free = await vehicle(admin);
    expect(
      (await admin({ method: 'POST', url: `/api/v1/vehicles/${free.id}/bind`, payload: { personId: w2.id } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await admin({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: w2.id } })).json().error
        .code,
    ).toBe('vehicles.archived');
  });

  it('an enterprise manager binds only its own workers; other scopes cannot bind its vehicles', async () => {
    const v = await vehicle(manager);
    const own = await worker(bottled.id);
    expect(
      (await manager({ method: 'POST', url: `/api/v1/vehicles/${v.id}/bind`, payload: { personId: own.id } }))
        .statusCode,
    ).toBe(200);
    expect((await tukeOfficer({ method: 'POST', url: `/api/v1/vehicles/${v.id}/unbind` })).statusCode).toBe(404);
    const foreignVehicle = await vehicle(admin, { enterpriseId: otherBottled.id });
    const res = await manager({
      method: 'POST',
      url: `/api/v1/vehicles/${foreignVehicle.id}/bind`,
      payload: { personId: own.id },
    });
    expect(res.statusCode).toBe(404);
  });
});
