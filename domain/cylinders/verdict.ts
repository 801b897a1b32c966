/**
 * The public page's verdict (一瓶一码, issue 11): what a householder or a restaurant at the door, who
 * scanned the QR on a delivered cylinder, reads in plain Chinese — may I accept this cylinder?
 *
 * The rules are the filling gate's (the cylinders module's evaluation, rules-reference "Cylinders"):
 * the page passes the reasons the gate finds for the cylinder itself and this function only words
 * them. Reasons that concern a filling station (NOT_OWNED, STATION_NOT_LICENSED) are not the
 * householder's question and are not shown here.
 */

/** The gate's refusal codes (the contract of `POST /api/v1/filling/check`). */
export const gateReasonCodes = [
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
export type GateReasonCode = (typeof gateReasonCodes)[number];

/** Reasons about the filling station, not the cylinder: never part of the door verdict. */
const stationReasons: ReadonlySet<string> = new Set<GateReasonCode>(['NOT_OWNED', 'STATION_NOT_LICENSED']);

type Text = { zh: string; en: string };

/** Plain words for each reason a cylinder is not to be accepted. */
export const doorReasonTexts: Record<Exclude<GateReasonCode, 'NOT_OWNED' | 'STATION_NOT_LICENSED'>, Text> = {
  CYLINDER_UNKNOWN: {
    zh: '这个编码没有登记，可能是没有建档的“黑气瓶”。',
    en: 'This code is not registered: the cylinder may be an untraceable one.',
  },
  INSPECTION_OVERDUE: {
    zh: '已超过定期检验日期（超期未检）。',
    en: 'Its periodic inspection is overdue.',
  },
  SERVICE_LIFE_EXCEEDED: {
    zh: '已超过设计使用年限，应当报废。',
    en: 'It is past its design service life and must be scrapped.',
  },
  FAILED_INSPECTION: {
    zh: '最近一次检验不合格。',
    en: 'It failed its last inspection.',
  },
  REFURBISHED: {
    zh: '这是翻新或改装过的气瓶。',
    en: 'It is a refurbished or modified cylinder.',
  },
  SCRAPPED: {
    zh: '这个气瓶已经报废，编码已注销。',
    en: 'This cylinder has been scrapped and its code retired.',
  },
  SEIZED: {
    zh: '这个气瓶已被监管部门查扣。',
    en: 'This cylinder has been seized by a regulator.',
  },
  BLACKLISTED: {
    zh: '这个气瓶的产品（厂家、型号或批次）列入了黑名单。',
    en: 'Its product (maker, model or batch) is on the blacklist.',
  },
};

export type DoorVerdict = {
  /** safe: accept it; unsafe: refuse it (and call the supplier or 12345); unknown: not registered. */
  level: 'safe' | 'unsafe' | 'unknown';
  headline: Text;
  /** One line per reason, in the gate's order. */
  reasons: { code: GateReasonCode; text: Text }[];
  advice: Text;
};

/**
 * Words the gate's reasons for the person at the door. `legacyDualPhase`: a gas-liquid dual-phase
 * (50 kg, YSP118-II) cylinder, which restaurants must not use (plan 三(四)3; GB 5842-2023).
 */
export function doorVerdict({
  reasons,
  legacyDualPhase = false,
}: {
  reasons: readonly string[];
  legacyDualPhase?: boolean;
}): DoorVerdict & { caution: Text | null } {
  const shown = reasons.filter(
    (r): r is keyof typeof doorReasonTexts => !stationReasons.has(r) && r in doorReasonTexts,
  );
  const caution = legacyDualPhase
    ? {
        zh: '这是50公斤气液双相钢瓶：餐饮场所不得使用。',
        en: 'This is a 50 kg gas-liquid dual-phase cylinder: restaurants must not use it.',
      }
    : null;
  const lines = shown.map((code) => ({ code, text: doorReasonTexts[code] }));
  if (shown.includes('CYLINDER_UNKNOWN')) {
    return {
      level: 'unknown',
      headline: { zh: '查不到这个气瓶，请勿接收', en: 'Cylinder not found: do not accept it' },
      reasons: lines,
      advice: {
        zh: '请核对气瓶上的编码；确无登记的，请拒收并拨打 12345 举报。',
        en: 'Check the code on the cylinder; if it is not registered, refuse it and report it on 12345.',
      },
      caution,
    };
  }
  if (lines.length > 0) {
    return {
      level: 'unsafe',
      headline: { zh: '不安全，请勿接收', en: 'Not safe: do not accept it' },
      reasons: lines,
      advice: {
        zh: '请拒收这个气瓶，让送气人员更换，并可拨打 12345 举报。',
        en: 'Refuse this cylinder, ask the delivery person for another, and you may report it on 12345.',
      },
      caution,
    };
  }
  return {
    level: 'safe',
    headline: { zh: '可以接收', en: 'Safe to accept' },
    reasons: [],
    advice: {
      zh: '接收前请检查瓶阀、角阀无漏气，瓶体无明显损伤。',
      en: 'Before accepting, check that the valve does not leak and the body is not damaged.',
    },
    caution,
  };
}
