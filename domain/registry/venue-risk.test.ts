import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gasSources, venueCategories, venueFloors } from './registry.ts';
import {
  type VenueRiskInput,
  parseGasSources,
  venueRiskFlagCodes,
  venueRiskFlagInfo,
  venueRiskFlags,
} from './venue-risk.ts';

const safe: VenueRiskInput = {
  category: 'restaurant',
  floor: 'ground',
  gasSources: ['piped'],
  storedLpgKg: null,
  hasCylinderRoom: false,
  detectorInstalled: true,
  shutoffValveInstalled: true,
  contractNumber: 'HT-001',
  contractTo: '2030-01-01',
};

describe('venueRiskFlags', () => {
  it('finds nothing for a ground-floor restaurant on piped gas with detector, valve and contract', () => {
    expect(venueRiskFlags(safe, '2025-01-01')).toEqual([]);
  });

  it('flags bottled LPG in a basement or semi-basement (三(四)2) but not piped gas there', () => {
    expect(venueRiskFlags({ ...safe, gasSources: ['bottled_lpg'], floor: 'basement' })).toContain('lpg_in_basement');
    expect(venueRiskFlags({ ...safe, gasSources: ['bottled_lpg'], floor: 'semi_basement' })).toContain(
      'lpg_in_basement',
    );
    expect(venueRiskFlags({ ...safe, floor: 'basement' })).not.toContain('lpg_in_basement');
  });

  it('flags bottled LPG in a high-rise (三(一)3)', () => {
    expect(venueRiskFlags({ ...safe, gasSources: ['bottled_lpg'], floor: 'high_rise' })).toEqual(['lpg_in_high_rise']);
  });

  it('flags 100 kg or more stored without a cylinder room (two 50 kg cylinders), not with a room', () => {
    const bottled = { ...safe, gasSources: ['bottled_lpg'] };
    expect(venueRiskFlags({ ...bottled, storedLpgKg: 100.5 })).toContain('cylinder_room_missing');
    expect(venueRiskFlags({ ...bottled, storedLpgKg: 100 })).toContain('cylinder_room_missing');
    expect(venueRiskFlags({ ...bottled, storedLpgKg: 99.9 })).not.toContain('cylinder_room_missing');
    expect(venueRiskFlags({ ...bottled, storedLpgKg: 300, hasCylinderRoom: true })).not.toContain(
      'cylinder_room_missing',
    );
  });

  it('uses the configured threshold, as the checklist does', () => {
    const bottled = { ...safe, gasSources: ['bottled_lpg'], storedLpgKg: 100 };
    expect(venueRiskFlags(bottled, '2025-01-01', 150)).not.toContain('cylinder_room_missing');
    expect(venueRiskFlags({ ...bottled, storedLpgKg: 80 }, '2025-01-01', 80)).toContain('cylinder_room_missing');
  });

  it('flags LPG in a high-rise building on any floor: a fact of the building (GB 50016 5.4.16)', () => {
    const bottled = { ...safe, gasSources: ['bottled_lpg'] };
    expect(venueRiskFlags({ ...bottled, floor: 'ground', highRiseBuilding: true })).toEqual(['lpg_in_high_rise']);
    expect(venueRiskFlags({ ...bottled, floor: 'ground', highRiseBuilding: false })).toEqual([]);
  });

  it('counts industrial fuel once, as itself, not as a second gas source', () => {
    expect(venueRiskFlags({ ...safe, gasSources: ['piped', 'industrial_fuel'] })).toEqual(['industrial_fuel']);
  });

  it('flags two gas sources (三(四)5) and industrial fuel (三(一)2)', () => {
    expect(venueRiskFlags({ ...safe, gasSources: ['piped', 'bottled_lpg'] })).toEqual(['two_gas_sources']);
    expect(venueRiskFlags({ ...safe, gasSources: ['industrial_fuel'] })).toEqual(['industrial_fuel']);
  });

  it('flags missing detector and shut-off valve for crowded venues but not for households', () => {
    const bare = { ...safe, detectorInstalled: false, shutoffValveInstalled: false };
    expect(venueRiskFlags(bare)).toEqual(['no_detector', 'no_shutoff_valve']);
    expect(venueRiskFlags({ ...bare, category: 'school' })).toEqual(['no_detector', 'no_shutoff_valve']);
    expect(venueRiskFlags({ ...bare, category: 'household' })).toEqual([]);
  });

  it('flags a missing supply contract (三(五)6) and an expired one when today is given', () => {
    expect(venueRiskFlags({ ...safe, contractNumber: null })).toEqual(['no_supply_contract']);
    expect(venueRiskFlags({ ...safe, contractTo: '2024-12-31' }, '2025-01-01')).toEqual(['supply_contract_expired']);
    expect(venueRiskFlags({ ...safe, contractTo: '2024-12-31' })).toEqual([]);
  });

  it('asks nothing of a venue that uses no gas', () => {
    expect(
      venueRiskFlags({
        ...safe,
        gasSources: [],
        detectorInstalled: false,
        shutoffValveInstalled: false,
        contractNumber: null,
      }),
    ).toEqual([]);
  });

  it('returns known codes, each once, each with a plan reference, for any venue', () => {
    fc.assert(
      fc.property(
        fc.record({
          category: fc.constantFrom(...venueCategories),
          floor: fc.constantFrom(...venueFloors),
          gasSources: fc.subarray([...gasSources]),
          storedLpgKg: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true })),
          hasCylinderRoom: fc.boolean(),
          detectorInstalled: fc.boolean(),
          shutoffValveInstalled: fc.boolean(),
          contractNumber: fc.option(fc.string({ minLength: 1 })),
          contractTo: fc.option(fc.constantFrom('2020-01-01', '2030-01-01')),
        }),
        (v) => {
          const flags = venueRiskFlags(v, '2025-06-01');
          expect(new Set(flags).size).toBe(flags.length);
          for (const f of flags) {
            expect(venueRiskFlagCodes).toContain(f);
            expect(venueRiskFlagInfo[f].ref).toMatch(/^[三四]\(/);
          }
        },
      ),
    );
  });
});

describe('parseGasSources', () => {
  it('reads Chinese names separated by 、 or commas, and codes', () => {
    expect(parseGasSources('管道燃气、瓶装液化气')).toEqual({ ok: true, value: ['piped', 'bottled_lpg'] });
    expect(parseGasSources('瓶装液化气,工业燃料')).toEqual({ ok: true, value: ['bottled_lpg', 'industrial_fuel'] });
    expect(parseGasSources('piped')).toEqual({ ok: true, value: ['piped'] });
    expect(parseGasSources('')).toEqual({ ok: true, value: [] });
  });

  it("reads 'both' as piped and bottled", () => {
    expect(parseGasSources('both')).toEqual({ ok: true, value: ['piped', 'bottled_lpg'] });
  });

  it('names what it does not know', () => {
    expect(parseGasSources('管道燃气、煤炭')).toEqual({ ok: false, unknown: ['煤炭'] });
  });
});
