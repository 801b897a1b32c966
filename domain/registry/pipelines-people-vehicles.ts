/**
 * Pure rules of the pipeline network, people and vehicles in the register, shared by the server
 * schemas and the web forms.
 */
import { CHINA_BOUNDS } from './places.ts';
import { addDays } from '../dates.ts';
import { type EnterpriseKind, type PersonKind, TRAINING_VALID_DAYS } from './registry.ts';

// The China calendar date and day arithmetic: domain/dates.ts (re-exported for the register's callers).
export { addDays, chinaToday } from '../dates.ts';

/**
 * A training stays valid this long unless the record says otherwise (先培训、后排查, plan 五(一)1); the days are
 * the limit `trainingValidDays` in force (规则参数), TRAINING_VALID_DAYS by default.
 */
export function trainingValidUntil(trainedOn: string, validDays: number = TRAINING_VALID_DAYS): string {
  return addDays(trainedOn, validDays);
}

// ---- Pipeline network (plan 三(三)1, 四(二)) ----

/** Segments older than this are not plausible in 乌审旗's network; the year is checked on input. */
export const MIN_INSTALLED_YEAR = 1950;
export const MAX_GEOMETRY_POINTS = 5_000;

export type LngLat = [number, number];

/**
 * Why a line's coordinates are not usable, or null when they are: at least two WGS-84 points, each
 * within China (as every registered location: a swapped or mistyped coordinate is refused).
 */
export function geometryProblem(points: readonly (readonly number[])[]): string | null {
  if (points.length < 2) return 'at_least_two_points';
  if (points.length > MAX_GEOMETRY_POINTS) return 'too_many_points';
  for (const p of points) {
    if (p.length !== 2 || !p.every(Number.isFinite)) return 'not_a_pair';
    if (p[0]! < CHINA_BOUNDS.lngMin || p[0]! > CHINA_BOUNDS.lngMax) return 'lng_out_of_range';
    if (p[1]! < CHINA_BOUNDS.latMin || p[1]! > CHINA_BOUNDS.latMax) return 'lat_out_of_range';
  }
  return null;
}

export type GeometryParse = { ok: true; points: LngLat[] } | { ok: false; line: number; reason: string };

/**
 * Reads "lng,lat" per line (the web form's text area; a Chinese comma or spaces also separate).
 * Empty text is no geometry. Reports the first bad line (1-based).
 */
export function parseGeometryText(text: string): GeometryParse {
  const lines = text.split(/\r?\n/);
  const points: LngLat[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const parts = line.split(/[,，\s]+/).filter(Boolean);
    const nums = parts.map(Number);
    if (parts.length !== 2 || !nums.every(Number.isFinite)) return { ok: false, line: i + 1, reason: 'not_a_pair' };
    const problem = geometryProblem([
      [nums[0]!, nums[1]!],
      [nums[0]!, nums[1]!],
    ]);
    if (problem) return { ok: false, line: i + 1, reason: problem };
    points.push([nums[0]!, nums[1]!]);
  }
  if (points.length === 0) return { ok: true, points };
  if (points.length < 2) return { ok: false, line: lines.length, reason: 'at_least_two_points' };
  if (points.length > MAX_GEOMETRY_POINTS) return { ok: false, line: lines.length, reason: 'too_many_points' };
  return { ok: true, points };
}

export function formatGeometryText(points: readonly LngLat[] | null | undefined): string {
  return (points ?? []).map(([lng, lat]) => `${lng},${lat}`).join('\n');
}

// ---- People (plan 五(一)1, 四(一)1) ----

/** Kinds of enterprise staff: they belong to an enterprise. Inspectors belong to a department or township. */
export const staffKinds = [
  'principal',
  'safety_manager',
  'delivery_worker',
  'filling_operator',
  'special_equipment_operator',
  'other_staff',
] as const satisfies readonly PersonKind[];

export function isStaffKind(kind: PersonKind): boolean {
  return (staffKinds as readonly string[]).includes(kind);
}

/**
 * Staff a venue (a restaurant, a school canteen…) may register as its own: its principal, its safety
 * person, a boiler operator and other staff — the people who do its monthly self-inspection (每月一次
 * 全面自查, plan 五(一)2) after the training the plan requires of 餐饮单位 (三(五)6: 对从业人员开展瓶装液化
 * 石油气安全…培训). Delivery and filling belong to gas enterprises.
 */
export const venueStaffKinds = [
  'principal',
  'safety_manager',
  'special_equipment_operator',
  'other_staff',
] as const satisfies readonly PersonKind[];

export function isVenueStaffKind(kind: PersonKind): boolean {
  return (venueStaffKinds as readonly string[]).includes(kind);
}

/** A special-equipment operator works under a certificate (特种设备作业人员证): number and expiry required. */
export function needsCertificate(kind: PersonKind): boolean {
  return kind === 'special_equipment_operator';
}

/** Principals and safety managers pass an assessment (考核合格) on their safety knowledge. */
export function hasAssessment(kind: PersonKind): boolean {
  return kind === 'principal' || kind === 'safety_manager';
}

export function certificateExpired(expiresOn: string | null, today: string): boolean {
  return expiresOn !== null && expiresOn < today;
}

// ---- Vehicles (plan 三(三)2, 四(三)3) ----

/**
 * A Chinese licence plate: province, issuing-office letter (no I or O), then 5 characters for a
 * normal plate or 6 for a new-energy one; the last may be 挂 (trailer), 学, 警, 港 or 澳.
 */
export const PLATE_PATTERN =
  /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]$/;

/** Plates are compared upper-case and without spaces or the dot some people write after the letter. */
export function normalisePlate(plate: string): string {
  return plate.replace(/[\s·.]/g, '').toUpperCase();
}

export function isValidPlate(plate: string): boolean {
  return PLATE_PATTERN.test(normalisePlate(plate));
}

/** Hazardous-goods vehicles belong to carriers, or to bottled-gas operators that carry their own (三(三)2). */
export const hazardousVehicleEnterpriseKinds = [
  'hazardous_carrier',
  'bottled_operator',
] as const satisfies readonly EnterpriseKind[];

export function permitExpired(validTo: string | null, today: string): boolean {
  return validTo !== null && validTo < today;
}
