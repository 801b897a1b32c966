import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, uniqueName } from '../../../test/factories.ts';
import { buildPerson, passingVenueFacts, resultsFor } from '../../../test/ledger-factories.ts';
import { buildEnterprise, buildScopedUser, buildVenue } from '../../../test/registry-factories.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';

/**
 * A venue's monthly self-inspection (每月一次全面自查, plan 五(一)2), end to end over HTTP: the venue
 * registers its own staff, records their training (三(五)6), plans the inspection with them, records,
 * signs, and its failures become the venue's hazards.
 */

type Send = Awaited<ReturnType<typeof login>>;
let ctx: TestContext;
const db = () => ctx.database.db;

let venue: Awaited<ReturnType<typeof buildVenue>>;
let otherVenue: Awaited<ReturnType<typeof buildVenue>>;
let manager: Send;
let managerUser: { id: string; password: string };
let otherManager: Send;
let phoneSeq = 0;
const phone = () => `1370477${String(++phoneSeq).padStart(4, '0')}`;

beforeAll(async () => {
  ctx = await createTestApp();
  const good = {
    detectorInstalled: true,
    detectorInstalledOn: addDays(chinaToday(), -100),
    shutoffValveInstalled: true,
    shutoffValveInstalledOn: addDays(chinaToday(), -100),
    contractNumber: 'HT-009',
    contractTo: addDays(chinaToday(), 300),
  };
  venue = await buildVenue(db(), { ...good, name: uniqueName('自查饭店') });
  otherVenue = await buildVenue(db(), { ...good, regionCode: TOWNSHIPS.tuke });
  const m = await buildScopedUser(db(), { venueId: venue.id });
  managerUser = m;
  manager = await login(ctx.app, m.username, m.password);
  const o = await buildScopedUser(db(), { venueId: otherVenue.id });
  otherManager = await login(ctx.app, o.username, o.password);
});
afterAll(() => ctx.close());

async function registerStaff(send: Send, body: Record<string, unknown>) {
  return send({ method: 'POST', url: '/api/v1/people', payload: { phone: phone(), ...body } });
}

async function train(send: Send, personId: string) {
  return send({
    method: 'POST',
    url: `/api/v1/people/${personId}/training-records`,
    payload: { course: '瓶装液化石油气安全及应急处置培训', trainedOn: addDays(chinaToday(), -10), passed: true },
  });
}

describe('venue staff in the register', () => {
  it('a venue manager registers its own staff: region from the venue, kinds a venue may have, own account only', async () => {
    let res = await registerStaff(manager, { name: '安全员小李', kind: 'safety_manager', venueId: venue.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      venueId: venue.id,
      venue: { id: venue.id, name: venue.name },
      regionId: venue.regionId,
      enterpriseId: null,
      mayInspect: false,
      abilities: { edit: true, addTraining: true },
    });

    // Delivery and filling staff belong to gas enterprises.
    res = await registerStaff(manager, { name: '送气工', kind: 'delivery_worker', venueId: venue.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'people.kind_not_for_venue', details: { field: 'kind' } });

    // An enterprise and a venue at once.
    const company = await buildEnterprise(db());
    res = await registerStaff(manager, {
      name: '两头人员',
      kind: 'other_staff',
      venueId: venue.id,
      enterpriseId: company.id,
    });
    expect(res.json().error).toMatchObject({ code: 'people.employer_conflict', details: { field: 'venueId' } });

    // Another venue's staff is outside this manager's scope; an unknown venue is a 400 on the field.
    res = await registerStaff(manager, { name: '别家员工', kind: 'other_staff', venueId: otherVenue.id });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'people.outside_scope', details: { field: 'venueId' } });
    res = await registerStaff(manager, {
      name: '无此场所',
      kind: 'other_staff',
      venueId: '00000000-0000-4000-8000-000000000000',
    });
    expect(res.json().error).toMatchObject({ code: 'people.venue_not_found', details: { field: 'venueId' } });

    // An inspector has no venue.
    const admin = await buildUser(db(), 'office_admin', 'global');
    const asAdmin = await login(ctx.app, admin.username, admin.password);
    res = await registerStaff(asAdmin, { name: '检查员', kind: 'inspector', venueId: venue.id });
    expect(res.json().error).toMatchObject({ code: 'people.field_not_applicable', details: { field: 'venueId' } });

    // The manager links its own account, never somebody else's.
    res = await registerStaff(manager, {
      name: '冒名人员',
      kind: 'principal',
      venueId: venue.id,
      userId: admin.id,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'people.user_link_forbidden', details: { field: 'userId' } });
    res = await registerStaff(manager, {
      name: '周老板',
      kind: 'principal',
      venueId: venue.id,
      userId: managerUser.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().userId).toBe(managerUser.id);
  });

  it('venue staff are seen by the venue, its township and the department supervising restaurants — not by others', async () => {
    const staff = await buildPerson(db(), { kind: 'other_staff', venueId: venue.id, regionId: venue.regionId });
    const seenBy = async (send: Send) => (await send({ method: 'GET', url: `/api/v1/people/${staff.id}` })).statusCode;
    const as = async (u: { username: string; password: string }) => login(ctx.app, u.username, u.password);

    expect(await seenBy(manager)).toBe(200);
    expect(await seenBy(otherManager)).toBe(404);
    expect(await seenBy(await as(await buildUser(db(), 'township_officer', { region: TOWNSHIPS.galutu })))).toBe(200);
    expect(await seenBy(await as(await buildUser(db(), 'township_officer', { region: TOWNSHIPS.tuke })))).toBe(404);
    // 工信和科技局 answers for restaurants (三(五)6); 教育体育局 for schools only.
    expect(await seenBy(await as(await buildUser(db(), 'department_officer', { department: 'industry_tech' })))).toBe(
      200,
    );
    expect(
      await seenBy(await as(await buildUser(db(), 'department_officer', { department: 'education_sports' }))),
    ).toBe(404);
    // The gas supplier's manager sees its own staff, not its customers'.
    const company = await buildEnterprise(db());
    expect(await seenBy(await as(await buildScopedUser(db(), { enterpriseId: company.id })))).toBe(404);

    const list = await manager({ method: 'GET', url: `/api/v1/people?venueId=${venue.id}` });
    const names = list.json().items.map((p: { name: string }) => p.name);
    expect(names).toContain(staff.name);
    expect(list.json().items.every((p: { venueId: string }) => p.venueId === venue.id)).toBe(true);
  });
});

describe('monthly self-inspection by a venue', () => {
  it('is planned with the venue’s trained staff only, recorded, signed by the manager, and its failures become hazards', async () => {
    // The manager as a trained person of the venue, linked to the account.
    let res = await registerStaff(manager, {
      name: uniqueName('店长'),
      kind: 'principal',
      venueId: venue.id,
      userId: managerUser.id,
    });
    // The account may already be linked from the first test: link a new person anyway (one account, two people).
    expect(res.statusCode).toBe(201);
    const self = res.json();
    res = await registerStaff(manager, { name: uniqueName('帮厨'), kind: 'other_staff', venueId: venue.id });
    const untrained = res.json();
    expect((await train(manager, self.id)).statusCode).toBe(201);
    expect((await manager({ method: 'GET', url: `/api/v1/people/${self.id}` })).json().mayInspect).toBe(true);

    const planBody = (inspectorIds: string[]) => ({
      kind: 'monthly_self',
      object: { type: 'venue', id: venue.id },
      inspectorIds,
      plannedOn: chinaToday(),
    });
    // 先培训、后排查 holds for the venue's own staff too.
    res = await manager({ method: 'POST', url: '/api/v1/inspections', payload: planBody([untrained.id]) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'inspections.inspector_untrained',
      details: { field: 'inspectorIds', personId: untrained.id },
    });
    // A trained government inspector, or another venue's trained staff, is not this venue's staff.
    const inspector = await buildPerson(db());
    const stranger = await buildPerson(db(), {
      kind: 'safety_manager',
      venueId: otherVenue.id,
      regionId: otherVenue.regionId,
    });
    for (const other of [inspector, stranger]) {
      res = await manager({ method: 'POST', url: '/api/v1/inspections', payload: planBody([other.id]) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'inspections.inspector_not_eligible',
        details: { field: 'inspectorIds', personId: other.id, reason: 'not_staff_of_venue' },
      });
    }
    // A venue manager plans no one else's inspection kinds.
    res = await manager({
      method: 'POST',
      url: '/api/v1/inspections',
      payload: { ...planBody([self.id]), kind: 'department' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toMatchObject({ field: 'kind', reason: 'own_inspections_only' });

    res = await manager({ method: 'POST', url: '/api/v1/inspections', payload: planBody([self.id]) });
    expect(res.statusCode).toBe(201);
    const planned = res.json();
    expect(planned).toMatchObject({ kind: 'monthly_self', status: 'planned', inspectors: [{ id: self.id }] });
    expect(planned.abilities.record).toBe(true);

    // Another venue's manager cannot see it.
    expect((await otherManager({ method: 'GET', url: `/api/v1/inspections/${planned.id}` })).statusCode).toBe(404);

    const failing = planned.checklist.find((c: { computed: boolean }) => !c.computed).itemId as string;
    res = await manager({
      method: 'PUT',
      url: `/api/v1/inspections/${planned.id}/results`,
      payload: {
        results: resultsFor(planned.checklist, { [failing]: 'fail' }, { [failing]: { note: '员工未培训应急处置' } }),
        facts: passingVenueFacts,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().abilities.sign).toBe(true);

    res = await manager({
      method: 'POST',
      url: `/api/v1/inspections/${planned.id}/sign`,
      payload: { password: managerUser.password, personId: self.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('signed');

    const hazards = await db()
      .select()
      .from(hazardsTable)
      .where(and(eq(hazardsTable.objectId, venue.id), eq(hazardsTable.itemId, failing)));
    expect(hazards).toHaveLength(1);
    const listed = await manager({ method: 'GET', url: `/api/v1/hazards/${hazards[0]!.id}` });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({ status: 'open', source: 'inspection', sourceInspectionId: planned.id });
    expect((await otherManager({ method: 'GET', url: `/api/v1/hazards/${hazards[0]!.id}` })).statusCode).toBe(404);
  });
});
