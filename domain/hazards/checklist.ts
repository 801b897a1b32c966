/**
 * The check items of the campaign (检查表 / 检查项), codified from the plan's section 三 and the
 * national rules in rules-reference.md. Versioned data: an inspection stores CHECKLIST_VERSION
 * with its results, and an item id, once published, keeps its meaning; a changed rule gets a new
 * id in a new version.
 *
 * Each item's text names the defect: the item fails when the defect is present.
 *
 * Severity follows the MOHURD standard 城镇燃气经营安全重大隐患判定标准 (建城规〔2023〕4号) where it
 * applies (art. 4: no licence, no risk-grading or hazard systems, no emergency plan, no periodic
 * user inspection; art. 7: filling non-owned cylinders; art. 9: LPG in underground spaces and the
 * other listed user defects). Items marked "judged" are major by our reading where that standard
 * does not name them; every other item is general.
 *
 * Basis: each item's basis is shown to the inspected party on its documents, so it names only what
 * docs/RULES.md lists with its source (rules-reference.md, the plan): article numbers where those give
 * them, the law or standard alone otherwise.
 *
 * Versions: 2023.1 was the first; 2026.1 corrected the bases (issue 10), decides the high-rise rule
 * from the building, gives each hose type its own life, counts industrial fuel once, adds the items
 * the first version lacked and splits the makers. An item that 2026.1 no longer asks stays in
 * `retiredCheckItems`, so records signed under 2023.1 still read with their own text. 2026.2 decides
 * venue.banned_hose and venue.banned_appliance from the banned-products catalogue (issue 10.4) instead of a
 * tick: records signed under 2026.1 keep their ticked results. 2026.3 adds venue.seal_ring_expired (the seal ring's
 * life, a limit of its own).
 */
import type { PlanTaskSeed } from '../plan/plan-data.ts';
import type { EnterpriseKind, GasSource, LicenceKind, VehicleKind, VenueCategory } from '../registry/registry.ts';
import { venueCategories } from '../registry/registry.ts';
import type { VenueRiskFlagCode } from '../registry/venue-risk.ts';
import type { HazardLimits, Severity } from './limits.ts';

export const CHECKLIST_VERSION = '2026.3';

export type Text = { zh: string; en: string };

/**
 * Which objects an item applies to. A venue target with `gasSources` applies to venues using any
 * of them; with `withHose`, not to a venue recorded as using no hose. Facts not yet known never
 * exclude a venue: the item is then shown and decided on site.
 */
export type ObjectTarget =
  | { type: 'venue'; categories?: readonly VenueCategory[]; gasSources?: readonly GasSource[]; withHose?: true }
  | { type: 'enterprise'; kinds: readonly EnterpriseKind[] }
  | { type: 'pipeline' }
  | { type: 'vehicle'; kinds?: readonly VehicleKind[] };

export const checklistObjectTypes = ['venue', 'enterprise', 'pipeline', 'vehicle'] as const;
export type ChecklistObjectType = (typeof checklistObjectTypes)[number];

/** Facts an inspector records (or the register supplies) from which computed items are decided. */
export type NumberFactKey = 'hoseLengthM' | 'storedLpgKg' | 'longestDrivingHours' | 'detectorHeightM';
export type DateFactKey =
  | 'hoseInstalledOn'
  | 'detectorInstalledOn'
  | 'shutoffValveInstalledOn'
  | 'regulatorInstalledOn'
  | 'sealRingInstalledOn';
export type DeviceFactKey = 'detector' | 'shutoffValve';
export type LimitKey = { [K in keyof HazardLimits]: HazardLimits[K] extends number ? K : never }[keyof HazardLimits];

/**
 * What is measured or recorded for a computed item and how its result follows. Computed items are
 * never ticked: an inspector records the facts (a measured hose length, the stored weight) and the
 * rule in `evaluate.ts` decides.
 */
export type MeasureSpec =
  /** A measured number that fails above a limit (e.g. hose length in metres). */
  | {
      kind: 'number';
      field: 'hoseLengthM' | 'longestDrivingHours' | 'detectorHeightM';
      unit: 'm' | 'h';
      failAbove: LimitKey;
    }
  /** An installation date that fails once older than a service life in years, at the inspection date. */
  | { kind: 'age'; field: DateFactKey; failAfterYears: LimitKey }
  /**
   * The hose's age against the life of its type: an ordinary rubber hose the configured years, a
   * metal or long-life hose the life marked on it (rules-reference; plan 四(一)2).
   */
  | { kind: 'hose_age' }
  /** A safety device that must be installed and working. */
  | { kind: 'device'; device: DeviceFactKey }
  /** A licence of the enterprise that must be valid. */
  | { kind: 'licence'; licence: LicenceKind }
  /** Bottled LPG used or stored in a basement or semi-basement (where the cylinders are, not the venue's floor). */
  | { kind: 'lpg_below_ground' }
  /** Bottled LPG in a high-rise civil building (a fact of the building). */
  | { kind: 'lpg_high_rise' }
  /** Stored LPG of a weight or more without a dedicated cylinder room. */
  | { kind: 'cylinder_room'; failFrom: 'cylinderRoomThresholdKg' }
  /** Two or more gas sources (piped gas and bottled LPG) in use; industrial fuel is its own item. */
  | { kind: 'single_gas_source' }
  /** Industrial fuel in use. */
  | { kind: 'no_industrial_fuel' }
  /** A supply contract, in force on the inspection date. */
  | { kind: 'supply_contract' }
  /**
   * A product of the banned-products catalogue (issue 10.4; table banned_products) found on site: the item
   * fails only when the inspector names an entry in force that bears on this item; with no such entry in
   * force it is not applicable. Severity and basis come from the entry.
   */
  | { kind: 'banned_product'; checkItemId: 'venue.banned_hose' | 'venue.banned_appliance' };

/**
 * What the register knows of a ticked item (issue 10, point 6). The register decides when it holds
 * the answer: a defect it records fails whatever was ticked, an item it rules out is not applicable;
 * when it finds no defect, a "fail" found on site still stands (the worse of register and site); when
 * it holds nothing (no staff registered), the tick decides. Rules in `evaluate.ts` (`registerVerdict`).
 */
export type RegisterCheck =
  /** Every registered person of the group has a passed training still valid on the day (or, for managers, an assessment). */
  | { kind: 'people_trained'; group: 'staff' | 'managers' }
  /** Every registered special-equipment or filling operator holds a certificate not expired on the day. */
  | { kind: 'operators_certified' }
  /** The vehicle's hazardous-goods road transport permit, valid on the day. */
  | { kind: 'vehicle_permit' }
  /** The venue's registered supplier holds a valid gas operation licence. */
  | { kind: 'supplier_licence' }
  /**
   * A flag of the pipeline segment (built over, through a confined space). With `pressure`, the item
   * covers only segments of that pressure range (the MOHURD standard's art. 6 grades encroachment of
   * medium pressure and above as major).
   */
  | { kind: 'pipe_flag'; flag: 'encroached' | 'confinedSpace'; pressure?: 'medium_or_above' | 'low' }
  /** Ageing pipe by 国办发〔2022〕22号: grey cast iron, or a segment the register holds for renewal. */
  | { kind: 'pipe_ageing' }
  /**
   * An operator's users all inspected within their interval (non-residential yearly, residential every two
   * years: CJJ 51-2016 3.5.1, limits userInspectionMonths*): computed from the signed household inspections.
   */
  | { kind: 'users_inspected' };

export type CheckItem = {
  /** Stable id, '<object>.<defect>'. */
  id: string;
  text: Text;
  appliesTo: readonly ObjectTarget[];
  severity: Severity;
  /** Department code (domain/plan/plan-data.ts) the plan makes responsible for the clause. */
  department: string;
  /** The plan's clause, as in PlanTaskSeed.ref, e.g. '三(四)2'. */
  planRef: PlanTaskSeed['ref'];
  /** Legal basis: law or standard (and article where known). */
  basis: string;
  measure?: MeasureSpec;
  /** A ticked item the register decides where it knows the answer (see RegisterCheck). */
  register?: RegisterCheck;
};

/** Crowded venues: everything but households, as in the register's risk flags (venue-risk.ts). */
export const crowdedVenueCategories: readonly VenueCategory[] = venueCategories.filter((c) => c !== 'household');

const anyVenue: ObjectTarget = { type: 'venue' };
const crowded: ObjectTarget = { type: 'venue', categories: crowdedVenueCategories };
const crowdedGasUser: ObjectTarget = {
  type: 'venue',
  categories: crowdedVenueCategories,
  gasSources: ['bottled_lpg', 'piped'],
};
const crowdedLpgUser: ObjectTarget = { type: 'venue', categories: crowdedVenueCategories, gasSources: ['bottled_lpg'] };
const gasUser: ObjectTarget = { type: 'venue', gasSources: ['bottled_lpg', 'piped'] };
const hoseUser: ObjectTarget = { type: 'venue', gasSources: ['bottled_lpg', 'piped'], withHose: true };
const lpgUser: ObjectTarget = { type: 'venue', gasSources: ['bottled_lpg'] };
/** Catering venues (餐饮场所): restaurants, hotels' kitchens, workplace and building-site canteens, 牧家乐. */
const restaurant: ObjectTarget = {
  type: 'venue',
  categories: ['restaurant', 'hotel', 'workplace_canteen', 'construction_canteen', 'farmstay'],
};
const gasOperator: ObjectTarget = { type: 'enterprise', kinds: ['pipeline_operator', 'bottled_operator'] };
const bottledOperator: ObjectTarget = { type: 'enterprise', kinds: ['bottled_operator'] };
const pipelineOperator: ObjectTarget = { type: 'enterprise', kinds: ['pipeline_operator'] };
const filling: ObjectTarget = { type: 'enterprise', kinds: ['filling_enterprise'] };
const lpgProducer: ObjectTarget = { type: 'enterprise', kinds: ['lpg_producer'] };
const fuelProducer: ObjectTarget = { type: 'enterprise', kinds: ['industrial_fuel_producer'] };
const carrier: ObjectTarget = { type: 'enterprise', kinds: ['hazardous_carrier'] };
const specialEquipmentMaker: ObjectTarget = { type: 'enterprise', kinds: ['special_equipment_maker'] };
const applianceMaker: ObjectTarget = { type: 'enterprise', kinds: ['appliance_maker'] };
const seller: ObjectTarget = { type: 'enterprise', kinds: ['appliance_seller'] };
const agency: ObjectTarget = { type: 'enterprise', kinds: ['inspection_agency'] };
const pipeline: ObjectTarget = { type: 'pipeline' };
const hazardousVehicle: ObjectTarget = { type: 'vehicle', kinds: ['hazardous_transport'] };

const MOHURD = '城镇燃气经营安全重大隐患判定标准（建城规〔2023〕4号）';
const GAS_REG = '城镇燃气管理条例';
const NM_GAS_REG = '内蒙古自治区燃气管理条例';
const LICENCE_RULES = '燃气经营许可管理办法';
const SAFETY_LAW = '安全生产法';
const FIRE_LAW = '消防法';
const SE_LAW = '特种设备安全法';
const HAZCHEM_REG = '危险化学品安全管理条例';
const ROAD_HAZ = '道路危险货物运输管理规定';
const PRODUCT_LAW = '产品质量法';
const PLAN = '乌审旗城镇燃气安全专项整治实施方案';
const SC_RESTAURANT = '国务院安全生产委员会餐饮场所燃气安全整治要求';
const CCC = '强制性产品认证管理规定';
const AGEING_PIPES = '城市燃气管道等老化更新改造实施方案（2022—2025年）（国办发〔2022〕22号）';

export const checkItems: CheckItem[] = [
  // ---- Restaurants and crowded venues: 三(四)1 (fire and rescue leads) ----
  {
    id: 'venue.fire_responsibility',
    text: { zh: '未落实消防安全责任制', en: 'Fire-safety responsibility system not in place' },
    appliesTo: [crowded],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)1',
    basis: FIRE_LAW,
  },
  {
    id: 'venue.fire_training',
    text: {
      zh: '未按规定组织从业人员进行消防安全教育和培训',
      en: 'Staff not given the required fire-safety education and training',
    },
    appliesTo: [crowded],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)1',
    basis: FIRE_LAW,
  },
  {
    id: 'venue.fire_plan',
    text: {
      zh: '未制定和实施灭火和应急疏散预案',
      en: 'No fire-fighting and emergency evacuation plan drawn up and practised',
    },
    appliesTo: [crowded],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)1',
    basis: FIRE_LAW,
  },
  {
    id: 'venue.unsafe_use',
    text: { zh: '违规用气、用火、用电', en: 'Gas, open flame or electricity used against the rules' },
    appliesTo: [crowded],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)1',
    basis: FIRE_LAW,
  },

  // ---- 三(四)2: the installation (fire and rescue leads) ----
  {
    // Major: MOHURD art. 9 names LPG in underground spaces; GB 55009 2.2.7 forbids it outright.
    id: 'venue.lpg_basement',
    text: {
      zh: '在地下或半地下空间使用、存放瓶装液化石油气',
      en: 'Bottled LPG used or stored in a basement or semi-basement',
    },
    appliesTo: [lpgUser],
    severity: 'major',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: `GB 55009 2.2.7；${MOHURD}第九条`,
    measure: { kind: 'lpg_below_ground' },
  },
  {
    id: 'venue.cylinder_room',
    text: {
      zh: '存放气瓶总重量（净重）达到100kg及以上但未设置专用气瓶间',
      en: '100 kg or more of cylinders (net) stored without a dedicated cylinder room',
    },
    // All venues, as the register's flag does: the weight itself says LPG is stored.
    appliesTo: [anyVenue],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: `${PLAN}三(四)2；${SC_RESTAURANT}（气瓶间）；GB 51142（气瓶间选址）`,
    measure: { kind: 'cylinder_room', failFrom: 'cylinderRoomThresholdKg' },
  },
  {
    id: 'venue.cylinders_not_apart',
    text: { zh: '在用气瓶和备用气瓶未分开放置', en: 'Cylinders in use and spare cylinders not kept apart' },
    appliesTo: [crowdedLpgUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: `${PLAN}三(四)2；${SC_RESTAURANT}`,
  },
  {
    id: 'venue.hose_length',
    text: { zh: '连接软管长度超过2米', en: 'Connecting hose longer than 2 m' },
    appliesTo: [hoseUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: 'GB 50028 10.2.8；GB 55009',
    measure: { kind: 'number', field: 'hoseLengthM', unit: 'm', failAbove: 'hoseMaxM' },
  },
  {
    id: 'venue.hose_tee_or_through_wall',
    text: {
      zh: '连接软管私接“三通”、有接头或穿越墙体、门窗、顶棚和地面',
      en: 'Hose with a tee or joints, or passing through a wall, door, window, ceiling or floor',
    },
    appliesTo: [hoseUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: 'GB 50028 10.2.8；GB 55009',
  },
  {
    // One cylinder feeding several burners is piped with hard pipe, not hose (rules-reference).
    id: 'venue.multi_burner_without_hard_pipe',
    text: {
      zh: '一个气瓶向多个燃具供气未采用硬管连接',
      en: 'One cylinder feeding several burners without hard pipe',
    },
    appliesTo: [lpgUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: 'GB 50028 10.2.8；GB 55009',
  },
  {
    // No national replacement period (GB 50028 10.2.8, GB 55009): an ordinary rubber hose lasts the
    // configured years (local guidance), a metal or long-life hose as marked by its maker (plan 四(一)2).
    id: 'venue.hose_age',
    text: { zh: '连接软管超过使用年限未更换', en: 'Connecting hose past its service life' },
    appliesTo: [hoseUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: `${PLAN}四(一)2（按规定更换）；普通橡胶软管年限为地方规定，金属软管、长寿命胶管按产品标示`,
    measure: { kind: 'hose_age' },
  },
  {
    id: 'venue.detector',
    text: {
      zh: '未安装可燃气体探测器或探测器不能正常工作',
      en: 'No combustible-gas detector, or the detector does not work',
    },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: `${SAFETY_LAW}第三十六条第四款、第九十九条；GB 50028 10.8`,
    measure: { kind: 'device', device: 'detector' },
  },
  {
    // LPG is heavier than air: its detector sits low (GB 50028 10.8.2).
    id: 'venue.lpg_detector_height',
    text: {
      zh: '液化石油气可燃气体探测器安装高度距地面超过0.3米',
      en: 'LPG detector mounted more than 0.3 m above the floor',
    },
    appliesTo: [{ type: 'venue', categories: crowdedVenueCategories, gasSources: ['bottled_lpg'] }],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: 'GB 50028 10.8.2',
    measure: { kind: 'number', field: 'detectorHeightM', unit: 'm', failAbove: 'lpgDetectorMaxHeightM' },
  },
  {
    id: 'venue.detector_valve_not_interlocked',
    text: {
      zh: '可燃气体探测器未与燃气紧急切断阀联锁',
      en: 'Gas detector not interlocked with the emergency shut-off valve',
    },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: `${PLAN}三(四)2；GB 50028 10.8`,
  },
  {
    id: 'venue.detector_expired',
    text: { zh: '可燃气体探测器超过使用年限', en: 'Combustible-gas detector past its service life' },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: 'CJJ/T 146-2011',
    measure: { kind: 'age', field: 'detectorInstalledOn', failAfterYears: 'detectorLifeYears' },
  },
  {
    id: 'venue.shutoff_valve',
    text: {
      zh: '未安装燃气紧急切断阀或切断阀不能正常工作',
      en: 'No emergency shut-off valve, or the valve does not work',
    },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: 'GB 50028 10.8',
    measure: { kind: 'device', device: 'shutoffValve' },
  },
  {
    id: 'venue.shutoff_valve_expired',
    text: { zh: '燃气紧急切断阀超过使用年限', en: 'Emergency shut-off valve past its service life' },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)2',
    basis: 'CJJ/T 146-2011',
    measure: { kind: 'age', field: 'shutoffValveInstalledOn', failAfterYears: 'shutoffValveLifeYears' },
  },
  {
    // 四(一)2 asks restaurants for a safe regulator; its life is local guidance (rules-reference, unverified).
    id: 'venue.regulator_expired',
    text: { zh: '瓶装液化石油气调压器超过使用年限未更换', en: 'Cylinder regulator past its service life' },
    appliesTo: [{ type: 'venue', categories: ['restaurant'], gasSources: ['bottled_lpg'] }],
    severity: 'general',
    department: 'industry_tech',
    planRef: '四(一)2',
    basis: `${PLAN}四(一)2；调压器更换年限为地方规定`,
    measure: { kind: 'age', field: 'regulatorInstalledOn', failAfterYears: 'regulatorLifeYears' },
  },
  {
    // 2026.3: the seal ring's life is a limit of its own (issue 10.14); local guidance like the regulator's.
    id: 'venue.seal_ring_expired',
    text: {
      zh: '瓶阀与调压器连接处密封圈超过使用年限未更换',
      en: 'Seal ring between cylinder valve and regulator past its service life',
    },
    appliesTo: [{ type: 'venue', categories: ['restaurant'], gasSources: ['bottled_lpg'] }],
    severity: 'general',
    department: 'industry_tech',
    planRef: '四(一)2',
    basis: `${PLAN}四(一)2；密封圈更换年限为地方规定`,
    measure: { kind: 'age', field: 'sealRingInstalledOn', failAfterYears: 'sealRingLifeYears' },
  },

  // ---- 三(四)3: banned and substandard equipment. The plan lists market regulation first and
  // has the finder refer the case to it, so it answers for these items. ----
  {
    id: 'venue.dual_phase_cylinder',
    text: { zh: '使用禁止使用的50kg“气液双相”气瓶', en: 'Banned 50 kg dual-phase cylinder in use' },
    appliesTo: [crowdedLpgUser],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(四)3',
    basis: 'GB 5842-2023',
  },
  {
    id: 'venue.adjustable_regulator',
    text: { zh: '使用可调节出口压力的调压器', en: 'Regulator with an adjustable outlet pressure in use' },
    appliesTo: [crowdedLpgUser],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(四)3',
    basis: 'GB 35844-2018',
  },
  {
    id: 'venue.medium_pressure_burner',
    text: { zh: '对燃烧器具进行中压供气', en: 'Burners supplied at medium pressure' },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(四)3',
    basis: 'GB 50028',
  },
  {
    id: 'venue.substandard_equipment',
    text: {
      zh: '使用不符合国家标准或假冒伪劣的气瓶、可燃气体探测器、紧急切断阀、调压器、连接软管、灶具等',
      en: 'Substandard or counterfeit cylinder, detector, shut-off valve, regulator, hose or stove in use',
    },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(四)3',
    basis: PRODUCT_LAW,
  },

  // ---- 三(四)4: evacuation and fire equipment (fire and rescue leads) ----
  {
    // 三(五)7 asks the same of the 九小场所 restaurants; one item serves both clauses.
    id: 'venue.evacuation',
    text: {
      zh: '未规范设置疏散通道、安全出口，或疏散通道、安全出口未保持畅通',
      en: 'Evacuation routes or exits missing or not kept clear',
    },
    appliesTo: [crowded],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)4',
    basis: FIRE_LAW,
  },
  {
    id: 'venue.window_obstruction',
    text: {
      zh: '在门窗上设置影响逃生和灭火救援的广告牌等障碍物',
      en: 'Billboards or other obstacles on doors or windows hinder escape and rescue',
    },
    appliesTo: [crowded],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)4',
    basis: FIRE_LAW,
  },
  {
    id: 'venue.fire_equipment',
    text: {
      zh: '消防设施器材或消防安全标志配置不符合标准或未保持完好有效',
      en: 'Fire equipment or signs not to standard or not kept in working order',
    },
    appliesTo: [crowded],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(四)4',
    basis: FIRE_LAW,
  },

  // ---- 三(四)5: two gas sources (industry and technology listed first) ----
  {
    // All venues: 三(一)2 has operators tell every user not to use two sources in one room.
    id: 'venue.two_gas_sources',
    text: { zh: '使用两种及以上气源', en: 'Two or more gas sources in use' },
    appliesTo: [anyVenue],
    severity: 'general',
    department: 'industry_tech',
    planRef: '三(四)5',
    basis: `${PLAN}三(四)5、三(一)2`,
    measure: { kind: 'single_gas_source' },
  },

  // ---- 三(一)2, 三(一)3 seen from the user's side (housing leads) ----
  {
    id: 'venue.industrial_fuel',
    text: {
      zh: '使用工业丙烷、醇基燃料、生物质燃油等工业燃料',
      en: 'Industrial fuel (industrial propane, alcohol-based fuel, biomass fuel oil) in use',
    },
    appliesTo: [anyVenue],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)2',
    basis: `安委〔2023〕3号；${PLAN}三(一)2、三(一)6；${HAZCHEM_REG}`,
    measure: { kind: 'no_industrial_fuel' },
  },
  {
    // The building decides, not the floor: a ground-floor shop of a high-rise building is inside it.
    id: 'venue.lpg_high_rise',
    text: { zh: '高层民用建筑内使用瓶装液化石油气', en: 'Bottled LPG used in a high-rise civil building' },
    appliesTo: [lpgUser],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)3',
    basis: 'GB 50016-2014（2018年版）5.4.16',
    measure: { kind: 'lpg_high_rise' },
  },
  // User defects that MOHURD art. 9 lists (with venue.lpg_basement): found at the operator's
  // household inspection without written notice they become the operator's major hazard
  // (household-inspection.ts). Major for the user as well, as the standard's own list.
  {
    id: 'venue.gas_pipe_in_bathroom',
    text: { zh: '燃气管道敷设在卫生间内', en: 'Gas pipe run through a bathroom' },
    appliesTo: [gasUser],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: `${MOHURD}第九条；GB 50028`,
  },
  {
    id: 'venue.gas_in_bedroom',
    text: { zh: '在卧室内使用燃气或设置燃气设施', en: 'Gas used or gas installation placed in a bedroom' },
    appliesTo: [gasUser],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: `${MOHURD}第九条；GB 50028`,
  },
  {
    id: 'venue.banned_appliance',
    text: {
      zh: '使用国家明令禁止或淘汰的燃气燃烧器具（如直排式燃气热水器）',
      en: 'Banned or phased-out gas appliance in use (e.g. flueless water heater)',
    },
    appliesTo: [gasUser],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: `${MOHURD}第九条`,
    // 2026.2: decided from the catalogue, never ticked; a hazard takes the entry's severity and citation.
    measure: { kind: 'banned_product', checkItemId: 'venue.banned_appliance' },
  },
  {
    id: 'venue.banned_hose',
    text: {
      // No example: the plan allows long-life rubber hoses (四(一)2); only a hose an official catalogue bans fails.
      zh: '使用国家明令禁止或淘汰的连接软管',
      en: 'Banned or phased-out connecting hose in use',
    },
    appliesTo: [gasUser],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: `${MOHURD}第九条`,
    // 2026.2: an ordinary rubber hose is never "banned" (its life is the hose items'); only a catalogue entry fails.
    measure: { kind: 'banned_product', checkItemId: 'venue.banned_hose' },
  },

  // ---- 三(五)6: restaurants' own management (industry and technology) ----
  {
    id: 'venue.supply_contract',
    text: {
      zh: '未与供气企业签订供用气合同（或合同已过期）',
      en: 'No supply contract with a gas operator, or the contract has expired',
    },
    appliesTo: [gasUser],
    severity: 'general',
    department: 'industry_tech',
    planRef: '三(五)6',
    basis: GAS_REG,
    measure: { kind: 'supply_contract' },
  },
  {
    id: 'venue.refuses_household_inspection',
    text: {
      zh: '不配合开展入户安全检查、不及时整改用气隐患',
      en: "Refuses the operator's safety inspection or does not rectify gas hazards in time",
    },
    appliesTo: [gasUser],
    severity: 'general',
    department: 'industry_tech',
    planRef: '三(五)6',
    basis: GAS_REG,
  },
  {
    id: 'venue.no_safety_rules',
    text: { zh: '未建立安全生产管理制度', en: 'No safety management rules' },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'industry_tech',
    planRef: '三(五)6',
    basis: SAFETY_LAW,
  },
  {
    id: 'venue.staff_untrained',
    text: {
      zh: '未对从业人员开展瓶装液化石油气安全、消防安全常识和应急处置技能培训',
      en: 'Staff not trained in LPG safety, fire safety and emergency response',
    },
    appliesTo: [crowdedGasUser],
    severity: 'general',
    department: 'industry_tech',
    planRef: '三(五)6',
    basis: SAFETY_LAW,
    register: { kind: 'people_trained', group: 'staff' },
  },
  {
    id: 'venue.self_made_changes',
    text: {
      zh: '擅自安装和拆改供用气系统和用气设备',
      en: 'Gas system or appliances installed or altered without authorisation',
    },
    appliesTo: [gasUser],
    severity: 'general',
    department: 'industry_tech',
    planRef: '三(五)6',
    basis: GAS_REG,
  },
  {
    id: 'venue.cylinder_misuse',
    text: {
      zh: '违规加热、倒灌气瓶，拆修瓶阀，倾倒残液',
      en: 'Cylinders heated or decanted, cylinder valves dismantled, or residue dumped',
    },
    appliesTo: [lpgUser],
    severity: 'general',
    department: 'industry_tech',
    planRef: '三(五)6',
    basis: GAS_REG,
  },
  {
    id: 'venue.unlicensed_supplier',
    text: {
      zh: '向非法气贩或燃气经营许可证未载明在本属地经营的供气商购气',
      en: 'Gas bought from an illegal seller or a supplier not licensed for this area',
    },
    appliesTo: [lpgUser],
    severity: 'general',
    department: 'industry_tech',
    planRef: '三(五)6',
    basis: `${GAS_REG}；${LICENCE_RULES}`,
    register: { kind: 'supplier_licence' },
  },

  // ---- 三(五)7: 九小场所 restaurants, power and fire sources (fire and rescue) ----
  {
    id: 'venue.power_and_ignition',
    text: {
      zh: '电源、火源管理存在突出问题（私拉乱接电线、气瓶周边有明火或电气设备）',
      en: 'Poor control of power and ignition sources (makeshift wiring, flames or electrics by cylinders)',
    },
    appliesTo: [restaurant],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(五)7',
    basis: FIRE_LAW,
  },

  // ---- Gas operators, both kinds: 三(一)1, 三(一)3, 三(五)2 (housing leads) ----
  {
    // Major: MOHURD art. 4 (no operating licence).
    id: 'operator.no_licence',
    text: { zh: '未取得燃气经营许可从事燃气经营', en: 'Gas supplied without a valid gas operation licence' },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${GAS_REG}；${LICENCE_RULES}；${MOHURD}第四条`,
    measure: { kind: 'licence', licence: 'gas_operation' },
  },
  {
    id: 'operator.licence_conditions',
    text: {
      zh: '不再符合许可条件、未按许可规定经营或超供应范围经营',
      en: 'No longer meets the licence conditions, or operates outside the licence or its supply area',
    },
    appliesTo: [gasOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${GAS_REG}；${LICENCE_RULES}`,
  },
  {
    id: 'operator.responsibility_system',
    text: { zh: '全员安全生产责任制落实不到位', en: 'Safety responsibility for all staff not in force' },
    appliesTo: [gasOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)1',
    basis: SAFETY_LAW,
  },
  {
    id: 'operator.staffing',
    text: {
      zh: '安全生产管理人员或运行、维护和抢修人员配备不足',
      en: 'Too few safety managers, or operation, maintenance and repair staff',
    },
    appliesTo: [gasOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)1',
    basis: LICENCE_RULES,
  },
  {
    id: 'operator.managers_untrained',
    text: {
      zh: '主要负责人和安全生产管理人员未经专业培训并考核合格',
      en: 'Principal or safety managers not trained and assessed',
    },
    appliesTo: [gasOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${SAFETY_LAW}；${LICENCE_RULES}`,
    register: { kind: 'people_trained', group: 'managers' },
  },
  {
    // Major: MOHURD art. 4. 三(五)2 has the department assess whether operators carry major hazards.
    id: 'operator.no_risk_grading',
    text: { zh: '未建立安全风险分级管控制度', en: 'No risk-grading control system' },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(五)2',
    basis: `${MOHURD}第四条`,
  },
  {
    id: 'operator.no_hazard_system',
    text: { zh: '未建立事故隐患排查治理制度', en: 'No hazard investigation and rectification system' },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(五)2',
    basis: `${MOHURD}第四条`,
  },
  {
    id: 'operator.no_emergency_plan',
    text: { zh: '未制定生产安全事故应急救援预案', en: 'No emergency plan' },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(五)2',
    basis: `${MOHURD}第四条`,
  },
  {
    id: 'operator.no_supply_contracts',
    text: {
      zh: '未与用户签订供用气合同、约定安全供用气权利义务及违约责任',
      en: 'No supply contracts with users setting out safety rights, duties and liabilities',
    },
    appliesTo: [gasOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)3',
    basis: GAS_REG,
  },
  {
    id: 'operator.supplies_unsafe_users',
    text: { zh: '为不具备安全用气环境的用户供气', en: 'Gas supplied to users without a safe environment for it' },
    appliesTo: [gasOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)3',
    basis: GAS_REG,
  },
  {
    id: 'operator.no_user_records',
    text: { zh: '未建立各类用户动态信息档案', en: 'No up-to-date user records' },
    appliesTo: [gasOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)3',
    basis: GAS_REG,
  },
  {
    // Derived, never ticked: raised by operatorHazardFromHouseholdInspection (household-inspection.ts).
    // Plan 五、工作安排(一)2 requires the written notice (书面告知整改建议).
    id: 'operator.user_defect_without_notice',
    text: {
      zh: '入户安全检查发现用户重大用气隐患，未书面告知用户整改',
      en: 'Serious user defect found at a household inspection without written notice to rectify',
    },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: `${MOHURD}第九条`,
  },
  {
    // 三(一)8: fire safety of operators and filling enterprises (fire and rescue leads).
    id: 'operator.fire_safety',
    text: {
      zh: '不遵守消防法规和技术标准，消防设施设备未按规定配置或不能正常使用',
      en: 'Fire rules breached, or fire equipment missing or not working',
    },
    appliesTo: [{ type: 'enterprise', kinds: ['pipeline_operator', 'bottled_operator', 'filling_enterprise'] }],
    severity: 'general',
    department: 'fire_rescue',
    planRef: '三(一)8',
    basis: FIRE_LAW,
  },

  // ---- Stations of gas operators: MOHURD standard art. 5-6 (stations and their safety devices). ----
  // A station or shop is inspected against its enterprise's items; one without tanks ticks 不适用.
  {
    // Major: MOHURD art. 5-6.
    id: 'station.tank_alarms',
    text: {
      zh: '储罐未设置液位、压力监测报警装置，或装置不能正常使用',
      en: 'Tanks without working level and pressure monitoring alarms',
    },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${MOHURD}第五条、第六条`,
  },
  {
    // Major: MOHURD art. 5-6.
    id: 'station.cutoff_and_venting',
    text: {
      zh: '未设置紧急切断和安全放散装置，或装置不能正常使用',
      en: 'No working emergency cut-off and safety venting',
    },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${MOHURD}第五条、第六条`,
  },
  {
    // Major: MOHURD art. 5-6.
    id: 'station.pull_away_interlock',
    text: {
      zh: '装卸设施未设置防拉脱（拉断）联锁装置',
      en: 'Loading and unloading points without an anti-pull-away interlock',
    },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${MOHURD}第五条、第六条`,
  },
  {
    // Major: MOHURD art. 5-6.
    id: 'station.not_explosion_proof',
    text: {
      zh: '爆炸危险区域内的电气设备不符合防爆要求',
      en: 'Electrical equipment in explosion-hazard zones not explosion-proof',
    },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${MOHURD}第五条、第六条`,
  },
  {
    // Major: MOHURD art. 5-6.
    id: 'station.no_gas_detectors',
    text: {
      zh: '场站未设置可燃气体检测报警装置，或装置不能正常使用',
      en: 'No working combustible-gas detectors at the station',
    },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${MOHURD}第五条、第六条`,
  },
  {
    // Major: MOHURD art. 5-6.
    id: 'station.regulator_overpressure',
    text: {
      zh: '调压装置未设置超压切断或放散等超压保护装置',
      en: 'Pressure regulators without over-pressure protection (cut-off or relief)',
    },
    appliesTo: [gasOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)1',
    basis: `${MOHURD}第五条、第六条`,
  },

  // ---- Bottled-gas operators: 三(一)1-3 (housing leads) ----
  {
    id: 'bottled.delivery_rules',
    text: {
      zh: '未对送气服务人员和配送工具制定并实施安全管理规范',
      en: 'No safety rules in force for delivery workers and delivery vehicles',
    },
    appliesTo: [bottledOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)1',
    basis: LICENCE_RULES,
  },
  {
    // Major (judged): 随瓶安检 is the bottled operator's periodic user inspection (MOHURD art. 4).
    id: 'bottled.no_delivery_safety_check',
    text: {
      zh: '未要求送气人员在送气时开展随瓶安检',
      en: 'Delivery workers not required to do a safety check at each delivery',
    },
    appliesTo: [bottledOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: `${GAS_REG}；${MOHURD}第四条`,
  },
  {
    // Major (judged): off-spec gas, as for fillers and producers.
    id: 'bottled.dme_blending',
    text: { zh: '非法掺混二甲醚', en: 'LPG blended with dimethyl ether' },
    appliesTo: [bottledOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: GAS_REG,
  },
  {
    id: 'bottled.industrial_fuel_to_restaurants',
    text: {
      zh: '违规向餐饮单位配送工业丙烷、醇基燃料、生物质燃油等工业燃料',
      en: 'Industrial fuel delivered to restaurants',
    },
    appliesTo: [bottledOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)2',
    // The same bases as the user's item (venue.industrial_fuel, issue 10.9): 城镇燃气管理条例 does not name industrial fuel.
    basis: `安委〔2023〕3号；${PLAN}三(一)2、三(一)6；${HAZCHEM_REG}`,
  },
  {
    // Major (judged): it creates the MOHURD art. 9 defect (LPG in underground spaces) at the user.
    id: 'bottled.supplies_underground',
    text: {
      zh: '向地下、半地下空间用户供应液化石油气',
      en: 'LPG supplied to basement or semi-basement users',
    },
    appliesTo: [bottledOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)3',
    basis: `${GAS_REG}；GB 55009 2.2.7`,
  },
  {
    id: 'bottled.supplies_high_rise',
    text: { zh: '向高层民用建筑用户供应液化石油气', en: 'LPG supplied to users in high-rise buildings' },
    appliesTo: [bottledOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)3',
    // As venue.lpg_high_rise (issue 10.2): 城镇燃气管理条例 has no article on LPG in high-rise buildings.
    basis: 'GB 50016-2014（2018年版）5.4.16',
  },
  {
    id: 'bottled.sells_to_unlicensed',
    text: {
      zh: '向未取得燃气经营许可证的单位或个人提供用于经营的液化气',
      en: 'LPG for resale supplied to unlicensed businesses or persons',
    },
    appliesTo: [bottledOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)3',
    basis: `${GAS_REG}第十八条第（四）项`,
  },
  {
    id: 'bottled.sells_unlicensed_fillings',
    text: {
      zh: '销售未经许可的充装单位充装的瓶装燃气，或销售充装单位擅自为非自有气瓶充装的瓶装燃气',
      en: 'Bottled gas sold that an unlicensed filler filled, or that was filled into cylinders the filler does not own',
    },
    appliesTo: [bottledOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)9',
    basis: `${GAS_REG}第十八条第（八）项`,
  },

  // ---- Pipeline operators: 三(一)2 (housing leads) ----
  {
    id: 'pipeline_operator.no_patrol',
    text: {
      zh: '未按规定对供气范围内的管道进行巡查维护',
      en: 'Pipelines in the supply area not patrolled and maintained as required',
    },
    appliesTo: [pipelineOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)2',
    basis: GAS_REG,
  },
  {
    // Major (judged): unodorised gas makes every leak undetectable by users.
    id: 'pipeline_operator.no_odorisation',
    text: { zh: '未对管道燃气加臭', en: 'Piped gas not odorised' },
    appliesTo: [pipelineOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: `${GAS_REG}；GB 50028`,
  },
  {
    // Major: MOHURD art. 4 (no periodic safety inspection of users).
    id: 'pipeline_operator.no_periodic_user_inspection',
    text: {
      zh: '未对使用管道燃气的餐饮单位等用户进行户内燃气设施定期安全检查',
      en: "Users' indoor gas installations not inspected periodically",
    },
    appliesTo: [pipelineOperator],
    severity: 'major',
    department: 'housing',
    planRef: '三(一)2',
    basis: `${GAS_REG}第十七条；CJJ 51-2016 3.5.1；${MOHURD}第四条`,
    register: { kind: 'users_inspected' },
  },
  {
    id: 'pipeline_operator.no_user_notice',
    text: {
      zh: '未告知用户不得擅自改装户内燃气设施、不得在同一房间内使用两种及以上气源等安全用气要求',
      en: 'Users not told the safe-use rules (no self-made changes, not two gas sources in one room)',
    },
    appliesTo: [pipelineOperator],
    severity: 'general',
    department: 'housing',
    planRef: '三(一)2',
    basis: GAS_REG,
  },

  // ---- The pipeline network: 三(三)1, 三(五)8 (housing leads) ----
  {
    // Major (judged): the plan demands 立行立改 with interim control, as for the MOHURD network items.
    id: 'network.ageing_or_defective',
    text: { zh: '燃气管道老化或带病运行', en: 'Gas pipeline ageing or operated with known defects' },
    appliesTo: [pipeline],
    severity: 'major',
    department: 'housing',
    planRef: '三(三)1',
    basis: `${AGEING_PIPES}；${GAS_REG}；${MOHURD}`,
    register: { kind: 'pipe_ageing' },
  },
  {
    // Major: the MOHURD standard's art. 6 names encroachment of medium-pressure and higher pipelines
    // within the protection zone; the pressure class is the register's (条例 art. 33 forbids building over).
    id: 'network.encroached',
    text: {
      zh: '中压及以上燃气管道保护范围内被建（构）筑物占压',
      en: 'Medium-pressure or higher gas pipeline built over within its protection zone',
    },
    appliesTo: [pipeline],
    severity: 'major',
    department: 'housing',
    planRef: '三(三)1',
    basis: `${GAS_REG}第三十三条；${MOHURD}第六条`,
    register: { kind: 'pipe_flag', flag: 'encroached', pressure: 'medium_or_above' },
  },
  {
    // General: low-pressure encroachment is forbidden (条例 art. 33) but not a major hazard under art. 6.
    id: 'network.encroached_low_pressure',
    text: {
      zh: '低压燃气管道被建（构）筑物占压',
      en: 'Low-pressure gas pipeline built over',
    },
    appliesTo: [pipeline],
    severity: 'general',
    department: 'housing',
    planRef: '三(三)1',
    basis: `${GAS_REG}第三十三条`,
    register: { kind: 'pipe_flag', flag: 'encroached', pressure: 'low' },
  },
  {
    // Major (judged), as above.
    id: 'network.through_confined_space',
    text: { zh: '燃气管道穿越密闭空间', en: 'Gas pipeline passing through a confined space' },
    appliesTo: [pipeline],
    severity: 'major',
    department: 'housing',
    planRef: '三(三)1',
    basis: `${GAS_REG}；${MOHURD}`,
    register: { kind: 'pipe_flag', flag: 'confinedSpace' },
  },
  {
    id: 'network.no_protection_plan',
    text: {
      zh: '管道周边建设项目未落实燃气设施保护方案',
      en: 'Nearby construction without a gas-facility protection plan in force',
    },
    appliesTo: [pipeline],
    severity: 'general',
    department: 'housing',
    planRef: '三(三)1',
    basis: GAS_REG,
  },
  {
    id: 'network.renewal_unsupervised',
    text: {
      zh: '老旧管道更新改造工程未纳入工程质量安全监管体系',
      en: 'Ageing-pipeline renewal works outside construction quality and safety supervision',
    },
    appliesTo: [pipeline],
    severity: 'general',
    department: 'housing',
    planRef: '三(三)1',
    basis: '建设工程质量管理条例',
  },
  {
    id: 'network.works_subcontracting',
    text: { zh: '燃气工程转包、违法分包', en: 'Gas works passed on whole or unlawfully subcontracted' },
    appliesTo: [pipeline],
    severity: 'general',
    department: 'housing',
    planRef: '三(三)1',
    basis: '建筑法',
  },
  {
    id: 'network.works_practice',
    text: {
      zh: '项目负责人不带班作业、不按施工方案施工、不进行安全技术交底或未验收合格即投入使用',
      en: 'Works without the project lead on site, off the method statement, without safety briefing, or used before acceptance',
    },
    appliesTo: [pipeline],
    severity: 'general',
    department: 'housing',
    planRef: '三(三)1',
    basis: '建设工程安全生产管理条例',
  },
  {
    id: 'network.construction_without_protection',
    text: {
      zh: '施工范围内有地下燃气管道设施，施工单位未将安全保护措施纳入施工组织设计和工程安全措施',
      en: 'Construction over buried gas facilities without protection measures in the works design',
    },
    appliesTo: [pipeline],
    severity: 'general',
    department: 'housing',
    planRef: '三(五)8',
    basis: NM_GAS_REG,
  },

  // ---- Filling enterprises: 三(一)4-5 (market regulation) ----
  {
    // Major (judged): unlicensed operation is shut down (依法责令关停), as MOHURD art. 4 for operators.
    id: 'filling.no_licence',
    text: { zh: '未取得气瓶充装许可从事燃气充装', en: 'Cylinders filled without a valid filling licence' },
    appliesTo: [filling],
    severity: 'major',
    department: 'market_regulation',
    planRef: '三(一)4',
    basis: `${SE_LAW}第四十九条；TSG 07`,
    measure: { kind: 'licence', licence: 'cylinder_filling' },
  },
  {
    id: 'filling.management_system',
    text: {
      zh: '未建立落实安全生产责任制等安全生产管理制度，全员安全生产责任制落实不到位',
      en: 'Safety management system, including responsibility for all staff, not in place or not in force',
    },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(一)4',
    basis: SAFETY_LAW,
  },
  {
    id: 'filling.licence_conditions',
    text: {
      zh: '未按许可规定充装或不符合许可条件',
      en: 'Filling outside the licence, or licence conditions no longer met',
    },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(一)4',
    basis: `${SE_LAW}第四十九条；TSG 07`,
  },
  {
    id: 'filling.safety_funding',
    text: {
      zh: '未按要求投入维持正常运营、保障安全生产条件所需资金',
      en: 'Funding for safe operation not provided as required',
    },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(一)4',
    basis: SAFETY_LAW,
  },
  {
    id: 'filling.no_lifecycle_management',
    text: {
      zh: '自有气瓶未在充装、运输、经营、流向、检验、报废等环节开展全生命周期安全管理',
      en: 'Owned cylinders not managed through filling, transport, sale, tracing, inspection and scrapping',
    },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(一)4',
    basis: 'GB/T 38059-2019',
  },
  {
    id: 'filling.managers_untrained',
    text: {
      zh: '主要负责人和安全生产管理人员未经专业培训并考核合格',
      en: 'Principal or safety managers not trained and assessed',
    },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(一)4',
    basis: SAFETY_LAW,
    register: { kind: 'people_trained', group: 'managers' },
  },
  {
    id: 'filling.operators_uncertified',
    text: {
      zh: '特种设备作业人员无从业资格证书',
      en: 'Special-equipment operators without a certificate',
    },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(一)4',
    basis: SE_LAW,
    register: { kind: 'operators_certified' },
  },
  {
    id: 'filling.no_source_contract',
    text: {
      zh: '未与气源供应商签订气源合同、明确供气保障责任',
      en: 'No gas-source contract with a supplier',
    },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(一)5',
    basis: GAS_REG,
  },
  {
    // Major (judged): off-spec gas reaches every user of the station.
    id: 'filling.dme_blending',
    text: { zh: '充装时非法掺混二甲醚等“问题气”', en: 'Off-spec gas filled (e.g. blended with dimethyl ether)' },
    appliesTo: [filling],
    severity: 'major',
    department: 'market_regulation',
    planRef: '三(一)5',
    basis: `${SE_LAW}；GB 11174`,
  },
  {
    // Major: MOHURD art. 7.
    id: 'filling.non_owned_cylinders',
    text: { zh: '违规充装非自有气瓶', en: 'Cylinders not owned by the enterprise filled' },
    appliesTo: [filling],
    severity: 'major',
    department: 'market_regulation',
    planRef: '三(一)5',
    basis: `${GAS_REG}第十八条第（七）项；${MOHURD}第七条`,
  },
  {
    // Major (judged): the same pre-fill gate as non-owned cylinders (rules-reference, filling).
    id: 'filling.unfit_cylinders',
    text: {
      zh: '违规充装超期未检、不合格、超出使用年限或翻新等气瓶',
      en: 'Inspection-overdue, failed, over-age or refurbished cylinders filled',
    },
    appliesTo: [filling],
    severity: 'major',
    department: 'market_regulation',
    planRef: '三(一)5',
    basis: 'TSG 23；GB 5842；GB/T 8334-2022',
  },
  {
    id: 'filling.no_cylinder_inspection',
    text: { zh: '未依法开展气瓶检验检测', en: 'Cylinders not sent for periodic inspection as required' },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(一)5',
    basis: `${SE_LAW}；GB/T 8334-2022`,
  },
  {
    // The owner (产权单位) withdraws its unfit cylinders; the maker answers only for 同一性缺陷 (SE law art. 26).
    id: 'filling.unfit_cylinders_not_withdrawn',
    text: {
      zh: '未收回自有的过期、破损或“气液双相”气瓶并移交检验机构报废',
      en: 'Own expired, damaged or dual-phase cylinders not withdrawn and handed to an inspection body for scrapping',
    },
    appliesTo: [filling],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(二)1',
    basis: `${PLAN}三(二)1；${SE_LAW}；GB 5842-2023`,
  },
  {
    id: 'filling.station_safety_devices',
    text: {
      zh: '充装站储罐液位压力报警、紧急切断、防拉脱联锁、防爆电气、可燃气体检测报警等安全装置缺失或不能正常使用',
      en: 'Station safety devices (tank alarms, emergency cut-off, anti-pull-away interlock, explosion-proof electrics, gas detectors) missing or not working',
    },
    appliesTo: [filling],
    severity: 'major',
    department: 'market_regulation',
    planRef: '三(一)4',
    basis: `${MOHURD}第五条、第六条；${SE_LAW}`,
  },

  // ---- LPG and industrial fuel producers: 三(一)6, 三(五)5 (emergency management) ----
  {
    // Major (judged): the hazardous-chemicals counterpart of MOHURD art. 4 (no risk grading, no hazard system).
    id: 'producer.no_dual_prevention',
    text: {
      zh: '未建立健全并落实风险识别管控和隐患排查治理双重预防机制',
      en: 'No dual prevention (risk grading and hazard rectification) in force',
    },
    appliesTo: [lpgProducer],
    severity: 'major',
    department: 'emergency',
    planRef: '三(一)6',
    basis: `${SAFETY_LAW}；${HAZCHEM_REG}；安监总管三〔2017〕121号`,
  },
  {
    id: 'producer.no_safety_assessment',
    text: { zh: '未建立落实安全评估等制度', en: 'No safety assessment system in force' },
    appliesTo: [lpgProducer],
    severity: 'general',
    department: 'emergency',
    planRef: '三(一)6',
    basis: `${HAZCHEM_REG}；安监总管三〔2017〕121号`,
  },
  {
    // Major (judged): like unodorised piped gas and DME blending at fillers.
    id: 'producer.off_spec_gas',
    text: {
      zh: '生产气质不达标、无警示性臭味或非法掺混二甲醚等“问题气”',
      en: 'Off-spec LPG produced: below quality, without a warning odour, or blended with dimethyl ether',
    },
    appliesTo: [lpgProducer],
    severity: 'major',
    department: 'emergency',
    planRef: '三(一)6',
    basis: `${HAZCHEM_REG}；安监总管三〔2017〕121号；GB 11174`,
  },
  {
    id: 'producer.sells_to_unlicensed',
    text: {
      zh: '向无经营或充装许可的单位或个人销售用于经营的燃气',
      en: 'Gas for resale sold to businesses or persons without an operation or filling licence',
    },
    appliesTo: [lpgProducer],
    severity: 'general',
    department: 'emergency',
    planRef: '三(一)6',
    basis: `${HAZCHEM_REG}；${GAS_REG}第十八条第（四）项；安监总管三〔2017〕121号`,
  },
  {
    id: 'producer.industrial_fuel_to_civil_use',
    text: {
      zh: '将工业丙烷、醇基燃料、生物质燃油等工业燃料售卖到餐饮单位等民用领域',
      en: 'Industrial fuel sold to restaurants or other civil users',
    },
    appliesTo: [fuelProducer],
    severity: 'general',
    department: 'emergency',
    planRef: '三(五)5',
    basis: `安委〔2023〕3号；${HAZCHEM_REG}；安监总管三〔2017〕121号`,
  },

  // ---- Hazardous-goods carriers and their vehicles: 三(三)2, 三(五)4 (transport) ----
  {
    // Major (judged): unlicensed transport is stopped at once (责令立即停止), as for unlicensed operators.
    id: 'carrier.no_permit',
    text: {
      zh: '未取得危险货物道路运输许可从事燃气运输',
      en: 'Gas carried without a hazardous-goods road transport permit',
    },
    appliesTo: [carrier],
    severity: 'major',
    department: 'transport',
    planRef: '三(三)2',
    basis: ROAD_HAZ,
    measure: { kind: 'licence', licence: 'hazardous_transport' },
  },
  {
    id: 'carrier.permit_conditions',
    text: { zh: '已取得许可但不再符合许可条件', en: 'Permit held but its conditions no longer met' },
    appliesTo: [carrier],
    severity: 'general',
    department: 'transport',
    planRef: '三(三)2',
    basis: ROAD_HAZ,
  },
  {
    id: 'carrier.no_safety_system',
    text: {
      zh: '未制定并落实液化气运输安全责任制等安全管理制度',
      en: 'No LPG transport safety responsibility system in force',
    },
    appliesTo: [carrier],
    severity: 'general',
    department: 'transport',
    planRef: '三(三)2',
    basis: ROAD_HAZ,
  },
  {
    id: 'carrier.no_cylinder_protection',
    text: {
      zh: '未采取气瓶防盗、防丢、防破损技术措施',
      en: 'No technical measures against cylinder theft, loss or damage',
    },
    appliesTo: [carrier],
    severity: 'general',
    department: 'transport',
    planRef: '三(三)2',
    basis: ROAD_HAZ,
  },
  {
    id: 'carrier.sells_in_transit',
    text: { zh: '运输途中沿途销售燃气', en: 'Gas sold along the way during transport' },
    appliesTo: [carrier],
    severity: 'general',
    department: 'transport',
    planRef: '三(三)2',
    basis: `${ROAD_HAZ}；${PLAN}三(三)2`,
  },
  {
    id: 'carrier.no_connected_monitoring',
    text: {
      zh: '未利用重点营运车辆联网联控系统对燃气运输车辆和驾驶员进行动态监控',
      en: 'Vehicles and drivers not monitored through the connected vehicle monitoring system',
    },
    appliesTo: [carrier],
    severity: 'general',
    department: 'transport',
    planRef: '三(五)4',
    basis: '道路运输车辆动态监督管理办法',
  },
  {
    id: 'vehicle.no_permit',
    text: {
      zh: '车辆未取得危险货物道路运输许可从事燃气运输',
      en: 'Vehicle carrying gas without a hazardous-goods transport permit',
    },
    appliesTo: [hazardousVehicle],
    severity: 'major',
    department: 'transport',
    planRef: '三(三)2',
    basis: ROAD_HAZ,
    register: { kind: 'vehicle_permit' },
  },
  {
    id: 'vehicle.speeding',
    text: { zh: '驾驶员超速行驶', en: 'Driver speeding' },
    appliesTo: [hazardousVehicle],
    severity: 'general',
    department: 'transport',
    planRef: '三(五)4',
    basis: '道路交通安全法',
  },
  {
    id: 'vehicle.fatigue_driving',
    text: {
      zh: '驾驶员疲劳驾驶（连续驾驶超过4小时未停车休息或停车休息少于20分钟）',
      en: 'Fatigue driving (over 4 hours at the wheel without a rest of at least 20 minutes)',
    },
    appliesTo: [hazardousVehicle],
    severity: 'general',
    department: 'transport',
    planRef: '三(五)4',
    basis: '道路交通安全法实施条例第六十二条第（七）项',
    measure: { kind: 'number', field: 'longestDrivingHours', unit: 'h', failAbove: 'fatigueDrivingHours' },
  },

  // ---- Cylinder and appliance makers and sellers: 三(二)1-3 (market regulation) ----
  {
    // Major (judged): unlicensed manufacture is shut down (依法责令关停).
    id: 'manufacturer.no_licence',
    text: {
      zh: '未取得制造许可或不具备生产条件从事气瓶和压力管道元件生产',
      en: 'Cylinders or pressure-pipe components made without a manufacturing licence or the means to make them',
    },
    appliesTo: [specialEquipmentMaker],
    severity: 'major',
    department: 'market_regulation',
    planRef: '三(二)1',
    basis: `${SE_LAW}；TSG 07`,
    measure: { kind: 'licence', licence: 'manufacturing' },
  },
  {
    id: 'manufacturer.substandard_cylinders',
    text: { zh: '生产不符合国家标准的“问题瓶”', en: 'Cylinders made below the national standard' },
    appliesTo: [specialEquipmentMaker],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(二)1',
    basis: `${SE_LAW}；GB 5842`,
  },
  {
    // The maker recalls only for a defect common to what it made (同一性缺陷, SE law art. 26); the
    // owner withdraws expired, damaged and dual-phase cylinders (filling.unfit_cylinders_not_withdrawn).
    id: 'manufacturer.no_defect_recall',
    text: {
      zh: '因生产原因存在危及安全的同一性缺陷的气瓶或压力管道元件未停止生产并主动召回',
      en: 'Cylinders or pressure-piping parts with a common manufacturing defect not stopped and recalled',
    },
    appliesTo: [specialEquipmentMaker],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(二)1',
    basis: `${SE_LAW}第二十六条`,
  },
  {
    id: 'manufacturer.substandard_appliances',
    text: {
      zh: '生产不符合产品安全标准或假冒伪劣的可燃气体探测器、紧急切断阀、调压器、连接软管、灶具等燃气具及配件',
      en: 'Substandard or counterfeit detectors, shut-off valves, regulators, hoses, stoves or other appliances made',
    },
    appliesTo: [applianceMaker],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(二)2',
    basis: PRODUCT_LAW,
  },
  {
    id: 'manufacturer.no_compulsory_certification',
    text: {
      zh: '生产不符合强制性产品认证要求的燃气具及配件',
      en: 'Appliances or accessories made without the compulsory product certification',
    },
    appliesTo: [applianceMaker],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(二)2',
    basis: `${CCC}；市场监管总局公告2024年第28号（燃气用软管、燃气紧急切断阀自2025年10月1日起）`,
  },
  {
    id: 'seller.substandard_products',
    text: {
      zh: '在有形市场或电商平台销售不符合安全标准、假冒伪劣的气瓶、瓶阀、软管、灶具等燃气具及配件',
      en: 'Substandard or counterfeit cylinders, valves, hoses, stoves or accessories sold in shops or online',
    },
    appliesTo: [seller],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(二)3',
    basis: PRODUCT_LAW,
  },
  {
    id: 'seller.no_compulsory_certification',
    text: {
      zh: '销售不符合强制性产品认证要求的燃气具及配件',
      en: 'Appliances or accessories sold without the compulsory product certification',
    },
    appliesTo: [seller],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(二)3',
    basis: `${CCC}；市场监管总局公告2024年第28号（燃气用软管、燃气紧急切断阀自2025年10月1日起）`,
  },

  // ---- Inspection agencies: 三(三)3 (market regulation) ----
  {
    id: 'agency.periodic_inspection',
    text: {
      zh: '未严格按照规范要求开展燃气压力容器、压力管道定期检验检测',
      en: 'Periodic inspection of gas pressure vessels and pipes not done to the rules',
    },
    appliesTo: [agency],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(三)3',
    basis: SE_LAW,
  },
  {
    id: 'agency.inspector_certificates',
    text: {
      zh: '检验人员挂证或无证操作',
      en: 'Inspectors lending certificates to the agency (挂证) or inspecting without one',
    },
    appliesTo: [agency],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(三)3',
    basis: SE_LAW,
  },
  {
    id: 'agency.falsified_reports',
    text: { zh: '检验报告弄虚作假', en: 'Inspection reports falsified' },
    appliesTo: [agency],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(三)3',
    basis: SE_LAW,
  },
];

/**
 * Items of earlier versions that the current one no longer asks, as they were: records signed
 * under those versions (and their hazards) still show them with their own text and basis. New
 * inspections never offer them.
 */
export const retiredCheckItems: readonly (CheckItem & { retiredIn: string })[] = [
  {
    // 2026.1: makers are split; the duty to withdraw expired, damaged and dual-phase cylinders lies with
    // their owner (filling.unfit_cylinders_not_withdrawn), the maker's with common defects (no_defect_recall).
    id: 'manufacturer.no_recall',
    retiredIn: '2026.1',
    text: {
      zh: '不符合国家标准的在用“气液双相”气瓶、过期气瓶、破损气瓶未召回',
      en: 'Non-standard dual-phase, expired or damaged cylinders in use not recalled',
    },
    appliesTo: [{ type: 'enterprise', kinds: ['special_equipment_maker'] }],
    severity: 'general',
    department: 'market_regulation',
    planRef: '三(二)1',
    basis: `${SE_LAW}；GB 5842-2023`,
  },
];

const byId = new Map<string, CheckItem>([
  ...retiredCheckItems.map((item) => [item.id, item] as const),
  ...checkItems.map((item) => [item.id, item] as const),
]);
const currentIds = new Set(checkItems.map((item) => item.id));

/** The item with this id, of the current version or, for records of an earlier one, as it was retired; or undefined. */
export function checkItem(id: string): CheckItem | undefined {
  return byId.get(id);
}

/** Whether the current version asks this item (a retired one is only read from old records). */
export function isCurrentCheckItem(id: string): boolean {
  return currentIds.has(id);
}

/** The register's risk flags (venue-risk.ts) and the check items that decide the same defect. */
export const checkItemForVenueRiskFlag: Record<VenueRiskFlagCode, string> = {
  lpg_in_basement: 'venue.lpg_basement',
  lpg_in_high_rise: 'venue.lpg_high_rise',
  cylinder_room_missing: 'venue.cylinder_room',
  two_gas_sources: 'venue.two_gas_sources',
  industrial_fuel: 'venue.industrial_fuel',
  no_detector: 'venue.detector',
  no_shutoff_valve: 'venue.shutoff_valve',
  no_supply_contract: 'venue.supply_contract',
  supply_contract_expired: 'venue.supply_contract',
};
