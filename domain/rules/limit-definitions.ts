/**
 * The office's view of every limit (规则参数, issue 10.14): its Chinese label, unit, basis and the range of
 * values it accepts. The values themselves are data (table `limit_versions`, server/modules/rules); the
 * defaults are those of domain/hazards/limits.ts. Every key of `RananLimits` has a definition here, so a
 * limit added to the rules without a label, unit and basis does not compile.
 */
import { cylinderModels } from '../cylinders/cylinders.ts';
import { type RananLimits, resolveLimits, severities } from '../hazards/limits.ts';

export type LimitKey = keyof RananLimits;
type Text = { zh: string; en: string };

/**
 * `integer` and `number` are checked against [min, max]; `share` is a number in [0, 1]; `severities` a list
 * of hazard severities; `tolerances` a kilogram tolerance per cylinder model.
 */
export type LimitValueKind = 'integer' | 'number' | 'share' | 'severities' | 'tolerances';

export type LimitDefinition = {
  label: Text;
  unit: Text | null;
  /** The legal or plan basis (rules-reference.md); "local choice" where no rule fixes the number. */
  basis: string;
  group: LimitGroup;
  kind: LimitValueKind;
  min?: number;
  max?: number;
};

export const limitGroups = ['venue', 'inspection', 'hazard', 'register', 'delivery', 'cylinder'] as const;
export type LimitGroup = (typeof limitGroups)[number];
export const limitGroupLabels: Record<LimitGroup, Text> = {
  venue: { zh: '用气场所与设施', en: 'Venues and installations' },
  inspection: { zh: '排查与安检', en: 'Inspections' },
  hazard: { zh: '隐患整改与督办', en: 'Rectification and escalation' },
  register: { zh: '台账与资质', en: 'Register and licences' },
  delivery: { zh: '瓶装气配送', en: 'Bottled-gas delivery' },
  cylinder: { zh: '气瓶', en: 'Cylinders' },
};

const Y: Text = { zh: '年', en: 'years' };
const D: Text = { zh: '天', en: 'days' };
const M: Text = { zh: '个月', en: 'months' };
const LOCAL = '地方规定（可配置默认值）';

export const limitDefinitions: Record<LimitKey, LimitDefinition> = {
  hoseMaxM: {
    label: { zh: '连接软管最大长度', en: 'Longest connecting hose' },
    unit: { zh: '米', en: 'm' },
    basis: '方案三(四)2；GB 50028 10.2.8；GB 55009',
    group: 'venue',
    kind: 'number',
    min: 0.1,
    max: 10,
  },
  hoseLifeYearsRubber: {
    label: { zh: '普通橡胶软管使用年限', en: 'Life of an ordinary rubber hose' },
    unit: Y,
    basis: `${LOCAL}；GB 50028、GB 55009 未规定更换周期；方案四(一)2`,
    group: 'venue',
    kind: 'number',
    min: 0.5,
    max: 30,
  },
  cylinderRoomThresholdKg: {
    label: { zh: '须设独立气瓶间的存量（净重）', en: 'Stored LPG needing a cylinder room (net)' },
    unit: { zh: '千克', en: 'kg' },
    basis: '方案三(四)2；国务院安委会餐饮场所燃气安全整治要求',
    group: 'venue',
    kind: 'number',
    min: 1,
    max: 10000,
  },
  lpgDetectorMaxHeightM: {
    label: { zh: '液化气探测器距地面最大高度', en: 'Highest LPG detector above the floor' },
    unit: { zh: '米', en: 'm' },
    basis: 'GB 50028 10.8.2',
    group: 'venue',
    kind: 'number',
    min: 0.05,
    max: 3,
  },
  detectorLifeYears: {
    label: { zh: '可燃气体探测器使用年限（商业）', en: 'Life of a gas detector (commercial)' },
    unit: Y,
    basis: 'CJJ/T 146-2011',
    group: 'venue',
    kind: 'number',
    min: 0.5,
    max: 30,
  },
  shutoffValveLifeYears: {
    label: { zh: '紧急切断阀使用年限', en: 'Life of an emergency shut-off valve' },
    unit: Y,
    basis: 'CJJ/T 146-2011',
    group: 'venue',
    kind: 'number',
    min: 0.5,
    max: 50,
  },
  regulatorLifeYears: {
    label: { zh: '瓶装气调压器使用年限', en: 'Life of a cylinder regulator' },
    unit: Y,
    basis: `${LOCAL}（未经核实）；方案四(一)2`,
    group: 'venue',
    kind: 'number',
    min: 0.5,
    max: 30,
  },
  sealRingLifeYears: {
    label: { zh: '瓶阀与调压器间密封圈使用年限', en: 'Life of the seal ring between cylinder valve and regulator' },
    unit: Y,
    basis: `${LOCAL}（未经核实）；方案四(一)2`,
    group: 'venue',
    kind: 'number',
    min: 0.5,
    max: 30,
  },
  fatigueDrivingHours: {
    label: { zh: '连续驾驶判定疲劳的时长', en: 'Continuous driving counted as fatigue' },
    unit: { zh: '小时', en: 'h' },
    basis: '道路交通安全法实施条例第六十二条第七项',
    group: 'delivery',
    kind: 'number',
    min: 0.5,
    max: 24,
  },
  fatigueRestMinutes: {
    label: { zh: '中断连续驾驶的最短休息', en: 'Shortest rest ending continuous driving' },
    unit: { zh: '分钟', en: 'min' },
    basis: '道路交通安全法实施条例第六十二条第七项',
    group: 'delivery',
    kind: 'number',
    min: 1,
    max: 600,
  },
  speedLimitKmh: {
    label: { zh: '配送车辆超速阈值', en: 'Delivery vehicle speed limit' },
    unit: { zh: '千米/小时', en: 'km/h' },
    basis: `${LOCAL}（危险货物城区限速）；方案三(五)4`,
    group: 'delivery',
    kind: 'number',
    min: 5,
    max: 200,
  },
  deliveryCheckOverdueHours: {
    label: { zh: '随瓶安检逾期时限', en: 'Delivery safety check overdue after' },
    unit: { zh: '小时', en: 'h' },
    basis: `${LOCAL}；方案四(三)3`,
    group: 'delivery',
    kind: 'number',
    min: 1,
    max: 720,
  },
  userInspectionMonthsNonResidential: {
    label: { zh: '非居民用户入户安检周期', en: 'Inspection interval, non-residential users' },
    unit: M,
    basis: '城镇燃气管理条例第十七条；CJJ 51-2016 3.5.1（每年不少于1次）',
    group: 'inspection',
    kind: 'integer',
    min: 1,
    max: 60,
  },
  userInspectionMonthsResidential: {
    label: { zh: '居民用户入户安检周期', en: 'Inspection interval, residential users' },
    unit: M,
    basis: '城镇燃气管理条例第十七条；CJJ 51-2016 3.5.1（每2年不少于1次）',
    group: 'inspection',
    kind: 'integer',
    min: 1,
    max: 120,
  },
  selfInspectionIntervalMonths: {
    label: { zh: '场所全面自查周期', en: "Interval of a venue's self-inspection" },
    unit: M,
    basis: '方案五、工作安排(一)2（每月对燃气使用情况进行一次全面自查）',
    group: 'inspection',
    kind: 'integer',
    min: 1,
    max: 12,
  },
  overlapWindowDays: {
    label: { zh: '重复检查提示窗口', en: 'Overlapping inspections window' },
    unit: D,
    basis: `${LOCAL}；方案五(一)1（避免多头重复检查）`,
    group: 'inspection',
    kind: 'integer',
    min: 0,
    max: 90,
  },
  planAheadDays: {
    label: { zh: '排查最远可提前计划', en: 'Inspections planned at most ahead' },
    unit: D,
    basis: LOCAL,
    group: 'inspection',
    kind: 'integer',
    min: 1,
    max: 730,
  },
  deadlineDaysGeneral: {
    label: { zh: '一般隐患整改期限', en: 'Deadline for a general hazard' },
    unit: D,
    basis: `${LOCAL}；方案五(一)3（明确完成时限）`,
    group: 'hazard',
    kind: 'integer',
    min: 1,
    max: 365,
  },
  deadlineDaysMajor: {
    label: { zh: '重大隐患整改期限', en: 'Deadline for a major hazard' },
    unit: D,
    basis: `${LOCAL}；方案五(一)4；安全生产事故隐患排查治理暂行规定第十五条`,
    group: 'hazard',
    kind: 'integer',
    min: 1,
    max: 730,
  },
  maxDeadlineDays: {
    label: { zh: '整改期限最远可设', en: 'Longest deadline that may be set' },
    unit: D,
    basis: `${LOCAL}；方案五(一)3（限期办结）`,
    group: 'hazard',
    kind: 'integer',
    min: 30,
    max: 3650,
  },
  interimControlSeverities: {
    label: { zh: '须落实管控措施的隐患等级', en: 'Severities needing an interim control measure' },
    unit: null,
    basis: '方案五(一)4、三(三)1',
    group: 'hazard',
    kind: 'severities',
  },
  escalateLevel1AfterDays: {
    label: { zh: '逾期后一级督办（乡镇、责任部门）', en: 'Level-1 escalation after overdue' },
    unit: D,
    basis: `${LOCAL}；方案五、保障措施(二)督办交办`,
    group: 'hazard',
    kind: 'integer',
    min: 0,
    max: 365,
  },
  escalateLevel2AfterDays: {
    label: { zh: '一级督办后升级至专班办公室', en: 'Level-2 escalation after level 1' },
    unit: D,
    basis: `${LOCAL}；方案五、保障措施(二)督办交办`,
    group: 'hazard',
    kind: 'integer',
    min: 0,
    max: 365,
  },
  followUpShare: {
    label: { zh: '一般隐患“回头看”抽查比例', en: 'Share of general hazards drawn for follow-up' },
    unit: { zh: '比例（0–1）', en: 'share (0–1)' },
    basis: `${LOCAL}；方案五(二)回头看`,
    group: 'hazard',
    kind: 'share',
  },
  reboundWindowMonths: {
    label: { zh: '改后反弹判定期', en: 'Rebound window after close-out' },
    unit: M,
    basis: `${LOCAL}；方案五(二)`,
    group: 'hazard',
    kind: 'integer',
    min: 0,
    max: 60,
  },
  trainingValidDays: {
    label: { zh: '培训有效期', en: 'Training valid for' },
    unit: D,
    basis: `${LOCAL}；方案五(一)1（先培训、后排查）`,
    group: 'register',
    kind: 'integer',
    min: 1,
    max: 3650,
  },
  licenceExpiryWarningDays: {
    label: { zh: '许可证到期预警提前', en: 'Licence expiry warning ahead' },
    unit: D,
    basis: LOCAL,
    group: 'register',
    kind: 'integer',
    min: 1,
    max: 365,
  },
  cylinderDesignLifeYears: {
    label: { zh: '气瓶设计使用年限（无钢印时）', en: 'Cylinder design life (unstamped)' },
    unit: Y,
    basis: 'GB 5842；方案三(一)5',
    group: 'cylinder',
    kind: 'number',
    min: 1,
    max: 50,
  },
  cylinderLifeExtensionYears: {
    label: { zh: '定期检验合格后延长年限', en: 'Life extension after a passed inspection' },
    unit: Y,
    basis: 'GB 5842（地方监管口径）',
    group: 'cylinder',
    kind: 'number',
    min: 0,
    max: 20,
  },
  cylinderMaxLifeYears: {
    label: { zh: '气瓶最长使用年限', en: 'Longest cylinder life' },
    unit: Y,
    basis: 'GB 5842（地方监管口径）',
    group: 'cylinder',
    kind: 'number',
    min: 1,
    max: 60,
  },
  cylinderLegacyLifeYears: {
    label: { zh: '2007-02-01前制造气瓶使用年限', en: 'Life of a cylinder made before 2007-02-01' },
    unit: Y,
    basis: 'GB 5842（地方监管口径）',
    group: 'cylinder',
    kind: 'number',
    min: 1,
    max: 60,
  },
  cylinderInspectionIntervalYears: {
    label: { zh: '气瓶定期检验周期', en: 'Cylinder periodic inspection interval' },
    unit: Y,
    basis: 'GB/T 8334-2022；TSG 23',
    group: 'cylinder',
    kind: 'number',
    min: 1,
    max: 10,
  },
  cylinderNotSeenDays: {
    label: { zh: '气瓶长期未流转异常', en: 'Cylinder not seen for' },
    unit: D,
    basis: LOCAL,
    group: 'cylinder',
    kind: 'number',
    min: 1,
    max: 3650,
  },
  cylinderMaxTravelKmh: {
    label: { zh: '气瓶两次扫码间最大合理速度', en: 'Highest plausible cylinder travel speed' },
    unit: { zh: '千米/小时', en: 'km/h' },
    basis: LOCAL,
    group: 'cylinder',
    kind: 'number',
    min: 10,
    max: 1000,
  },
  cylinderFillToleranceKg: {
    label: { zh: '各型号充装允差（覆盖标准值）', en: 'Fill tolerance per model (overrides)' },
    unit: { zh: '千克', en: 'kg' },
    basis: 'GB 17267',
    group: 'cylinder',
    kind: 'tolerances',
  },
};

export const limitKeys = Object.keys(limitDefinitions) as LimitKey[];

/** A value outside its kind or range, by key (the field at fault). */
export function limitValueError(key: LimitKey, value: unknown): string | null {
  const def = limitDefinitions[key];
  switch (def.kind) {
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'not_a_number';
      if (def.kind === 'integer' && !Number.isInteger(value)) return 'not_an_integer';
      if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max))
        return 'out_of_range';
      return null;
    }
    case 'share':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1 ? null : 'out_of_range';
    case 'severities':
      return Array.isArray(value) && value.every((s) => (severities as readonly unknown[]).includes(s))
        ? null
        : 'not_a_severity';
    case 'tolerances':
      return typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.entries(value).every(
          ([m, v]) =>
            (cylinderModels as readonly string[]).includes(m) && typeof v === 'number' && Number.isFinite(v) && v >= 0,
        )
        ? null
        : 'not_a_tolerance';
  }
}

/**
 * Checks a full set: each value against its definition, then the rules between values (resolveLimits: a
 * deadline beyond the longest allowed…). The first fault found per key, in the catalogue's order.
 */
export function checkLimitSet(values: RananLimits): { key: LimitKey; reason: string }[] {
  const errors: { key: LimitKey; reason: string }[] = [];
  for (const key of limitKeys) {
    const reason = limitValueError(key, values[key]);
    if (reason) errors.push({ key, reason });
  }
  if (errors.length) return errors;
  const resolved = resolveLimits(values);
  if (!resolved.ok) for (const key of resolved.errors) errors.push({ key: key as LimitKey, reason: 'inconsistent' });
  return errors;
}

/** The keys whose values differ between two sets (a version's diff against the one before). */
export function limitChanges(
  before: RananLimits | null,
  after: RananLimits,
): { key: LimitKey; before: unknown; after: unknown }[] {
  return limitKeys
    .filter((k) => before === null || JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ key: k, before: before ? before[k] : null, after: after[k] }));
}
