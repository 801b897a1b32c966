/**
 * Publicity (宣传, plan 四(六)) and the 瓶改管 / 气改电 conversions (plan 四(二)4): the records the returns
 * (报表) count by township.
 */
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const publicityKinds = ['lecture', 'street_stand', 'door_to_door', 'media', 'drill', 'school', 'other'] as const;
export type PublicityKind = (typeof publicityKinds)[number];
export const publicityKindLabels: Labels<PublicityKind> = {
  lecture: { zh: '专题宣讲', en: 'Talk' },
  street_stand: { zh: '街头宣传咨询', en: 'Street stand' },
  door_to_door: { zh: '入户宣传（随入户安检）', en: 'Door to door (with household checks)' },
  media: { zh: '媒体、新媒体宣传', en: 'Media and social media' },
  drill: { zh: '应急演练', en: 'Emergency drill' },
  school: { zh: '进校园', en: 'In schools' },
  other: { zh: '其他', en: 'Other' },
};

/** 瓶改管: from cylinders to piped gas; 气改电: from gas to electricity. */
export const conversionKinds = ['bottle_to_pipe', 'gas_to_electric'] as const;
export type ConversionKind = (typeof conversionKinds)[number];
export const conversionKindLabels: Labels<ConversionKind> = {
  bottle_to_pipe: { zh: '瓶改管', en: 'Cylinders to piped gas' },
  gas_to_electric: { zh: '气改电', en: 'Gas to electricity' },
};

export const conversionTargets = ['household', 'business'] as const;
export type ConversionTarget = (typeof conversionTargets)[number];
export const conversionTargetLabels: Labels<ConversionTarget> = {
  household: { zh: '居民户', en: 'Households' },
  business: { zh: '经营户（餐饮等）', en: 'Businesses (restaurants etc.)' },
};
