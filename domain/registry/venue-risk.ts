/**
 * Facts about a gas user that the plan names as hazards, derived from the register's fields
 * (never stored). The hazard ledger and the inspection checklists start from them; the register
 * shows them as tags.
 */
import { type GasSource, inHighRiseBuilding, type VenueCategory, type VenueFloor } from './registry.ts';

export const venueRiskFlagCodes = [
  'lpg_in_basement',
  'lpg_in_high_rise',
  'cylinder_room_missing',
  'two_gas_sources',
  'industrial_fuel',
  'no_detector',
  'no_shutoff_valve',
  'no_supply_contract',
  'supply_contract_expired',
] as const;
export type VenueRiskFlagCode = (typeof venueRiskFlagCodes)[number];

/**
 * A venue's regulator fields (issue 9.4): where it is and what it is (region, category) and the facts that decide
 * its risk flags and checklist (venueRiskFlags), except the supply contract, which its supplier records. A supervised
 * party (enterprise or venue scope) does not change them itself — the server refuses an edit or import of them
 * (403 registry.regulator_fields) — but proposes them to the regulator (a registry change).
 */
export const venueRegulatorFields = [
  'regionId',
  'category',
  'floor',
  'highRiseBuilding',
  'gasSources',
  'storedLpgKg',
  'hasCylinderRoom',
  'detectorInstalled',
  'detectorInstalledOn',
  'shutoffValveInstalled',
  'shutoffValveInstalledOn',
] as const;
export type VenueRegulatorField = (typeof venueRegulatorFields)[number];

/** Each flag with the plan clause it comes from and its label. */
export const venueRiskFlagInfo: Record<VenueRiskFlagCode, { ref: string; zh: string; en: string }> = {
  // 三(四)2: bottled LPG in a basement or semi-basement space.
  lpg_in_basement: { ref: '三(四)2', zh: '地下/半地下使用瓶装液化气', en: 'Bottled LPG below ground' },
  // 三(一)3 and GB 50016-2014 (2018) 5.4.16: no bottled LPG anywhere in a high-rise civil building.
  lpg_in_high_rise: { ref: '三(一)3', zh: '高层民用建筑内使用瓶装液化气', en: 'Bottled LPG in a high-rise building' },
  // 三(四)2: 100 kg or more of cylinders (net gas) stored without a dedicated cylinder room.
  cylinder_room_missing: {
    ref: '三(四)2',
    zh: '存瓶达100kg无专用气瓶间',
    en: '100 kg or more stored without a cylinder room',
  },
  // 三(四)5 (and 三(一)2): two or more gas sources in use.
  two_gas_sources: { ref: '三(四)5', zh: '使用两种及以上气源', en: 'Two or more gas sources' },
  // 三(一)2, 三(一)6, 三(五)5: industrial propane, alcohol-based fuel, biomass fuel oil in civil use.
  industrial_fuel: { ref: '三(一)2', zh: '使用工业燃料', en: 'Industrial fuel in use' },
  // 三(四)2, 四(一)2: combustible-gas detector.
  no_detector: { ref: '三(四)2', zh: '未安装可燃气体探测器', en: 'No gas detector' },
  // 三(四)2, 四(一)2: emergency shut-off valve.
  no_shutoff_valve: { ref: '三(四)2', zh: '未安装紧急切断阀', en: 'No shut-off valve' },
  // 三(五)6, 三(一)3: a supply contract with the gas operator.
  no_supply_contract: { ref: '三(五)6', zh: '未签订供用气合同', en: 'No supply contract' },
  supply_contract_expired: { ref: '三(五)6', zh: '供用气合同已过期', en: 'Supply contract expired' },
};

/**
 * Stored LPG of this net weight or more needs a dedicated cylinder room (plan 三(四)2 and the State
 * Council safety committee's restaurant rectification requirements: two 50 kg cylinders need one).
 * The default of the configurable `cylinderRoomThresholdKg` (domain/hazards/limits.ts).
 */
export const CYLINDER_ROOM_THRESHOLD_KG = 100;

/** Whether this stored net weight needs a cylinder room under the threshold (≥, not >). */
export function needsCylinderRoom(storedLpgKg: number | null | undefined, thresholdKg: number): boolean {
  return storedLpgKg !== null && storedLpgKg !== undefined && storedLpgKg >= thresholdKg;
}

export type VenueRiskInput = {
  category: VenueCategory;
  floor: VenueFloor;
  /** The building is a high-rise civil building (GB 50016); null when not recorded. */
  highRiseBuilding?: boolean | null;
  gasSources: readonly string[];
  storedLpgKg: number | null;
  hasCylinderRoom: boolean;
  detectorInstalled: boolean;
  shutoffValveInstalled: boolean;
  contractNumber: string | null;
  contractTo: string | null;
};

/**
 * The plan's hazards that a venue's register entry already shows, in a stable order. `today`
 * (YYYY-MM-DD) enables the contract-expiry check; the cylinder-room threshold is the ledger's
 * configured one (`HazardLimits.cylinderRoomThresholdKg`), so the flag and the checklist agree. Detectors and shut-off valves are required of
 * restaurants (三(四)2) and, by the closing paragraph of 三(五), of the other crowded venues; not
 * of households.
 */
export function venueRiskFlags(
  v: VenueRiskInput,
  today?: string,
  cylinderRoomThresholdKg: number = CYLINDER_ROOM_THRESHOLD_KG,
): VenueRiskFlagCode[] {
  const sources = new Set(v.gasSources as GasSource[]);
  const bottled = sources.has('bottled_lpg');
  const piped = sources.has('piped');
  const flags: VenueRiskFlagCode[] = [];
  if (bottled && (v.floor === 'basement' || v.floor === 'semi_basement')) flags.push('lpg_in_basement');
  if (bottled && inHighRiseBuilding(v) === true) flags.push('lpg_in_high_rise');
  if (needsCylinderRoom(v.storedLpgKg, cylinderRoomThresholdKg) && !v.hasCylinderRoom) {
    flags.push('cylinder_room_missing');
  }
  // Industrial fuel is its own flag, not a second gas source (安委〔2023〕3号; plan 三(四)5, 三(一)2).
  if (bottled && piped) flags.push('two_gas_sources');
  if (sources.has('industrial_fuel')) flags.push('industrial_fuel');
  const crowded = v.category !== 'household';
  if (crowded && (bottled || piped) && !v.detectorInstalled) flags.push('no_detector');
  if (crowded && (bottled || piped) && !v.shutoffValveInstalled) flags.push('no_shutoff_valve');
  if (bottled || piped) {
    if (!v.contractNumber) flags.push('no_supply_contract');
    else if (today && v.contractTo && v.contractTo < today) flags.push('supply_contract_expired');
  }
  return flags;
}

/** Parses gas sources as people write them: 管道燃气、瓶装液化气 (or codes), separated by 、 , ， ; or spaces; 'both'/两者 = piped + bottled. */
export function parseGasSources(text: string): { ok: true; value: GasSource[] } | { ok: false; unknown: string[] } {
  const out = new Set<GasSource>();
  const unknown: string[] = [];
  for (const part of text
    .split(/[、,，;；/\s]+/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const key = part.toLowerCase();
    if (key === 'both' || part === '两者' || part === '管道燃气+瓶装液化气') {
      out.add('piped');
      out.add('bottled_lpg');
    } else if (key === 'piped' || part === '管道燃气' || part === '管道气' || part === '天然气') out.add('piped');
    else if (key === 'bottled_lpg' || part === '瓶装液化气' || part === '瓶装液化石油气' || part === '液化气')
      out.add('bottled_lpg');
    else if (key === 'industrial_fuel' || part === '工业燃料') out.add('industrial_fuel');
    else unknown.push(part);
  }
  return unknown.length ? { ok: false, unknown } : { ok: true, value: [...out] };
}
