import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { departmentSeeds, planTaskSeeds } from '../plan/plan-data.ts';
import { venueRiskFlagCodes } from '../registry/venue-risk.ts';
import {
  CHECKLIST_VERSION,
  checkItem,
  checkItemForVenueRiskFlag,
  checkItems,
  isCurrentCheckItem,
  retiredCheckItems,
} from './checklist.ts';
import { operatorLiableUserDefects } from './household-inspection.ts';
import { defaultLimits } from './limits.ts';

const tasks = new Map(planTaskSeeds.map((t) => [t.ref, t]));
const departments = new Set(departmentSeeds.map((d) => d.code));

describe('checklist', () => {
  it('is versioned, and still reads the items an earlier version asked', () => {
    expect(CHECKLIST_VERSION).toBe('2026.3');
    // Retired items are found for old records but never offered to a new inspection.
    for (const old of retiredCheckItems) {
      expect(checkItem(old.id), old.id).toBe(old);
      expect(isCurrentCheckItem(old.id)).toBe(false);
      expect(checkItems.some((i) => i.id === old.id)).toBe(false);
    }
    expect(checkItem('manufacturer.no_recall')?.text.zh).toContain('未召回');
  });

  it('cites the corrected bases (each is shown to the inspected party)', () => {
    const basis = (id: string) => checkItem(id)!.basis;
    expect(basis('venue.two_gas_sources')).toMatch(/三\(四\)5.*三\(一\)2/);
    expect(basis('venue.industrial_fuel')).toContain('安委〔2023〕3号');
    expect(basis('venue.industrial_fuel')).toContain('危险化学品安全管理条例');
    expect(basis('venue.adjustable_regulator')).toBe('GB 35844-2018');
    expect(basis('venue.shutoff_valve_expired')).toBe('CJJ/T 146-2011');
    expect(basis('venue.cylinder_room')).toContain('国务院安全生产委员会');
    expect(basis('venue.cylinder_room')).toContain('GB 51142');
    expect(basis('filling.no_licence')).toBe('特种设备安全法第四十九条；TSG 07');
    expect(basis('bottled.sells_to_unlicensed')).toBe('城镇燃气管理条例第十八条第（四）项');
    expect(basis('pipeline_operator.no_periodic_user_inspection')).toContain('第十七条');
    expect(basis('pipeline_operator.no_periodic_user_inspection')).toContain('CJJ 51-2016 3.5.1');
    expect(basis('vehicle.fatigue_driving')).toBe('道路交通安全法实施条例第六十二条第（七）项');
    expect(basis('producer.no_dual_prevention')).toContain('安监总管三〔2017〕121号');
    expect(basis('seller.no_compulsory_certification')).toContain('市场监管总局公告2024年第28号');
    expect(basis('venue.lpg_high_rise')).toBe('GB 50016-2014（2018年版）5.4.16');
    expect(basis('venue.hose_length')).toBe('GB 50028 10.2.8；GB 55009');
    // 城镇燃气管理条例 has no article on LPG in high-rise buildings, nor on industrial fuel: the operator's items
    // cite what the user's items cite.
    expect(basis('venue.lpg_high_rise')).not.toContain('城镇燃气管理条例');
    expect(basis('bottled.supplies_high_rise')).toBe(basis('venue.lpg_high_rise'));
    expect(basis('bottled.industrial_fuel_to_restaurants')).toBe(basis('venue.industrial_fuel'));
    expect(basis('venue.seal_ring_expired')).toContain('密封圈更换年限为地方规定');
  });

  it('names every basis shown to the inspected party in docs/RULES.md', () => {
    const doc = readFileSync(new URL('../../docs/RULES.md', import.meta.url), 'utf8');
    for (const item of [...checkItems, ...retiredCheckItems]) {
      for (const part of item.basis.split('；')) expect(doc, `${item.id}: ${part}`).toContain(`\`${part}\``);
    }
  });

  it('has the items the first version lacked (issue 10)', () => {
    for (const id of [
      'venue.multi_burner_without_hard_pipe',
      'venue.lpg_detector_height',
      'venue.detector_valve_not_interlocked',
      'venue.regulator_expired',
      'station.tank_alarms',
      'station.cutoff_and_venting',
      'station.pull_away_interlock',
      'station.not_explosion_proof',
      'station.no_gas_detectors',
      'station.regulator_overpressure',
      'filling.unfit_cylinders_not_withdrawn',
      'filling.station_safety_devices',
      'carrier.sells_in_transit',
      'bottled.sells_unlicensed_fillings',
    ]) {
      expect(isCurrentCheckItem(id), id).toBe(true);
    }
    expect(checkItem('bottled.sells_unlicensed_fillings')!.basis).toBe('城镇燃气管理条例第十八条第（八）项');
    expect(checkItem('venue.lpg_detector_height')!.basis).toBe('GB 50028 10.8.2');
  });

  it('checks special-equipment makers against the manufacturing licence and appliance makers against CCC', () => {
    const kindsOf = (id: string) =>
      checkItem(id)!.appliesTo.flatMap((t) => (t.type === 'enterprise' ? [...t.kinds] : []));
    expect(kindsOf('manufacturer.no_licence')).toEqual(['special_equipment_maker']);
    expect(kindsOf('manufacturer.no_compulsory_certification')).toEqual(['appliance_maker']);
    expect(kindsOf('manufacturer.substandard_appliances')).toEqual(['appliance_maker']);
    expect(checkItem('manufacturer.no_defect_recall')!.basis).toBe('特种设备安全法第二十六条');
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
      'special_equipment_maker',
      'appliance_maker',
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
