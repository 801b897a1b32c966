/**
 * 双重预防机制 (plan 五(二)): risk grading of every supervised object. A score from its kind and size,
 * its open and past hazards, rebounds, and the signals other modules add (tips, alarms, cylinder
 * anomalies), each with its reason; the level decides how often it is inspected. The weights are
 * configurable (RANAN_RISK_WEIGHTS, JSON merged over these) and documented in docs/RULES.md.
 */
export const riskLevels = ['major', 'high', 'medium', 'low'] as const;
export type RiskLevel = (typeof riskLevels)[number];
export const riskLevelInfo: Record<RiskLevel, { zh: string; en: string; color: string }> = {
  major: { zh: '重大风险', en: 'Major', color: 'red' },
  high: { zh: '较大风险', en: 'High', color: 'orange' },
  medium: { zh: '一般风险', en: 'Medium', color: 'yellow' },
  low: { zh: '低风险', en: 'Low', color: 'blue' },
};

export type RiskWeights = {
  /** Base points by object kind (enterprise kind, venue category, 'pipeline', vehicle kind); `default` otherwise. */
  kind: Record<string, number>;
  /** Stored LPG at or above the threshold (kg): size. */
  storedLpgKg: { threshold: number; points: number };
  majorOpen: number;
  generalOpen: number;
  overdueOpen: number;
  /** Each hazard closed in the last 12 months (past hazards). */
  pastHazard: number;
  pastHazardCap: number;
  rebound: number;
  /** Points per signal other modules add (tips, alarms, cylinder anomalies), by key. */
  signals: Record<string, number>;
  /** Score thresholds of the levels (≥). */
  thresholds: { major: number; high: number; medium: number };
  /** Days between inspections by level (inspection planning). */
  intervalDays: Record<RiskLevel, number>;
};

export const defaultRiskWeights: RiskWeights = {
  kind: {
    filling_enterprise: 30,
    lpg_producer: 30,
    pipeline_operator: 25,
    bottled_operator: 25,
    industrial_fuel_producer: 25,
    hazardous_carrier: 20,
    special_equipment_maker: 10,
    appliance_maker: 10,
    appliance_seller: 5,
    inspection_agency: 5,
    school: 20,
    hospital: 20,
    elderly_care: 20,
    farmers_market: 15,
    mixed_building: 15,
    restaurant: 15,
    civil_affairs_facility: 15,
    tourist_site: 10,
    hotel: 15,
    workplace_canteen: 15,
    construction_canteen: 15,
    farmstay: 10,
    religious_site: 15,
    household: 5,
    pipeline: 15,
    default: 10,
  },
  storedLpgKg: { threshold: 100, points: 10 },
  majorOpen: 40,
  generalOpen: 8,
  overdueOpen: 10,
  pastHazard: 3,
  pastHazardCap: 15,
  rebound: 15,
  signals: { tips: 5, alarms: 10, cases: 10, cylinderAnomalies: 10 },
  thresholds: { major: 60, high: 40, medium: 20 },
  intervalDays: { major: 30, high: 90, medium: 180, low: 365 },
};

export type RiskFacts = {
  kind: string;
  storedLpgKg?: number | null;
  majorOpen: number;
  /** Of the open major hazards, those not listed for supervision (挂牌督办): told in the reason, no points of their own. */
  majorUnlisted?: number;
  generalOpen: number;
  overdueOpen: number;
  pastHazards: number;
  rebounds: number;
  /** Counts from other modules' signals, by key. */
  signals?: Record<string, number>;
};

export type RiskReason = { code: string; points: number; count?: number; unlisted?: number };
export type RiskGrade = { score: number; level: RiskLevel; reasons: RiskReason[] };

/** The score is the sum of the reasons' points; the level follows from the thresholds. */
export function gradeRisk(f: RiskFacts, w: RiskWeights = defaultRiskWeights): RiskGrade {
  const reasons: RiskReason[] = [];
  const add = (code: string, points: number, count?: number) => {
    if (points > 0) reasons.push(count === undefined ? { code, points } : { code, points, count });
  };
  add(`kind:${f.kind}`, w.kind[f.kind] ?? w.kind.default ?? 0);
  if (f.storedLpgKg !== null && f.storedLpgKg !== undefined && f.storedLpgKg >= w.storedLpgKg.threshold)
    add('stored_lpg', w.storedLpgKg.points);
  add('major_open', f.majorOpen * w.majorOpen, f.majorOpen);
  const major = reasons.find((r) => r.code === 'major_open');
  if (major && f.majorUnlisted) major.unlisted = f.majorUnlisted;
  add('general_open', f.generalOpen * w.generalOpen, f.generalOpen);
  add('overdue_open', f.overdueOpen * w.overdueOpen, f.overdueOpen);
  add('past_hazards', Math.min(w.pastHazardCap, f.pastHazards * w.pastHazard), f.pastHazards);
  add('rebounds', f.rebounds * w.rebound, f.rebounds);
  for (const [key, n] of Object.entries(f.signals ?? {})) add(`signal:${key}`, n * (w.signals[key] ?? 0), n);
  const score = reasons.reduce((s, r) => s + r.points, 0);
  const level: RiskLevel =
    score >= w.thresholds.major
      ? 'major'
      : score >= w.thresholds.high
        ? 'high'
        : score >= w.thresholds.medium
          ? 'medium'
          : 'low';
  return { score, level, reasons };
}

/** Merges a partial configuration over the defaults; refuses what is not a non-negative number. */
export function resolveRiskWeights(
  over: unknown,
): { ok: true; weights: RiskWeights } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const merge = (base: unknown, o: unknown, path: string): unknown => {
    if (o === undefined) return base;
    if (typeof base === 'number' || base === undefined) {
      if (typeof o !== 'number' || !Number.isFinite(o) || o < 0) errors.push(`${path} must be a non-negative number`);
      return o;
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      errors.push(`${path} must be an object`);
      return base;
    }
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(o))
      out[k] = merge((base as Record<string, unknown>)[k], v, path ? `${path}.${k}` : k);
    return out;
  };
  const weights = merge(defaultRiskWeights, over ?? {}, '') as RiskWeights;
  return errors.length ? { ok: false, errors } : { ok: true, weights };
}

/** Chinese text of a reason, for the web and documents. */
export function riskReasonText(r: RiskReason, kindLabel: (kind: string) => string): string {
  const [code, arg] = r.code.split(':');
  switch (code) {
    case 'kind':
      return `对象类型：${kindLabel(arg ?? '')}`;
    case 'stored_lpg':
      return '存瓶量达到气瓶间要求';
    case 'major_open':
      return `未整改重大隐患 ${r.count} 条${r.unlisted ? `（其中未挂牌督办 ${r.unlisted} 条）` : ''}`;
    case 'general_open':
      return `未整改一般隐患 ${r.count} 条`;
    case 'overdue_open':
      return `逾期未整改 ${r.count} 条`;
    case 'past_hazards':
      return `近12个月已整改隐患 ${r.count} 条`;
    case 'rebounds':
      return `改后反弹 ${r.count} 次`;
    case 'signal':
      return `${arg} ${r.count}`;
    default:
      return r.code;
  }
}
