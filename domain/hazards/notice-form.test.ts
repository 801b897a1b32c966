import { describe, expect, it } from 'vitest';
import { checkItem } from './checklist.ts';
import { departmentFormFor, itemOrderForm, noticeForm } from './notice-form.ts';

const basis = (id: string) => checkItem(id)!.basis;

/** Issue 10, 13: a department's order takes the form the item's basis calls for, where the department may issue it. */
describe('notice forms per item', () => {
  it('reads the form from the first law of the basis that names one', () => {
    expect(itemOrderForm(basis('venue.fire_equipment'))).toBe('fire_order');
    expect(itemOrderForm(basis('filling.no_licence'))).toBe('special_equipment_directive');
    expect(itemOrderForm(basis('filling.operators_uncertified'))).toBe('special_equipment_directive');
    expect(itemOrderForm(basis('venue.detector'))).toBe('work_safety_order');
    expect(itemOrderForm(basis('venue.supply_contract'))).toBe('gas_authority_order');
    expect(itemOrderForm(basis('network.encroached'))).toBe('gas_authority_order');
    expect(itemOrderForm('GB 35844-2018')).toBeNull();
  });

  it("takes the item's form where the department may issue it, and the department's own otherwise or when items differ", () => {
    expect(departmentFormFor('market_regulation', ['work_safety_order'])).toBe('work_safety_order');
    expect(departmentFormFor('market_regulation', ['special_equipment_directive'])).toBe('special_equipment_directive');
    expect(departmentFormFor('fire_rescue', ['work_safety_order'])).toBe('fire_order');
    expect(departmentFormFor('housing', ['fire_order'])).toBe('gas_authority_order');
    expect(departmentFormFor('housing', [null])).toBe('gas_authority_order');
    expect(departmentFormFor('housing', ['work_safety_order', 'gas_authority_order'])).toBe('gas_authority_order');
    expect(departmentFormFor('emergency', ['special_equipment_directive'])).toBe('work_safety_order');
    const n = noticeForm(
      { kind: 'departments', departments: [{ code: 'market_regulation', name: '市场监督管理局' }] },
      ['work_safety_order'],
    );
    expect(n).toMatchObject({ form: 'work_safety_order', title: '责令限期整改指令书', orders: true });
    expect(n.demand).toContain('安全生产法');
  });
});
