/**
 * Every number the ledger's rules use, with its source. Local rules differ (rules-reference.md:
 * "every numeric default should be configurable"), so the server loads overrides from its
 * configuration through `resolveLimits` and passes the result to the rules; the rules default to
 * `defaultLimits`.
 */
import { type CylinderLimits, cylinderModels, defaultCylinderLimits } from '../cylinders/cylinders.ts';
import { OVERLAP_WINDOW_DAYS, PLAN_AHEAD_DAYS } from '../inspections/inspections.ts';
import { LICENCE_EXPIRY_WARNING_DAYS, TRAINING_VALID_DAYS } from '../registry/registry.ts';
import { CYLINDER_ROOM_THRESHOLD_KG } from '../registry/venue-risk.ts';

export const severities = ['major', 'general'] as const;
export type Severity = (typeof severities)[number];
export const severityLabels: Record<Severity, { zh: string; en: string }> = {
  major: { zh: '重大隐患', en: 'Major hazard' },
  general: { zh: '一般隐患', en: 'General hazard' },
};

export type HazardLimits = {
  /** Connecting hose at most this long, in metres (plan 三(四)2: 连接软管长度超过2米). */
  hoseMaxM: number;
  /**
   * Life of an ordinary rubber hose, years: local guidance (rules-reference: GB 50028 10.2.8 and
   * GB 55009 set no replacement period; plan 四(一)2 按规定更换). Metal and long-life hoses last as
   * marked by their maker (the `hoseMarkedLifeYears` fact).
   */
  hoseLifeYearsRubber: number;
  /**
   * Stored LPG of this net weight or more needs a dedicated cylinder room, kg (plan 三(四)2; the
   * State Council safety committee's restaurant rectification requirements: two 50 kg cylinders need one).
   */
  cylinderRoomThresholdKg: number;
  /** An LPG detector is mounted at most this high above the floor, metres (GB 50028 10.8.2). */
  lpgDetectorMaxHeightM: number;
  /** Service life of a commercial combustible-gas detector (CJJ/T 146-2011, rules-reference), years. */
  detectorLifeYears: number;
  /** Service life of an emergency shut-off valve (CJJ/T 146-2011, rules-reference), years. */
  shutoffValveLifeYears: number;
  /** Service life of a cylinder pressure regulator, years (local guidance, rules-reference: unverified default). */
  regulatorLifeYears: number;
  /**
   * Life of the seal ring (密封圈) between a cylinder's valve and its regulator, years (local guidance,
   * rules-reference: "seal ring every 3", unverified default; plan 四(一)2).
   */
  sealRingLifeYears: number;
  /**
   * Continuous driving above this many hours without a rest of at least `fatigueRestMinutes` is
   * fatigue driving (道路交通安全法实施条例 art. 62(7): 4 hours, 20 minutes).
   */
  fatigueDrivingHours: number;
  /** The shortest rest that ends a stretch of continuous driving, minutes (art. 62(7)). */
  fatigueRestMinutes: number;
  /** A delivery vehicle above this speed is flagged as speeding, km/h (local choice: the urban limit for dangerous goods). */
  speedLimitKmh: number;
  /** A delivery without its door safety check (随瓶安检) is overdue after this many hours (rules-reference: configurable). */
  deliveryCheckOverdueHours: number;
  /** Months between an operator's inspections of a non-residential user (CJJ 51-2016 3.5.1: yearly). */
  userInspectionMonthsNonResidential: number;
  /** Months between an operator's inspections of a residential user (CJJ 51-2016 3.5.1: every two years). */
  userInspectionMonthsResidential: number;
  /**
   * Months between a venue's own self-inspections (plan 五、工作安排(一)2: 每月…一次全面自查): a venue with none
   * signed in the last this many calendar months, up to the month checked, is flagged as having missed it.
   */
  selfInspectionIntervalMonths: number;
  /** Days to rectify a general hazard, from the day it was found (plan 五(一)3 明确完成时限; local choice). */
  deadlineDaysGeneral: number;
  /** Days to rectify a major hazard; it also needs an interim control measure meanwhile (五(一)4). */
  deadlineDaysMajor: number;
  /** Severities that need an interim control measure while not yet rectified (plan 五(一)4, 三(三)1). */
  interimControlSeverities: readonly Severity[];
  /** Days past the deadline before level 1 (township and responsible department): 0 = the first overdue day. */
  escalateLevel1AfterDays: number;
  /**
   * Further days at level 1 before level 2 (the campaign office). The plan numbers two sections
   * 五; this is 五、保障措施 (二) 督办交办, after 五、工作安排 (一)3 限期办结.
   */
  escalateLevel2AfterDays: number;
  /** Share of closed general hazards drawn for follow-up review (plan 五(二) 回头看); all major ones are always drawn. */
  followUpShare: number;
  /** The same item failing again at the same object within this many months of close-out is a rebound (改后反弹). */
  reboundWindowMonths: number;
  /** A passed training stays valid this many days unless its record says otherwise (先培训、后排查, plan 五(一)1). */
  trainingValidDays: number;
  /** A licence expiring within this many days is listed as expiring (the register's warning). */
  licenceExpiryWarningDays: number;
  /** Inspections of one object within this many days either side of a planned day overlap (多头重复检查). */
  overlapWindowDays: number;
  /** A hazard's deadline may be set at most this many days after today (限期办结 needs a reachable date). */
  maxDeadlineDays: number;
  /** An inspection may be planned at most this many days ahead. */
  planAheadDays: number;
};

/** The defaults (with the cylinder rules' numbers, issue 11: one configuration). */
export const defaultLimits: HazardLimits & CylinderLimits = {
  hoseMaxM: 2.0,
  hoseLifeYearsRubber: 2,
  cylinderRoomThresholdKg: CYLINDER_ROOM_THRESHOLD_KG,
  lpgDetectorMaxHeightM: 0.3,
  detectorLifeYears: 3,
  shutoffValveLifeYears: 10,
  regulatorLifeYears: 5,
  sealRingLifeYears: 3,
  fatigueDrivingHours: 4,
  fatigueRestMinutes: 20,
  speedLimitKmh: 60,
  deliveryCheckOverdueHours: 24,
  userInspectionMonthsNonResidential: 12,
  userInspectionMonthsResidential: 24,
  selfInspectionIntervalMonths: 1,
  deadlineDaysGeneral: 15,
  deadlineDaysMajor: 30,
  interimControlSeverities: ['major'],
  escalateLevel1AfterDays: 0,
  escalateLevel2AfterDays: 7,
  followUpShare: 0.2,
  reboundWindowMonths: 6,
  trainingValidDays: TRAINING_VALID_DAYS,
  licenceExpiryWarningDays: LICENCE_EXPIRY_WARNING_DAYS,
  overlapWindowDays: OVERLAP_WINDOW_DAYS,
  maxDeadlineDays: 730,
  planAheadDays: PLAN_AHEAD_DAYS,
  ...defaultCylinderLimits,
};

/** The ledger's numbers and the cylinder rules' (issue 11): one configuration, RANAN_LIMITS. */
export type RananLimits = HazardLimits & CylinderLimits;
export const defaultRananLimits: RananLimits = defaultLimits;

export type LimitsResult = { ok: true; limits: RananLimits } | { ok: false; errors: string[] };

/**
 * The defaults with the configured overrides applied, or the names of the overrides that make no
 * sense (a negative length, a share above 1, a fractional day count…).
 */
export function resolveLimits(overrides: Partial<RananLimits> = {}): LimitsResult {
  const limits: RananLimits = { ...defaultRananLimits, ...overrides };
  const errors: string[] = [];
  const positive = [
    'hoseMaxM',
    'hoseLifeYearsRubber',
    'cylinderRoomThresholdKg',
    'lpgDetectorMaxHeightM',
    'detectorLifeYears',
    'shutoffValveLifeYears',
    'regulatorLifeYears',
    'sealRingLifeYears',
    'fatigueDrivingHours',
    'fatigueRestMinutes',
    'cylinderDesignLifeYears',
    'cylinderMaxLifeYears',
    'cylinderLegacyLifeYears',
    'cylinderInspectionIntervalYears',
    'cylinderNotSeenDays',
    'cylinderMaxTravelKmh',
    'speedLimitKmh',
    'deliveryCheckOverdueHours',
  ] as const;
  for (const key of positive) {
    if (!(Number.isFinite(limits[key]) && limits[key] > 0)) errors.push(key);
  }
  const wholeDays = [
    'userInspectionMonthsNonResidential',
    'userInspectionMonthsResidential',
    'selfInspectionIntervalMonths',
    'deadlineDaysGeneral',
    'deadlineDaysMajor',
    'escalateLevel1AfterDays',
    'escalateLevel2AfterDays',
    'reboundWindowMonths',
    'trainingValidDays',
    'licenceExpiryWarningDays',
    'overlapWindowDays',
    'maxDeadlineDays',
    'planAheadDays',
  ] as const;
  for (const key of wholeDays) {
    if (!(Number.isInteger(limits[key]) && limits[key] >= 0)) errors.push(key);
  }
  if (!(Number.isFinite(limits.cylinderLifeExtensionYears) && limits.cylinderLifeExtensionYears >= 0)) {
    errors.push('cylinderLifeExtensionYears');
  }
  const tolerances = limits.cylinderFillToleranceKg;
  if (
    typeof tolerances !== 'object' ||
    tolerances === null ||
    !Object.entries(tolerances).every(
      ([m, v]) => (cylinderModels as readonly string[]).includes(m) && Number.isFinite(v) && (v as number) >= 0,
    )
  ) {
    errors.push('cylinderFillToleranceKg');
  }
  if (limits.deadlineDaysGeneral < 1) errors.push('deadlineDaysGeneral');
  if (limits.userInspectionMonthsNonResidential < 1) errors.push('userInspectionMonthsNonResidential');
  if (limits.userInspectionMonthsResidential < 1) errors.push('userInspectionMonthsResidential');
  if (limits.selfInspectionIntervalMonths < 1) errors.push('selfInspectionIntervalMonths');
  if (limits.deadlineDaysMajor < 1) errors.push('deadlineDaysMajor');
  if (limits.trainingValidDays < 1) errors.push('trainingValidDays');
  if (limits.planAheadDays < 1) errors.push('planAheadDays');
  if (limits.maxDeadlineDays < Math.max(limits.deadlineDaysGeneral, limits.deadlineDaysMajor))
    errors.push('maxDeadlineDays');
  if (!(Number.isFinite(limits.followUpShare) && limits.followUpShare >= 0 && limits.followUpShare <= 1)) {
    errors.push('followUpShare');
  }
  if (!limits.interimControlSeverities.every((s) => (severities as readonly string[]).includes(s))) {
    errors.push('interimControlSeverities');
  }
  const unique = [...new Set(errors)];
  return unique.length ? { ok: false, errors: unique } : { ok: true, limits };
}
