/**
 * MOHURD 城镇燃气经营安全重大隐患判定标准 (建城规〔2023〕4号) art. 9: a user-side defect that an
 * operator finds at its household inspection becomes the operator's major hazard when the
 * operator does not give the user written notice to rectify (书面告知; plan 五、工作安排(一)2
 * 书面告知整改建议). The inspection record therefore says whether written notice was given.
 */
import { checkItem, type Text } from './checklist.ts';
import type { Severity } from './limits.ts';

/**
 * The user-side items the article lists: LPG in underground spaces, gas pipes in bathrooms, gas in
 * bedrooms, banned appliances, banned hoses. Other user defects stay the user's hazard alone.
 */
export const operatorLiableUserDefects = [
  'venue.lpg_basement',
  'venue.gas_pipe_in_bathroom',
  'venue.gas_in_bedroom',
  'venue.banned_appliance',
  'venue.banned_hose',
] as const;
export type OperatorLiableUserDefect = (typeof operatorLiableUserDefects)[number];

export const USER_DEFECT_WITHOUT_NOTICE = 'operator.user_defect_without_notice';

export type OperatorHazard = {
  itemId: typeof USER_DEFECT_WITHOUT_NOTICE;
  severity: Severity;
  planRef: string;
  basis: string;
  /** The listed defects found, in the article's order. */
  defects: OperatorLiableUserDefect[];
  description: Text;
};

/**
 * The operator's major hazard to raise from one household inspection, or null when no listed
 * defect was found or written notice was given.
 */
export function operatorHazardFromHouseholdInspection({
  userDefects,
  writtenNoticeGiven,
}: {
  /** Ids of the items that failed at the household inspection. */
  userDefects: readonly string[];
  writtenNoticeGiven: boolean;
}): OperatorHazard | null {
  if (writtenNoticeGiven) return null;
  const found = new Set(userDefects);
  const defects = operatorLiableUserDefects.filter((id) => found.has(id));
  if (defects.length === 0) return null;
  const item = checkItem(USER_DEFECT_WITHOUT_NOTICE)!;
  const names = defects.map((id) => checkItem(id)!.text);
  return {
    itemId: USER_DEFECT_WITHOUT_NOTICE,
    severity: item.severity,
    planRef: item.planRef,
    basis: item.basis,
    defects,
    description: {
      zh: `入户安全检查发现用户存在：${names.map((n) => n.zh).join('；')}，未书面告知用户整改`,
      en: `Household inspection found: ${names.map((n) => n.en).join('; ')}; no written notice to rectify was given`,
    },
  };
}
