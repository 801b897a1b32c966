import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  enterpriseKinds,
  facilityKinds,
  type GasSource,
  gasSources,
  hoseTypes,
  licenceStatuses,
  vehicleKinds,
  venueCategories,
  venueFloors,
} from '../registry/registry.ts';
import { type VenueRiskInput, venueRiskFlagCodes, venueRiskFlags } from '../registry/venue-risk.ts';
import { checkItem, checkItemForVenueRiskFlag, checkItems } from './checklist.ts';
import {
  type ChecklistFacts,
  evaluateChecklist,
  evaluateItem,
  type InspectedObject,
  itemApplies,
  itemsFor,
  measureFields,
  responsibleDepartment,
} from './evaluate.ts';
import { defaultLimits } from './limits.ts';

const item = (id: string) => {
  const found = checkItem(id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

const restaurant: InspectedObject = { type: 'venue', category: 'restaurant' };
const household: InspectedObject = { type: 'venue', category: 'household' };

/** A ground-floor restaurant on bottled LPG with everything in order. */
const safe: ChecklistFacts = {
  object: restaurant,
  on: '2023-09-01',
  floor: 'ground',
  lpgBelowGround: false,
  highRiseBuilding: false,
  gasSources: ['bottled_lpg'],
  storedLpgKg: 60,
  hasCylinderRoom: false,
  hoseInUse: true,
  hoseType: 'rubber',
  hoseLengthM: 1.5,
  hoseInstalledOn: '2023-01-01',
  detectorInstalled: true,
  detectorWorking: true,
  detectorInstalledOn: '2022-01-01',
  detectorHeightM: 0.2,
  regulatorInstalledOn: '2022-01-01',
  sealRingInstalledOn: '2022-01-01',
  shutoffValveInstalled: true,
  shutoffValveWorking: true,
  shutoffValveInstalledOn: '2022-01-01',
  hasSupplyContract: true,
  contractTo: '2024-12-31',
};

const result = (id: string, facts: ChecklistFacts, limits = defaultLimits) =>
  evaluateItem(item(id), facts, limits).result;

describe('evaluateItem', () => {
  it('passes every computed venue item for a venue in order', () => {
    const computed = checkItems.filter((i) => i.measure && i.id.startsWith('venue.'));
    // Banned hoses and appliances apply only with a catalogue entry in force (banned-products.test.ts).
    const expected = (i: (typeof computed)[number]) =>
      i.measure?.kind === 'banned_product' ? 'not_applicable' : 'pass';
    for (const i of computed) expect([i.id, evaluateItem(i, safe).result]).toEqual([i.id, expected(i)]);
  });

  it('fails a hose longer than 2.0 m, not one of exactly 2.0 m (三(四)2)', () => {
    expect(result('venue.hose_length', { ...safe, hoseLengthM: 2.0 })).toBe('pass');
    const long = evaluateItem(item('venue.hose_length'), { ...safe, hoseLengthM: 2.05 });
    expect(long.result).toBe('fail');
    expect(long.reason?.zh).toContain('2.05');
    expect(result('venue.hose_length', { ...safe, hoseLengthM: null })).toBe('unknown');
  });

  it('takes the hose limit from the limits passed in', () => {
    expect(result('venue.hose_length', { ...safe, hoseLengthM: 1.8 }, { ...defaultLimits, hoseMaxM: 1.5 })).toBe(
      'fail',
    );
  });

  it('does not apply hose items to a venue recorded as using no hose', () => {
    const noHose = { ...safe, hoseInUse: false, hoseLengthM: 5 };
    expect(result('venue.hose_length', noHose)).toBe('not_applicable');
    expect(result('venue.hose_age', noHose)).toBe('not_applicable');
    expect(
      result('venue.hose_tee_or_through_wall', { ...noHose, answers: { 'venue.hose_tee_or_through_wall': 'fail' } }),
    ).toBe('not_applicable');
  });

  it('fails 100 kg or more stored without a cylinder room: two 50 kg cylinders need one (三(四)2)', () => {
    expect(result('venue.cylinder_room', { ...safe, storedLpgKg: 99.5 })).toBe('pass');
    expect(result('venue.cylinder_room', { ...safe, storedLpgKg: 100 })).toBe('fail');
    expect(result('venue.cylinder_room', { ...safe, storedLpgKg: 150 })).toBe('fail');
    expect(
      result('venue.cylinder_room', { ...safe, storedLpgKg: 100 }, { ...defaultLimits, cylinderRoomThresholdKg: 120 }),
    ).toBe('pass');
    expect(result('venue.cylinder_room', { ...safe, storedLpgKg: 150, hasCylinderRoom: true })).toBe('pass');
    expect(result('venue.cylinder_room', { ...safe, storedLpgKg: 150, hasCylinderRoom: null })).toBe('unknown');
    expect(result('venue.cylinder_room', { ...safe, storedLpgKg: undefined })).toBe('unknown');
  });

  it('fails bottled LPG on a basement or semi-basement floor, for households too (GB 55009 2.2.7)', () => {
    expect(result('venue.lpg_basement', { ...safe, floor: 'basement' })).toBe('fail');
    expect(result('venue.lpg_basement', { ...safe, floor: 'semi_basement' })).toBe('fail');
    expect(result('venue.lpg_basement', { ...safe, object: household, floor: 'basement' })).toBe('fail');
    expect(result('venue.lpg_basement', { ...safe, floor: 'upper' })).toBe('pass');
    expect(result('venue.lpg_basement', { ...safe, floor: 'basement', gasSources: ['piped'] })).toBe('not_applicable');
  });

  it('fails cylinders used or stored below ground whatever floor the venue is on (issue 10)', () => {
    // A ground-floor restaurant keeping its cylinders in the basement.
    expect(result('venue.lpg_basement', { ...safe, floor: 'ground', lpgBelowGround: true })).toBe('fail');
    // Found on site even where the register knows no LPG.
    expect(result('venue.lpg_basement', { ...safe, gasSources: ['piped'], lpgBelowGround: true })).toBe('fail');
    // The floor alone does not say where the cylinders are: it is asked on site.
    expect(result('venue.lpg_basement', { ...safe, floor: 'ground', lpgBelowGround: null })).toBe('unknown');
  });

  it('fails bottled LPG anywhere in a high-rise civil building, a fact of the building (GB 50016 5.4.16)', () => {
    // The ground-floor or podium restaurant of a high-rise building.
    expect(result('venue.lpg_high_rise', { ...safe, floor: 'ground', highRiseBuilding: true })).toBe('fail');
    expect(result('venue.lpg_high_rise', { ...safe, floor: 'upper', highRiseBuilding: false })).toBe('pass');
    expect(result('venue.lpg_high_rise', { ...safe, floor: 'ground', highRiseBuilding: null })).toBe('unknown');
    // Entries made before the building was recorded still count on their 'high_rise' floor.
    expect(result('venue.lpg_high_rise', { ...safe, floor: 'high_rise', highRiseBuilding: null })).toBe('fail');
    expect(item('venue.lpg_high_rise').basis).toContain('GB 50016');
  });

  it('fails piped gas and bottled LPG in use together (三(四)5)', () => {
    expect(result('venue.two_gas_sources', { ...safe, gasSources: ['piped', 'bottled_lpg'] })).toBe('fail');
    expect(result('venue.two_gas_sources', { ...safe, gasSources: ['piped'] })).toBe('pass');
    expect(result('venue.two_gas_sources', { ...safe, gasSources: null })).toBe('unknown');
  });

  it('fails industrial fuel in a restaurant (三(一)2), once: it is not also a second gas source', () => {
    const fuel = { ...safe, gasSources: ['bottled_lpg', 'industrial_fuel'] as GasSource[] };
    expect(result('venue.industrial_fuel', fuel)).toBe('fail');
    expect(result('venue.two_gas_sources', fuel)).toBe('pass');
    expect(result('venue.two_gas_sources', { ...fuel, gasSources: ['piped', 'industrial_fuel'] })).toBe('pass');
  });

  it('fails a missing or broken detector or shut-off valve for a bottled-LPG or piped user (三(四)2)', () => {
    expect(result('venue.detector', { ...safe, detectorInstalled: false })).toBe('fail');
    expect(result('venue.detector', { ...safe, detectorWorking: false })).toBe('fail');
    expect(result('venue.detector', { ...safe, gasSources: ['piped'], detectorInstalled: false })).toBe('fail');
    expect(result('venue.detector', { ...safe, detectorWorking: null })).toBe('unknown');
    expect(result('venue.shutoff_valve', { ...safe, shutoffValveInstalled: false })).toBe('fail');
    expect(result('venue.shutoff_valve', { ...safe, shutoffValveWorking: false })).toBe('fail');
    // Not required of a venue on industrial fuel alone (that is its own hazard), nor of households.
    expect(result('venue.detector', { ...safe, gasSources: ['industrial_fuel'], detectorInstalled: false })).toBe(
      'not_applicable',
    );
    expect(result('venue.detector', { ...safe, object: household, detectorInstalled: false })).toBe('not_applicable');
  });

  it('fails a detector past its 3-year life at the inspection date', () => {
    const installed = { ...safe, detectorInstalledOn: '2020-05-01' };
    expect(result('venue.detector_expired', { ...installed, on: '2023-05-01' })).toBe('pass');
    expect(result('venue.detector_expired', { ...installed, on: '2023-05-02' })).toBe('fail');
    expect(result('venue.detector_expired', { ...installed, detectorInstalledOn: null })).toBe('unknown');
    expect(result('venue.detector_expired', { ...installed, on: '2023-05-02', detectorInstalled: false })).toBe(
      'not_applicable',
    );
    expect(
      result('venue.detector_expired', { ...installed, on: '2023-05-02' }, { ...defaultLimits, detectorLifeYears: 5 }),
    ).toBe('pass');
  });

  it('fails an ordinary rubber hose older than 2 years', () => {
    expect(result('venue.hose_age', { ...safe, hoseInstalledOn: '2021-08-31', on: '2023-08-31' })).toBe('pass');
    expect(result('venue.hose_age', { ...safe, hoseInstalledOn: '2021-08-31', on: '2023-09-01' })).toBe('fail');
    expect(
      result(
        'venue.hose_age',
        { ...safe, hoseInstalledOn: '2021-08-31', on: '2023-09-01' },
        { ...defaultLimits, hoseLifeYearsRubber: 3 },
      ),
    ).toBe('pass');
  });

  it('gives a metal or long-life hose the life marked on it, not the rubber one (plan 四(一)2)', () => {
    const metal = { ...safe, hoseType: 'metal' as const, hoseInstalledOn: '2020-09-01', on: '2023-09-01' };
    expect(result('venue.hose_age', { ...metal, hoseMarkedLifeYears: 8 })).toBe('pass');
    expect(result('venue.hose_age', { ...metal, hoseMarkedLifeYears: 2 })).toBe('fail');
    expect(result('venue.hose_age', { ...metal, hoseMarkedLifeYears: null })).toBe('unknown');
    expect(result('venue.hose_age', { ...metal, hoseType: 'long_life_rubber', hoseMarkedLifeYears: 5 })).toBe('pass');
    expect(result('venue.hose_age', { ...metal, hoseType: null })).toBe('unknown');
  });

  it('fails an LPG detector mounted more than 0.3 m above the floor (GB 50028 10.8.2)', () => {
    expect(result('venue.lpg_detector_height', { ...safe, detectorHeightM: 0.3 })).toBe('pass');
    expect(result('venue.lpg_detector_height', { ...safe, detectorHeightM: 1.2 })).toBe('fail');
    expect(result('venue.lpg_detector_height', { ...safe, gasSources: ['piped'], detectorHeightM: 1.2 })).toBe(
      'not_applicable',
    );
  });

  it('fails a cylinder regulator past its configured life', () => {
    const on = { ...safe, regulatorInstalledOn: '2018-01-01', on: '2023-01-02' };
    expect(result('venue.regulator_expired', on)).toBe('fail');
    expect(result('venue.regulator_expired', on, { ...defaultLimits, regulatorLifeYears: 6 })).toBe('pass');
  });

  it('fails a seal ring past its configured life (issue 10.14: a limit of its own, 3 years by default)', () => {
    const on = { ...safe, sealRingInstalledOn: '2019-12-01', on: '2023-01-02' };
    expect(result('venue.seal_ring_expired', on)).toBe('fail');
    expect(result('venue.seal_ring_expired', on, { ...defaultLimits, sealRingLifeYears: 4 })).toBe('pass');
    expect(result('venue.seal_ring_expired', { ...on, gasSources: ['piped'] })).toBe('not_applicable');
  });

  it('fails a missing or expired supply contract (三(五)6)', () => {
    expect(result('venue.supply_contract', { ...safe, hasSupplyContract: false })).toBe('fail');
    expect(result('venue.supply_contract', { ...safe, contractTo: '2023-08-31' })).toBe('fail');
    expect(result('venue.supply_contract', { ...safe, contractTo: '2023-09-01' })).toBe('pass');
    expect(result('venue.supply_contract', { ...safe, contractTo: null })).toBe('pass');
    expect(result('venue.supply_contract', { ...safe, hasSupplyContract: undefined })).toBe('unknown');
  });

  it('fails an enterprise without a valid licence and explains why', () => {
    const operator: ChecklistFacts = { object: { type: 'enterprise', kind: 'bottled_operator' }, on: '2023-09-01' };
    expect(result('operator.no_licence', { ...operator, licences: { gas_operation: 'valid' } })).toBe('pass');
    const revoked = evaluateItem(item('operator.no_licence'), { ...operator, licences: { gas_operation: 'revoked' } });
    expect(revoked).toEqual({ result: 'fail', reason: { zh: '许可证已吊销', en: 'Licence revoked' } });
    expect(result('operator.no_licence', { ...operator, licences: { gas_operation: 'none' } })).toBe('fail');
    expect(result('operator.no_licence', operator)).toBe('unknown');
    expect(result('filling.no_licence', operator)).toBe('not_applicable');
  });

  it('fails continuous driving over 4 hours', () => {
    const vehicle: ChecklistFacts = { object: { type: 'vehicle', kind: 'hazardous_transport' }, on: '2023-09-01' };
    expect(result('vehicle.fatigue_driving', { ...vehicle, longestDrivingHours: 4 })).toBe('pass');
    expect(result('vehicle.fatigue_driving', { ...vehicle, longestDrivingHours: 4.5 })).toBe('fail');
    expect(result('vehicle.fatigue_driving', { ...vehicle, object: { type: 'vehicle', kind: 'delivery' } })).toBe(
      'not_applicable',
    );
  });

  it('takes ticks for items that are not computed, and ignores them for computed ones', () => {
    const ticked = { ...safe, answers: { 'venue.fire_plan': 'fail', 'venue.hose_length': 'fail' } as const };
    expect(result('venue.fire_plan', ticked)).toBe('fail');
    expect(result('venue.fire_training', ticked)).toBe('unknown');
    expect(result('venue.hose_length', ticked)).toBe('pass');
  });

  it('answers not_applicable for items of another object type whatever was ticked', () => {
    const pipe: ChecklistFacts = {
      object: { type: 'pipeline' },
      on: '2023-09-01',
      answers: { 'venue.fire_plan': 'fail' },
    };
    expect(result('venue.fire_plan', pipe)).toBe('not_applicable');
    expect(result('network.encroached', { ...pipe, answers: { 'network.encroached': 'fail' } })).toBe('fail');
  });
});

describe('evaluateChecklist', () => {
  it('returns one result per item in the checklist order', () => {
    const results = evaluateChecklist(checkItems, safe);
    expect(results.map((r) => r.itemId)).toEqual(checkItems.map((i) => i.id));
  });

  const objects: fc.Arbitrary<InspectedObject> = fc.oneof(
    fc.record({ type: fc.constant('venue' as const), category: fc.constantFrom(...venueCategories) }),
    fc.record({ type: fc.constant('enterprise' as const), kind: fc.constantFrom(...enterpriseKinds) }),
    fc.constant({ type: 'pipeline' as const }),
    fc.record({ type: fc.constant('vehicle' as const), kind: fc.constantFrom(...vehicleKinds) }),
    fc.record({
      type: fc.constant('facility' as const),
      kind: fc.constantFrom(...facilityKinds),
      enterpriseKind: fc.constantFrom(...enterpriseKinds),
    }),
  );
  const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const day = fc
    .date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const facts: fc.Arbitrary<ChecklistFacts> = fc.record({
    object: objects,
    on: day,
    floor: optional(fc.constantFrom(...venueFloors)),
    lpgBelowGround: optional(fc.boolean()),
    highRiseBuilding: optional(fc.boolean()),
    gasSources: optional(fc.subarray([...gasSources])),
    storedLpgKg: optional(fc.double({ min: 0, max: 1000, noNaN: true })),
    hasCylinderRoom: optional(fc.boolean()),
    hoseInUse: optional(fc.boolean()),
    hoseType: optional(fc.constantFrom(...hoseTypes)),
    hoseMarkedLifeYears: optional(fc.integer({ min: 1, max: 20 })),
    hoseLengthM: optional(fc.double({ min: 0, max: 10, noNaN: true })),
    hoseInstalledOn: optional(day),
    detectorInstalled: optional(fc.boolean()),
    detectorWorking: optional(fc.boolean()),
    detectorInstalledOn: optional(day),
    shutoffValveInstalled: optional(fc.boolean()),
    shutoffValveWorking: optional(fc.boolean()),
    shutoffValveInstalledOn: optional(day),
    hasSupplyContract: optional(fc.boolean()),
    contractTo: optional(fc.option(day, { nil: null })),
    licences: optional(
      fc.record({ gas_operation: fc.constantFrom(...licenceStatuses, 'none' as const) }, { requiredKeys: [] }),
    ),
    longestDrivingHours: optional(fc.double({ min: 0, max: 24, noNaN: true })),
    answers: optional(
      fc.dictionary(
        fc.constantFrom(...checkItems.map((i) => i.id)),
        fc.constantFrom('pass' as const, 'fail' as const, 'not_applicable' as const),
      ),
    ),
  });

  it('never fails an item that does not apply to the object', () => {
    fc.assert(
      fc.property(facts, (f) => {
        for (const [i, r] of evaluateChecklist(checkItems, f).entries()) {
          if (!itemApplies(checkItems[i]!, f)) expect(r.result).toBe('not_applicable');
          if (r.result === 'fail' && checkItems[i]!.measure) expect(r.reason).toBeDefined();
        }
      }),
    );
  });

  it('agrees with the register risk flags on every venue the register can describe', () => {
    const venue = fc.record({
      category: fc.constantFrom(...venueCategories),
      floor: fc.constantFrom(...venueFloors),
      highRiseBuilding: fc.option(fc.boolean(), { nil: null }),
      gasSources: fc.subarray([...gasSources]),
      storedLpgKg: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
      hasCylinderRoom: fc.boolean(),
      detectorInstalled: fc.boolean(),
      shutoffValveInstalled: fc.boolean(),
      contractNumber: fc.option(fc.constant('HT-1'), { nil: null }),
      contractTo: fc.option(day, { nil: null }),
    });
    fc.assert(
      fc.property(
        venue,
        day,
        fc.integer({ min: 50, max: 200 }),
        (v: VenueRiskInput & { gasSources: GasSource[] }, on, kg) => {
          // The configured threshold, which both the flag and the item must use.
          const limits = { ...defaultLimits, cylinderRoomThresholdKg: kg };
          const f: ChecklistFacts = {
            object: { type: 'venue', category: v.category },
            on,
            floor: v.floor,
            highRiseBuilding: v.highRiseBuilding ?? null,
            gasSources: v.gasSources,
            storedLpgKg: v.storedLpgKg ?? 0,
            hasCylinderRoom: v.hasCylinderRoom,
            detectorInstalled: v.detectorInstalled,
            detectorWorking: v.detectorInstalled,
            shutoffValveInstalled: v.shutoffValveInstalled,
            shutoffValveWorking: v.shutoffValveInstalled,
            hasSupplyContract: v.contractNumber !== null,
            contractTo: v.contractTo,
          };
          const mapped = new Set(venueRiskFlagCodes.map((c) => checkItemForVenueRiskFlag[c]));
          const failed = evaluateChecklist(
            checkItems.filter((i) => mapped.has(i.id)),
            f,
            limits,
          )
            .filter((r) => r.result === 'fail')
            .map((r) => r.itemId);
          const flagged = venueRiskFlags(v, on, kg).map((c) => checkItemForVenueRiskFlag[c]);
          expect(new Set(failed)).toEqual(new Set(flagged));
        },
      ),
    );
  });
});

describe('itemsFor', () => {
  it('shows a restaurant its venue items and no enterprise items', () => {
    const items = itemsFor(restaurant, checkItems);
    expect(items.length).toBeGreaterThan(25);
    expect(items.every((i) => i.id.startsWith('venue.'))).toBe(true);
    expect(items.map((i) => i.id)).toContain('venue.power_and_ignition');
  });

  it('shows a school the crowded-venue items but not the restaurant-only ones', () => {
    const ids = itemsFor({ type: 'venue', category: 'school' }, checkItems).map((i) => i.id);
    expect(ids).toContain('venue.detector');
    expect(ids).not.toContain('venue.power_and_ignition');
  });

  it('shows a household the user-defect items but not the crowded-venue ones', () => {
    const ids = itemsFor(household, checkItems).map((i) => i.id);
    expect(ids).toContain('venue.gas_in_bedroom');
    expect(ids).toContain('venue.lpg_basement');
    expect(ids).not.toContain('venue.fire_plan');
    expect(ids).not.toContain('venue.detector');
  });
});

describe('responsibleDepartment', () => {
  it('keeps the clause department, except restaurant-only clauses at other venues', () => {
    const contract = item('venue.supply_contract');
    expect(responsibleDepartment(contract, restaurant)).toBe('industry_tech');
    expect(responsibleDepartment(contract, { type: 'venue', category: 'school' })).toBe('education_sports');
    expect(responsibleDepartment(contract, { type: 'venue', category: 'elderly_care' })).toBe('civil_affairs');
    expect(responsibleDepartment(contract, household)).toBe('housing');
    expect(responsibleDepartment(item('venue.lpg_basement'), { type: 'venue', category: 'school' })).toBe(
      'fire_rescue',
    );
  });
});

describe('facilities', () => {
  it('checks a station against the items of the enterprise that runs it', () => {
    const station: InspectedObject = {
      type: 'facility',
      kind: 'filling_station',
      enterpriseKind: 'filling_enterprise',
    };
    const ids = itemsFor(station, checkItems).map((i) => i.id);
    expect(ids).toContain('filling.non_owned_cylinders');
    expect(ids).toContain('operator.fire_safety');
    expect(ids).not.toContain('operator.no_licence');
    expect(
      result('filling.no_licence', { object: station, on: '2023-09-01', licences: { cylinder_filling: 'expired' } }),
    ).toBe('fail');
  });
});

describe('measureFields', () => {
  it('names facts that the checklist facts carry', () => {
    for (const i of checkItems) {
      if (i.measure) expect(measureFields(i.measure).length, i.id).toBeGreaterThan(0);
    }
    expect(measureFields(item('venue.cylinder_room').measure!)).toEqual(['storedLpgKg', 'hasCylinderRoom']);
  });
});
