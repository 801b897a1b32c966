import { describe, expect, it } from 'vitest';
import { checkItems, defaultLimits, itemsFor } from '../../../../domain/hazards/index.ts';
import { fitWithin } from '../offline/photos.ts';
import type { FieldDraft } from '../offline/store.ts';
import { backoffDelay } from '../offline/sync.ts';
import {
  buildSubmission,
  checklistFacts,
  evaluate,
  factProblems,
  factsToAsk,
  fieldTaskAction,
  formItemsFor,
  groupByClause,
  inspectedObject,
  limitsFor,
  orderFieldTasks,
  prefilledFacts,
  registeredFactsOf,
} from './fieldModel.ts';

const restaurant = inspectedObject('venue', 'restaurant');
const items = formItemsFor(itemsFor(restaurant, checkItems));
const registered = registeredFactsOf(null, {
  floor: 'ground',
  gasSources: ['bottled_lpg'],
  storedLpgKg: 120,
  hasCylinderRoom: false,
  detectorInstalled: true,
  detectorInstalledOn: '2025-06-01',
  shutoffValveInstalled: false,
  shutoffValveInstalledOn: null,
  contractNumber: 'GYQ-1',
  contractTo: '2030-01-01',
});

function draft(patch: Partial<FieldDraft> = {}): FieldDraft {
  return {
    key: 'i-1',
    ownerId: 'aaaaaaaa-0000-4000-8000-00000000000a',
    clientId: 'c0ffee00-0000-4000-8000-000000000001',
    inspectionId: '11111111-1111-4111-8111-111111111111',
    plan: null,
    label: '草原人家手把肉馆',
    createdAt: '2026-03-01T01:00:00.000Z',
    updatedAt: '2026-03-01T01:00:00.000Z',
    visitedAt: '2026-03-01T02:00:00.000Z',
    location: null,
    notes: '',
    facts: {},
    answers: {},
    itemNotes: {},
    itemPhotos: {},
    writtenNoticeGiven: null,
    state: 'draft',
    ...patch,
  };
}

describe('fieldModel', () => {
  it('gives the instant verdict of a computed item from the domain rule', () => {
    const hose = items.find((i) => i.itemId === 'venue.hose_length')!;
    const verdict = evaluate(
      hose,
      checklistFacts(restaurant, registered, draft({ facts: { hoseLengthM: 2.5 } })),
      defaultLimits,
    );
    expect(verdict.result).toBe('fail');
    expect(verdict.reason?.zh).toContain('2.5');
    const ok = evaluate(
      hose,
      checklistFacts(restaurant, registered, draft({ facts: { hoseLengthM: 1.5 } })),
      defaultLimits,
    );
    expect(ok.result).toBe('pass');
  });

  it('judges with the limits the server published (RANAN_LIMITS), not the defaults', () => {
    const county = limitsFor({ ...defaultLimits, hoseMaxM: 3, detectorLifeYears: 1 });
    const facts = checklistFacts(
      restaurant,
      registered,
      draft({ facts: { hoseLengthM: 2.5 }, visitedAt: '2026-09-01T02:00:00.000Z' }),
    );
    const hose = items.find((i) => i.itemId === 'venue.hose_length')!;
    expect(evaluate(hose, facts, defaultLimits).result).toBe('fail');
    expect(evaluate(hose, facts, county).result).toBe('pass');
    expect(evaluate(hose, facts, limitsFor({ hoseMaxM: 2.4 })).result).toBe('fail');
    // The detector installed 2025-06-01 is 15 months old at the visit: within three years, beyond one.
    const detector = items.find((i) => i.itemId === 'venue.detector_expired')!;
    expect(evaluate(detector, facts, defaultLimits).result).toBe('pass');
    expect(evaluate(detector, facts, county).result).toBe('fail');
  });

  it('takes the first limits known (the inspection’s, then the last published), the defaults only when none is', () => {
    const inspection = { ...defaultLimits, hoseMaxM: 3 };
    const lastFetched = { ...defaultLimits, hoseMaxM: 4 };
    expect(limitsFor(inspection, lastFetched).hoseMaxM).toBe(3);
    expect(limitsFor(undefined, lastFetched).hoseMaxM).toBe(4);
    expect(limitsFor(null, null)).toEqual(defaultLimits);
    expect(limitsFor()).toEqual(defaultLimits);
    // A copy kept by an older version lacking a key: the default stands in for it; unknown keys are dropped.
    const partial = limitsFor({ hoseMaxM: 3, surplus: 1 } as Partial<typeof defaultLimits>);
    expect(partial).toEqual({ ...defaultLimits, hoseMaxM: 3 });
  });

  it('takes the worse of register and site for floor and gas sources, as the server does', () => {
    const basement = items.find((i) => i.itemId === 'venue.lpg_basement')!;
    const twoSources = items.find((i) => i.itemId === 'venue.two_gas_sources')!;
    // The site finds a basement and piped gas besides the registered LPG: both fail.
    const found = checklistFacts(
      restaurant,
      registered,
      draft({ facts: { floor: 'basement', gasSources: ['piped'] } }),
    );
    expect(found.floor).toBe('basement');
    expect(found.gasSources).toEqual(['bottled_lpg', 'piped']);
    expect(evaluate(basement, found, defaultLimits).result).toBe('fail');
    expect(evaluate(twoSources, found, defaultLimits).result).toBe('fail');
    // Cylinders kept below ground fail whatever the venue's floor.
    const below = checklistFacts(restaurant, registered, draft({ facts: { lpgBelowGround: true } }));
    expect(evaluate(basement, below, defaultLimits).result).toBe('fail');
    const none = checklistFacts(restaurant, registered, draft({ facts: { lpgBelowGround: false } }));
    expect(evaluate(basement, none, defaultLimits).result).toBe('pass');
  });

  it('marks measurements that cannot be true: a hose of −5 m, an installation after the visit', () => {
    const on = '2026-09-01';
    expect(factProblems({ hoseLengthM: -5 }, on)).toEqual({ hoseLengthM: 'field.factNotPositive' });
    expect(factProblems({ hoseLengthM: 0 }, on)).toEqual({ hoseLengthM: 'field.factNotPositive' });
    expect(factProblems({ storedLpgKg: -1, detectorHeightM: -0.1 }, on)).toEqual({
      storedLpgKg: 'field.factNegative',
      detectorHeightM: 'field.factNegative',
    });
    expect(factProblems({ hoseInstalledOn: '2026-09-02', detectorInstalledOn: '2026-09-01' }, on)).toEqual({
      hoseInstalledOn: 'field.factFuture',
    });
    expect(factProblems({ hoseLengthM: 1.5, storedLpgKg: 0, hoseInstalledOn: '2025-01-01' }, on)).toEqual({});
  });

  it("asks a hose's marked life only for a metal or long-life hose", () => {
    const fields = ['hoseInstalledOn', 'hoseType', 'hoseMarkedLifeYears'] as const;
    expect(factsToAsk(fields, { hoseType: 'rubber' })).toEqual(['hoseInstalledOn', 'hoseType']);
    expect(factsToAsk(fields, {})).toEqual(['hoseInstalledOn', 'hoseType']);
    expect(factsToAsk(fields, { hoseType: 'metal' })).toEqual([...fields]);
  });

  it('prefills what the register knows except what is measured each visit and what the register fixes', () => {
    const pre = prefilledFacts(registered);
    expect(pre.detectorInstalled).toBe(true);
    expect(pre).not.toHaveProperty('storedLpgKg');
    expect(pre).not.toHaveProperty('floor');
    expect(pre).not.toHaveProperty('gasSources');
  });

  it('groups items by plan clause with the clause title', () => {
    const groups = groupByClause(items, 'zh');
    expect(groups[0]?.ref).toBe('三(四)1');
    expect(groups.find((g) => g.ref === '三(四)2')?.title).toBe('整治餐饮单位瓶装液化石油气使用环境');
    expect(groups.flatMap((g) => g.items)).toHaveLength(items.length);
  });

  it('builds the submission: ticks, measured facts on their items, local photo ids, no register-fixed facts', () => {
    const d = draft({
      facts: { hoseLengthM: 2.5, floor: 'basement', detectorInstalled: true },
      answers: { 'venue.cylinders_not_apart': 'fail', 'venue.fire_plan': 'pass' },
      itemNotes: { 'venue.cylinders_not_apart': ' 混放 ' },
      itemPhotos: { 'venue.cylinders_not_apart': ['p1', 'file:22222222-2222-4222-8222-222222222222'] },
      location: { lng: 108.84, lat: 38.6, accuracy: 12 },
    });
    const body = buildSubmission(d, items, registered, restaurant, defaultLimits);
    expect(body.clientId).toBe(d.clientId);
    expect(body.inspectionId).toBe(d.inspectionId);
    // Floor is no longer the register's alone: what the site found is sent, and the worse counts.
    expect(body.facts).toEqual({ hoseLengthM: 2.5, floor: 'basement', detectorInstalled: true });
    expect(body.location).toEqual({ lng: 108.84, lat: 38.6 });
    const byId = new Map(body.results.map((r) => [r.itemId, r]));
    expect(byId.get('venue.cylinders_not_apart')).toEqual({
      itemId: 'venue.cylinders_not_apart',
      result: 'fail',
      note: '混放',
      photoIds: ['local:p1', '22222222-2222-4222-8222-222222222222'],
    });
    expect(byId.get('venue.hose_length')).toEqual({ itemId: 'venue.hose_length', measured: { hoseLengthM: 2.5 } });
    expect(byId.get('venue.fire_plan')?.result).toBe('pass');
    // An item not ticked is left out; every computed item is named.
    expect(byId.has('venue.fire_training')).toBe(false);
    expect(byId.has('venue.lpg_basement')).toBe(true);
    expect(byId.get('venue.lpg_basement')?.measured).toEqual({ floor: 'basement' });
  });

  it('names the catalogue entries found on the banned-products items, and judges them with the catalogue', () => {
    const entry = {
      id: '33333333-3333-4333-8333-333333333333',
      name: '直排式燃气热水器',
      catalogue: '测试目录',
      documentNumber: '测试〔2026〕1号',
      effectiveOn: null,
      severity: 'general' as const,
      checkItemId: 'venue.banned_appliance',
      withdrawn: false,
    };
    const d = draft({ facts: { bannedProductIds: [entry.id] } });
    const byId = new Map(
      buildSubmission(d, items, registered, restaurant, defaultLimits).results.map((r) => [r.itemId, r]),
    );
    expect(byId.get('venue.banned_appliance')?.measured).toEqual({ bannedProductIds: [entry.id] });
    const appliance = items.find((i) => i.itemId === 'venue.banned_appliance')!;
    const facts = checklistFacts(restaurant, registered, d);
    expect(evaluate(appliance, facts, defaultLimits).result).toBe('not_applicable');
    expect(evaluate(appliance, { ...facts, bannedCatalogue: [entry] }, defaultLimits)).toMatchObject({
      result: 'fail',
      severity: 'general',
    });
  });

  it('sends the same body for the same draft (a resend is the same submission)', () => {
    const d = draft({ answers: { 'venue.fire_plan': 'pass' } });
    expect(JSON.stringify(buildSubmission(d, items, registered, restaurant, defaultLimits))).toBe(
      JSON.stringify(buildSubmission(d, items, registered, restaurant, defaultLimits)),
    );
  });
});

describe('photos and sync', () => {
  it('scales photos down to at most 1600 px on the long side, never up', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(1200, 3600)).toEqual({ width: 533, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('backs off exponentially from 2 s to 5 min with jitter', () => {
    expect(backoffDelay(1, () => 0.5)).toBe(2000);
    expect(backoffDelay(3, () => 0.5)).toBe(8000);
    expect(backoffDelay(30, () => 0.5)).toBe(300_000);
    expect(backoffDelay(2, () => 0)).toBe(3200);
    expect(backoffDelay(2, () => 1)).toBe(4800);
  });
});

describe('the field list (issue 9.23)', () => {
  it('puts started inspections first, then planned ones soonest first, undated last', () => {
    const tasks = [
      { id: 'next-week', status: 'planned', plannedOn: '2026-12-14' },
      { id: 'undated', status: 'planned', plannedOn: null },
      { id: 'today', status: 'planned', plannedOn: '2026-12-07' },
      { id: 'started', status: 'in_progress', plannedOn: '2026-12-20' },
      { id: 'tomorrow', status: 'planned', plannedOn: '2026-12-08' },
    ];
    expect(orderFieldTasks(tasks).map((t) => t.id)).toEqual(['started', 'today', 'tomorrow', 'next-week', 'undated']);
  });
  it('offers 继续检查 for an inspection already in progress and 开始检查 for a planned one', () => {
    expect(fieldTaskAction('in_progress')).toBe('field.continue');
    expect(fieldTaskAction('planned')).toBe('field.start');
  });
});
