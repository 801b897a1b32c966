import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCylinderLimits } from '../../../domain/cylinders/cylinders.ts';
import { defaultLimits } from '../../../domain/hazards/limits.ts';
import { addDays, chinaToday } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type TestContext, createTestApp } from '../../../test/app.ts';
import { inspectionScenarios } from '../../../test/inspection-scenarios.ts';
import { passingVenueFacts, recordAll } from '../../../test/ledger-factories.ts';
import { loadConfig } from '../../config.ts';
import { hazardsTable } from '../hazards/hazards.table.ts';

/**
 * Local limits (RANAN_LIMITS) apply to what an inspection decides and to the hazards raised when it
 * is signed, not only to hazards registered by hand: a county that gives 7 / 3 days to rectify and
 * tolerates 3 m hoses gets exactly that from the field.
 */
const RANAN_LIMITS = JSON.stringify({
  deadlineDaysGeneral: 7,
  deadlineDaysMajor: 3,
  hoseMaxM: 3,
  reboundWindowMonths: 1,
});

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ hazardLimits: loadConfig({ RANAN_LIMITS }).hazardLimits });
});
afterAll(() => ctx.close());

const { db, plannedVisit, sign, inspectAndSign, detailOf, inspectorAccount } = inspectionScenarios(() => ctx);

describe('inspections: the configured limits are published to the field app', () => {
  // The ledger's numbers only: the cylinder rules' share RANAN_LIMITS but are not the field app's.
  const ledgerDefaults = Object.fromEntries(
    Object.entries(defaultLimits).filter(([k]) => !(k in defaultCylinderLimits)),
  );
  const configured = {
    ...ledgerDefaults,
    deadlineDaysGeneral: 7,
    deadlineDaysMajor: 3,
    hoseMaxM: 3,
    reboundWindowMonths: 1,
  };

  it('GET /api/v1/ledger/limits answers the defaults with RANAN_LIMITS applied, to a signed-in reader only', async () => {
    const { send } = await inspectorAccount();
    const res = await send({ method: 'GET', url: '/api/v1/ledger/limits' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(configured);
    expect(res.json().hoseMaxM).not.toBe(defaultLimits.hoseMaxM);

    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/ledger/limits' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('a planned or in-progress inspection carries the limits in force (cached for offline use); a signed one those it was decided under', async () => {
    const { inspector: a, inspection } = await plannedVisit();
    expect((await detailOf(a.send, inspection.id)).limits).toEqual(configured);

    const recorded = await recordAll(a.send, inspection.id, { facts: { ...passingVenueFacts, hoseLengthM: 2.4 } });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json().limits).toEqual(configured);

    const signed = await sign(a, inspection.id);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', limits: configured });
    expect(signed.json().limitsVersionId).toEqual(recorded.json().limitsVersionId);
  });
});

describe('inspections: configured limits (RANAN_LIMITS) at signing', () => {
  it('decides the hose by the configured length and gives hazards raised at signing the configured deadlines', async () => {
    // The configured values differ from the defaults, so the test cannot pass on the defaults.
    expect([defaultLimits.deadlineDaysGeneral, defaultLimits.deadlineDaysMajor, defaultLimits.hoseMaxM]).toEqual([
      15, 30, 2,
    ]);
    const { inspector: a, inspection } = await plannedVisit({ floor: 'basement', gasSources: ['bottled_lpg'] });
    const recorded = await recordAll(a.send, inspection.id, {
      ticks: { 'venue.evacuation': 'fail' },
      facts: { ...passingVenueFacts, hoseLengthM: 2.4 },
    });
    expect(recorded.statusCode).toBe(200);
    const hose = recorded.json().results.find((r: { itemId: string }) => r.itemId === 'venue.hose_length');
    // 2.4 m fails under the default 2 m; the county allows 3 m.
    expect(hose).toMatchObject({ result: 'pass', computed: true, measured: { hoseLengthM: 2.4 } });

    const res = await sign(a, inspection.id);
    expect(res.statusCode).toBe(200);
    const signed = res.json();
    expect(signed.status).toBe('signed');
    expect(signed.hazards.map((h: { itemId: string }) => h.itemId).sort()).toEqual([
      'venue.evacuation',
      'venue.lpg_basement',
    ]);

    const today = chinaToday();
    const byItem = new Map<string, { id: string }>(signed.hazards.map((h: { itemId: string }) => [h.itemId, h]));
    const major = (
      await a.send({ method: 'GET', url: `/api/v1/hazards/${byItem.get('venue.lpg_basement')!.id}` })
    ).json();
    expect(major).toMatchObject({ severity: 'major', foundOn: today, deadline: addDays(today, 3) });
    const general = (
      await a.send({ method: 'GET', url: `/api/v1/hazards/${byItem.get('venue.evacuation')!.id}` })
    ).json();
    expect(general).toMatchObject({ severity: 'general', foundOn: today, deadline: addDays(today, 7) });
  });

  it('links a rebound only within the configured window (1 month here, 6 by default)', async () => {
    const { planner, venue, inspector: a, inspection } = await plannedVisit();
    await recordAll(a.send, inspection.id, { ticks: { 'venue.fire_plan': 'fail' } });
    const first = (await sign(a, inspection.id)).json();
    const [old] = first.hazards;
    // Closed 40 days ago: inside the default six months, outside the configured month.
    await db()
      .update(hazardsTable)
      .set({ status: 'closed', closedAt: new Date(Date.now() - 40 * 86_400_000) })
      .where(eq(hazardsTable.id, old.id));
    const second = await inspectAndSign(planner, venue, a, { ticks: { 'venue.fire_plan': 'fail' } });
    expect(second.hazards).toEqual([expect.objectContaining({ itemId: 'venue.fire_plan', reboundOfHazardId: null })]);
    expect(second.hazards[0].id).not.toBe(old.id);
  });
});
