import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsTable } from '../server/platform/audit/audit.table.ts';
import { type TestContext, createTestApp, login } from './app.ts';
import { TOWNSHIPS, buildUser } from './factories.ts';
import { inspectionScenarios } from './inspection-scenarios.ts';
import { PNG_BYTES, passingVenueFacts, recordAll, resultsFor } from './ledger-factories.ts';
import { buildScopedUser, multipartFile } from './registry-factories.ts';

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
