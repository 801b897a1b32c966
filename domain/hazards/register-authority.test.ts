import { describe, expect, it } from 'vitest';
import { checkItem, checkItems } from './checklist.ts';
import { type ChecklistFacts, evaluateItem, measureFields } from './evaluate.ts';
import {
  REGISTER_AUTHORITY,
  WORSE_OF_REGISTER_AND_SITE,
  fixedByRegister,
  isRegisterAuthority,
  mergeRegisteredFacts,
} from './register-authority.ts';

const registered = {
  floor: 'basement',
  gasSources: ['bottled_lpg'],
  hasSupplyContract: true,
  contractTo: null,
  detectorInstalled: false,
  storedLpgKg: 40,
};

describe('facts the register speaks to', () => {
  it('are where a venue is and what it burns, its contract (worse of register and site) and licences (register only)', () => {
    expect([...REGISTER_AUTHORITY].sort()).toEqual(
      [
        'contractTo',
        'floor',
        'gasSources',
        'hasSupplyContract',
        'highRiseBuilding',
        'licences',
        'staff',
        'managers',
        'operators',
        'vehiclePermit',
        'supplierLicence',
        'pipe',
        'usersOverdue',
      ].sort(),
    );
    // Every worse-of fact is read by some computed item's rule.
    const read = new Set(checkItems.flatMap((i) => (i.measure ? measureFields(i.measure) : [])));
    for (const key of WORSE_OF_REGISTER_AND_SITE) expect(read.has(key)).toBe(true);
    expect(isRegisterAuthority('floor')).toBe(true);
    expect(isRegisterAuthority('hoseLengthM')).toBe(false);
  });

  it('are fixed by the register alone only for licences', () => {
    expect(fixedByRegister('floor', registered)).toBe(false); // the site may find worse
    expect(fixedByRegister('licences', { licences: { gas_operation: 'valid' } })).toBe(true);
    expect(fixedByRegister('licences', registered)).toBe(false); // not held for a venue
    expect(fixedByRegister('detectorInstalled', registered)).toBe(false);
  });
});

describe('mergeRegisteredFacts', () => {
  it('takes the worse of register and site, reports the disagreement, and takes the site for the rest', () => {
    const { facts, discrepancies } = mergeRegisteredFacts(registered, {
      floor: 'ground',
      gasSources: ['bottled_lpg', 'piped'],
      detectorInstalled: true,
      storedLpgKg: 120,
      hoseLengthM: 1.2,
      contractTo: '2030-01-01',
    });
    expect(facts).toEqual({
      floor: 'basement',
      gasSources: ['bottled_lpg', 'piped'],
      hasSupplyContract: true,
      // The register holds no end day (null), so what was recorded counts.
      contractTo: '2030-01-01',
      detectorInstalled: true,
      storedLpgKg: 120,
      hoseLengthM: 1.2,
    });
    expect(discrepancies.sort()).toEqual(['floor', 'gasSources']);
  });

  it('lets an observed defect fail against the register (issue 10)', () => {
    const on = '2024-05-01';
    const object = { type: 'venue', category: 'restaurant' } as const;
    const decide = (id: string, reg: Record<string, unknown>, site: Record<string, unknown>) =>
      evaluateItem(checkItem(id)!, {
        ...(mergeRegisteredFacts(reg, site).facts as Partial<ChecklistFacts>),
        object,
        on,
      }).result;
    const restaurant = { floor: 'ground', gasSources: ['piped'], hasSupplyContract: true, contractTo: '2030-01-01' };
    // A ground-floor piped-gas restaurant where the inspector finds LPG cylinders in the basement.
    const found = { gasSources: ['bottled_lpg'], lpgBelowGround: true };
    expect(decide('venue.lpg_basement', restaurant, found)).toBe('fail');
    expect(decide('venue.two_gas_sources', restaurant, found)).toBe('fail');
    // A contract the register holds but the site finds missing, or ended earlier.
    expect(decide('venue.supply_contract', restaurant, { hasSupplyContract: false })).toBe('fail');
    expect(decide('venue.supply_contract', restaurant, { contractTo: '2024-01-31' })).toBe('fail');
    // The site cannot make the register's basement pass.
    expect(
      decide(
        'venue.lpg_basement',
        { ...restaurant, floor: 'basement', gasSources: ['bottled_lpg'] },
        { floor: 'ground' },
      ),
    ).toBe('fail');
    // A high-rise building found on site.
    expect(
      decide(
        'venue.lpg_high_rise',
        { ...restaurant, gasSources: ['bottled_lpg'], highRiseBuilding: false },
        {
          highRiseBuilding: true,
        },
      ),
    ).toBe('fail');
  });

  it('works without register facts', () => {
    expect(mergeRegisteredFacts(null, { floor: 'upper' })).toEqual({ facts: { floor: 'upper' }, discrepancies: [] });
  });
});
