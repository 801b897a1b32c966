import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentStatements } from '../../../test/query-count.ts';
import { OVERLAP_WINDOW_DAYS, PLAN_AHEAD_DAYS } from '../../../domain/inspections/inspections.ts';
import { addDays, chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { TOWNSHIPS, buildUser, departmentByCode } from '../../../test/factories.ts';
import { PNG_BYTES, buildPerson, passingVenueFacts, recordAll, resultsFor } from '../../../test/ledger-factories.ts';
import {
  buildEnterprise,
  buildLicence,
  buildScopedUser,
  buildVenue,
  multipartFile,
} from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import { hazardEventsTable, hazardsTable } from '../hazards/hazards.table.ts';
import { venuesTable } from '../registry/registry.table.ts';
import { inspectionsTable } from './inspections.table.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const {
  db,
  inspectorAccount,
  officer,
  goodVenue,
  plan,
  planVenue,
  planVisit,
  plannedVisit,
  detailOf,
  overlapsOf,
  putResults,
  submit,
  correct,
  sign,
  inspectAndSign,
} = inspectionScenarios(() => ctx);

describe('inspections: planning', () => {
  it('refuses to assign a person without a valid training (先培训、后排查) with 400 naming the person', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const untrained = await buildPerson(db(), { trained: false, name: '未培训人员甲' });
    const expired = await buildPerson(db(), { trained: 'expired' });
    const trained = await buildPerson(db());

    for (const person of [untrained, expired]) {
      const res = await planVenue(planner, venue, [trained.id, person.id]);
      expect(res.statusCode).toBe(400);
      const { code, details } = res.json().error;
      expect(code).toBe('inspections.inspector_untrained');
      expect(details).toMatchObject({ field: 'inspectorIds', personId: person.id, name: person.name });
    }
    const count = await db().select().from(inspectionsTable).where(eq(inspectionsTable.objectId, venue.id));
    expect(count).toHaveLength(0);
  });

  it('refuses enterprise staff on a department inspection and unknown people', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const staff = await buildPerson(db(), { kind: 'safety_manager', enterpriseId: (await buildEnterprise(db())).id });
    let res = await planVenue(planner, venue, [staff.id]);
    expect(res.json().error.code).toBe('inspections.inspector_not_eligible');
    res = await planVenue(planner, venue, ['00000000-0000-4000-8000-000000000000']);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('inspections.inspector_not_found');
  });

  it('refuses a planned day before yesterday (a browser behind China time) or more than a year ahead, naming plannedOn, and stores no plan', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const { person } = await inspectorAccount();
    for (const plannedOn of [addDays(chinaToday(), -2), addDays(chinaToday(), PLAN_AHEAD_DAYS + 1), '2099-12-31']) {
      const res = await planVenue(planner, venue, [person.id], { plannedOn });
      expect(res.statusCode, plannedOn).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'inspections.planned_on_invalid',
        details: { field: 'plannedOn' },
      });
    }
    const list = await planner({ method: 'GET', url: `/api/v1/inspections?objectId=${venue.id}` });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toHaveLength(0);
    const ok = await planVenue(planner, venue, [person.id], { plannedOn: addDays(chinaToday(), PLAN_AHEAD_DAYS) });
    expect(ok.statusCode, ok.body).toBe(201);
    // A browser behind China's time zone may still say yesterday.
    const yesterday = await planVenue(planner, venue, [person.id], { plannedOn: addDays(chinaToday(), -1) });
    expect(yesterday.statusCode, yesterday.body).toBe(201);
  });

  it('plans a department inspection with the planner department, the checklist and abilities', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const { person } = await inspectorAccount();
    const res = await planVenue(planner, venue, [person.id], { plannedOn: chinaToday() });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const housing = await departmentByCode(db(), 'housing');
    expect(body).toMatchObject({
      kind: 'department',
      status: 'planned',
      object: { type: 'venue', id: venue.id, name: venue.name, kind: 'restaurant' },
      departments: [{ id: housing.id }],
      inspectors: [{ id: person.id, signed: false }],
      overlaps: [],
    });
    expect(body.checklist.length).toBeGreaterThan(10);
    expect(body.checklist.find((c: { itemId: string }) => c.itemId === 'venue.hose_length')).toMatchObject({
      computed: true,
      measureFields: ['hoseLengthM'],
    });
    expect(body.abilities).toEqual({ record: false, sign: false, correct: false, join: false });
  });

  it('answers 404 for an object outside the planner scope', async () => {
    const tuke = await officer('township_officer', TOWNSHIPS.tuke);
    const venue = await goodVenue();
    const { person } = await inspectorAccount();
    const res = await planVenue(tuke, venue, [person.id]);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('inspections.object_not_found');
  });
});

describe("inspections: the register's facts in the detail", () => {
  it('sends what the register holds now for a planned or in-progress record, and none once signed', async () => {
    const {
      venue,
      inspector: a,
      inspection,
    } = await plannedVisit({
      floor: 'basement',
      gasSources: ['bottled_lpg'],
      storedLpgKg: 30,
      contractTo: null,
    });
    expect(inspection.status).toBe('planned');
    expect(inspection.registeredFacts).toEqual({
      floor: 'basement',
      highRiseBuilding: null,
      gasSources: ['bottled_lpg'],
      storedLpgKg: 30,
      hasCylinderRoom: false,
      hoseType: null,
      detectorInstalled: true,
      detectorInstalledOn: venue.detectorInstalledOn,
      shutoffValveInstalled: true,
      shutoffValveInstalledOn: venue.shutoffValveInstalledOn,
      hasSupplyContract: true,
      contractTo: null,
      staff: [],
      supplierLicence: null,
    });

    // The register's current entry, not a copy taken when the visit was planned.
    await db().update(venuesTable).set({ floor: 'upper' }).where(eq(venuesTable.id, venue.id));
    expect((await detailOf(a.send, inspection.id)).registeredFacts).toMatchObject({ floor: 'upper' });

    const recorded = await recordAll(a.send, inspection.id);
    expect(recorded.json()).toMatchObject({ status: 'in_progress', registeredFacts: { floor: 'upper' } });
    const signed = (await sign(a, inspection.id)).json();
    expect(signed).toMatchObject({ status: 'signed', registeredFacts: null });
    // What the record was decided from stays in its facts.
    expect(signed.facts.registered).toMatchObject({ floor: 'upper', gasSources: ['bottled_lpg'] });
  });

  it("sends an enterprise's licence states", async () => {
    const admin = await buildUser(db(), 'office_admin', 'global');
    const planner = await login(ctx.app, admin.username, admin.password);
    const operator = await buildEnterprise(db(), { kind: 'bottled_operator' });
    await buildLicence(db(), operator.id, { kind: 'gas_operation' });
    const housing = await departmentByCode(db(), 'housing');
    const res = await plan(planner, {
      kind: 'department',
      object: { type: 'enterprise', id: operator.id },
      departmentIds: [housing.id],
      inspectorIds: [(await inspectorAccount()).person.id],
    });
    expect(res.statusCode).toBe(201);
    const planned = res.json();
    expect(planned.registeredFacts).toEqual({
      licences: {
        gas_operation: 'valid',
        cylinder_filling: 'none',
        hazardous_transport: 'none',
        manufacturing: 'none',
        inspection_qualification: 'none',
      },
      managers: [],
      operators: [],
    });
  });
});

describe('inspections: avoiding 多头检查', () => {
  it("makes a township's plan joined by a department a joint inspection of both", async () => {
    const township = await officer('township_officer', TOWNSHIPS.galutu);
    const market = await officer('department_officer', 'market_regulation');
    const venue = await goodVenue();
    const a = await inspectorAccount();
    const b = await inspectorAccount();
    const first = await planVisit(township, venue, [a], { plannedOn: addDays(chinaToday(), 3) });
    expect(first).toMatchObject({ kind: 'department', departments: [], inspectingRegion: { name: '嘎鲁图镇' } });
    const joined = await market({
      method: 'POST',
      url: `/api/v1/inspections/${first.id}/join`,
      payload: { inspectorIds: [b.person.id] },
    });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({
      kind: 'joint',
      inspectingRegion: { name: '嘎鲁图镇' },
      departments: [{ id: (await departmentByCode(db(), 'market_regulation')).id }],
    });
  });

  it(`reports another department's inspection within ${OVERLAP_WINDOW_DAYS} days and lets a department join it`, async () => {
    const housing = await officer('department_officer', 'housing');
    const market = await officer('department_officer', 'market_regulation');
    const venue = await goodVenue();
    const a = await inspectorAccount();
    const b = await inspectorAccount();

    const first = await planVisit(housing, venue, [a], { plannedOn: addDays(chinaToday(), 3) });
    // An old inspection outside the window is not an overlap.
    await db()
      .insert(inspectionsTable)
      .values({
        kind: 'department',
        status: 'planned',
        objectType: 'venue',
        objectId: venue.id,
        regionId: venue.regionId,
        objectKind: 'restaurant',
        objectName: venue.name,
        departmentIds: [(await departmentByCode(db(), 'fire_rescue')).id],
        plannedOn: addDays(chinaToday(), -(OVERLAP_WINDOW_DAYS + 5)),
        checklistVersion: '2023.1',
      });

    const overlaps = await overlapsOf(market, venue);
    expect(overlaps.statusCode).toBe(200);
    expect(overlaps.json().windowDays).toBe(OVERLAP_WINDOW_DAYS);
    expect(overlaps.json().items).toEqual([
      expect.objectContaining({ id: first.id, status: 'planned', joinable: true }),
    ]);

    // Planning anyway answers the overlap so the UI can offer to join.
    const second = await planVenue(market, venue, [b.person.id]);
    expect(second.statusCode).toBe(201);
    expect(second.json().overlaps.map((o: { id: string }) => o.id)).toEqual([first.id]);

    // The same department sees no overlap with its own inspection.
    const own = await overlapsOf(housing, venue);
    expect(own.json().items.map((o: { id: string }) => o.id)).not.toContain(first.id);

    const detailBefore = await detailOf(market, first.id);
    expect(detailBefore.abilities.join).toBe(true);
    const joined = await market({
      method: 'POST',
      url: `/api/v1/inspections/${first.id}/join`,
      payload: { inspectorIds: [b.person.id] },
    });
    expect(joined.statusCode).toBe(200);
    const marketDept = await departmentByCode(db(), 'market_regulation');
    const housingDept = await departmentByCode(db(), 'housing');
    expect(joined.json()).toMatchObject({ kind: 'joint', abilities: { join: false } });
    expect(
      joined
        .json()
        .departments.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([marketDept.id, housingDept.id].sort());
    expect(
      joined
        .json()
        .inspectors.map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([a.person.id, b.person.id].sort());
    const audit = await db()
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'inspection.join'), eq(auditEventsTable.subjectId, first.id)));
    expect(audit).toHaveLength(1);
  });
});

describe('inspections: recording, signing and the signed record', () => {
  it('decides computed items from the facts, whatever the client ticks', async () => {
    const { inspector: a, inspection: created } = await plannedVisit();
    const detail = await detailOf(a.send, created.id);
    expect(detail.abilities.record).toBe(true);
    const results = resultsFor(detail.checklist).map((r) =>
      r.itemId === 'venue.hose_length' ? { ...r, result: 'pass', measured: { hoseLengthM: 2.6 } } : r,
    );
    const res = await putResults(a.send, created.id, {
      results,
      facts: { ...passingVenueFacts, hoseLengthM: undefined },
      location: { lng: 108.84, lat: 38.6 },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('in_progress');
    expect(body.missing).toEqual([]);
    const hose = body.results.find((r: { itemId: string }) => r.itemId === 'venue.hose_length');
    expect(hose).toMatchObject({ result: 'fail', computed: true, measured: { hoseLengthM: 2.6 } });
    expect(hose.reason.zh).toContain('2.6');
    expect(body.failedCount).toBe(1);

    // A measured value the item does not read is refused; so is an item not on the checklist.
    const bad = await putResults(a.send, created.id, {
      results: [{ itemId: 'venue.hose_length', measured: { storedLpgKg: 3 } }],
    });
    expect(bad.json().error.code).toBe('inspections.measure_invalid');
    const unknown = await putResults(a.send, created.id, {
      results: [{ itemId: 'filling.non_owned_cylinders', result: 'pass' }],
    });
    expect(unknown.json().error.code).toBe('inspections.unknown_item');
  });

  it('keeps the register authoritative for where a venue is: LPG in a basement cannot be made to pass', async () => {
    const { inspector: a, inspection: created } = await plannedVisit({
      floor: 'basement',
      gasSources: ['bottled_lpg'],
    });
    const res = await recordAll(a.send, created.id, {
      extra: { 'venue.lpg_basement': { measured: { floor: 'ground' } } },
    });
    expect(res.statusCode).toBe(200);
    const row = res.json().results.find((r: { itemId: string }) => r.itemId === 'venue.lpg_basement');
    expect(row).toMatchObject({ result: 'fail', computed: true });
    expect(res.json().facts.discrepancies).toContain('floor');
  });

  it('fails what the inspector finds although the register says otherwise: LPG cylinders in the basement of a ground-floor piped-gas restaurant (issue 10)', async () => {
    const { inspector: a, inspection: created } = await plannedVisit({ floor: 'ground', gasSources: ['piped'] });
    const res = await recordAll(a.send, created.id, {
      facts: { ...passingVenueFacts, gasSources: ['piped', 'bottled_lpg'], lpgBelowGround: true },
    });
    expect(res.statusCode).toBe(200);
    const result = (id: string) => res.json().results.find((r: { itemId: string }) => r.itemId === id)?.result;
    expect(result('venue.lpg_basement')).toBe('fail');
    expect(result('venue.two_gas_sources')).toBe('fail');
    // The disagreement is kept for the register's correction.
    expect(res.json().facts.discrepancies).toContain('gasSources');
  });

  it('fails LPG on the ground floor of a high-rise building found on site (GB 50016 5.4.16)', async () => {
    const { inspector: a, inspection: created } = await plannedVisit({ floor: 'ground', gasSources: ['bottled_lpg'] });
    const res = await recordAll(a.send, created.id, { facts: { ...passingVenueFacts, highRiseBuilding: true } });
    expect(res.statusCode).toBe(200);
    const row = res.json().results.find((r: { itemId: string }) => r.itemId === 'venue.lpg_high_rise');
    expect(row).toMatchObject({ result: 'fail', computed: true });
  });

  it('refuses measurements that cannot be true: a hose of −5 m, an installation after the visit (issue 9)', async () => {
    const { inspector: a, inspection: created } = await plannedVisit();
    const negative = await recordAll(a.send, created.id, { facts: { ...passingVenueFacts, hoseLengthM: -5 } });
    expect(negative.statusCode).toBe(400);
    expect(JSON.stringify(negative.json().error)).toContain('hoseLengthM');
    const future = addDays(chinaToday(), 3);
    const later = await recordAll(a.send, created.id, { facts: { ...passingVenueFacts, hoseInstalledOn: future } });
    expect(later.statusCode).toBe(400);
    expect(later.json().error).toMatchObject({
      code: 'inspections.measure_impossible',
      details: { field: 'hoseInstalledOn' },
    });
    // Nothing was recorded.
    expect((await detailOf(a.send, created.id)).status).toBe('planned');
  });

  it('signs with the right password by assigned, linked inspectors; binds the content hash in the audit chain; then refuses changes', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const a = await inspectorAccount();
    const b = await inspectorAccount();
    // Linked to an account, but not assigned: may not sign.
    const outsider = await inspectorAccount();
    const created = await planVisit(planner, venue, [a, b]);

    // Not yet recorded: incomplete.
    let res = await sign(a, created.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('inspections.incomplete');

    expect((await recordAll(a.send, created.id)).statusCode).toBe(200);

    res = await sign(a, created.id, 'Wrong-pass-1');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('inspections.signature_password_invalid');

    res = await sign(outsider, created.id);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('inspections.not_assigned_inspector');

    // Before anyone signs, the detail shows the digest the signer is about to confirm.
    const before = await detailOf(a.send, created.id);
    expect(before.recordHash).toMatch(/^[0-9a-f]{64}$/);
    expect(before.contentHash).toBeNull();

    res = await sign(a, created.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_progress', abilities: { sign: false, record: false } });
    expect(res.json().signatures[0].contentHash).toBe(before.recordHash);
    expect(res.json().signatures).toHaveLength(1);

    // Once anyone has signed, the content is frozen.
    res = await recordAll(b.send, created.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('inspections.signed_immutable');
    res = await sign(a, created.id);
    expect(res.json().error.code).toBe('inspections.already_signed');

    res = await sign(b, created.id);
    expect(res.statusCode).toBe(200);
    const signed = res.json();
    expect(signed.status).toBe('signed');
    expect(signed.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.signatures).toHaveLength(2);
    for (const s of signed.signatures) expect(s.contentHash).toBe(signed.contentHash);

    const entries = await db()
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'inspection.sign'), eq(auditEventsTable.subjectId, created.id)));
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e.details).toMatchObject({ contentHash: signed.contentHash });
    expect(entries.map((e) => e.seq).sort()).toEqual(
      signed.signatures.map((s: { auditSeq: number }) => s.auditSeq).sort(),
    );
    expect(entries.map((e) => e.hash).sort()).toEqual(
      signed.signatures.map((s: { auditHash: string }) => s.auditHash).sort(),
    );
    expect((await verifyAuditChain(db())).ok).toBe(true);

    // A signed record is immutable.
    res = await recordAll(a.send, created.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('inspections.signed_immutable');
    res = await submit(a.send, { clientId: `late-${created.id}`, inspectionId: created.id, results: [] });
    expect(res.json().error.code).toBe('inspections.signed_immutable');

    // A correction is a new record that references it.
    res = await correct(a.send, created.id, '漏记软管长度');
    expect(res.statusCode).toBe(201);
    const correction = res.json();
    expect(correction).toMatchObject({ correctsInspectionId: created.id, status: 'in_progress' });
    expect(correction.id).not.toBe(created.id);
    expect(correction.results.length).toBe(signed.results.length);
    const original = await detailOf(a.send, created.id);
    expect(original.correctedBy).toEqual([correction.id]);
    expect(original.contentHash).toBe(signed.contentHash);
    expect(original.abilities.correct).toBe(true);
  });

  it('locks the account after repeated wrong signing passwords, as sign-in does', async () => {
    const { inspector: a, inspection: created } = await plannedVisit();
    await recordAll(a.send, created.id);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await sign(a, created.id, 'Wrong-pass-1');
      codes.push(res.json().error.code);
    }
    // auth's one password check: the fifth wrong password locks the account and is answered as locked.
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('inspections.signature_password_invalid'));
    expect(codes.slice(4)).toEqual(['auth.account_locked', 'auth.account_locked']);
  });

  it('turns every failed item into a hazard with plan ref, severity, department, deadline and responsible party', async () => {
    const {
      venue,
      inspector: a,
      inspection: created,
    } = await plannedVisit({
      floor: 'basement',
      gasSources: ['bottled_lpg'],
      contactName: '王老板',
      contactPhone: '13900000001',
    });
    const res = await recordAll(a.send, created.id, {
      ticks: { 'venue.evacuation': 'fail' },
      extra: { 'venue.evacuation': { note: '后门堆放杂物' }, 'venue.hose_length': { measured: { hoseLengthM: 2.4 } } },
      facts: { ...passingVenueFacts, hoseLengthM: undefined },
    });
    expect(res.json().missing).toEqual([]);
    const failed = res
      .json()
      .results.filter((r: { result: string }) => r.result === 'fail')
      .map((r: { itemId: string }) => r.itemId)
      .sort();
    expect(failed).toEqual(['venue.evacuation', 'venue.hose_length', 'venue.lpg_basement']);

    const signed = (await sign(a, created.id)).json();
    expect(signed.status).toBe('signed');
    expect(signed.hazards).toHaveLength(3);

    const rows = await db().select().from(hazardsTable).where(eq(hazardsTable.sourceInspectionId, created.id));
    const fire = await departmentByCode(db(), 'fire_rescue');
    const today = chinaToday();
    const byItem = new Map(rows.map((h) => [h.itemId, h]));
    expect(byItem.get('venue.lpg_basement')).toMatchObject({
      severity: 'major',
      planRef: '三(四)2',
      departmentId: fire.id,
      status: 'open',
      foundOn: today,
      deadline: addDays(today, 30),
      objectType: 'venue',
      objectId: venue.id,
      regionId: venue.regionId,
      responsibleParty: venue.name,
      responsiblePersonName: '王老板',
      responsiblePhone: '13900000001',
      source: 'inspection',
    });
    expect(byItem.get('venue.hose_length')).toMatchObject({ severity: 'general', deadline: addDays(today, 15) });
    expect(byItem.get('venue.hose_length')!.description).toContain('2.4');
    expect(byItem.get('venue.evacuation')!.planRef).toBe('三(四)4');
    expect(byItem.get('venue.evacuation')!.description).toContain('后门堆放杂物');
    for (const h of rows) expect(h.number).toMatch(/^YH-\d{4}-\d{6}$/);
    expect(new Set(rows.map((h) => h.number)).size).toBe(3);
    const created_ = await db().select().from(auditEventsTable).where(eq(auditEventsTable.action, 'hazard.create'));
    expect(created_.filter((e) => e.details?.inspectionId === created.id)).toHaveLength(3);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('records an inspection with no hazard: signed, counted, and nothing raised', async () => {
    const { planner, venue, inspector: a, inspection: created } = await plannedVisit();
    await recordAll(a.send, created.id);
    const signed = (await sign(a, created.id)).json();
    expect(signed).toMatchObject({ status: 'signed', failedCount: 0, hazards: [] });
    const list = await planner({ method: 'GET', url: `/api/v1/inspections?objectId=${venue.id}&status=signed` });
    expect(list.json()).toMatchObject({ total: 1, items: [{ id: created.id, failedCount: 0, status: 'signed' }] });
  });

  it('links a failure of an item closed at the same object within six months as a rebound (改后反弹)', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const a = await inspectorAccount();
    const run = () => inspectAndSign(planner, venue, a, { ticks: { 'venue.evacuation': 'fail' } });
    const first = await run();
    const [old] = first.hazards;
    await db()
      .update(hazardsTable)
      .set({ status: 'closed', closedAt: new Date(Date.now() - 30 * 86_400_000) })
      .where(eq(hazardsTable.id, old.id));
    const second = await run();
    expect(second.hazards).toEqual([
      expect.objectContaining({ itemId: 'venue.evacuation', reboundOfHazardId: old.id }),
    ]);
  });
});

describe('inspections: a defect still open', () => {
  it('is found again, not raised twice: the open hazard records the inspection on its timeline', async () => {
    const planner = await officer('department_officer', 'housing');
    const venue = await goodVenue();
    const a = await inspectorAccount();
    const run = () => inspectAndSign(planner, venue, a, { ticks: { 'venue.fire_plan': 'fail' } });
    const first = await run();
    expect(first.hazards).toHaveLength(1);
    const second = await run();
    expect(second.status).toBe('signed');
    expect(second.hazards).toEqual([]);
    const rows = await db().select().from(hazardsTable).where(eq(hazardsTable.objectId, venue.id));
    expect(rows).toHaveLength(1);
    const events = await db().select().from(hazardEventsTable).where(eq(hazardEventsTable.hazardId, rows[0]!.id));
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['created', 'found_again']));
    expect(events.find((e) => e.event === 'found_again')!.details).toMatchObject({ inspectionId: second.id });
  });
});

describe('inspections: offline submissions', () => {
  it('stores the same submission once, and refuses the same client id with other content (409)', async () => {
    const { inspector: a, inspection: planned } = await plannedVisit();
    const payload = {
      clientId: 'phone-7f3a-0001',
      inspectionId: planned.id,
      results: resultsFor(planned.checklist),
      facts: passingVenueFacts,
      location: { lng: 108.84, lat: 38.6 },
      visitedAt: new Date().toISOString(),
      notes: '现场检查',
    };
    const first = await submit(a.send, payload);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id: planned.id, clientId: payload.clientId, status: 'in_progress' });

    // The same submission again (keys in another order): stored once, answered 200 with the same record.
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const again = await submit(a.send, reordered);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(planned.id);
    const rows = await db().select().from(inspectionsTable).where(eq(inspectionsTable.clientId, payload.clientId));
    expect(rows).toHaveLength(1);
    const records = await db()
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'inspection.record'), eq(auditEventsTable.subjectId, planned.id)));
    expect(records).toHaveLength(1);

    const conflict = await submit(a.send, { ...payload, notes: '改过的内容' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('inspections.submission_conflict');
  });

  it('refuses a visit time in the future (beyond a phone clock a little fast), recording nothing', async () => {
    const { inspector: a, inspection: planned } = await plannedVisit();
    const payload = {
      clientId: 'phone-7f3a-future',
      inspectionId: planned.id,
      results: resultsFor(planned.checklist),
      facts: passingVenueFacts,
      visitedAt: new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString(),
    };
    const future = await submit(a.send, payload);
    expect(future.statusCode, future.body).toBe(400);
    expect(future.json().error).toMatchObject({
      code: 'inspections.visit_time_invalid',
      details: { field: 'visitedAt' },
    });
    expect((await db().select().from(inspectionsTable).where(eq(inspectionsTable.id, planned.id)))[0]).toMatchObject({
      status: 'planned',
      visitedAt: null,
    });
    // Ten minutes fast is a phone's clock, not a future visit.
    const skewed = await submit(a.send, {
      ...payload,
      clientId: 'phone-7f3a-skew',
      visitedAt: new Date(Date.now() + 600_000).toISOString(),
    });
    expect(skewed.statusCode, skewed.body).toBe(201);
  });

  it('plans and records a new inspection in one submission, once', async () => {
    const a = await inspectorAccount();
    const planner = await buildUser(db(), 'office_admin', 'global');
    const adminSend = await login(ctx.app, planner.username, planner.password);
    const venue = await goodVenue();
    const housing = await departmentByCode(db(), 'housing');
    const { checklist } = await planVisit(adminSend, venue, [a], { departmentIds: [housing.id] });
    // Whoever records is among the inspectors (谁检查、谁签字、谁负责): the planner inspects too.
    const own = await buildPerson(db(), { userId: planner.id });
    const payload = {
      clientId: 'phone-7f3a-0002',
      plan: {
        kind: 'department',
        object: { type: 'venue', id: venue.id },
        departmentIds: [housing.id],
        inspectorIds: [a.person.id, own.id],
      },
      results: resultsFor(checklist),
      facts: passingVenueFacts,
    };
    const first = await submit(adminSend, payload);
    expect(first.statusCode).toBe(201);
    const second = await submit(adminSend, payload);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    const both = await submit(adminSend, { ...payload, clientId: 'phone-7f3a-0003', inspectionId: first.json().id });
    expect(both.json().error.code).toBe('inspections.submission_target_invalid');
  });
});

describe('inspections: scope', () => {
  it("answers 404 to a 图克镇 township officer for a 嘎鲁图镇 inspection, and lists only the officer's own", async () => {
    const { venue, inspection: created } = await plannedVisit();
    const tuke = await officer('township_officer', TOWNSHIPS.tuke);
    const galutu = await officer('township_officer', TOWNSHIPS.galutu);
    const res = await tuke({ method: 'GET', url: `/api/v1/inspections/${created.id}` });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('inspections.not_found');
    expect((await putResults(tuke, created.id, { results: [] })).statusCode).toBe(403);
    const tukeList = (await tuke({ method: 'GET', url: `/api/v1/inspections?objectId=${venue.id}` })).json();
    expect(tukeList.total).toBe(0);
    expect((await galutu({ method: 'GET', url: `/api/v1/inspections/${created.id}` })).statusCode).toBe(200);
    const galutuList = (await galutu({ method: 'GET', url: `/api/v1/inspections?objectId=${venue.id}` })).json();
    expect(galutuList.items.map((i: { id: string }) => i.id)).toEqual([created.id]);
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'reads the detail with one named statement for officers of two townships, each within its own scope',
    async () => {
      const { inspection: created } = await plannedVisit();
      const tuke = await officer('township_officer', TOWNSHIPS.tuke);
      const galutu = await officer('township_officer', TOWNSHIPS.galutu);
      const statuses: number[] = [];
      const names = (
        await sentStatements(async () => {
          for (const send of [galutu, tuke, galutu, tuke]) {
            statuses.push((await send({ method: 'GET', url: `/api/v1/inspections/${created.id}` })).statusCode);
          }
        })
      ).flatMap((s) => (s.name ? [s.name] : []));
      expect(statuses).toEqual([200, 404, 200, 404]);
      const pointReads = names.filter((n) => n.startsWith('inspection_get_'));
      expect(pointReads).toHaveLength(4);
      expect(new Set(pointReads).size).toBe(1);
    },
  );

  it('refuses anonymous and permission-less callers', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/inspections' })).statusCode).toBe(401);
    const enterprise = await buildEnterprise(db());
    const driver = await buildScopedUser(db(), { enterpriseId: enterprise.id }, 'delivery_worker');
    const send = await login(ctx.app, driver.username, driver.password);
    expect((await send({ method: 'GET', url: '/api/v1/inspections' })).statusCode).toBe(403);
  });
});

describe('inspections: household inspections by the operator (MOHURD 建城规〔2023〕4号 art. 9)', () => {
  it("raises the operator's major hazard when a listed user defect was found without written notice", async () => {
    const operator = await buildEnterprise(db(), { kind: 'bottled_operator' });
    const manager = await buildScopedUser(db(), { enterpriseId: operator.id });
    const staff = await buildPerson(db(), { kind: 'safety_manager', enterpriseId: operator.id, userId: manager.id });
    const send = await login(ctx.app, manager.username, manager.password);
    const home = await buildVenue(db(), {
      category: 'household',
      floor: 'basement',
      gasSources: ['bottled_lpg'],
      supplierEnterpriseId: operator.id,
      contractNumber: 'GY-1',
    });
    const outsider = await buildPerson(db());
    let res = await plan(send, {
      kind: 'household',
      object: { type: 'venue', id: home.id },
      inspectorIds: [outsider.id],
    });
    expect(res.json().error.code).toBe('inspections.inspector_not_eligible');
    res = await plan(send, { kind: 'department', object: { type: 'venue', id: home.id }, inspectorIds: [staff.id] });
    expect(res.json().error.code).toBe('inspections.kind_invalid');

    res = await plan(send, { kind: 'household', object: { type: 'venue', id: home.id }, inspectorIds: [staff.id] });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.inspectingEnterprise).toMatchObject({ id: operator.id });
    await recordAll(send, created.id);
    res = await sign({ send, user: manager }, created.id);
    expect(res.json().error).toMatchObject({ code: 'inspections.incomplete' });
    expect(res.json().error.details.missing).toContain('writtenNoticeGiven');
    await recordAll(send, created.id, { body: { writtenNoticeGiven: false } });
    res = await sign({ send, user: manager }, created.id);
    expect(res.statusCode).toBe(200);
    const hazards = res.json().hazards;
    expect(hazards).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ itemId: 'venue.lpg_basement', objectType: 'venue', objectId: home.id }),
        expect.objectContaining({
          itemId: 'operator.user_defect_without_notice',
          severity: 'major',
          objectType: 'enterprise',
          objectId: operator.id,
        }),
      ]),
    );
  });
});

describe('files', () => {
  it('checks the type by magic bytes and the size, and serves a file to its uploader and to readers of records that reference it', async () => {
    const a = await inspectorAccount();
    // Claimed as text, really a PNG: stored as image/png.
    let up = multipartFile('现场.png', PNG_BYTES, 'text/plain');
    let res = await a.send({ method: 'POST', url: '/api/v1/files', payload: up.payload, headers: up.headers });
    expect(res.statusCode).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({ contentType: 'image/png', size: PNG_BYTES.length, name: '现场.png' });

    up = multipartFile('fake.png', Buffer.from('<script>alert(1)</script>'), 'image/png');
    res = await a.send({ method: 'POST', url: '/api/v1/files', payload: up.payload, headers: up.headers });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('files.unsupported_type');

    up = multipartFile('big.png', Buffer.concat([PNG_BYTES, Buffer.alloc(10 * 1024 * 1024)]), 'image/png');
    res = await a.send({ method: 'POST', url: '/api/v1/files', payload: up.payload, headers: up.headers });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('files.too_large');

    res = await a.send({ method: 'POST', url: '/api/v1/files', payload: { file: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('files.no_file');

    res = await a.send({ method: 'GET', url: `/api/v1/files/${file.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.equals(PNG_BYTES)).toBe(true);

    const galutu = await officer('township_officer', TOWNSHIPS.galutu);
    const tuke = await officer('township_officer', TOWNSHIPS.tuke);
    expect((await galutu({ method: 'GET', url: `/api/v1/files/${file.id}` })).statusCode).toBe(404);

    // Referenced by a 嘎鲁图镇 inspection: its township may read it, another township may not.
    // Both assigned (only assigned inspectors record): the other may still not name a's photo.
    const other = await inspectorAccount();
    const created = await planVisit(await officer('department_officer', 'housing'), await goodVenue(), [a, other]);
    res = await recordAll(other.send, created.id, { extra: { 'venue.evacuation': { photoIds: [file.id] } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('inspections.photo_not_found');
    res = await recordAll(a.send, created.id, { extra: { 'venue.evacuation': { photoIds: [file.id] } } });
    expect(res.statusCode).toBe(200);
    expect((await galutu({ method: 'GET', url: `/api/v1/files/${file.id}` })).statusCode).toBe(200);
    expect((await tuke({ method: 'GET', url: `/api/v1/files/${file.id}` })).statusCode).toBe(404);
  });
});

describe('inspections: corrections do not raise again', () => {
  it('raises only what the corrected record had not raised', async () => {
    const { venue, inspector: a, inspection: created } = await plannedVisit();
    await recordAll(a.send, created.id, { ticks: { 'venue.evacuation': 'fail' } });
    await sign(a, created.id);
    const correction = (await correct(a.send, created.id, '补记')).json();
    await recordAll(a.send, correction.id, { ticks: { 'venue.evacuation': 'fail', 'venue.fire_equipment': 'fail' } });
    const signed = (await sign(a, correction.id)).json();
    expect(signed.hazards.map((h: { itemId: string }) => h.itemId)).toEqual(['venue.fire_equipment']);
    const all = await db()
      .select()
      .from(hazardsTable)
      .where(and(eq(hazardsTable.objectId, venue.id), isNotNull(hazardsTable.sourceInspectionId)));
    expect(all.map((h) => h.itemId).sort()).toEqual(['venue.evacuation', 'venue.fire_equipment']);
  });
});
