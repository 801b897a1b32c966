/**
 * Enforcement (plan 五(一)5 严格执法, 三(一)5, 三(一)7, 三(二), 三(四)3): cases (立案) with their legal basis
 * chosen from a catalogue, measures and decision; referrals of leads between departments and to
 * discipline inspection (线索移交); blacklists under joint punishment. Pure rules shared by server and web.
 *
 * Cases: open ──decide(measures)──▶ decided ──close──▶ closed
 * Referrals: sent ──receive──▶ received ──act──▶ acted ──answer──▶ answered (overdue while not answered past the deadline)
 */

/**
 * The catalogue of articles a case may cite. Article numbers only where the rules reference gives
 * them (安全生产法 art. 36, 99; 城镇燃气管理条例 art. 18); the others name the law and the matter, as
 * docs/RULES.md explains.
 */
export const legalArticles = [
  {
    code: 'gas_reg_18',
    law: '城镇燃气管理条例',
    article: '第十八条',
    matter: {
      zh: '燃气经营者禁止行为（含充装非自有气瓶）',
      en: 'Prohibited acts of gas operators (incl. filling cylinders not owned)',
    },
  },
  {
    code: 'gas_reg_licence',
    law: '城镇燃气管理条例',
    article: '',
    matter: { zh: '未取得燃气经营许可从事燃气经营活动', en: 'Gas business without an operating licence' },
  },
  {
    code: 'gas_reg_user',
    law: '城镇燃气管理条例',
    article: '',
    matter: { zh: '燃气用户违反安全用气规定', en: 'Gas users breaking the rules of safe use' },
  },
  {
    code: 'gas_reg_facility',
    law: '城镇燃气管理条例',
    article: '',
    matter: {
      zh: '危害燃气设施安全（占压、损坏管道）',
      en: 'Endangering gas facilities (building over, damaging pipes)',
    },
  },
  {
    code: 'safety_law_36',
    law: '中华人民共和国安全生产法',
    article: '第三十六条',
    matter: {
      zh: '安全设备（可燃气体报警、切断装置）的安装、使用、维护',
      en: 'Installing, using and maintaining safety equipment (gas detectors, shut-off valves)',
    },
  },
  {
    code: 'safety_law_99',
    law: '中华人民共和国安全生产法',
    article: '第九十九条',
    matter: {
      zh: '未安装、使用、维护安全设备的处罚',
      en: 'Penalty for not installing, using or maintaining safety equipment',
    },
  },
  {
    code: 'safety_law_hazard',
    law: '中华人民共和国安全生产法',
    article: '',
    matter: { zh: '未采取措施消除事故隐患', en: 'Failing to remove an accident hazard' },
  },
  {
    code: 'special_eq_cylinder',
    law: '中华人民共和国特种设备安全法',
    article: '',
    matter: {
      zh: '气瓶充装单位违规充装、充装不合格气瓶',
      en: 'Filling units filling against the rules or filling substandard cylinders',
    },
  },
  {
    code: 'special_eq_licence',
    law: '中华人民共和国特种设备安全法',
    article: '',
    matter: { zh: '未经许可从事气瓶充装或制造', en: 'Filling or making cylinders without a licence' },
  },
  {
    code: 'fire_law_exit',
    law: '中华人民共和国消防法',
    article: '',
    matter: { zh: '占用、堵塞疏散通道、安全出口', en: 'Blocking evacuation routes and exits' },
  },
  {
    code: 'fire_law_equipment',
    law: '中华人民共和国消防法',
    article: '',
    matter: { zh: '消防设施、器材不符合标准', en: 'Fire equipment not up to standard' },
  },
  {
    code: 'product_quality',
    law: '中华人民共和国产品质量法',
    article: '',
    matter: { zh: '生产、销售不符合安全标准的产品', en: 'Making or selling products below safety standards' },
  },
  {
    code: 'hazmat_transport',
    law: '危险化学品安全管理条例',
    article: '',
    matter: { zh: '未经许可从事危险货物道路运输', en: 'Carrying dangerous goods by road without a permit' },
  },
  {
    code: 'criminal_law',
    law: '中华人民共和国刑法',
    article: '',
    matter: { zh: '涉嫌犯罪，移送公安机关', en: 'Suspected crime, transferred to public security' },
  },
] as const;
export type LegalArticleCode = (typeof legalArticles)[number]['code'];
export const legalArticleCodes = legalArticles.map((a) => a.code) as unknown as readonly [
  LegalArticleCode,
  ...LegalArticleCode[],
];

export function articleText(code: string): string {
  const a = legalArticles.find((x) => x.code === code);
  return a ? `《${a.law}》${a.article}（${a.matter.zh}）` : code;
}

export const caseSubjectTypes = ['enterprise', 'venue', 'person'] as const;
export type CaseSubjectType = (typeof caseSubjectTypes)[number];
export const caseSources = [
  'hazard',
  'tip',
  'inspection',
  'seizure',
  'cylinder_anomaly',
  'black_site',
  'manual',
] as const;
export type CaseSource = (typeof caseSources)[number];
export const caseSourceLabels: Record<CaseSource, { zh: string; en: string }> = {
  hazard: { zh: '隐患', en: 'Hazard' },
  tip: { zh: '群众举报', en: 'Public tip' },
  inspection: { zh: '检查', en: 'Inspection' },
  seizure: { zh: '气瓶查扣', en: 'Cylinder seizure' },
  cylinder_anomaly: { zh: '气瓶异常', en: 'Cylinder anomaly' },
  black_site: { zh: '黑窝点', en: 'Black site' },
  manual: { zh: '直接立案', en: 'Opened by hand' },
};
export const caseSubjectTypeLabels: Record<CaseSubjectType, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  venue: { zh: '用气场所', en: 'Venue' },
  person: { zh: '个人', en: 'Individual' },
};
export const caseStatuses = ['open', 'decided', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseStatusLabels: Record<CaseStatus, { zh: string; en: string }> = {
  open: { zh: '已立案', en: 'Opened' },
  decided: { zh: '已决定', en: 'Decided' },
  closed: { zh: '已结案', en: 'Closed' },
};

/** Measures of a decision: 责令限期改正, 罚款, 没收, 停产停业整顿, 吊销许可证, 移送公安机关. */
export const measureTypes = [
  'order_to_correct',
  'fine',
  'confiscation',
  'suspension',
  'licence_revocation',
  'transfer_police',
] as const;
export type MeasureType = (typeof measureTypes)[number];
export const measureLabels: Record<MeasureType, { zh: string; en: string }> = {
  order_to_correct: { zh: '责令限期改正', en: 'Order to correct by a date' },
  fine: { zh: '罚款', en: 'Fine' },
  confiscation: { zh: '没收违法所得、非法财物', en: 'Confiscation' },
  suspension: { zh: '责令停产停业整顿', en: 'Suspension of business' },
  licence_revocation: { zh: '吊销许可证', en: 'Licence revocation' },
  transfer_police: { zh: '移送公安机关', en: 'Transfer to public security' },
};
/** A penalty decision (行政处罚决定书) is issued when the decision holds one of these. */
export const penaltyMeasures: readonly MeasureType[] = ['fine', 'confiscation', 'suspension', 'licence_revocation'];

export const referralStatuses = ['sent', 'received', 'acted', 'answered'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];
export const referralStatusLabels: Record<ReferralStatus, { zh: string; en: string }> = {
  sent: { zh: '已移交', en: 'Sent' },
  received: { zh: '已接收', en: 'Received' },
  acted: { zh: '已处置', en: 'Acted on' },
  answered: { zh: '已反馈', en: 'Answered' },
};
const referralNext: Record<'receive' | 'act' | 'answer', ReferralStatus[]> = {
  receive: ['sent'],
  act: ['sent', 'received'],
  answer: ['received', 'acted'],
};
export function referralStepAllowed(status: ReferralStatus, step: 'receive' | 'act' | 'answer'): boolean {
  return referralNext[step].includes(status);
}
/** Overdue: not answered and the deadline (a China calendar day) has passed. */
export function referralOverdue(r: { status: ReferralStatus; deadline: string }, today: string): boolean {
  return r.status !== 'answered' && r.deadline < today;
}

/**
 * Black sites (黑窝点, plan 三(一)7): illegal storage, filling or selling places, reported by the public
 * (a tip of category black_cylinder) or found by staff; struck jointly by named departments; the outcome.
 * reported ──strike──▶ struck ──close(outcome)──▶ closed
 */
export const blackSiteOrigins = ['tip', 'found'] as const;
export type BlackSiteOrigin = (typeof blackSiteOrigins)[number];
export const blackSiteStatuses = ['reported', 'struck', 'closed'] as const;
export type BlackSiteStatus = (typeof blackSiteStatuses)[number];
export const blackSiteStatusLabels: Record<BlackSiteStatus, { zh: string; en: string }> = {
  reported: { zh: '待打击', en: 'To strike' },
  struck: { zh: '已打击', en: 'Struck' },
  closed: { zh: '已办结', en: 'Closed' },
};
export const blackSiteOutcomes = ['banned', 'transferred_police', 'not_found', 'other'] as const;
export type BlackSiteOutcome = (typeof blackSiteOutcomes)[number];
export const blackSiteOutcomeLabels: Record<BlackSiteOutcome, { zh: string; en: string }> = {
  banned: { zh: '依法取缔', en: 'Banned' },
  transferred_police: { zh: '移送公安机关', en: 'Transferred to public security' },
  not_found: { zh: '查无实据', en: 'Nothing found' },
  other: { zh: '其他', en: 'Other' },
};
