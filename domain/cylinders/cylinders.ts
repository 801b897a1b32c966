/**
 * One cylinder, one code (一瓶一码, plan 四(三)2): the pure rules of the cylinder register and the
 * pre-fill gate (充装前检查, plan 三(一)4–5, 三(二)1). Sources: rules-reference.md, section
 * "Filling: the pre-fill gate". Shared by the server and the web; no Node or DOM imports.
 */
import { addYears } from '../dates.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** The code printed or engraved on a cylinder, as stored: trimmed, inner blanks removed, upper case. */
export function normaliseCylinderCode(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase();
}

/** A code is 4–64 letters, digits, '-', '_' or '.' once normalised. */
export const CYLINDER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]{3,63}$/;

/**
 * Models under their GB 5842-2023 names, with the nominal net fill (kg) and the tolerance (kg).
 * Nominal fills follow GB 5842's table of models; the tolerance of YSP35.5 (14.5 ± 0.5 kg) is the
 * rules reference's (GB 17267, second-hand); the others are the same share of the fill (unverified
 * defaults: configurable through RANAN_LIMITS `cylinderFillToleranceKg`).
 */
export const cylinderModels = ['YSP4.7', 'YSP12', 'YSP26.2', 'YSP35.5', 'YSP118', 'YSP118-II'] as const;
export type CylinderModel = (typeof cylinderModels)[number];
export const cylinderModelSpecs: Record<CylinderModel, { nominalKg: number; toleranceKg: number; label: string }> = {
  'YSP4.7': { nominalKg: 1.9, toleranceKg: 0.1, label: '2 kg' },
  YSP12: { nominalKg: 5.0, toleranceKg: 0.2, label: '5 kg' },
  'YSP26.2': { nominalKg: 11.0, toleranceKg: 0.4, label: '10 kg' },
  'YSP35.5': { nominalKg: 14.5, toleranceKg: 0.5, label: '15 kg' },
  YSP118: { nominalKg: 49.5, toleranceKg: 1.0, label: '50 kg' },
  'YSP118-II': { nominalKg: 49.5, toleranceKg: 1.0, label: '50 kg 气液双相' },
};

/** The common names (GB 5842-2006 and trade use) accepted for the models. */
const modelAliases: Record<string, CylinderModel> = {
  'YSP-5': 'YSP12',
  YSP5: 'YSP12',
  'YSP-10': 'YSP26.2',
  YSP10: 'YSP26.2',
  'YSP-15': 'YSP35.5',
  YSP15: 'YSP35.5',
  'YSP-50': 'YSP118',
  YSP50: 'YSP118',
  'YSP-50-II': 'YSP118-II',
};

/** The model under its GB 5842-2023 name, or null for a name that is neither that nor a common one. */
export function normaliseCylinderModel(raw: string): CylinderModel | null {
  const name = raw.trim().replace(/\s+/g, '').toUpperCase().replace(/－/g, '-');
  const exact = cylinderModels.find((m) => m.toUpperCase() === name);
  return exact ?? modelAliases[name] ?? null;
}

/** What the cylinder holds: gas phase, liquid phase, or the legacy gas-liquid dual phase (YSP118-II). */
export const cylinderPhases = ['gas', 'liquid', 'dual_phase'] as const;
export type CylinderPhase = (typeof cylinderPhases)[number];
export const cylinderPhaseLabels: Labels<CylinderPhase> = {
  gas: { zh: '气相', en: 'Gas phase' },
  liquid: { zh: '液相', en: 'Liquid phase' },
  dual_phase: { zh: '气液双相（淘汰型）', en: 'Dual phase (legacy)' },
};

export const cylinderStatuses = ['in_service', 'seized', 'scrapped'] as const;
export type CylinderStatus = (typeof cylinderStatuses)[number];
export const cylinderStatusLabels: Labels<CylinderStatus> = {
  in_service: { zh: '在用', en: 'In service' },
  seized: { zh: '已查扣', en: 'Seized' },
  scrapped: { zh: '已报废', en: 'Scrapped' },
};

export const cylinderLocationTypes = ['station', 'vehicle', 'user', 'inspection_agency', 'unknown'] as const;
export type CylinderLocationType = (typeof cylinderLocationTypes)[number];
export const cylinderLocationLabels: Labels<CylinderLocationType> = {
  station: { zh: '充装站', en: 'Station' },
  vehicle: { zh: '配送车辆', en: 'Vehicle' },
  user: { zh: '用户', en: 'User' },
  inspection_agency: { zh: '检验机构', en: 'Inspection agency' },
  unknown: { zh: '不明', en: 'Unknown' },
};

/** The life of a cylinder as events (modelled on GS1 EPCIS: what, when, where, why, who). */
export const cylinderEventTypes = [
  'registered',
  'filled',
  'fill_refused',
  'dispatched',
  'delivered',
  'returned_empty',
  'sent_for_inspection',
  'inspected',
  'seized',
  'scrapped',
  'seen',
  'retracted',
] as const;
export type CylinderEventType = (typeof cylinderEventTypes)[number];
export const cylinderEventLabels: Labels<CylinderEventType> = {
  registered: { zh: '建档', en: 'Registered' },
  filled: { zh: '充装', en: 'Filled' },
  fill_refused: { zh: '拒绝充装', en: 'Fill refused' },
  dispatched: { zh: '出站配送', en: 'Dispatched' },
  delivered: { zh: '送达用户', en: 'Delivered' },
  returned_empty: { zh: '空瓶回收', en: 'Returned empty' },
  sent_for_inspection: { zh: '送检', en: 'Sent for inspection' },
  inspected: { zh: '定期检验', en: 'Inspected' },
  seized: { zh: '查扣', en: 'Seized' },
  scrapped: { zh: '报废', en: 'Scrapped' },
  seen: { zh: '扫码', en: 'Scanned' },
  retracted: { zh: '更正（撤回）', en: 'Retracted' },
};

/** Refusal reasons of the pre-fill gate: the contract of POST /api/v1/filling/check. */
export const fillRefusalCodes = [
  'CYLINDER_UNKNOWN',
  'NOT_OWNED',
  'INSPECTION_OVERDUE',
  'SERVICE_LIFE_EXCEEDED',
  'FAILED_INSPECTION',
  'REFURBISHED',
  'SCRAPPED',
  'SEIZED',
  'BLACKLISTED',
  'STATION_NOT_LICENSED',
] as const;
export type FillRefusalCode = (typeof fillRefusalCodes)[number];

/** Each refusal with its text and its basis (rules-reference.md, "Filling: the pre-fill gate"). */
export const fillRefusalRules: Record<FillRefusalCode, { zh: string; en: string; basis: string }> = {
  CYLINDER_UNKNOWN: {
    zh: '气瓶未建档或编码无法识别，不得充装',
    en: 'The cylinder has no registered code',
    basis: 'GB/T 38059-2019; plan 三(一)5, 四(三)2',
  },
  NOT_OWNED: {
    zh: '非本单位自有产权气瓶，不得充装',
    en: 'The cylinder belongs to another enterprise',
    basis: '城镇燃气管理条例 art. 18(七); 建城规〔2023〕4号 art. 7; plan 三(一)5',
  },
  INSPECTION_OVERDUE: {
    zh: '气瓶超期未检，严禁充装',
    en: 'The periodic inspection is overdue',
    basis: 'TSG 23; GB/T 8334-2022; plan 三(一)5',
  },
  SERVICE_LIFE_EXCEEDED: {
    zh: '气瓶超出设计使用年限，应予报废',
    en: 'The cylinder is past its design service life',
    basis: 'GB 5842; plan 三(一)5',
  },
  FAILED_INSPECTION: {
    zh: '气瓶最近一次定期检验不合格',
    en: 'The last periodic inspection failed',
    basis: 'TSG 23; plan 三(一)5',
  },
  REFURBISHED: {
    zh: '翻新或改装气瓶，不得充装',
    en: 'Refurbished or modified cylinder',
    basis: 'TSG 23; plan 三(一)5',
  },
  SCRAPPED: { zh: '气瓶已报废，编码已注销', en: 'The cylinder is scrapped', basis: 'GB/T 38059-2019; plan 三(一)5' },
  SEIZED: { zh: '气瓶已被查扣', en: 'The cylinder is seized', basis: 'plan 三(一)5, 三(二)1' },
  BLACKLISTED: {
    zh: '气瓶产品列入黑名单（召回）',
    en: 'The cylinder product is on the blacklist',
    basis: 'plan 三(二)1',
  },
  STATION_NOT_LICENSED: {
    zh: '充装站无有效气瓶充装许可证',
    en: 'The station has no valid cylinder filling licence',
    basis: 'plan 三(一)4',
  },
};

/** Numbers of the cylinder rules (configurable with the other limits, RANAN_LIMITS). */
export type CylinderLimits = {
  /** Design life of a GB 5842-2006 cylinder without a stamped life, years. */
  cylinderDesignLifeYears: number;
  /** Extension after a passed periodic inspection, years (up to `cylinderMaxLifeYears`). */
  cylinderLifeExtensionYears: number;
  cylinderMaxLifeYears: number;
  /** Life of a cylinder made before 2007-02-01 without a stamped life, years. */
  cylinderLegacyLifeYears: number;
  /** Periodic inspection interval, years (GB/T 8334-2022). */
  cylinderInspectionIntervalYears: number;
  /** A cylinder not seen for longer than this is an anomaly, days. */
  cylinderNotSeenDays: number;
  /** Two scans implying a speed above this are an anomaly, km/h. */
  cylinderMaxTravelKmh: number;
  /** Fill tolerance per model, kg (overrides cylinderModelSpecs). */
  cylinderFillToleranceKg: Partial<Record<CylinderModel, number>>;
};

export const defaultCylinderLimits: CylinderLimits = {
  cylinderDesignLifeYears: 8,
  cylinderLifeExtensionYears: 4,
  cylinderMaxLifeYears: 12,
  cylinderLegacyLifeYears: 15,
  cylinderInspectionIntervalYears: 4,
  cylinderNotSeenDays: 180,
  cylinderMaxTravelKmh: 120,
  cylinderFillToleranceKg: {},
};

/** Made before GB 5842-2006 took effect: the legacy life applies. */
export const GB5842_2006_EFFECTIVE = '2007-02-01';

export type GateCylinder = {
  ownerEnterpriseId: string;
  manufacturedOn: string;
  designLifeYears: number | null;
  lastInspectedOn: string | null;
  lastInspectionPassed: boolean | null;
  nextInspectionDue: string | null;
  refurbished: boolean;
  status: CylinderStatus;
};

/** The last day of the cylinder's service life. */
export function serviceLifeEnds(c: GateCylinder, limits: CylinderLimits = defaultCylinderLimits): string {
  if (c.designLifeYears !== null) return addYears(c.manufacturedOn, c.designLifeYears);
  if (c.manufacturedOn < GB5842_2006_EFFECTIVE) return addYears(c.manufacturedOn, limits.cylinderLegacyLifeYears);
  const extended =
    c.lastInspectionPassed === true && c.lastInspectedOn !== null && c.lastInspectedOn > c.manufacturedOn;
  const years = extended
    ? Math.min(limits.cylinderMaxLifeYears, limits.cylinderDesignLifeYears + limits.cylinderLifeExtensionYears)
    : limits.cylinderDesignLifeYears;
  return addYears(c.manufacturedOn, years);
}

/** The day the next periodic inspection is due: as recorded, else the interval from the last one (or from manufacture). */
export function inspectionDue(c: GateCylinder, limits: CylinderLimits = defaultCylinderLimits): string {
  if (c.nextInspectionDue) return c.nextInspectionDue;
  return addYears(c.lastInspectedOn ?? c.manufacturedOn, limits.cylinderInspectionIntervalYears);
}

export type GateInput = {
  /** Null: no cylinder is registered under the code. */
  cylinder: GateCylinder | null;
  station: { enterpriseId: string; licensed: boolean };
  blacklisted: boolean;
  today: string;
  limits?: CylinderLimits;
};

/**
 * The pre-fill gate: every rule the cylinder fails at this station, in a fixed order. Filling is
 * allowed exactly when the list is empty.
 */
export function evaluateFillingGate(input: GateInput): FillRefusalCode[] {
  const { cylinder: c, station, today } = input;
  const limits = input.limits ?? defaultCylinderLimits;
  const reasons: FillRefusalCode[] = [];
  if (!station.licensed) reasons.push('STATION_NOT_LICENSED');
  if (!c) return ['CYLINDER_UNKNOWN', ...reasons];
  if (c.ownerEnterpriseId !== station.enterpriseId) reasons.push('NOT_OWNED');
  if (c.status === 'scrapped') reasons.push('SCRAPPED');
  if (c.status === 'seized') reasons.push('SEIZED');
  if (inspectionDue(c, limits) < today) reasons.push('INSPECTION_OVERDUE');
  if (serviceLifeEnds(c, limits) < today) reasons.push('SERVICE_LIFE_EXCEEDED');
  if (c.lastInspectionPassed === false) reasons.push('FAILED_INSPECTION');
  if (c.refurbished) reasons.push('REFURBISHED');
  if (input.blacklisted) reasons.push('BLACKLISTED');
  const order = fillRefusalCodes as readonly string[];
  return reasons.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * What a filling operator (充装人员) lacks to fill today (先培训、后上岗, plan 五(一)1; 持证上岗, TSG Z6001 and
 * TSG 23 for 气瓶充装 P): a passed training still valid, and an operator's certificate (number held, not
 * expired). Empty: the operator may fill.
 */
export const operatorDutyGaps = ['training', 'certificate'] as const;
export type OperatorDutyGap = (typeof operatorDutyGaps)[number];
export function fillingOperatorGaps(
  p: {
    training: readonly { passed: boolean; validUntil: string | null }[];
    certificateNumber: string | null;
    certificateExpiresOn: string | null;
  },
  today: string,
): OperatorDutyGap[] {
  const out: OperatorDutyGap[] = [];
  if (!p.training.some((r) => r.passed && (r.validUntil === null || r.validUntil >= today))) out.push('training');
  if (!p.certificateNumber || !p.certificateExpiresOn || p.certificateExpiresOn < today) out.push('certificate');
  return out;
}

/** Whether a net fill weight lies within the model's tolerance. */
export function fillWithinTolerance(
  model: CylinderModel,
  netKg: number,
  limits: CylinderLimits = defaultCylinderLimits,
): { nominalKg: number; toleranceKg: number; within: boolean } {
  const spec = cylinderModelSpecs[model];
  const toleranceKg = limits.cylinderFillToleranceKg[model] ?? spec.toleranceKg;
  return { nominalKg: spec.nominalKg, toleranceKg, within: Math.abs(netKg - spec.nominalKg) <= toleranceKg + 1e-9 };
}

/** A blacklist entry of products (maker, model, batch or production-date range). */
export type BlacklistMatcher = {
  manufacturer: string;
  model: CylinderModel | null;
  batch: string | null;
  producedFrom: string | null;
  producedTo: string | null;
};

export function matchesBlacklist(
  c: { manufacturer: string; model: string; batch: string | null; manufacturedOn: string },
  e: BlacklistMatcher,
): boolean {
  if (c.manufacturer.trim() !== e.manufacturer.trim()) return false;
  if (e.model && c.model !== e.model) return false;
  if (e.batch && c.batch !== e.batch) return false;
  if (e.producedFrom && c.manufacturedOn < e.producedFrom) return false;
  if (e.producedTo && c.manufacturedOn > e.producedTo) return false;
  return true;
}

/** Great-circle distance in km between two points (lng/lat degrees). */
export function distanceKm(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Two scans too far apart too quickly: the implied speed exceeds the limit (and the distance is more than 1 km). */
export function impossibleTravel(
  a: { lng: number; lat: number; at: Date },
  b: { lng: number; lat: number; at: Date },
  maxKmh: number,
): boolean {
  const km = distanceKm(a, b);
  if (km <= 1) return false;
  const hours = Math.abs(b.at.getTime() - a.at.getTime()) / 3_600_000;
  return hours === 0 || km / hours > maxKmh;
}

export const cylinderAnomalyKinds = ['foreign_fill', 'not_seen', 'retired_seen', 'impossible_travel'] as const;
export type CylinderAnomalyKind = (typeof cylinderAnomalyKinds)[number];
export const cylinderAnomalyLabels: Labels<CylinderAnomalyKind> = {
  foreign_fill: { zh: '在其他企业充装站充装', en: "Filled at another enterprise's station" },
  not_seen: { zh: '长期未见', en: 'Not seen for too long' },
  retired_seen: { zh: '查扣或报废气瓶再次出现', en: 'Seized or scrapped cylinder seen again' },
  impossible_travel: { zh: '两次扫码距离过远、时间过短', en: 'Two scans too far apart too quickly' },
};
