/**
 * A signed inspection whose site findings contradict the register opens a correction of the register for the
 * regulator responsible (issue 10, point 1): once per inspection and fact, approved through the register's own
 * use case (the venue is updated) or rejected with a note; none when the site and the register agree.
 */
import { eq } from 'drizzle-orm';
import { addDays, chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser, departmentByCode } from '../../../test/factories.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { buildPerson, passingVenueFacts, recordAll } from '../../../test/ledger-factories.ts';
import { buildEnterprise, buildScopedUser } from '../../../test/registry-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { pipelineSegmentsTable, venuesTable } from '../registry/index.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const { db, plannedVisit, sign, correct, inspectorAccount } = inspectionScenarios(() => ctx);

type Send = Awaited<ReturnType<typeof login>>;
async function township(code: string): Promise<Send> {
  const u = await buildUser(db(), 'township_officer', { region: code });
  return login(ctx.app, u.username, u.password);
}
async function correctionsOf(send: Send, venueId: string) {
  const res = await send({ method: 'GET', url: `/api/v1/registry-changes?subjectType=venue&subjectId=${venueId}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as {
    id: string;
    sourceInspectionId: string | null;
    changes: Record<string, unknown>;
    current: Record<string, unknown>;
    status: string;
    abilities: { decide: boolean };
  }[];
}
async function todoIds(send: Send) {
  const res = await send({ method: 'GET', url: '/api/v1/todos' });
  expect(res.statusCode, res.body).toBe(200);
  const group = (res.json().groups as { kind: string; items: { subjectId: string }[] }[]).find(
    (g) => g.kind === 'registry_change_decide',
  );
  return group?.items.map((i) => i.subjectId) ?? [];
}

/** A ground-floor piped-gas restaurant where the inspector finds LPG cylinders too; recorded and signed. */
async function signedWithLpgFound() {
  const { venue, inspector, inspection } = await plannedVisit({ floor: 'ground', gasSources: ['piped'] });
  const rec = await recordAll(inspector.send, inspection.id, {
    facts: { ...passingVenueFacts, gasSources: ['piped', 'bottled_lpg'] },
  });
  expect(rec.statusCode, rec.body).toBe(200);
  expect(rec.json().facts.discrepancies).toContain('gasSources');
  const signed = await sign(inspector, inspection.id);
  expect(signed.statusCode, signed.body).toBe(200);
  expect(signed.json().status).toBe('signed');
  return { venue, inspector, inspection };
}

describe('inspections: site findings open a correction of the register (issue 10.1)', () => {
  it('opens exactly one correction for the regulator responsible; approving it updates the register', async () => {
    const { venue, inspection } = await signedWithLpgFound();
    const galutu = await township(TOWNSHIPS.galutu);
    const tuke = await township(TOWNSHIPS.tuke);

    const opened = await correctionsOf(galutu, venue.id);
    expect(opened).toHaveLength(1);
    const c = opened[0]!;
    expect(c).toMatchObject({
      sourceInspectionId: inspection.id,
      status: 'pending',
      changes: { gasSources: ['piped', 'bottled_lpg'] },
      current: { gasSources: ['piped'] },
      abilities: { decide: true },
    });
    // In the responsible township's to-dos, not in another township's (which does not see it at all).
    expect(await todoIds(galutu)).toContain(c.id);
    expect(await todoIds(tuke)).not.toContain(c.id);
    expect(await correctionsOf(tuke, venue.id)).toHaveLength(0);
    // The record's own corrections, as its page lists them.
    const bySource = await galutu({
      method: 'GET',
      url: `/api/v1/registry-changes?sourceInspectionId=${inspection.id}`,
    });
    expect(bySource.statusCode, bySource.body).toBe(200);
    expect(bySource.json().items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    const audit = await db()
      .select({ action: auditEventsTable.action })
      .from(auditEventsTable)
      .where(eq(auditEventsTable.subjectId, c.id));
    expect(audit.map((a) => a.action)).toContain('registry_change.site_correction');

    // Another township cannot decide it (out of its scope: 404).
    const foreign = await tuke({ method: 'POST', url: `/api/v1/registry-changes/${c.id}/approve`, payload: {} });
    expect(foreign.statusCode).toBe(404);

    const ok = await galutu({ method: 'POST', url: `/api/v1/registry-changes/${c.id}/approve`, payload: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    const [row] = await db().select().from(venuesTable).where(eq(venuesTable.id, venue.id));
    expect(row!.gasSources).toEqual(['piped', 'bottled_lpg']);
    expect(await todoIds(galutu)).not.toContain(c.id);
  });

  it('opens nothing when the site agrees with the register', async () => {
    const { venue, inspector, inspection } = await plannedVisit({ floor: 'ground', gasSources: ['piped'] });
    const rec = await recordAll(inspector.send, inspection.id, {
      facts: { ...passingVenueFacts, gasSources: ['piped'] },
    });
    expect(rec.json().facts.discrepancies).toEqual([]);
    expect((await sign(inspector, inspection.id)).json().status).toBe('signed');
    expect(await correctionsOf(await township(TOWNSHIPS.galutu), venue.id)).toHaveLength(0);
  });

  it('a correction of the signed record, signed again, opens no second correction; a rejection keeps the register', async () => {
    const { venue, inspector, inspection } = await signedWithLpgFound();
    const fixed = await correct(inspector.send, inspection.id, '补充现场照片');
    expect(fixed.statusCode, fixed.body).toBe(201);
    const again = fixed.json();
    await recordAll(inspector.send, again.id, {
      facts: { ...passingVenueFacts, gasSources: ['piped', 'bottled_lpg'] },
    });
    expect((await sign(inspector, again.id)).json().status).toBe('signed');
    const galutu = await township(TOWNSHIPS.galutu);
    const opened = await correctionsOf(galutu, venue.id);
    expect(opened).toHaveLength(1);

    // Rejection needs a note (400 with the field), then keeps the register as it was.
    const noNote = await galutu({
      method: 'POST',
      url: `/api/v1/registry-changes/${opened[0]!.id}/reject`,
      payload: {},
    });
    expect(noNote.statusCode).toBe(400);
    const rejected = await galutu({
      method: 'POST',
      url: `/api/v1/registry-changes/${opened[0]!.id}/reject`,
      payload: { note: '复核：液化气瓶为临时存放，已清走' },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const [row] = await db().select().from(venuesTable).where(eq(venuesTable.id, venue.id));
    expect(row!.gasSources).toEqual(['piped']);
    // An inspector does not decide a correction of the register.
    const other = await inspectorAccount();
    const forbidden = await other.send({
      method: 'POST',
      url: `/api/v1/registry-changes/${opened[0]!.id}/approve`,
      payload: {},
    });
    expect([403, 404]).toContain(forbidden.statusCode);
  });
});

describe('inspections: a pipeline segment found encroached opens a correction of its flags (issue 10.1)', () => {
  async function segment(values: Partial<typeof pipelineSegmentsTable.$inferInsert>) {
    const owner = await buildEnterprise(db(), { kind: 'pipeline_operator' });
    const [row] = await db()
      .insert(pipelineSegmentsTable)
      .values({
        code: `SC-${Math.random().toString(36).slice(2, 10)}`,
        name: '现场更正管段',
        ownerEnterpriseId: owner.id,
        regionId: owner.regionId,
        material: 'pe',
        pressureClass: 'medium_a',
        installedYear: 2015,
        ...values,
      })
      .returning();
    return { pipe: row!, owner };
  }
  async function signedPipeline(pipeId: string, ticks: Record<string, 'pass' | 'fail'>) {
    const admin = await buildUser(db(), 'office_admin', 'global');
    const planner = await login(ctx.app, admin.username, admin.password);
    const inspector = await inspectorAccount();
    const planned = await planner({
      method: 'POST',
      url: '/api/v1/inspections',
      payload: {
        kind: 'department',
        object: { type: 'pipeline', id: pipeId },
        departmentIds: [(await departmentByCode(db(), 'housing')).id],
        inspectorIds: [inspector.person.id],
      },
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const rec = await recordAll(inspector.send, planned.json().id, { facts: {}, ticks });
    expect(rec.statusCode, rec.body).toBe(200);
    const signed = await sign(inspector, planned.json().id);
    expect(signed.json().status, signed.body).toBe('signed');
    return { inspection: planned.json() as { id: string }, discrepancies: rec.json().facts.discrepancies as string[] };
  }
  const ofPipe = async (send: Send, pipeId: string) => {
    const res = await send({ method: 'GET', url: `/api/v1/registry-changes?subjectType=pipeline&subjectId=${pipeId}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { id: string; sourceInspectionId: string; changes: object; current: object }[];
  };

  it('proposes the flags the site found to the township; approving sets them on the segment; its owner only reads it', async () => {
    const { pipe, owner } = await segment({ encroached: false, confinedSpace: false });
    const { inspection, discrepancies } = await signedPipeline(pipe.id, {
      'network.encroached': 'fail',
      'network.through_confined_space': 'fail',
    });
    expect(discrepancies).toEqual(expect.arrayContaining(['encroached', 'confinedSpace']));
    const galutu = await township(TOWNSHIPS.galutu);
    const opened = await ofPipe(galutu, pipe.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      sourceInspectionId: inspection.id,
      status: 'pending',
      changes: { encroached: true, confinedSpace: true },
      current: { encroached: false, confinedSpace: false },
      abilities: { decide: true },
    });
    expect(await todoIds(galutu)).toContain(opened[0]!.id);
    expect(await ofPipe(await township(TOWNSHIPS.tuke), pipe.id)).toHaveLength(0);

    // The segment's operator sees the correction but does not decide it.
    const manager = await buildScopedUser(db(), { enterpriseId: owner.id });
    const ownerSend = await login(ctx.app, manager.username, manager.password);
    const seen = await ofPipe(ownerSend, pipe.id);
    expect(seen.map((c) => c.id)).toEqual([opened[0]!.id]);
    expect(seen[0]).toMatchObject({ abilities: { decide: false } });
    const refused = await ownerSend({
      method: 'POST',
      url: `/api/v1/registry-changes/${opened[0]!.id}/approve`,
      payload: {},
    });
    expect([403, 404]).toContain(refused.statusCode);

    const ok = await galutu({ method: 'POST', url: `/api/v1/registry-changes/${opened[0]!.id}/approve`, payload: {} });
    expect(ok.statusCode, ok.body).toBe(200);
    const [row] = await db().select().from(pipelineSegmentsTable).where(eq(pipelineSegmentsTable.id, pipe.id));
    expect(row).toMatchObject({ encroached: true, confinedSpace: true });
  });

  it('opens nothing when the register already holds the flag or the site finds no defect', async () => {
    const { pipe } = await segment({ encroached: true });
    await signedPipeline(pipe.id, { 'network.through_confined_space': 'pass' });
    const clean = await segment({});
    await signedPipeline(clean.pipe.id, { 'network.encroached': 'pass', 'network.through_confined_space': 'pass' });
    const galutu = await township(TOWNSHIPS.galutu);
    expect(await ofPipe(galutu, pipe.id)).toHaveLength(0);
    expect(await ofPipe(galutu, clean.pipe.id)).toHaveLength(0);
  });
});

describe('inspections: a defect found on site against a register record of its own (issue 10.1)', () => {
  it("fails the item, names the record in the discrepancies and opens no change of the enterprise's register facts", async () => {
    const filler = await buildEnterprise(db(), { kind: 'filling_enterprise' });
    await buildPerson(db(), {
      kind: 'filling_operator',
      enterpriseId: filler.id,
      name: '持证充装工',
      certificateNumber: 'TS-OK-1',
      certificateExpiresOn: addDays(chinaToday(), 300),
    });
    const admin = await buildUser(db(), 'office_admin', 'global');
    const planner = await login(ctx.app, admin.username, admin.password);
    const inspector = await inspectorAccount();
    const planned = await planner({
      method: 'POST',
      url: '/api/v1/inspections',
      payload: {
        kind: 'department',
        object: { type: 'enterprise', id: filler.id },
        departmentIds: [(await departmentByCode(db(), 'market_regulation')).id],
        inspectorIds: [inspector.person.id],
      },
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const id = planned.json().id as string;
    // The register passes the operators' certificates; the inspector finds an operator on duty without one.
    const rec = await recordAll(inspector.send, id, { facts: {}, ticks: { 'filling.operators_uncertified': 'fail' } });
    expect(rec.statusCode, rec.body).toBe(200);
    const row = (rec.json().results as { itemId: string; result: string }[]).find(
      (r) => r.itemId === 'filling.operators_uncertified',
    );
    expect(row).toMatchObject({ result: 'fail' });
    expect(rec.json().facts.discrepancies).toContain('operators');
    const signed = await sign(inspector, id);
    expect(signed.json().status, signed.body).toBe('signed');
    const detail = await planner({ method: 'GET', url: `/api/v1/inspections/${id}` });
    expect(detail.json().facts.discrepancies).toContain('operators');
    expect((detail.json().hazards as { itemId: string }[]).map((h) => h.itemId)).toContain(
      'filling.operators_uncertified',
    );
    // Certificates are corrected in the people register, not by a change of the enterprise.
    const opened = await planner({ method: 'GET', url: `/api/v1/registry-changes?sourceInspectionId=${id}` });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json().items).toEqual([]);
  });
});
