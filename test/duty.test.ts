import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsTable } from '../server/platform/audit/audit.table.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser, regionByCode } from './factories.ts';
import { inspectionScenarios } from './inspection-scenarios.ts';
import { PNG_BYTES, passingVenueFacts, recordAll, resultsFor } from './ledger-factories.ts';
import { buildEnterprise, buildLicence, buildScopedUser, multipartFile } from './registry-factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
}, 60_000);
afterAll(() => ctx.close());

const s = inspectionScenarios(() => ctx);

/** The venue's manager, signed in. */
async function managerOf(venue: { id: string }) {
  const m = await buildScopedUser(s.db(), { venueId: venue.id });
  return login(ctx.app, m.username, m.password);
}

describe('duty separation: who records an inspection', () => {
  it('refuses the inspected venue, and an inspector nobody sent, the department’s record of the venue', async () => {
    const { venue, inspector, inspection } = await s.plannedVisit();
    const manager = await managerOf(venue);
    const stranger = await s.inspectorAccount(TOWNSHIPS.galutu);
    const detail = await s.detailOf(inspector.send, inspection.id);
    const body = { results: resultsFor(detail.checklist), facts: passingVenueFacts };
    for (const send of [manager, stranger.send]) {
      const res = await s.putResults(send, inspection.id, body);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('inspections.not_assigned_recorder');
      const offline = await s.submit(send, {
        clientId: `c-${crypto.randomUUID()}`,
        inspectionId: inspection.id,
        ...body,
      });
      expect(offline.statusCode, offline.body).toBe(403);
      expect(offline.json().error.code).toBe('inspections.not_assigned_recorder');
    }
    // The manager's view offers nothing to record, and its field list does not carry the department's task.
    expect((await s.detailOf(manager, inspection.id)).abilities.record).toBe(false);
    const managerTasks = await manager({ method: 'GET', url: '/api/v1/inspections?status=planned&assignedToMe=true' });
    expect(managerTasks.json().items.map((i: { id: string }) => i.id)).not.toContain(inspection.id);
    const inspectorTasks = await inspector.send({
      method: 'GET',
      url: '/api/v1/inspections?status=planned&assignedToMe=true',
    });
    expect(inspectorTasks.json().items.map((i: { id: string }) => i.id)).toContain(inspection.id);
    // The assigned inspector still records, and nothing the others sent was kept.
    const own = await recordAll(inspector.send, inspection.id);
    expect(own.statusCode, own.body).toBe(200);
    const records = await s
      .db()
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'inspection.record'), eq(auditEventsTable.subjectId, inspection.id)));
    expect(records).toHaveLength(1);
  });

  it('lets only the assigned inspectors correct a signed record, not the inspected venue', async () => {
    const { planner, venue, inspector } = await s.plannedVisit();
    const signed = await s.inspectAndSign(planner, venue, inspector);
    expect(signed.status).toBe('signed');
    const manager = await managerOf(venue);
    const refused = await s.correct(manager, signed.id, '我们自己改一下');
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('inspections.not_assigned_recorder');
    expect((await s.detailOf(manager, signed.id)).abilities.correct).toBe(false);
    const corrected = await s.correct(inspector.send, signed.id, '补记');
    expect(corrected.statusCode, corrected.body).toBe(201);
  });
});

describe('offline submissions resent at once', () => {
  it('stores and processes a submission sent twelve times at once exactly once', async () => {
    const { inspector, inspection } = await s.plannedVisit();
    const detail = await s.detailOf(inspector.send, inspection.id);
    const payload = {
      clientId: `burst-${crypto.randomUUID()}`,
      inspectionId: inspection.id,
      results: resultsFor(detail.checklist),
      facts: passingVenueFacts,
    };
    const answers = await Promise.all(Array.from({ length: 12 }, () => s.submit(inspector.send, payload)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    const records = await s
      .db()
      .select()
      .from(auditEventsTable)
      .where(and(eq(auditEventsTable.action, 'inspection.record'), eq(auditEventsTable.subjectId, inspection.id)));
    expect(records).toHaveLength(1);
  });
});

describe('files named in a hazard', () => {
  it('refuses a photo the caller neither uploaded nor can read, so naming it cannot open it', async () => {
    const owner = await buildUser(s.db(), 'township_officer', { region: TOWNSHIPS.tuke });
    const asOwner = await login(ctx.app, owner.username, owner.password);
    const upload = await asOwner({
      method: 'POST',
      url: '/api/v1/files',
      ...multipartFile('p.png', PNG_BYTES, 'image/png'),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const secret = upload.json().id as string;

    const officer = await buildUser(s.db(), 'township_officer', { region: TOWNSHIPS.galutu });
    const asOfficer = await login(ctx.app, officer.username, officer.password);
    const venue = await s.goodVenue();
    const res = await asOfficer({
      method: 'POST',
      url: '/api/v1/hazards',
      payload: {
        objectType: 'venue',
        objectId: venue.id,
        severity: 'general',
        description: '灶具老化',
        photoIds: [secret],
      },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'hazards.file_not_found', details: { missing: [secret] } });
    expect((await asOfficer({ method: 'GET', url: `/api/v1/files/${secret}` })).statusCode).toBe(404);
    // Its own upload it may name.
    const mine = await asOfficer({
      method: 'POST',
      url: '/api/v1/files',
      ...multipartFile('q.png', PNG_BYTES, 'image/png'),
    });
    const ok = await asOfficer({
      method: 'POST',
      url: '/api/v1/hazards',
      payload: {
        objectType: 'venue',
        objectId: venue.id,
        severity: 'general',
        description: '灶具老化',
        photoIds: [mine.json().id],
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('what puts a party under supervision is the regulator’s', () => {
  it('refuses a venue manager moving its venue or making it a household, naming the field', async () => {
    const venue = await s.goodVenue();
    const manager = await managerOf(venue);
    const tuke = await regionByCode(s.db(), TOWNSHIPS.tuke);
    for (const [payload, field] of [
      [{ regionId: tuke.id }, 'regionId'],
      [{ category: 'household' }, 'category'],
    ] as const) {
      const res = await manager({ method: 'PATCH', url: `/api/v1/venues/${venue.id}`, payload });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'registry.regulator_fields', details: { field } });
    }
    // Its own particulars it still keeps, and resending the unchanged region is no change.
    const own = await manager({
      method: 'PATCH',
      url: `/api/v1/venues/${venue.id}`,
      payload: { contactName: '王店长', regionId: venue.regionId, category: venue.category },
    });
    expect(own.statusCode, own.body).toBe(200);
    // The township moves it.
    const officer = await buildUser(s.db(), 'township_officer', { region: TOWNSHIPS.galutu });
    const asOfficer = await login(ctx.app, officer.username, officer.password);
    const moved = await asOfficer({
      method: 'PATCH',
      url: `/api/v1/venues/${venue.id}`,
      payload: { category: 'school' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  });

  it('refuses an enterprise manager moving its enterprise, changing its kind, or touching its licences', async () => {
    const enterprise = await buildEnterprise(s.db(), { regionCode: TOWNSHIPS.galutu });
    const licence = await buildLicence(s.db(), enterprise.id);
    const m = await buildScopedUser(s.db(), { enterpriseId: enterprise.id });
    const manager = await login(ctx.app, m.username, m.password);
    const tuke = await regionByCode(s.db(), TOWNSHIPS.tuke);
    const attempts = [
      ['PATCH', `/api/v1/enterprises/${enterprise.id}`, { regionId: tuke.id }, 'regionId'],
      ['PATCH', `/api/v1/enterprises/${enterprise.id}`, { kind: 'pipeline_operator' }, 'kind'],
      ['PATCH', `/api/v1/licences/${licence.id}`, { validTo: '2099-12-31' }, 'validTo'],
      ['POST', `/api/v1/licences/${licence.id}/archive`, undefined, 'archivedAt'],
      [
        'POST',
        `/api/v1/enterprises/${enterprise.id}/licences`,
        { kind: 'gas_operation', number: 'SELF-1', validTo: '2099-12-31' },
        'kind',
      ],
    ] as const;
    for (const [method, url, payload, field] of attempts) {
      const res = await manager({ method, url, payload: payload as never });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'registry.regulator_fields', details: { field } });
    }
    const after = await manager({ method: 'GET', url: `/api/v1/licences/${licence.id}` });
    expect(after.json()).toMatchObject({
      validTo: licence.validTo,
      archived: false,
      abilities: { edit: false, archive: false },
    });
  });
});
