import { describe, expect, it } from 'vitest';
import { checkItem, checkItems } from './checklist.ts';
import { type ChecklistFacts, evaluateItem, measureFields } from './evaluate.ts';
import {
  REGISTER_AUTHORITY,
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

describe('facts the register decides', () => {
  it('are where a venue is and what it burns, its licences and its contract', () => {
    expect([...REGISTER_AUTHORITY].sort()).toEqual(
      ['contractTo', 'floor', 'gasSources', 'hasSupplyContract', 'licences'].sort(),
    );
    // Every one of them is read by some computed item's rule.
    const read = new Set(checkItems.flatMap((i) => (i.measure ? measureFields(i.measure) : [])));
    for (const key of REGISTER_AUTHORITY) expect(read.has(key)).toBe(true);
    expect(isRegisterAuthority('floor')).toBe(true);
    expect(isRegisterAuthority('hoseLengthM')).toBe(false);
  });

  it('are fixed only where the register holds a value', () => {
    expect(fixedByRegister('floor', registered)).toBe(true);
    expect(fixedByRegister('contractTo', registered)).toBe(false); // open-ended: null
    expect(fixedByRegister('licences', registered)).toBe(false); // not held for a venue
    expect(fixedByRegister('detectorInstalled', registered)).toBe(false); // found on site
    expect(fixedByRegister('floor', null)).toBe(false);
  });
});

describe('mergeRegisteredFacts', () => {
  it('keeps the register where it decides, reports the disagreement, and takes the site for the rest', () => {
    const { facts, discrepancies } = mergeRegisteredFacts(registered, {
      floor: 'ground',
      gasSources: ['bottled_lpg'],
      detectorInstalled: true,
      storedLpgKg: 120,
      hoseLengthM: 1.2,
      contractTo: '2030-01-01',
    });
    expect(facts).toEqual({
      floor: 'basement',
      gasSources: ['bottled_lpg'],
      hasSupplyContract: true,
      // The register holds no end day (null), so what was recorded counts.
      contractTo: '2030-01-01',
      detectorInstalled: true,
      storedLpgKg: 120,
      hoseLengthM: 1.2,
    });
    expect(discrepancies).toEqual(['floor']);
  });

  it('means LPG in a basement cannot be made to pass from the field', () => {
    const item = checkItem('venue.lpg_basement')!;
    const { facts } = mergeRegisteredFacts(registered, { floor: 'ground' });
    const on = '2024-05-01';
    const object = { type: 'venue', category: 'restaurant' } as const;
    expect(evaluateItem(item, { ...(facts as Partial<ChecklistFacts>), object, on }).result).toBe('fail');
    // Without the register's floor, the recorded one counts.
    const unregistered = mergeRegisteredFacts({ ...registered, floor: null }, { floor: 'ground' }).facts;
    expect(evaluateItem(item, { ...(unregistered as Partial<ChecklistFacts>), object, on }).result).toBe('pass');
  });

  it('works without register facts', () => {
    expect(mergeRegisteredFacts(null, { floor: 'upper' })).toEqual({ facts: { floor: 'upper' }, discrepancies: [] });
  });
});
