/**
 * Items the register decides (issue 10, point 6; point 9's encroachment by pressure class): an
 * inspector's "pass" cannot stand against what the register records — training, certificates, a
 * vehicle's permit, a supplier's licence, a pipeline segment's flags, material and renewal — and a
 * defect found on site still fails where the register finds none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser, departmentByCode } from '../../../test/factories.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { buildPerson, recordAll } from '../../../test/ledger-factories.ts';
import { buildEnterprise, buildLicence } from '../../../test/registry-factories.ts';
import { pipelineSegmentsTable, vehiclesTable } from '../registry/index.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const { db, inspectorAccount, goodVenue, plan, planVisit, officer } = inspectionScenarios(() => ctx);

type Row = { itemId: string; result: string; computed: boolean; reason: { zh: string } | null };
const rowOf = (body: { results: Row[] }, id: string) => body.results.find((r) => r.itemId === id);

/** An office admin plans a department inspection of the object for a new inspector; the inspector and the plan. */
async function planObject(object: { type: string; id: string }, department = 'housing') {
  const admin = await buildUser(db(), 'office_admin', 'global');
  const planner = await login(ctx.app, admin.username, admin.password);
  const inspector = await inspectorAccount();
  const res = await plan(planner, {
    kind: 'department',
    object,
    departmentIds: [(await departmentByCode(db(), department)).id],
    inspectorIds: [inspector.person.id],
  });
  if (res.statusCode !== 201) throw new Error(`planning failed: ${res.statusCode} ${res.body}`);
  return { inspector, inspection: res.json() };
}

async function segment(values: Partial<typeof pipelineSegmentsTable.$inferInsert>) {
  const owner = await buildEnterprise(db(), { kind: 'pipeline_operator' });
  const [row] = await db()
    .insert(pipelineSegmentsTable)
    .values({
      code: `T-${Math.random().toString(36).slice(2, 10)}`,
      name: '测试管段',
      ownerEnterpriseId: owner.id,
      regionId: owner.regionId,
      material: 'pe',
      pressureClass: 'medium_a',
      installedYear: 2015,
      ...values,
    })
    .returning();
  return row!;
}

describe('inspections: items the register decides', () => {
  it('fails an encroached medium-pressure segment as the major item although the inspector ticks pass; the low-pressure item does not apply', async () => {
    const pipe = await segment({ encroached: true, pressureClass: 'medium_b' });
    const { inspector, inspection } = await planObject({ type: 'pipeline', id: pipe.id });
    expect(inspection.registeredFacts.pipe).toMatchObject({ encroached: true, pressureClass: 'medium_b' });
    const res = await recordAll(inspector.send, inspection.id, { facts: {} });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.missing).toEqual([]);
    expect(rowOf(body, 'network.encroached')).toMatchObject({ result: 'fail', computed: true });
    expect(rowOf(body, 'network.encroached')!.reason!.zh).toContain('占压');
    expect(rowOf(body, 'network.encroached_low_pressure')).toMatchObject({ result: 'not_applicable', computed: true });
    // Not encroached, not in a confined space, PE of 2015: the inspector's ticks stand.
    expect(rowOf(body, 'network.through_confined_space')).toMatchObject({ result: 'pass' });
    expect(rowOf(body, 'network.ageing_or_defective')).toMatchObject({ result: 'pass', computed: false });
  });

  it('grades encroachment of a low-pressure segment general, and fails grey cast iron as ageing pipe', async () => {
    const pipe = await segment({ encroached: true, pressureClass: 'low', material: 'cast_iron', installedYear: 2012 });
    const { inspector, inspection } = await planObject({ type: 'pipeline', id: pipe.id });
    const body = (await recordAll(inspector.send, inspection.id, { facts: {} })).json();
    expect(rowOf(body, 'network.encroached')).toMatchObject({ result: 'not_applicable' });
    expect(rowOf(body, 'network.encroached_low_pressure')).toMatchObject({ result: 'fail', computed: true });
    expect(rowOf(body, 'network.ageing_or_defective')).toMatchObject({ result: 'fail', computed: true });
    expect(rowOf(body, 'network.ageing_or_defective')!.reason!.zh).toContain('灰口铸铁');
  });

  it('keeps an encroachment found on site although the register holds none, and names the fact for correction', async () => {
    const pipe = await segment({ encroached: false, pressureClass: 'medium_a' });
    const { inspector, inspection } = await planObject({ type: 'pipeline', id: pipe.id });
    const body = (
      await recordAll(inspector.send, inspection.id, { facts: {}, ticks: { 'network.encroached': 'fail' } })
    ).json();
    expect(rowOf(body, 'network.encroached')).toMatchObject({ result: 'fail', computed: false });
    expect(body.facts.discrepancies).toContain('encroached');
  });

  it("fails a venue's staff training when a registered staff member's training has lapsed, whatever is ticked", async () => {
    const venue = await goodVenue();
    await buildPerson(db(), { kind: 'other_staff', venueId: venue.id, name: '培训过期员工', trained: 'expired' });
    await buildPerson(db(), { kind: 'safety_manager', venueId: venue.id, name: '培训有效员工' });
    const planner = await officer('department_officer', 'housing');
    const inspector = await inspectorAccount();
    const planned = await planVisit(planner, venue, [inspector]);
    expect(planned.registeredFacts.staff).toHaveLength(2);
    const body = (await recordAll(inspector.send, planned.id)).json();
    const row = rowOf(body, 'venue.staff_untrained')!;
    expect(row).toMatchObject({ result: 'fail', computed: true });
    expect(row.reason!.zh).toContain('培训过期员工');
    expect(row.reason!.zh).not.toContain('培训有效员工');
  });

  it("passes a venue's staff training when every registered staff member is trained, and leaves it to the tick when none is registered", async () => {
    const venue = await goodVenue();
    await buildPerson(db(), { kind: 'other_staff', venueId: venue.id });
    const planner = await officer('department_officer', 'housing');
    const a = await inspectorAccount();
    const trained = (await recordAll(a.send, (await planVisit(planner, venue, [a])).id)).json();
    expect(rowOf(trained, 'venue.staff_untrained')).toMatchObject({ result: 'pass' });

    const empty = await goodVenue();
    const b = await inspectorAccount();
    const ticked = (
      await recordAll(b.send, (await planVisit(planner, empty, [b])).id, { ticks: { 'venue.staff_untrained': 'fail' } })
    ).json();
    expect(rowOf(ticked, 'venue.staff_untrained')).toMatchObject({ result: 'fail', computed: false });
  });

  it('fails buying from a supplier whose gas operation licence has expired although the inspector ticks pass', async () => {
    const supplier = await buildEnterprise(db(), { kind: 'bottled_operator' });
    await buildLicence(db(), supplier.id, {
      kind: 'gas_operation',
      validFrom: addDays(chinaToday(), -800),
      validTo: addDays(chinaToday(), -5),
    });
    const venue = await goodVenue({ gasSources: ['bottled_lpg'], supplierEnterpriseId: supplier.id });
    const planner = await officer('department_officer', 'housing');
    const inspector = await inspectorAccount();
    const planned = await planVisit(planner, venue, [inspector]);
    expect(planned.registeredFacts.supplierLicence).toBe('expired');
    const body = (await recordAll(inspector.send, planned.id)).json();
    expect(rowOf(body, 'venue.unlicensed_supplier')).toMatchObject({ result: 'fail', computed: true });
  });

  it('fails uncertified operators and untrained managers of a filler from the people register', async () => {
    const filler = await buildEnterprise(db(), { kind: 'filling_enterprise' });
    await buildPerson(db(), {
      kind: 'filling_operator',
      enterpriseId: filler.id,
      name: '证书过期充装工',
      certificateNumber: 'TS-001',
      certificateExpiresOn: addDays(chinaToday(), -1),
    });
    await buildPerson(db(), { kind: 'principal', enterpriseId: filler.id, name: '未培训负责人', trained: false });
    const { inspector, inspection } = await planObject({ type: 'enterprise', id: filler.id }, 'market_regulation');
    const body = (await recordAll(inspector.send, inspection.id, { facts: {} })).json();
    expect(rowOf(body, 'filling.operators_uncertified')).toMatchObject({ result: 'fail', computed: true });
    expect(rowOf(body, 'filling.operators_uncertified')!.reason!.zh).toContain('证书过期充装工');
    expect(rowOf(body, 'filling.managers_untrained')).toMatchObject({ result: 'fail', computed: true });
  });

  it('fails a hazardous-goods vehicle whose permit has ended although the inspector ticks pass', async () => {
    const carrier = await buildEnterprise(db(), { kind: 'hazardous_carrier' });
    const [vehicle] = await db()
      .insert(vehiclesTable)
      .values({
        plate: `蒙K${Math.floor(Math.random() * 1e5)}`,
        kind: 'hazardous_transport',
        enterpriseId: carrier.id,
        permitNumber: '150626-DY-01',
        permitValidTo: addDays(chinaToday(), -3),
      })
      .returning();
    const { inspector, inspection } = await planObject({ type: 'vehicle', id: vehicle!.id }, 'transport');
    const body = (await recordAll(inspector.send, inspection.id, { facts: { longestDrivingHours: 2 } })).json();
    expect(body.missing).toEqual([]);
    expect(rowOf(body, 'vehicle.no_permit')).toMatchObject({ result: 'fail', computed: true });
    expect(rowOf(body, 'vehicle.no_permit')!.reason!.zh).toContain('到期');
  });

  it("computes a pipeline operator's periodic user inspection from its users' household inspections, whatever is ticked", async () => {
    const operator = await buildEnterprise(db(), { kind: 'pipeline_operator' });
    await goodVenue({ supplierEnterpriseId: operator.id });
    await goodVenue({ supplierEnterpriseId: operator.id, category: 'household' });
    const { inspector, inspection } = await planObject({ type: 'enterprise', id: operator.id });
    expect(inspection.registeredFacts.usersOverdue).toEqual({ users: 2, overdue: 2 });
    const body = (await recordAll(inspector.send, inspection.id, { facts: {} })).json();
    const row = rowOf(body, 'pipeline_operator.no_periodic_user_inspection')!;
    expect(row).toMatchObject({ result: 'fail', computed: true });
    expect(row.reason!.zh).toContain('2 户');
  });
});
