/**
 * A signed inspection whose site findings contradict the register opens a correction of the register for the
 * regulator responsible (issue 10, point 1): once per inspection and fact, approved through the register's own
 * use case (the venue is updated) or rejected with a note; none when the site and the register agree.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TOWNSHIPS, buildUser } from '../../../test/factories.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { passingVenueFacts, recordAll } from '../../../test/ledger-factories.ts';
import { auditEventsTable } from '../../platform/audit/audit.table.ts';
import { venuesTable } from '../registry/index.ts';

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
