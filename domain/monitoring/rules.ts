/**
 * Monitoring and early warning (plan 四(三)1 城市生命线; restaurants' detectors and valves 三(四)2):
 * sensor kinds, their units and possible values, alarm kinds and levels, and the default rules
 * with their basis (docs/RULES.md, "Monitoring thresholds"). Pure: shared by server and web.
 */
import { type PressureClass, pressureClassLabels } from '../registry/registry.ts';
import type { ConditionRule } from './alarm-machine.ts';

export const sensorKinds = ['manhole_methane', 'kitchen_gas', 'pipeline_pressure', 'flow', 'valve_state'] as const;
export type SensorKind = (typeof sensorKinds)[number];

export const sensorKindLabels: Record<SensorKind, { zh: string; en: string }> = {
  manhole_methane: { zh: '窨井/密闭空间甲烷', en: 'Manhole / confined-space methane' },
  kitchen_gas: { zh: '餐饮厨房可燃气体', en: 'Restaurant kitchen gas detector' },
  pipeline_pressure: { zh: '管网压力', en: 'Pipeline pressure' },
  flow: { zh: '流量', en: 'Flow' },
  valve_state: { zh: '切断阀状态', en: 'Shut-off valve state' },
};

export const sensorUnits: Record<SensorKind, string> = {
  manhole_methane: '%LEL',
  kitchen_gas: '%LEL',
  pipeline_pressure: 'kPa',
  flow: 'm³/h',
  valve_state: '0=关 1=开',
};

/** Objects a sensor may watch (the register's kinds). */
export const sensorObjectTypes = ['pipeline', 'facility', 'venue', 'enterprise'] as const;
export type SensorObjectType = (typeof sensorObjectTypes)[number];

/**
 * Values no working sensor of the kind can report: refused as VALUE_IMPOSSIBLE, never stored.
 * %LEL runs 0–100 (a detector saturates at full scale); gauge pressure cannot fall below −101.325 kPa
 * (vacuum) and city gas networks end at high pressure A (4.0 MPa); a valve is closed (0) or open (1).
 */
export function valuePossible(kind: SensorKind, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (kind) {
    case 'manhole_methane':
    case 'kitchen_gas':
      return value >= 0 && value <= 100;
    case 'pipeline_pressure':
      return value >= -101.325 && value <= 10_000;
    case 'flow':
      return value >= 0 && value <= 1_000_000;
    case 'valve_state':
      return value === 0 || value === 1;
  }
}

export const alarmKinds = [
  'gas',
  'pressure_high',
  'pressure_low',
  'flow_high',
  'flow_low',
  'offline',
  'interlock',
  'fault',
] as const;
export type AlarmKind = (typeof alarmKinds)[number];
export const alarmKindLabels: Record<AlarmKind, { zh: string; en: string }> = {
  gas: { zh: '可燃气体浓度超限', en: 'Combustible gas' },
  pressure_high: { zh: '压力超高', en: 'Pressure high' },
  pressure_low: { zh: '压力过低', en: 'Pressure low' },
  flow_high: { zh: '流量超高', en: 'Flow high' },
  flow_low: { zh: '流量过低', en: 'Flow low' },
  offline: { zh: '设备离线', en: 'Sensor offline' },
  interlock: { zh: '报警—切断阀联动失效', en: 'Detector–valve interlock failed' },
  fault: { zh: '设备故障', en: 'Sensor fault' },
};

/**
 * A fault report in a gateway's batch (`{ sensorCode, at, fault: "E03" }` instead of a value): the
 * device's own fault code (sensor failure, contamination, power), 1–32 letters, digits, `_`, `-` or `.`.
 */
export const FAULT_CODE_PATTERN = /^[\w.-]{1,32}$/;

/** Alarm statuses: the handling loop (each step timed and audited). */
export const alarmStatuses = ['open', 'acknowledged', 'dispatched', 'on_site', 'closed'] as const;
export type AlarmStatus = (typeof alarmStatuses)[number];
export const alarmStatusLabels: Record<AlarmStatus, { zh: string; en: string }> = {
  open: { zh: '待确认', en: 'Open' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  dispatched: { zh: '已派发', en: 'Dispatched' },
  on_site: { zh: '现场处置中', en: 'On site' },
  closed: { zh: '已关闭', en: 'Closed' },
};

/** How an alarm ended. */
export const alarmResolutions = ['handled', 'false_alarm', 'hazard'] as const;
export type AlarmResolution = (typeof alarmResolutions)[number];

/** A kind's conditions: each condition is one alarm kind judged by its own state machine. */
export type KindRules = { conditions: (ConditionRule & { alarmKind: AlarmKind })[]; basis: string };

/**
 * Pressure classes' upper bounds in kPa (GB 50028-2006 城镇燃气设计规范 §6.1.6: 低压 < 0.01 MPa,
 * 中压B ≤ 0.2, 中压A ≤ 0.4, 次高压B ≤ 0.8, 次高压A ≤ 1.6, 高压B ≤ 2.5, 高压A ≤ 4.0 MPa) and a
 * typical operating pressure used for the low limits (low pressure: appliances' rated 2 kPa; others
 * the class's lower bound).
 */
export const pressureClassBounds: Record<PressureClass, { min: number; max: number }> = {
  low: { min: 1, max: 10 },
  medium_b: { min: 10, max: 200 },
  medium_a: { min: 200, max: 400 },
  sub_high_b: { min: 400, max: 800 },
  sub_high_a: { min: 800, max: 1600 },
  high_b: { min: 1600, max: 2500 },
  high_a: { min: 2500, max: 4000 },
};

/** Seconds a condition must hold before it raises (or clears) — judged on the readings' own times. */
export const DEFAULT_RAISE_SECONDS = 30;
export const DEFAULT_CLEAR_SECONDS = 60;

/**
 * The default rules per sensor kind, with their basis. Gas: manholes and adjacent confined spaces
 * are warned from 10 %LEL and alarmed at 25 %LEL (城镇燃气管网泄漏检测 practice, the utility-tunnel
 * rule GB 50838-2015 alarms at 20 %LEL); kitchens' level-1 alarm at 25 %LEL and level-2 at 50 %LEL
 * (GB/T 50493-2019 §5.5.2: 一级报警设定值 ≤ 25 %LEL, 二级 ≤ 50 %LEL). Clear levels sit below the raise
 * levels (hysteresis). Pressure: high warning at 90 % of the class's upper bound, alarm at the bound;
 * low warning at the class's lower bound, alarm at half of it. Flow has no national limit: only
 * per-sensor overrides. Everything is editable by the office (per kind) and per sensor.
 */
export function defaultKindRules(kind: SensorKind, pressureClass: PressureClass | null = null): KindRules {
  const timing = { raiseSeconds: DEFAULT_RAISE_SECONDS, clearSeconds: DEFAULT_CLEAR_SECONDS };
  switch (kind) {
    case 'manhole_methane':
      return {
        basis: '窨井及相邻密闭空间: 10 %LEL 预警, 25 %LEL 报警 (rules-reference; GB 50838-2015 综合管廊 20 %LEL)',
        conditions: [
          {
            alarmKind: 'gas',
            direction: 'high',
            warning: { raise: 10, clear: 8 },
            alarm: { raise: 25, clear: 20 },
            ...timing,
          },
        ],
      };
    case 'kitchen_gas':
      return {
        basis: 'GB/T 50493-2019 §5.5.2: 一级报警 ≤ 25 %LEL, 二级报警 ≤ 50 %LEL',
        conditions: [
          {
            alarmKind: 'gas',
            direction: 'high',
            warning: { raise: 25, clear: 20 },
            alarm: { raise: 50, clear: 40 },
            raiseSeconds: 10,
            clearSeconds: 60,
          },
        ],
      };
    case 'pipeline_pressure': {
      const b = pressureClassBounds[pressureClass ?? 'medium_b'];
      return {
        basis: `GB 50028-2006 §6.1.6 压力级制 (${pressureClassLabels[pressureClass ?? 'medium_b'].zh}: ${b.min}–${b.max} kPa): 上限 90 % 预警、上限报警; 下限预警、下限一半报警`,
        conditions: [
          {
            alarmKind: 'pressure_high',
            direction: 'high',
            warning: { raise: round(b.max * 0.9), clear: round(b.max * 0.85) },
            alarm: { raise: b.max, clear: round(b.max * 0.95) },
            ...timing,
          },
          {
            alarmKind: 'pressure_low',
            direction: 'low',
            warning: { raise: b.min, clear: round(b.min * 1.1) },
            alarm: { raise: round(b.min * 0.5), clear: round(b.min * 0.6) },
            ...timing,
          },
        ],
      };
    }
    case 'flow':
      return { basis: '无国家限值: 按传感器设定', conditions: [] };
    case 'valve_state':
      return { basis: '切断阀状态 (三(四)2): 与报警器联动判定', conditions: [] };
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Per-sensor (or per-kind) override of a condition's thresholds and timing. */
export type ConditionOverride = Partial<Omit<ConditionRule, 'direction'>> & { alarmKind: AlarmKind };

/** Applies overrides (kind-level first, then the sensor's) over the defaults; an override may add a flow condition. */
export function effectiveRules(
  kind: SensorKind,
  pressureClass: PressureClass | null,
  ...overrides: (ConditionOverride[] | null | undefined)[]
): KindRules {
  const base = defaultKindRules(kind, pressureClass);
  const conditions = base.conditions.map((c) => ({ ...c }));
  for (const list of overrides) {
    for (const o of list ?? []) {
      const at = conditions.findIndex((c) => c.alarmKind === o.alarmKind);
      if (at >= 0) conditions[at] = { ...conditions[at]!, ...o };
      else if (o.alarmKind === 'flow_high' || o.alarmKind === 'flow_low')
        conditions.push({
          direction: o.alarmKind === 'flow_high' ? 'high' : 'low',
          raiseSeconds: DEFAULT_RAISE_SECONDS,
          clearSeconds: DEFAULT_CLEAR_SECONDS,
          ...o,
        });
    }
  }
  return { basis: base.basis, conditions };
}

/** Alarm kinds a sensor kind can raise from its readings (offline: every kind; interlock: kitchen detectors). */
export function conditionKindsOf(kind: SensorKind): AlarmKind[] {
  switch (kind) {
    case 'manhole_methane':
    case 'kitchen_gas':
      return ['gas'];
    case 'pipeline_pressure':
      return ['pressure_high', 'pressure_low'];
    case 'flow':
      return ['flow_high', 'flow_low'];
    case 'valve_state':
      return [];
  }
}

/** A sensor is offline when silent longer than this many reporting intervals (and at least `MIN_OFFLINE_SECONDS`). */
export const OFFLINE_INTERVALS = 3;
export const MIN_OFFLINE_SECONDS = 120;
export function offlineAfterSeconds(intervalSeconds: number): number {
  return Math.max(MIN_OFFLINE_SECONDS, intervalSeconds * OFFLINE_INTERVALS);
}

/** A reading may lie at most this far ahead of the server's clock (gateways' clock drift). */
export const READING_CLOCK_SKEW_MS = 5 * 60_000;
/** Readings per request at most (HTTP and one MQTT message). */
export const MAX_READINGS_PER_BATCH = 5_000;

export const readingRejectionCodes = [
  'SENSOR_UNKNOWN',
  'VALUE_IMPOSSIBLE',
  'TIME_IN_FUTURE',
  'OUT_OF_SCOPE',
  'TIME_TOO_OLD',
] as const;
export type ReadingRejectionCode = (typeof readingRejectionCodes)[number];

/** Why a list of overrides cannot stand, and where (the path inside the list), or null when it can. */
export type OverridesProblem = {
  path: (string | number)[];
  reason: 'kind_not_applicable' | 'duplicate' | 'clear_beyond_raise' | 'warning_beyond_alarm';
};

/**
 * Checks overrides for a sensor kind before they are stored: each names a condition the kind has, once;
 * and the rules they give (over the defaults and `under`, the kind-level overrides a sensor's come on
 * top of) keep their hysteresis the right way round (a `high` condition clears at or below where it is
 * raised, a `low` one at or above) and, when one override gives both levels, the warning before the alarm.
 */
export function overridesProblem(
  kind: SensorKind,
  pressureClass: PressureClass | null,
  overrides: readonly ConditionOverride[],
  under: readonly ConditionOverride[] | null = null,
): OverridesProblem | null {
  const allowed = conditionKindsOf(kind);
  const seen = new Set<AlarmKind>();
  for (const [i, o] of overrides.entries()) {
    if (!allowed.includes(o.alarmKind)) return { path: [i, 'alarmKind'], reason: 'kind_not_applicable' };
    if (seen.has(o.alarmKind)) return { path: [i, 'alarmKind'], reason: 'duplicate' };
    seen.add(o.alarmKind);
  }
  const rules = effectiveRules(
    kind,
    pressureClass,
    under as ConditionOverride[] | null,
    overrides as ConditionOverride[],
  );
  for (const [i, o] of overrides.entries()) {
    const c = rules.conditions.find((x) => x.alarmKind === o.alarmKind)!;
    // `a` lies beyond `b` in the condition's direction (higher for `high`, lower for `low`).
    const beyond = (a: number, b: number) => (c.direction === 'high' ? a > b : a < b);
    for (const level of ['warning', 'alarm'] as const) {
      const t = c[level];
      if (t && beyond(t.clear, t.raise)) return { path: [i, level, 'clear'], reason: 'clear_beyond_raise' };
    }
    // Both levels given together must be in order (an alarm level set alone below the default warning
    // just makes the warning unreachable: the alarm is judged first).
    if (o.warning && o.alarm && beyond(o.warning.raise, o.alarm.raise))
      return { path: [i, 'warning', 'raise'], reason: 'warning_beyond_alarm' };
  }
  return null;
}
