import { describe, expect, it } from 'vitest';
import { departmentSeeds, planTaskSeeds } from '../plan/plan-data.ts';
import { venueRiskFlagCodes } from '../registry/venue-risk.ts';
import { CHECKLIST_VERSION, checkItem, checkItemForVenueRiskFlag, checkItems } from './checklist.ts';
import { operatorLiableUserDefects } from './household-inspection.ts';
import { defaultLimits } from './limits.ts';

const tasks = new Map(planTaskSeeds.map((t) => [t.ref, t]));
const departments = new Set(departmentSeeds.map((d) => d.code));

describe('checklist', () => {
  it('is versioned', () => {
    expect(CHECKLIST_VERSION).toBe('2023.1');
  });

  it('has unique, well-formed ids', () => {
    const ids = checkItems.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  it('ties every item to a clause of the plan and a department the plan assigns to that clause', () => {
    for (const item of checkItems) {
      const task = tasks.get(item.planRef);
      expect(task, item.id).toBeDefined();
      expect(departments.has(item.department), item.id).toBe(true);
      expect([...task!.lead, ...task!.support], item.id).toContain(item.department);
    }
  });

  it('gives every item text in both languages, a basis and at least one target', () => {
    for (const item of checkItems) {
      expect(item.text.zh.trim(), item.id).not.toBe('');
      expect(item.text.en.trim(), item.id).not.toBe('');
      expect(item.basis.trim(), item.id).not.toBe('');
      expect(item.appliesTo.length, item.id).toBeGreaterThan(0);
    }
  });

  it('covers every clause the issue names', () => {
    const required = [
      '三(四)1',
      '三(四)2',
      '三(四)3',
      '三(四)4',
      '三(四)5',
      '三(五)6',
      '三(五)7',
      '三(一)1',
      '三(一)2',
      '三(一)3',
      '三(一)4',
      '三(一)5',
      '三(一)6',
      '三(一)8',
      '三(三)1',
      '三(三)2',
      '三(三)3',
      '三(五)4',
      '三(五)8',
      '三(二)1',
      '三(二)2',
      '三(二)3',
    ];
    const covered = new Set(checkItems.map((i) => i.planRef));
    for (const ref of required) expect(covered, ref).toContain(ref);
  });

  it('covers every object kind the plan supervises', () => {
    const kinds = new Set(
      checkItems.flatMap((i) => i.appliesTo.flatMap((t) => (t.type === 'enterprise' ? t.kinds : []))),
    );
    for (const kind of [
      'pipeline_operator',
      'bottled_operator',
      'filling_enterprise',
      'lpg_producer',
      'industrial_fuel_producer',
      'hazardous_carrier',
      'manufacturer',
      'appliance_seller',
      'inspection_agency',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const types = new Set(checkItems.flatMap((i) => i.appliesTo.map((t) => t.type)));
    expect([...types].sort()).toEqual(['enterprise', 'pipeline', 'vehicle', 'venue']);
  });

  it('makes the MOHURD 2023 major hazards major', () => {
    for (const id of [
      'operator.no_licence',
      'operator.no_risk_grading',
      'operator.no_hazard_system',
      'operator.no_emergency_plan',
      'pipeline_operator.no_periodic_user_inspection',
      'filling.non_owned_cylinders',
      'venue.lpg_basement',
      'operator.user_defect_without_notice',
    ]) {
      expect(checkItem(id)?.severity, id).toBe('major');
    }
  });

  it('points each measure at a limit that exists', () => {
    for (const item of checkItems) {
      const m = item.measure;
      if (!m) continue;
      const key = 'failAbove' in m ? m.failAbove : 'failAfterYears' in m ? m.failAfterYears : undefined;
      if (key) expect(typeof defaultLimits[key], item.id).toBe('number');
    }
  });

  it('maps every register risk flag to a computed item', () => {
    for (const flag of venueRiskFlagCodes) {
      const item = checkItem(checkItemForVenueRiskFlag[flag]);
      expect(item?.measure, flag).toBeDefined();
    }
  });

  it('lists as operator-liable user defects only venue items that exist', () => {
    for (const id of operatorLiableUserDefects) {
      const item = checkItem(id);
      expect(item, id).toBeDefined();
      expect(item!.appliesTo.every((t) => t.type === 'venue')).toBe(true);
      // A household inspection must be able to record it: the item applies to households.
      expect(item!.appliesTo.some((t) => t.type === 'venue' && !t.categories?.length)).toBe(true);
    }
  });
});
