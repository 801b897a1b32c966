/**
 * The bottled-gas delivery system (配送信息系统, plan 四(三)3): the operator's real-name users, orders,
 * the refusals of plan 三(一)3 and the door safety check (随瓶安检, plan 三(一)2). Pure rules shared by
 * the server and the web; the numbers come from the configured limits (domain/hazards/limits.ts).
 */
import { checkItem } from '../hazards/checklist.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const gasUserKinds = ['household', 'business'] as const;
export type GasUserKind = (typeof gasUserKinds)[number];
export const gasUserKindLabels: Labels<GasUserKind> = {
  household: { zh: '居民用户', en: 'Household' },
  business: { zh: '非居民用户', en: 'Business' },
};

/** Where the user's cylinders stand relative to the ground (plan 三(一)3: no LPG below ground). */
export const belowGroundValues = ['none', 'semi_basement', 'basement'] as const;
export type BelowGround = (typeof belowGroundValues)[number];
export const belowGroundLabels: Labels<BelowGround> = {
  none: { zh: '地上', en: 'Above ground' },
  semi_basement: { zh: '半地下', en: 'Semi-basement' },
  basement: { zh: '地下', en: 'Basement' },
};

/** Cylinder sizes a user may order: YSP-standard cylinders; `ysp118_ii` is the 50 kg dual-phase one. */
export const cylinderSpecs = ['ysp12', 'ysp35', 'ysp118', 'ysp118_ii'] as const;
export type CylinderSpec = (typeof cylinderSpecs)[number];
export const cylinderSpecLabels: Labels<CylinderSpec> = {
  ysp12: { zh: '5公斤瓶（YSP12）', en: '5 kg cylinder (YSP12)' },
  ysp35: { zh: '15公斤瓶（YSP35.5）', en: '15 kg cylinder (YSP35.5)' },
  ysp118: { zh: '50公斤瓶（YSP118）', en: '50 kg cylinder (YSP118)' },
  ysp118_ii: { zh: '50公斤气液双相瓶（YSP118-II）', en: '50 kg dual-phase cylinder (YSP118-II)' },
};

export const fuels = ['lpg', 'industrial_propane', 'alcohol_fuel', 'biomass_oil'] as const;
export type Fuel = (typeof fuels)[number];
export const fuelLabels: Labels<Fuel> = {
  lpg: { zh: '民用液化石油气', en: 'Domestic LPG' },
  industrial_propane: { zh: '工业丙烷', en: 'Industrial propane' },
  alcohol_fuel: { zh: '醇基燃料', en: 'Alcohol-based fuel' },
  biomass_oil: { zh: '生物质燃油', en: 'Biomass fuel oil' },
};

export const orderChannels = ['phone', 'public', 'shop'] as const;
export type OrderChannel = (typeof orderChannels)[number];
export const orderChannelLabels: Labels<OrderChannel> = {
  phone: { zh: '电话订气', en: 'By phone' },
  public: { zh: '用户自助下单', en: 'By the user online' },
  shop: { zh: '门店订气', en: 'At the shop' },
};

export const orderStatuses = ['placed', 'assigned', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export const orderStatusLabels: Labels<OrderStatus> = {
  placed: { zh: '待派送', en: 'Placed' },
  assigned: { zh: '配送中', en: 'Assigned' },
  delivered: { zh: '已送达', en: 'Delivered' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/**
 * Why an order or a delivery is refused: each a stable code (the error `delivery.<code>`) with its
 * plain Chinese reason and the rule it implements. Where a check item names the same defect (`itemId`),
 * the basis is that item's (issue 10.9: one basis, from the checklist), followed by the plan's clause.
 */
export const refusalCodes = [
  'below_ground',
  'high_rise',
  'supply_suspended',
  'restaurant_dual_phase',
  'industrial_fuel',
  'outside_zone',
  'no_contract',
  'worker_untrained',
  'vehicle_not_bound',
  'vehicle_permit_expired',
  'cylinder_refused',
] as const;
export type RefusalCode = (typeof refusalCodes)[number];

/** The basis of a refusal a check item also names: the item's basis, then the plan's clause. */
function itemBasis(itemId: string, planClause: string): { itemId: string; basis: string } {
  const item = checkItem(itemId);
  if (!item) throw new Error(`refusal basis: no check item ${itemId}`);
  return { itemId, basis: `${item.basis}；${planClause}` };
}

export const refusalLabels: Labels<RefusalCode> & Record<RefusalCode, { basis: string; itemId?: string }> = {
  below_ground: {
    zh: '用户气瓶放置在地下或半地下空间，不得供应瓶装液化气',
    en: 'The cylinders stand in a basement or semi-basement: no LPG may be supplied',
    ...itemBasis('bottled.supplies_underground', '方案三(一)3'),
  },
  high_rise: {
    zh: '高层民用建筑只能使用管道燃气，不得供应瓶装液化气',
    en: 'A high-rise civil building may use piped gas only',
    ...itemBasis('bottled.supplies_high_rise', '方案三(一)3'),
  },
  supply_suspended: {
    zh: '用户隐患未整改完毕，已暂停供气',
    en: 'Supply is suspended until the hazard is rectified',
    basis: '方案五(一)2',
  },
  restaurant_dual_phase: {
    zh: '餐饮单位不得使用50公斤气液双相钢瓶',
    en: 'A restaurant may not use a 50 kg dual-phase cylinder',
    ...itemBasis('venue.dual_phase_cylinder', '方案三(四)3'),
  },
  industrial_fuel: {
    zh: '不得向餐饮单位等用户配送工业丙烷、醇基燃料、生物质燃油等工业燃料',
    en: 'Industrial fuels may not be delivered to restaurants and other users',
    ...itemBasis('bottled.industrial_fuel_to_restaurants', '方案三(一)2'),
  },
  outside_zone: {
    zh: '用户地址不在本企业固定配送范围内',
    en: "The address is outside the operator's delivery zones",
    basis: '方案四(三)3',
  },
  no_contract: {
    zh: '用户未与本企业签订有效的供用气合同',
    en: 'The user has no valid supply contract with this operator',
    ...itemBasis('venue.supply_contract', '方案三(一)3'),
  },
  worker_untrained: {
    zh: '送气人员没有有效的培训记录或从业证书',
    en: 'The delivery worker has no valid training or certificate',
    basis: '方案三(一)1',
  },
  vehicle_not_bound: {
    zh: '车辆未与该送气人员绑定（人车对应）',
    en: 'The vehicle is not bound to this worker',
    basis: '方案四(三)3',
  },
  vehicle_permit_expired: {
    zh: '配送车辆的许可证已过期',
    en: "The vehicle's permit has expired",
    ...itemBasis('vehicle.no_permit', '方案三(三)2'),
  },
  cylinder_refused: {
    zh: '该气瓶不符合充装条件，不得配送',
    en: 'This cylinder would be refused at filling and may not be delivered',
    basis: '方案三(一)2',
  },
};

/** The facts the user-side refusals are judged from: the operator's user file and the register's venue, the worse of both. */
export type UserFacts = {
  kind: GasUserKind;
  operatorId: string;
  belowGround: BelowGround;
  highRiseBuilding: boolean;
  contractOperatorId: string | null;
  contractFrom: string | null;
  contractTo: string | null;
  /** From the register's venue: its category, floor, building and supply status. */
  venue: {
    category: string;
    floor: string;
    highRiseBuilding: boolean | null;
    supplyStatus: string;
  } | null;
  /** Whether the user's map point lies in one of the operator's zones (null: no point recorded). */
  inZone: boolean | null;
};

export type OrderFacts = { spec: CylinderSpec; fuel: Fuel };

/** The user-side refusals, in the order the plan lists them (the first is the one answered). */
export function userRefusals(u: UserFacts, order: OrderFacts | null, today: string): RefusalCode[] {
  const out: RefusalCode[] = [];
  const venueBelow = u.venue?.floor === 'basement' || u.venue?.floor === 'semi_basement';
  if (u.belowGround !== 'none' || venueBelow) out.push('below_ground');
  if (u.highRiseBuilding || u.venue?.highRiseBuilding === true || u.venue?.floor === 'high_rise') out.push('high_rise');
  if (u.venue?.supplyStatus === 'suspended') out.push('supply_suspended');
  if (order) {
    if (order.spec === 'ysp118_ii' && u.venue?.category === 'restaurant') out.push('restaurant_dual_phase');
    if (order.fuel !== 'lpg') out.push('industrial_fuel');
  }
  if (u.inZone !== true) out.push('outside_zone');
  if (!contractValid(u, today)) out.push('no_contract');
  return out;
}

export function contractValid(
  u: Pick<UserFacts, 'operatorId' | 'contractOperatorId' | 'contractFrom' | 'contractTo'>,
  today: string,
): boolean {
  return (
    u.contractOperatorId === u.operatorId &&
    u.contractFrom !== null &&
    u.contractFrom <= today &&
    (u.contractTo === null || u.contractTo >= today)
  );
}

/** Two contract periods overlap (null end: open). */
export function periodsOverlap(
  a: { from: string; to: string | null },
  b: { from: string; to: string | null },
): boolean {
  return (a.to === null || b.from <= a.to) && (b.to === null || a.from <= b.to);
}

/** The worker and vehicle refusals (人车对应, trained staff). */
export function crewRefusals(
  c: {
    training: { passed: boolean; validUntil: string | null }[];
    certificateNumber: string | null;
    certificateExpiresOn: string | null;
    vehicleBoundPersonId: string | null;
    workerId: string;
    vehiclePermitValidTo: string | null;
  },
  today: string,
): RefusalCode[] {
  const out: RefusalCode[] = [];
  const trained = c.training.some((r) => r.passed && (r.validUntil === null || r.validUntil >= today));
  const certified = c.certificateNumber !== null && c.certificateExpiresOn !== null && c.certificateExpiresOn >= today;
  const certificateExpired = c.certificateExpiresOn !== null && c.certificateExpiresOn < today;
  if (!(trained || certified) || certificateExpired) out.push('worker_untrained');
  if (c.vehicleBoundPersonId !== c.workerId) out.push('vehicle_not_bound');
  if (c.vehiclePermitValidTo !== null && c.vehiclePermitValidTo < today) out.push('vehicle_permit_expired');
  return out;
}

// ---- The door safety check (随瓶安检) ----

/**
 * The items checked at every delivery; `itemId` is the ledger's checklist item a failure becomes
 * (its severity, plan clause and responsible department), `businessOnly` items are asked of businesses.
 */
export const doorCheckItems = [
  {
    id: 'hose_length',
    itemId: 'venue.hose_length',
    businessOnly: false,
    zh: '连接软管长度不超过2米',
    en: 'Hose at most 2 m long',
  },
  {
    id: 'hose_age',
    itemId: 'venue.hose_age',
    businessOnly: false,
    zh: '软管未老化、在使用年限内',
    en: 'Hose not aged, within its life',
  },
  {
    id: 'hose_type',
    // Not venue.banned_hose: only a banned-products catalogue entry named at an inspection makes a hose
    // "banned" (issue 10.4); a delivery worker's doubt about the hose type is a general hazard of its own.
    itemId: null,
    businessOnly: false,
    zh: '软管类型符合要求',
    en: 'Hose of an allowed type',
  },
  {
    id: 'tee_joint',
    itemId: 'venue.hose_tee_or_through_wall',
    businessOnly: false,
    zh: '无私接三通、软管不穿墙',
    en: 'No tee joints, hose not through walls',
  },
  {
    id: 'regulator',
    itemId: 'venue.regulator_expired',
    businessOnly: false,
    zh: '减压阀完好、在使用年限内',
    en: 'Regulator sound, within its life',
  },
  { id: 'valve', itemId: null, businessOnly: false, zh: '瓶阀完好、无泄漏', en: 'Cylinder valve sound, no leak' },
  {
    id: 'detector',
    itemId: 'venue.detector',
    businessOnly: true,
    zh: '安装可燃气体探测器',
    en: 'Gas detector installed',
  },
  {
    id: 'shutoff_valve',
    itemId: 'venue.shutoff_valve',
    businessOnly: true,
    zh: '安装燃气紧急切断阀',
    en: 'Emergency shut-off valve installed',
  },
  { id: 'ventilation', itemId: null, businessOnly: false, zh: '用气场所通风良好', en: 'Well ventilated' },
  {
    id: 'fire_distance',
    itemId: null,
    businessOnly: false,
    zh: '气瓶远离明火、热源',
    en: 'Cylinders away from fire and heat',
  },
  {
    id: 'cylinders_apart',
    itemId: 'venue.cylinders_not_apart',
    businessOnly: false,
    zh: '在用气瓶与备用气瓶分开放置',
    en: 'Cylinders in use and spare kept apart',
  },
] as const;
export type DoorCheckItemId = (typeof doorCheckItems)[number]['id'];
export const doorCheckItemIds = doorCheckItems.map((i) => i.id) as [DoorCheckItemId, ...DoorCheckItemId[]];
export const checkAnswers = ['pass', 'fail', 'na'] as const;
export type CheckAnswer = (typeof checkAnswers)[number];

export function doorCheckItemsFor(kind: GasUserKind) {
  return doorCheckItems.filter((i) => kind === 'business' || !i.businessOnly);
}

/**
 * The failed items of a check: the ticks, with the hose length decided from the measurement when one
 * is given (a hose longer than the limit fails whatever was ticked).
 */
export function failedDoorItems(
  kind: GasUserKind,
  answers: Partial<Record<DoorCheckItemId, CheckAnswer>>,
  facts: { hoseLengthM?: number | null },
  limits: { hoseMaxM: number },
): DoorCheckItemId[] {
  const failed: DoorCheckItemId[] = [];
  for (const item of doorCheckItemsFor(kind)) {
    let answer = answers[item.id];
    if (item.id === 'hose_length' && facts.hoseLengthM != null)
      answer = facts.hoseLengthM > limits.hoseMaxM ? 'fail' : 'pass';
    if (answer === 'fail') failed.push(item.id);
  }
  return failed;
}

/** Items of the user's kind left unanswered (every item needs pass, fail or n/a). */
export function unansweredDoorItems(
  kind: GasUserKind,
  answers: Partial<Record<DoorCheckItemId, CheckAnswer>>,
  facts: { hoseLengthM?: number | null },
): DoorCheckItemId[] {
  return doorCheckItemsFor(kind)
    .filter((i) => !answers[i.id] && !(i.id === 'hose_length' && facts.hoseLengthM != null))
    .map((i) => i.id);
}

/** The check rate: deliveries with their check over deliveries (null when none). */
export function checkRate(delivered: number, checked: number): number | null {
  return delivered === 0 ? null : checked / delivered;
}
