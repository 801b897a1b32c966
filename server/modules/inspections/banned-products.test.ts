/**
 * Banned hoses and appliances decided from the banned-products catalogue (issue 10.4), over HTTP: without an
 * entry in force the items do not apply (a tick cannot make a hose "banned"); naming an entry in force fails the
 * item and the hazard takes the entry's severity and citation; naming a withdrawn entry raises nothing; naming
 * something that is not in the catalogue is refused.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkItem } from '../../../domain/hazards/checklist.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { buildUser } from '../../../test/factories.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { passingVenueFacts, recordAll } from '../../../test/ledger-factories.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const { db, plannedVisit, sign } = inspectionScenarios(() => ctx);

type Row = { itemId: string; result: string; computed: boolean; reason: { zh: string } | null };
const rowOf = (body: { results: Row[] }, id: string) => body.results.find((r) => r.itemId === id);

async function office() {
  const u = await buildUser(db(), 'office_admin', 'global');
  return login(ctx.app, u.username, u.password);
}

const hoseEntry = {
  name: '测试目录所列淘汰连接软管',
  kind: 'hose',
  catalogue: '测试淘汰产品目录（2025年版）',
  documentNumber: '测试〔2025〕7号',
  effectiveOn: '2025-01-01',
  severity: 'major',
  checkItemId: 'venue.banned_hose',
  note: '',
};
const applianceEntry = {
  ...hoseEntry,
  name: '直排式燃气热水器',
  kind: 'appliance',
  documentNumber: '测试〔2025〕8号',
  severity: 'general',
  checkItemId: 'venue.banned_appliance',
};

describe('inspections: banned hoses and appliances come from the catalogue', () => {
  it('without catalogue entries for them the items do not apply, whatever is ticked, and raise nothing', async () => {
    const { inspector, inspection } = await plannedVisit();
    const item = inspection.checklist.find((c: { itemId: string }) => c.itemId === 'venue.banned_hose');
    expect(item).toMatchObject({ computed: true });
    const res = await recordAll(inspector.send, inspection.id, {
      body: {
        // An inspector's "fail" on the banned-hose item (as the old tick allowed) decides nothing.
        results: inspection.checklist.map((c: { itemId: string; computed: boolean }) => ({
          itemId: c.itemId,
          ...(c.itemId === 'venue.banned_hose' ? { result: 'fail' } : c.computed ? {} : { result: 'pass' }),
        })),
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(rowOf(res.json(), 'venue.banned_hose')).toMatchObject({ result: 'not_applicable', computed: true });
    expect(rowOf(res.json(), 'venue.banned_appliance')).toMatchObject({ result: 'not_applicable', computed: true });
    const signed = (await sign(inspector, inspection.id)).json();
    expect(signed.hazards).toEqual([]);
  });

  it('naming an entry in force fails the item; the hazard takes the entry severity and cites its document', async () => {
    const send = await office();
    const hose = (await send({ method: 'POST', url: '/api/v1/rules/banned-products', payload: hoseEntry })).json();
    const appliance = (
      await send({ method: 'POST', url: '/api/v1/rules/banned-products', payload: applianceEntry })
    ).json();

    const { inspector, inspection } = await plannedVisit();
    const res = await recordAll(inspector.send, inspection.id, {
      extra: {
        'venue.banned_hose': { measured: { bannedProductIds: [hose.id] } },
        'venue.banned_appliance': { measured: { bannedProductIds: [appliance.id] } },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().missing).toEqual([]);
    expect(rowOf(res.json(), 'venue.banned_hose')).toMatchObject({ result: 'fail', computed: true });
    expect(rowOf(res.json(), 'venue.banned_hose')!.reason!.zh).toContain('测试〔2025〕7号');

    const signed = (await sign(inspector, inspection.id)).json();
    const byItem = new Map(signed.hazards.map((h: { itemId: string }) => [h.itemId, h]));
    expect(byItem.get('venue.banned_hose')).toMatchObject({ severity: 'major' });
    // The item's own grade is major (MOHURD art. 9); the entry's "general" decides.
    expect(byItem.get('venue.banned_appliance')).toMatchObject({ severity: 'general' });
    const rows = await db().select().from(hazardsTable).where(eq(hazardsTable.sourceInspectionId, inspection.id));
    const hoseHazard = rows.find((r) => r.itemId === 'venue.banned_hose')!;
    expect(hoseHazard.description).toContain('测试淘汰产品目录（2025年版）');
    expect(hoseHazard.description).toContain('测试〔2025〕7号');
    expect(hoseHazard.description).toContain('测试目录所列淘汰连接软管');

    // Issue 10.9: the basis shown (the hazard, the notice) is the entry's that decided it, not the item's general one.
    const hoseCite = '测试淘汰产品目录（2025年版）（测试〔2025〕7号）';
    const detail = (await inspector.send({ method: 'GET', url: `/api/v1/hazards/${hoseHazard.id}` })).json();
    expect(detail.basis).toBe(hoseCite);
    expect(detail.basis).not.toBe(checkItem('venue.banned_hose')!.basis);
    expect(hoseHazard.description).not.toContain('（依据：');
    const admin = await office();
    const notice = (await admin({ method: 'GET', url: `/api/v1/inspections/${inspection.id}/notice` })).json();
    const noticeBases = notice.hazards.map((h: { basis: string | null }) => h.basis);
    expect(noticeBases).toContain(hoseCite);
    expect(noticeBases).toContain('测试淘汰产品目录（2025年版）（测试〔2025〕8号）');

    // Found nothing of the catalogue: both items pass.
    const second = await plannedVisit();
    const none = await recordAll(second.inspector.send, second.inspection.id, {
      facts: { ...passingVenueFacts, bannedProductIds: [] },
    });
    expect(none.statusCode, none.body).toBe(200);
    expect(rowOf(none.json(), 'venue.banned_hose')).toMatchObject({ result: 'pass' });
    expect(rowOf(none.json(), 'venue.banned_appliance')).toMatchObject({ result: 'pass' });

    // Withdrawn: naming it raises nothing, and with no other entry in force the item does not apply.
    for (const id of [hose.id, appliance.id]) {
      const patched = await send({
        method: 'PATCH',
        url: `/api/v1/rules/banned-products/${id}`,
        payload: { withdrawn: true },
      });
      expect(patched.statusCode).toBe(200);
    }
    const third = await plannedVisit();
    const withdrawn = await recordAll(third.inspector.send, third.inspection.id, {
      extra: { 'venue.banned_hose': { measured: { bannedProductIds: [hose.id] } } },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(rowOf(withdrawn.json(), 'venue.banned_hose')).toMatchObject({ result: 'not_applicable' });
    const signedWithdrawn = (await sign(third.inspector, third.inspection.id)).json();
    expect(signedWithdrawn.hazards).toEqual([]);
  });

  it('refuses an entry that is not in the catalogue (400, the field named) and a value on an item that does not read it', async () => {
    const { inspector, inspection } = await plannedVisit();
    const res = await recordAll(inspector.send, inspection.id, {
      extra: { 'venue.banned_hose': { measured: { bannedProductIds: ['00000000-0000-4000-8000-000000000000'] } } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('inspections.measure_invalid');
    expect(JSON.stringify(res.json().error.details)).toContain('bannedProductIds');
    const misplaced = await recordAll(inspector.send, inspection.id, {
      extra: { 'venue.hose_length': { measured: { bannedProductIds: [] } } },
    });
    expect(misplaced.statusCode).toBe(400);
  });
});
