import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addYears, chinaToday } from '../../../domain/dates.ts';
import { checkItem } from '../../../domain/hazards/checklist.ts';
import { limitDefinitions } from '../../../domain/rules/limit-definitions.ts';
import { type TestContext, createTestApp, login } from '../../../test/app.ts';
import { TEST_PASSWORD, buildUser, uniqueName } from '../../../test/factories.ts';
import { buildSignedInspection } from '../../../test/hazard-factories.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { passingVenueFacts, recordAll } from '../../../test/ledger-factories.ts';
import { buildVenue } from '../../../test/registry-factories.ts';
import { inspectionsTable } from '../inspections/inspections.table.ts';

/**
 * 规则参数 (issue 10.14, 15): the seal ring's life and the self-inspection cadence are limits of the versioned
 * data — the checklist's verdict and the missed-self-inspection list read the version in force, and a signed
 * inspection keeps the version it was decided under.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const { db, plannedVisit, sign } = inspectionScenarios(() => ctx);

async function office() {
  const u = await buildUser(db(), 'office_admin', 'global');
  return login(ctx.app, u.username, u.password);
}

const sealOf = (detail: { results: { itemId: string; result: string }[] }) =>
  detail.results.find((r) => r.itemId === 'venue.seal_ring_expired')?.result;

describe('rules: the seal ring life and the self-inspection interval are limits', () => {
  it('are in the limits data with a label and a basis, 3 years and 1 month by default', async () => {
    const send = await office();
    const res = await send({ method: 'GET', url: '/api/v1/rules/limits' });
    expect(res.statusCode).toBe(200);
    expect(res.json().current.values).toMatchObject({ sealRingLifeYears: 3, selfInspectionIntervalMonths: 1 });
    expect(limitDefinitions.sealRingLifeYears.label.zh).toContain('密封圈');
    expect(limitDefinitions.selfInspectionIntervalMonths.basis).toContain('五、工作安排(一)2');
    const bad = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { selfInspectionIntervalMonths: 0 }, reason: '测试' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'rules.limit_invalid',
      details: { field: 'changes.selfInspectionIntervalMonths' },
    });
  });

  it('the checklist decides the seal ring by the life in force; a signed record keeps its own', async () => {
    const fourYearsAgo = addYears(chinaToday(), -4);
    const old = await plannedVisit({ gasSources: ['bottled_lpg'] });
    const recorded = await recordAll(old.inspector.send, old.inspection.id, {
      facts: { ...passingVenueFacts, sealRingInstalledOn: fourYearsAgo },
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(sealOf(recorded.json())).toBe('fail');
    const signed = await sign(old.inspector, old.inspection.id);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().limits.sealRingLifeYears).toBe(3);
    const sealHazard = signed.json().hazards.find((h: { itemId: string }) => h.itemId === 'venue.seal_ring_expired');
    expect(sealHazard).toBeDefined();
    // The hazard shows exactly the item's basis (issue 10.9).
    const hazard = (await old.inspector.send({ method: 'GET', url: `/api/v1/hazards/${sealHazard.id}` })).json();
    expect(hazard.basis).toBe(checkItem('venue.seal_ring_expired')!.basis);

    const send = await office();
    const changed = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { sealRingLifeYears: 5 }, reason: '专班会议纪要：密封圈5年' },
    });
    expect(changed.statusCode, changed.body).toBe(201);
    expect(changed.json().changes).toEqual([{ key: 'sealRingLifeYears', before: 3, after: 5 }]);

    const fresh = await plannedVisit({ gasSources: ['bottled_lpg'] });
    const published = await fresh.inspector.send({ method: 'GET', url: '/api/v1/ledger/limits' });
    expect(published.json().sealRingLifeYears).toBe(5);
    const next = await recordAll(fresh.inspector.send, fresh.inspection.id, {
      facts: { ...passingVenueFacts, sealRingInstalledOn: fourYearsAgo },
    });
    expect(sealOf(next.json())).toBe('pass');

    const reread = (
      await old.inspector.send({ method: 'GET', url: `/api/v1/inspections/${old.inspection.id}` })
    ).json();
    expect(reread.limits.sealRingLifeYears).toBe(3);
    expect(sealOf(reread)).toBe('fail');
  });

  it('the missed self-inspection list reads the interval in force', async () => {
    const venue = await buildVenue(db(), { name: uniqueName('双月自查饭店') });
    const inspection = await buildSignedInspection(db(), {
      object: { type: 'venue', id: venue.id, regionId: venue.regionId, kind: venue.category, name: venue.name },
      day: '2024-02-20',
    });
    await db().update(inspectionsTable).set({ kind: 'monthly_self' }).where(eq(inspectionsTable.id, inspection.id));
    const officer = await login(
      ctx.app,
      (await buildUser(db(), 'township_officer', { region: '150626100' })).username,
      TEST_PASSWORD,
    );
    const missed = async () => {
      const res = await officer({
        method: 'GET',
        url: '/api/v1/inspections/cadence/monthly-self',
        query: { month: '2024-03', pageSize: '200' },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    let list = await missed();
    expect(list).toMatchObject({ intervalMonths: 1, from: '2024-03-01', to: '2024-03-31' });
    expect(list.items.map((x: { venueId: string }) => x.venueId)).toContain(venue.id);

    const send = await office();
    const changed = await send({
      method: 'POST',
      url: '/api/v1/rules/limits/versions',
      payload: { changes: { selfInspectionIntervalMonths: 2 }, reason: '测试：每两个月自查' },
    });
    expect(changed.statusCode, changed.body).toBe(201);
    list = await missed();
    expect(list).toMatchObject({ intervalMonths: 2, from: '2024-02-01', to: '2024-03-31' });
    expect(list.items.map((x: { venueId: string }) => x.venueId)).not.toContain(venue.id);
  });
});
