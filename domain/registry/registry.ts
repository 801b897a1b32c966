/**
 * The register of supervised objects (底数清): kinds and enumerations shared by the server
 * schemas and the web forms. Labels are zh-CN first, English second.
 */
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const enterpriseKinds = [
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
  // Issue 16: builders working near gas facilities (第三方施工), the responsible party of their works' hazards.
  'builder',
] as const;
export type EnterpriseKind = (typeof enterpriseKinds)[number];
export const enterpriseKindLabels: Labels<EnterpriseKind> = {
  pipeline_operator: { zh: '管道燃气经营企业', en: 'Pipeline gas operator' },
  bottled_operator: { zh: '瓶装液化气经营企业', en: 'Bottled LPG operator' },
  filling_enterprise: { zh: '气瓶充装企业', en: 'Filling enterprise' },
  lpg_producer: { zh: '液化石油气生产企业', en: 'LPG producer' },
  industrial_fuel_producer: { zh: '工业燃料生产企业', en: 'Industrial fuel producer' },
  hazardous_carrier: { zh: '危险货物道路运输企业', en: 'Hazardous-goods carrier' },
  // Split (issue 10): special-equipment makers need a TSG 07 manufacturing licence; appliance makers
  // are held to product standards and compulsory certification (CCC) instead.
  special_equipment_maker: {
    zh: '气瓶及压力管道元件制造企业',
    en: 'Cylinder and pressure-piping component maker',
  },
  appliance_maker: { zh: '燃气具及配件制造企业', en: 'Gas appliance and accessory maker' },
  appliance_seller: { zh: '燃气具销售企业', en: 'Appliance seller' },
  inspection_agency: { zh: '检验检测机构', en: 'Inspection agency' },
  builder: { zh: '建设施工单位', en: 'Construction company' },
};

export const sellerChannels = ['shop', 'online', 'both'] as const;
export type SellerChannel = (typeof sellerChannels)[number];
export const sellerChannelLabels: Labels<SellerChannel> = {
  shop: { zh: '实体店', en: 'Shop' },
  online: { zh: '电商平台', en: 'Online' },
  both: { zh: '实体店及电商', en: 'Shop and online' },
};

export const licenceKinds = [
  'gas_operation',
  'cylinder_filling',
  'hazardous_transport',
  'manufacturing',
  'inspection_qualification',
  'hazchem_safety',
] as const;
export type LicenceKind = (typeof licenceKinds)[number];
export const licenceKindLabels: Labels<LicenceKind> = {
  gas_operation: { zh: '燃气经营许可证', en: 'Gas operation licence' },
  cylinder_filling: { zh: '气瓶充装许可证', en: 'Cylinder filling licence' },
  hazardous_transport: { zh: '道路危险货物运输许可', en: 'Hazardous goods transport permit' },
  manufacturing: { zh: '特种设备制造许可（气瓶、压力管道元件）', en: 'Special-equipment manufacturing licence' },
  inspection_qualification: { zh: '检验检测机构资质', en: 'Inspection agency qualification' },
  // An LPG producer's (refinery, gas processing plant) licence under 危险化学品安全管理条例 and
  // 危险化学品生产企业安全生产许可证实施办法, issued by the region's emergency management: not a
  // special-equipment manufacturing licence.
  hazchem_safety: { zh: '危险化学品安全生产许可证', en: 'Hazardous chemicals safety production licence' },
};

/**
 * 经营类别 of a gas operation licence (燃气经营许可证): which business it allows. A licence of the
 * bottled category makes its holder a bottled-gas operator, of the pipeline category a pipeline operator.
 */
export const gasOperationCategories = ['pipeline', 'bottled'] as const;
export type GasOperationCategory = (typeof gasOperationCategories)[number];
export const gasOperationCategoryLabels: Labels<GasOperationCategory> = {
  pipeline: { zh: '管道燃气', en: 'Pipeline gas' },
  bottled: { zh: '瓶装燃气', en: 'Bottled gas' },
};

/** The business role a licence of this kind gives its holder (gas operation: by its categories). */
const licenceRole: Partial<Record<LicenceKind, EnterpriseKind>> = {
  cylinder_filling: 'filling_enterprise',
  hazardous_transport: 'hazardous_carrier',
  manufacturing: 'special_equipment_maker',
  inspection_qualification: 'inspection_agency',
  hazchem_safety: 'lpg_producer',
};
const categoryRole: Record<GasOperationCategory, EnterpriseKind> = {
  pipeline: 'pipeline_operator',
  bottled: 'bottled_operator',
};

/**
 * An enterprise's business roles (issue 11): the kind it was registered as, the roles its licences
 * give (every unarchived licence on the register, whatever its state: an expired filling licence still makes a
 * filler, whose gate then refuses), and the roles set by hand for an unlicensed one found in the
 * field. Checklists, a department's scope, the map and the filling gate go by these roles.
 */
export function enterpriseRoles(
  kind: EnterpriseKind,
  manualRoles: readonly EnterpriseKind[],
  licences: readonly { kind: LicenceKind; categories: readonly string[] }[],
): EnterpriseKind[] {
  const roles = new Set<EnterpriseKind>([kind, ...manualRoles]);
  for (const l of licences) {
    const role = licenceRole[l.kind];
    if (role) roles.add(role);
    if (l.kind === 'gas_operation')
      for (const c of l.categories) if (c in categoryRole) roles.add(categoryRole[c as GasOperationCategory]);
  }
  return enterpriseKinds.filter((k) => roles.has(k));
}

/** Stored licence states; `expired` is never stored, it is computed from the dates. */
export const storedLicenceStatuses = ['valid', 'suspended', 'revoked'] as const;
export type StoredLicenceStatus = (typeof storedLicenceStatuses)[number];
export const licenceStatuses = ['valid', 'suspended', 'revoked', 'expired'] as const;
export type LicenceStatus = (typeof licenceStatuses)[number];
export const licenceStatusLabels: Labels<LicenceStatus> = {
  valid: { zh: '有效', en: 'Valid' },
  suspended: { zh: '暂停', en: 'Suspended' },
  revoked: { zh: '吊销', en: 'Revoked' },
  expired: { zh: '过期', en: 'Expired' },
};

/** A licence past its validTo date is expired unless it was already suspended or revoked. */
export function licenceStatus(stored: StoredLicenceStatus, validTo: string | null, today: string): LicenceStatus {
  if (stored !== 'valid') return stored;
  return validTo !== null && validTo < today ? 'expired' : 'valid';
}

/** Licences expiring within this many days are listed for the responsible department (issue 3). */
export const LICENCE_EXPIRY_WARNING_DAYS = 60;

export const facilityKinds = [
  'filling_station',
  'storage_station',
  'supply_station',
  'bottle_shop',
  'gate_station',
  'pressure_station',
] as const;
export type FacilityKind = (typeof facilityKinds)[number];
export const facilityKindLabels: Labels<FacilityKind> = {
  filling_station: { zh: '充装站', en: 'Filling station' },
  storage_station: { zh: '储配站', en: 'Storage and distribution station' },
  supply_station: { zh: '供应站', en: 'Supply station' },
  bottle_shop: { zh: '瓶装供应点', en: 'Bottle shop' },
  gate_station: { zh: '门站', en: 'Gate station' },
  pressure_station: { zh: '调压站', en: 'Pressure regulating station' },
};

export const venueCategories = [
  'restaurant',
  'school',
  'hospital',
  'farmers_market',
  'mixed_building',
  'elderly_care',
  'tourist_site',
  'civil_affairs_facility',
  'hotel',
  'workplace_canteen',
  'construction_canteen',
  'farmstay',
  'religious_site',
  'household',
  'other',
] as const;
export type VenueCategory = (typeof venueCategories)[number];
export const venueCategoryLabels: Labels<VenueCategory> = {
  restaurant: { zh: '餐饮单位', en: 'Restaurant' },
  school: { zh: '学校', en: 'School' },
  hospital: { zh: '医院', en: 'Hospital' },
  farmers_market: { zh: '农贸市场', en: "Farmers' market" },
  mixed_building: { zh: '商住混合体', en: 'Mixed commercial-residential building' },
  elderly_care: { zh: '养老福利机构', en: 'Elderly care home' },
  tourist_site: { zh: '旅游景区', en: 'Tourist site' },
  civil_affairs_facility: { zh: '民政服务机构', en: 'Civil-affairs facility' },
  hotel: { zh: '宾馆酒店', en: 'Hotel' },
  workplace_canteen: { zh: '单位食堂', en: 'Workplace canteen' },
  construction_canteen: { zh: '建筑工地食堂', en: 'Building-site canteen' },
  farmstay: { zh: '牧家乐', en: 'Herder farmstay (牧家乐)' },
  religious_site: { zh: '宗教活动场所', en: 'Religious site' },
  household: { zh: '居民用户', en: 'Household' },
  other: { zh: '其他', en: 'Other' },
};

export const venueFloors = ['basement', 'semi_basement', 'ground', 'upper', 'high_rise'] as const;
export type VenueFloor = (typeof venueFloors)[number];
export const venueFloorLabels: Labels<VenueFloor> = {
  basement: { zh: '地下', en: 'Basement' },
  semi_basement: { zh: '半地下', en: 'Semi-basement' },
  ground: { zh: '地上一层', en: 'Ground floor' },
  upper: { zh: '地上二层及以上', en: 'Upper floor' },
  // Kept for entries made before the building's height was recorded on its own (`highRiseBuilding`):
  // such an entry still counts as in a high-rise building.
  high_rise: { zh: '高层建筑', en: 'High-rise' },
};

/** Whether the venue's building is a high-rise civil building, from the register's fields. */
export function inHighRiseBuilding(v: { highRiseBuilding?: boolean | null; floor?: string | null }): boolean | null {
  if (v.highRiseBuilding === true || v.floor === 'high_rise') return true;
  return v.highRiseBuilding ?? null;
}

/**
 * Types of connecting hose (plan 四(一)2 promotes metal hoses and long-life rubber hoses). Each has
 * its own life: an ordinary rubber hose the configured years (local guidance, `hoseLifeYearsRubber`);
 * a metal or long-life hose the life marked on it by its maker (`hoseMarkedLifeYears`). GB 50028
 * 10.2.8 and GB 55009 set no replacement period.
 */
export const hoseTypes = ['rubber', 'long_life_rubber', 'metal'] as const;
export type HoseType = (typeof hoseTypes)[number];
export const hoseTypeLabels: Labels<HoseType> = {
  rubber: { zh: '普通橡胶软管', en: 'Ordinary rubber hose' },
  long_life_rubber: { zh: '长寿命胶管', en: 'Long-life rubber hose' },
  metal: { zh: '金属软管（波纹管）', en: 'Metal (corrugated) hose' },
};

export const gasSources = ['piped', 'bottled_lpg', 'industrial_fuel'] as const;
export type GasSource = (typeof gasSources)[number];
export const gasSourceLabels: Labels<GasSource> = {
  piped: { zh: '管道燃气', en: 'Piped gas' },
  bottled_lpg: { zh: '瓶装液化气', en: 'Bottled LPG' },
  industrial_fuel: { zh: '工业燃料', en: 'Industrial fuel' },
};

export const supplyStatuses = ['normal', 'suspended'] as const;
export type SupplyStatus = (typeof supplyStatuses)[number];
export const supplyStatusLabels: Labels<SupplyStatus> = {
  normal: { zh: '正常供气', en: 'Normal' },
  suspended: { zh: '未整改完毕暂停供气', en: 'Suspended until rectified' },
};

/** `cast_iron` is grey (灰口) cast iron, to be renewed whatever its state (国办发〔2022〕22号); ductile iron is its own. */
export const pipeMaterials = ['steel', 'pe', 'cast_iron', 'ductile_iron', 'stainless', 'other'] as const;
export type PipeMaterial = (typeof pipeMaterials)[number];
export const pipeMaterialLabels: Labels<PipeMaterial> = {
  steel: { zh: '钢管', en: 'Steel' },
  pe: { zh: 'PE管', en: 'PE' },
  cast_iron: { zh: '灰口铸铁管', en: 'Grey cast iron' },
  ductile_iron: { zh: '球墨铸铁管', en: 'Ductile iron' },
  stainless: { zh: '不锈钢管', en: 'Stainless steel' },
  other: { zh: '其他', en: 'Other' },
};

/** Pressure classes of GB 50028. */
export const pressureClasses = ['low', 'medium_b', 'medium_a', 'sub_high_b', 'sub_high_a', 'high_b', 'high_a'] as const;
export type PressureClass = (typeof pressureClasses)[number];
export const pressureClassLabels: Labels<PressureClass> = {
  low: { zh: '低压', en: 'Low' },
  medium_b: { zh: '中压B', en: 'Medium B' },
  medium_a: { zh: '中压A', en: 'Medium A' },
  sub_high_b: { zh: '次高压B', en: 'Sub-high B' },
  sub_high_a: { zh: '次高压A', en: 'Sub-high A' },
  high_b: { zh: '高压B', en: 'High B' },
  high_a: { zh: '高压A', en: 'High A' },
};

export const renewalStatuses = ['not_needed', 'planned', 'in_progress', 'done'] as const;
export type RenewalStatus = (typeof renewalStatuses)[number];
export const renewalStatusLabels: Labels<RenewalStatus> = {
  not_needed: { zh: '无需改造', en: 'Not needed' },
  planned: { zh: '计划改造', en: 'Planned' },
  in_progress: { zh: '改造中', en: 'In progress' },
  done: { zh: '已改造', en: 'Done' },
};

export const personKinds = [
  'inspector',
  'principal',
  'safety_manager',
  'delivery_worker',
  'filling_operator',
  'special_equipment_operator',
  'other_staff',
] as const;
export type PersonKind = (typeof personKinds)[number];
export const personKindLabels: Labels<PersonKind> = {
  inspector: { zh: '排查人员', en: 'Inspector' },
  principal: { zh: '主要负责人', en: 'Principal' },
  safety_manager: { zh: '安全生产管理人员', en: 'Safety manager' },
  delivery_worker: { zh: '送气人员', en: 'Delivery worker' },
  filling_operator: { zh: '充装人员', en: 'Filling operator' },
  special_equipment_operator: { zh: '特种设备作业人员', en: 'Special-equipment operator' },
  other_staff: { zh: '其他从业人员', en: 'Other staff' },
};

export const vehicleKinds = ['delivery', 'hazardous_transport'] as const;
export type VehicleKind = (typeof vehicleKinds)[number];
export const vehicleKindLabels: Labels<VehicleKind> = {
  delivery: { zh: '配送车辆', en: 'Delivery vehicle' },
  hazardous_transport: { zh: '危险货物运输车辆', en: 'Hazardous-goods vehicle' },
};

/** A training record lets a person inspect for this long after the training (先培训、后排查); configurable. */
export const TRAINING_VALID_DAYS = 365;

/** 先培训、后排查 (plan 五(一)1): a person may inspect only with a passed training that is still valid. */
export function mayInspect(records: { passed: boolean; validUntil: string | null }[], today: string): boolean {
  return records.some((r) => r.passed && (r.validUntil === null || r.validUntil >= today));
}

/** Age of a pipeline segment in whole years (computed, never stored). */
export function pipelineAge(installedYear: number | null, today: string): number | null {
  return installedYear === null ? null : Number(today.slice(0, 4)) - installedYear;
}

/**
 * The Chinese text search key: every two-character run of the text (and every single character),
 * lower-cased. A GIN index over this array answers "contains" searches on PostgreSQL and PGlite
 * alike without a trigram extension, which splits Chinese poorly.
 */
export function searchTokens(...parts: (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const part of parts) {
    if (!part) continue;
    const chars = [...part.toLowerCase().replace(/\s+/g, '')];
    for (let i = 0; i < chars.length; i++) {
      if (i + 1 < chars.length) tokens.add(chars[i]! + chars[i + 1]!);
    }
    if (chars.length === 1) tokens.add(chars[0]!);
  }
  return [...tokens];
}

/** The tokens a query must all be present for: its bigrams (a one-character query has none: scan). */
export function queryTokens(q: string): string[] {
  const chars = [...q.toLowerCase().replace(/\s+/g, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

/**
 * Which object kinds a department answers for, from the plan's assignment of tasks (三(一)–三(五)):
 * a department officer sees the objects of these kinds in the department's county.
 */
export const departmentResponsibilities: Record<
  string,
  { enterprises: readonly EnterpriseKind[]; venues: boolean; pipelines: boolean; vehicles: boolean }
> = {
  // 三(一)1-3, 三(三)1, 三(五)2, 三(五)8: gas operators and the network.
  // Builders near gas facilities: 三(三)1, 三(五)8 (construction supervision is housing's).
  housing: {
    enterprises: ['pipeline_operator', 'bottled_operator', 'builder'],
    venues: true,
    pipelines: true,
    vehicles: false,
  },
  urban_enforcement: {
    enterprises: ['pipeline_operator', 'bottled_operator'],
    venues: true,
    pipelines: true,
    vehicles: false,
  },
  // 三(一)4-5, 三(二), 三(三)3, 三(五)3: fillers, makers, sellers, inspection agencies.
  market_regulation: {
    enterprises: [
      'filling_enterprise',
      'special_equipment_maker',
      'appliance_maker',
      'appliance_seller',
      'inspection_agency',
      'lpg_producer',
      'industrial_fuel_producer',
    ],
    venues: true,
    pipelines: false,
    vehicles: false,
  },
  // 三(一)6, 三(五)5: producers of LPG and industrial fuel.
  emergency: {
    enterprises: ['lpg_producer', 'industrial_fuel_producer'],
    venues: false,
    pipelines: false,
    vehicles: false,
  },
  // 三(三)2, 三(五)4: carriers and their vehicles.
  transport: { enterprises: ['hazardous_carrier'], venues: false, pipelines: false, vehicles: true },
  // 三(一)7, 三(二): illegal depots and cylinders anywhere in the chain.
  public_security: { enterprises: [...enterpriseKinds], venues: true, pipelines: false, vehicles: true },
  // 三(一)8, 三(四), 三(五)7: fire safety of operators, fillers and crowded venues.
  fire_rescue: {
    enterprises: ['pipeline_operator', 'bottled_operator', 'filling_enterprise'],
    venues: true,
    pipelines: false,
    vehicles: false,
  },
  // 三(四), 三(五)6: restaurants.
  industry_tech: { enterprises: [], venues: true, pipelines: false, vehicles: false },
  // 三(五) closing paragraph: schools, civil-affairs facilities, tourist sites, hospitals.
  education_sports: { enterprises: [], venues: true, pipelines: false, vehicles: false },
  civil_affairs: { enterprises: [], venues: true, pipelines: false, vehicles: false },
  culture_tourism: { enterprises: [], venues: true, pipelines: false, vehicles: false },
  health: { enterprises: [], venues: true, pipelines: false, vehicles: false },
  // The office and the leading group answer for everything.
  campaign_office: { enterprises: [...enterpriseKinds], venues: true, pipelines: true, vehicles: true },
  leading_group: { enterprises: [...enterpriseKinds], venues: true, pipelines: true, vehicles: true },
};

/** Venue categories a sector department answers for (the others see all venues they cover). */
export const departmentVenueCategories: Record<string, readonly VenueCategory[]> = {
  industry_tech: ['restaurant'],
  education_sports: ['school'],
  civil_affairs: ['civil_affairs_facility', 'elderly_care'],
  culture_tourism: ['tourist_site', 'hotel', 'farmstay'],
  health: ['hospital'],
};
