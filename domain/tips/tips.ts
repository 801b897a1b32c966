/**
 * Public tips (举报, plan 五、工作安排(一)2: "向社会公布举报电话，建立公众举报监督和核查处理机制 … 查实重奖"):
 * categories, the handling states, deadlines, routing by category, and rewards by configurable tiers
 * (安全生产领域举报奖励办法, 2018). Pure rules shared by server and web.
 *
 *   received ──accept──▶ accepted ──verify──▶ verified ──close(answer)──▶ closed
 *      │                    │
 *      └──────merge─────────┴──▶ merged (a duplicate, answered with the tip it joined)
 */
export const tipCategories = [
  'black_cylinder',
  'bad_gas',
  'bad_equipment',
  'venue_hazard',
  'pipeline',
  'gas_smell',
  'other',
] as const;
export type TipCategory = (typeof tipCategories)[number];

export const tipCategoryLabels: Record<TipCategory, { zh: string; en: string }> = {
  black_cylinder: { zh: '黑气瓶 / 黑窝点', en: 'Illegal cylinders / illegal depot' },
  bad_gas: { zh: '问题气（掺混二甲醚等）', en: 'Off-spec gas (e.g. blended DME)' },
  bad_equipment: { zh: '不合格气瓶、阀门、软管、灶具', en: 'Substandard cylinder, valve, hose or stove' },
  venue_hazard: { zh: '餐饮等场所用气隐患', en: "A restaurant's or venue's gas hazard" },
  pipeline: { zh: '燃气管道占压、损坏', en: 'Pipeline encroachment or damage' },
  gas_smell: { zh: '闻到燃气味（紧急）', en: 'Smell of gas (urgent)' },
  other: { zh: '其他', en: 'Other' },
};

export const tipStatuses = ['received', 'accepted', 'verified', 'closed', 'merged'] as const;
export type TipStatus = (typeof tipStatuses)[number];
export const tipStatusLabels: Record<TipStatus, { zh: string; en: string }> = {
  received: { zh: '已受理登记', en: 'Received' },
  accepted: { zh: '核查中', en: 'Being verified' },
  verified: { zh: '已核查', en: 'Verified' },
  closed: { zh: '已办结', en: 'Closed' },
  merged: { zh: '已合并办理', en: 'Merged' },
};

/** What the reporter sees: a merged tip is answered with the tip it joined, so it reads as closed. */
export function publicTipStatus(status: TipStatus): Exclude<TipStatus, 'merged'> {
  return status === 'merged' ? 'closed' : status;
}

export const tipOutcomes = ['founded', 'unfounded'] as const;
export type TipOutcome = (typeof tipOutcomes)[number];
/** The verified grade (查实等级): what the reward tier goes by. */
export const tipGrades = ['general_hazard', 'major_hazard', 'illegal_operation'] as const;
export type TipGrade = (typeof tipGrades)[number];
export const tipGradeLabels: Record<TipGrade, { zh: string; en: string }> = {
  general_hazard: { zh: '一般隐患', en: 'General hazard' },
  major_hazard: { zh: '重大隐患', en: 'Major hazard' },
  illegal_operation: { zh: '非法违法行为', en: 'Illegal operation' },
};

export const tipEvents = ['accept', 'verify', 'close', 'merge'] as const;
export type TipEvent = (typeof tipEvents)[number];

const allowed: Record<TipEvent, readonly TipStatus[]> = {
  accept: ['received'],
  verify: ['accepted'],
  close: ['verified'],
  merge: ['received', 'accepted'],
};

export function tipEventAllowed(status: TipStatus, event: TipEvent): boolean {
  return allowed[event].includes(status);
}

export function allowedTipEvents(status: TipStatus): TipEvent[] {
  return tipEvents.filter((e) => tipEventAllowed(status, e));
}

/** Hours to close a tip: a smell of gas is urgent (shown first, a short deadline); others like a general hazard. */
export const TIP_DEADLINE_HOURS: Record<'urgent' | 'normal', number> = { urgent: 2, normal: 15 * 24 };

export function isUrgentCategory(category: TipCategory): boolean {
  return category === 'gas_smell';
}

export function tipDueAt(category: TipCategory, createdAt: Date): Date {
  const hours = TIP_DEADLINE_HOURS[isUrgentCategory(category) ? 'urgent' : 'normal'];
  return new Date(createdAt.getTime() + hours * 3_600_000);
}

export function tipOverdue(t: { status: TipStatus; dueAt: Date | string }, now: Date): boolean {
  if (t.status === 'closed' || t.status === 'merged') return false;
  return new Date(t.dueAt).getTime() < now.getTime();
}

/** Possible duplicates: the same category within this distance and time of each other. */
export const DUPLICATE_RADIUS_M = 300;
export const DUPLICATE_WINDOW_HOURS = 72;

/** Great-circle distance in metres. */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/**
 * Routing by category (the plan's responsibility list): which department handles a tip of each
 * category; the township follows from the place. Editable by the campaign office.
 * - black_cylinder: 三(一)7 (旗公安局牵头);
 * - bad_gas: 三(一)5 (旗市场监管局); bad_equipment: 三(二)1-3 (旗市场监管局牵头);
 * - venue_hazard, pipeline, gas_smell: 三(一)1-3, 三(三)1, 三(四) (燃气管理部门: 旗住房和城乡建设局);
 * - other: the campaign office.
 */
export const defaultTipRouting: Record<TipCategory, string> = {
  black_cylinder: 'public_security',
  bad_gas: 'market_regulation',
  bad_equipment: 'market_regulation',
  venue_hazard: 'housing',
  pipeline: 'housing',
  gas_smell: 'housing',
  other: 'campaign_office',
};

/**
 * Reward tiers (查实重奖; 安全生产领域举报奖励办法, 2018, art. 8: a major hazard or illegal operation
 * 15 % of the fine, at least 3,000 and at most 300,000 yuan; a general hazard a fixed local amount).
 * Amounts in yuan. Configurable by the campaign office.
 */
export type RewardTiers = {
  general_hazard: { fixed: number };
  major_hazard: { rate: number; min: number; max: number };
  illegal_operation: { rate: number; min: number; max: number };
};

export const defaultRewardTiers: RewardTiers = {
  general_hazard: { fixed: 200 },
  major_hazard: { rate: 0.15, min: 3000, max: 300_000 },
  illegal_operation: { rate: 0.15, min: 3000, max: 300_000 },
};

/**
 * The amounts the office may approve for a grade: a major hazard's or an illegal operation's tier
 * (its minimum to its maximum); a general hazard at most its fixed amount.
 */
export function rewardBounds(grade: TipGrade, tiers: RewardTiers = defaultRewardTiers): { min: number; max: number } {
  if (grade === 'general_hazard') return { min: 0, max: Math.round(tiers.general_hazard.fixed) };
  return { min: tiers[grade].min, max: tiers[grade].max };
}

export const rewardIneligibility = ['not_founded', 'already_in_ledger', 'insider', 'not_first'] as const;
export type RewardIneligibility = (typeof rewardIneligibility)[number];

/** The reward for a founded tip of this grade and fine (yuan, whole). */
export function computeReward(grade: TipGrade, fine: number | null, tiers: RewardTiers = defaultRewardTiers): number {
  if (grade === 'general_hazard') return Math.round(tiers.general_hazard.fixed);
  const t = tiers[grade];
  const base = (fine ?? 0) * t.rate;
  return Math.round(Math.min(t.max, Math.max(t.min, base)));
}

/**
 * Why a founded tip earns no reward, or null when it does: only the first valid reporter (not a
 * duplicate merged into another), none when the hazard was already in the ledger before the tip,
 * none for the duty holder's own staff (安全生产领域举报奖励办法 art. 12: 负有安全生产监督管理职责的
 * 人员 and the duty holder's insiders reporting their own duty are excluded).
 */
export function rewardRefusal(t: {
  outcome: TipOutcome | null;
  merged: boolean;
  alreadyInLedger: boolean;
  insider: boolean;
}): RewardIneligibility | null {
  if (t.outcome !== 'founded') return 'not_founded';
  if (t.merged) return 'not_first';
  if (t.alreadyInLedger) return 'already_in_ledger';
  if (t.insider) return 'insider';
  return null;
}

export const rewardStatuses = ['none', 'proposed', 'approved', 'paid'] as const;
export type RewardStatus = (typeof rewardStatuses)[number];

/** Text limits of a public tip (stored and shown as plain text). */
export const TIP_LIMITS = { description: 2000, address: 200, contactName: 50, photos: 6 } as const;

/** Proof-of-work (works offline, no third party): SHA-256(challenge ":" nonce) must start with this many zero bits. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

/** The header a submission carries its proof in: `<challenge>:<nonce>`. */
export const TIP_PROOF_HEADER = 'x-tip-proof';
