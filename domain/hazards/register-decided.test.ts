/**
 * Ticked items the register decides where it knows the answer (issue 10, point 6), and
 * encroachment graded by pressure class (point 9: the MOHURD standard's art. 6, 条例 art. 33).
 */
import { describe, expect, it } from 'vitest';
import { checkItem } from './checklist.ts';
import {
  type ChecklistFacts,
  evaluateItem,
  type InspectedObject,
  type RegisteredPipe,
  siteContradictsRegister,
} from './evaluate.ts';

const item = (id: string) => {
  const found = checkItem(id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};
const on = '2026-06-01';
const restaurant: InspectedObject = { type: 'venue', category: 'restaurant' };
const filler: InspectedObject = { type: 'enterprise', kind: 'filling_enterprise' };
const operator: InspectedObject = { type: 'enterprise', kind: 'bottled_operator' };
const pipeline: InspectedObject = { type: 'pipeline' };
const truck: InspectedObject = { type: 'vehicle', kind: 'hazardous_transport' };

const judge = (id: string, facts: Omit<ChecklistFacts, 'on'>, tick?: 'pass' | 'fail' | 'not_applicable') =>
  evaluateItem(item(id), { ...facts, on, answers: tick ? { [id]: tick } : {} });

const pe: RegisteredPipe = {
  material: 'pe',
  pressureClass: 'medium_a',
  installedYear: 2010,
  encroached: false,
  confinedSpace: false,
  renewalStatus: 'not_needed',
};

describe('items the register decides', () => {
  it('fails staff training when a registered staff member has no valid training, over a pass tick', () => {
    const staff = [
      { name: '甲', trainedUntil: '2026-12-31' },
      { name: '乙', trainedUntil: '2026-05-31' },
    ];
    const r = judge('venue.staff_untrained', { object: restaurant, gasSources: ['piped'], staff }, 'pass');
    expect(r.result).toBe('fail');
    expect(r.reason?.zh).toContain('乙');
    expect(r.reason?.zh).not.toContain('甲');
    // Valid on the day itself.
    const today = [{ name: '丙', trainedUntil: on }];
    expect(judge('venue.staff_untrained', { object: restaurant, gasSources: ['piped'], staff: today }).result).toBe(
      'pass',
    );
  });

  it('leaves staff training to the tick when no staff is registered, and a fail found on site stands over a register pass', () => {
    const none = { object: restaurant, gasSources: ['piped'] as const, staff: [] };
    expect(judge('venue.staff_untrained', none).result).toBe('unknown');
    expect(judge('venue.staff_untrained', none, 'pass').result).toBe('pass');
    const trained = { ...none, staff: [{ name: '甲', trainedUntil: '9999-12-31' }] };
    expect(judge('venue.staff_untrained', trained, 'fail').result).toBe('fail');
    expect(judge('venue.staff_untrained', trained, 'not_applicable').result).toBe('pass');
  });

  it("fails managers' training for an operator and a filler without a valid training or assessment", () => {
    const managers = [{ name: '负责人', trainedUntil: null }];
    expect(judge('operator.managers_untrained', { object: operator, managers }, 'pass').result).toBe('fail');
    expect(judge('filling.managers_untrained', { object: filler, managers }, 'pass').result).toBe('fail');
  });

  it('fails operators without a certificate or with an expired one', () => {
    const ok = { name: '甲', certificateNumber: 'TS1', certificateExpiresOn: '2027-01-01' };
    expect(judge('filling.operators_uncertified', { object: filler, operators: [ok] }, 'fail').result).toBe('fail');
    expect(judge('filling.operators_uncertified', { object: filler, operators: [ok] }).result).toBe('pass');
    for (const bad of [
      { name: '乙', certificateNumber: null, certificateExpiresOn: null },
      { name: '乙', certificateNumber: 'TS2', certificateExpiresOn: '2026-05-31' },
    ]) {
      const r = judge('filling.operators_uncertified', { object: filler, operators: [ok, bad] }, 'pass');
      expect(r.result).toBe('fail');
      expect(r.reason?.zh).toContain('乙');
    }
  });

  it("fails a vehicle's permit when none is registered or it has ended", () => {
    expect(
      judge('vehicle.no_permit', { object: truck, vehiclePermit: { number: null, validTo: null } }, 'pass').result,
    ).toBe('fail');
    expect(
      judge('vehicle.no_permit', { object: truck, vehiclePermit: { number: 'P1', validTo: '2026-05-31' } }, 'pass')
        .result,
    ).toBe('fail');
    expect(judge('vehicle.no_permit', { object: truck, vehiclePermit: { number: 'P1', validTo: on } }).result).toBe(
      'pass',
    );
  });

  it('fails buying from a supplier whose licence is not valid; leaves it to the tick when no supplier is registered', () => {
    const lpg = { object: restaurant, gasSources: ['bottled_lpg'] as const };
    for (const status of ['none', 'expired', 'suspended', 'revoked'] as const) {
      expect(judge('venue.unlicensed_supplier', { ...lpg, supplierLicence: status }, 'pass').result).toBe('fail');
    }
    expect(judge('venue.unlicensed_supplier', { ...lpg, supplierLicence: 'valid' }).result).toBe('pass');
    expect(judge('venue.unlicensed_supplier', { ...lpg, supplierLicence: null }).result).toBe('unknown');
  });

  it('grades encroachment by pressure class: major for medium pressure and above, general for low', () => {
    expect(item('network.encroached').severity).toBe('major');
    expect(item('network.encroached_low_pressure').severity).toBe('general');
    expect(item('network.encroached').basis).toContain('第三十三条');
    expect(item('network.encroached').basis).toContain('第六条');
    for (const pressureClass of ['medium_b', 'medium_a', 'sub_high_b', 'high_a'] as const) {
      const pipe = { ...pe, pressureClass, encroached: true };
      expect(judge('network.encroached', { object: pipeline, pipe }, 'pass').result, pressureClass).toBe('fail');
      expect(judge('network.encroached_low_pressure', { object: pipeline, pipe }, 'fail').result).toBe(
        'not_applicable',
      );
    }
    const low = { ...pe, pressureClass: 'low' as const, encroached: true };
    expect(judge('network.encroached', { object: pipeline, pipe: low }, 'fail').result).toBe('not_applicable');
    expect(judge('network.encroached_low_pressure', { object: pipeline, pipe: low }, 'pass').result).toBe('fail');
    expect(judge('network.encroached', { object: pipeline, pipe: pe }).result).toBe('pass');
  });

  it('fails a segment registered through a confined space', () => {
    const pipe = { ...pe, confinedSpace: true };
    expect(judge('network.through_confined_space', { object: pipeline, pipe }, 'pass').result).toBe('fail');
    expect(judge('network.through_confined_space', { object: pipeline, pipe: pe }).result).toBe('pass');
  });

  it('fails grey cast iron and segments held for renewal as ageing (国办发〔2022〕22号); leaves assessments to the tick', () => {
    const age = (pipe: RegisteredPipe, tick?: 'pass' | 'fail') =>
      judge('network.ageing_or_defective', { object: pipeline, pipe }, tick).result;
    expect(age({ ...pe, material: 'cast_iron' }, 'pass')).toBe('fail');
    expect(age({ ...pe, renewalStatus: 'planned' }, 'pass')).toBe('fail');
    expect(age({ ...pe, renewalStatus: 'in_progress' }, 'pass')).toBe('fail');
    // Ductile iron, and steel or PE of 20 years or more, need an assessment: the inspector's tick.
    expect(age({ ...pe, material: 'ductile_iron' })).toBe('unknown');
    expect(age({ ...pe, material: 'steel', installedYear: 2000 }, 'fail')).toBe('fail');
    expect(age({ ...pe, material: 'steel', installedYear: 2000 }, 'pass')).toBe('pass');
    expect(item('network.ageing_or_defective').basis).toContain('国办发〔2022〕22号');
  });

  it("fails an operator's periodic user inspection when any user is overdue (CJJ 51-2016 3.5.1), passes when none is", () => {
    const op: InspectedObject = { type: 'enterprise', kind: 'pipeline_operator' };
    const id = 'pipeline_operator.no_periodic_user_inspection';
    const r = judge(id, { object: op, usersOverdue: { users: 5, overdue: 2 } }, 'pass');
    expect(r.result).toBe('fail');
    expect(r.reason?.zh).toContain('2 户');
    expect(judge(id, { object: op, usersOverdue: { users: 5, overdue: 0 } }).result).toBe('pass');
    expect(judge(id, { object: op, usersOverdue: { users: 0, overdue: 0 } }).result).toBe('unknown');
  });

  it('names the record a fail found on site contradicts where the register passes the item, and nothing otherwise', () => {
    const contradicted = (id: string, facts: Omit<ChecklistFacts, 'on'>, tick?: 'pass' | 'fail') =>
      siteContradictsRegister(item(id), { ...facts, on, answers: tick ? { [id]: tick } : {} });
    const trained = [{ name: '甲', trainedUntil: '9999-12-31' }];
    const cert = [{ name: '甲', certificateNumber: 'TS1', certificateExpiresOn: '2027-01-01' }];
    const permit = { number: 'P1', validTo: '2027-01-01' };
    const cases: [string, Omit<ChecklistFacts, 'on'>, string][] = [
      ['venue.staff_untrained', { object: restaurant, gasSources: ['piped'], staff: trained }, 'staff'],
      ['operator.managers_untrained', { object: operator, managers: trained }, 'managers'],
      ['filling.operators_uncertified', { object: filler, operators: cert }, 'operators'],
      ['vehicle.no_permit', { object: truck, vehiclePermit: permit }, 'vehiclePermit'],
      [
        'venue.unlicensed_supplier',
        { object: restaurant, gasSources: ['bottled_lpg'], supplierLicence: 'valid' },
        'supplierLicence',
      ],
      ['network.through_confined_space', { object: pipeline, pipe: pe }, 'confinedSpace'],
      [
        'pipeline_operator.no_periodic_user_inspection',
        { object: { type: 'enterprise', kind: 'pipeline_operator' }, usersOverdue: { users: 5, overdue: 0 } },
        'usersOverdue',
      ],
    ];
    for (const [id, facts, fact] of cases) {
      // The site's fail stands (the worse of the two) and names the register's record.
      expect(judge(id, facts, 'fail').result).toBe('fail');
      expect(contradicted(id, facts, 'fail')).toBe(fact);
      // A pass on site, or no tick, contradicts nothing.
      expect(contradicted(id, facts, 'pass')).toBeNull();
      expect(contradicted(id, facts)).toBeNull();
    }
    // Where the register already fails the item, the site agrees with it.
    const lapsed = [{ name: '乙', certificateNumber: null, certificateExpiresOn: null }];
    expect(contradicted('filling.operators_uncertified', { object: filler, operators: lapsed }, 'fail')).toBeNull();
    // Ageing is never passed by the register: nothing to contradict.
    expect(contradicted('network.ageing_or_defective', { object: pipeline, pipe: pe }, 'fail')).toBeNull();
  });
});
