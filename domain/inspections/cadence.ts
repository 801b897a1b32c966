/**
 * How often inspections are due (issue 10, 15; 9):
 * - 月度自查: every venue using gas other than a household checks itself once a month (plan 五(一)2:
 *   餐饮经营场所、学校、医院、农贸市场、商住混合体、养老福利机构等场所机构，每月…全面自查). A venue missed its month when
 *   no monthly self-inspection of it was signed within that calendar month.
 * - 入户安检: an operator inspects its users' installations (城镇燃气管理条例 art. 17) — non-residential users at
 *   least yearly, residential users at least every two years (CJJ 51-2016 3.5.1). The intervals are limits
 *   (`userInspectionMonthsNonResidential`, `userInspectionMonthsResidential`).
 */
import { addMonths } from '../dates.ts';
import type { VenueCategory } from '../registry/registry.ts';

/** Venue categories that owe a monthly self-inspection: every one but a household. */
export function owesMonthlySelfInspection(category: VenueCategory): boolean {
  return category !== 'household';
}

/** The calendar month before the one of `today` ('YYYY-MM'). */
export function previousMonth(today: string): string {
  return addMonths(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
}

/** First and last day of a month 'YYYY-MM'. */
export function monthRange(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  const next = addMonths(from, 1);
  const last = new Date(`${next}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  return { from, to: last.toISOString().slice(0, 10) };
}

/**
 * The days a venue's self-inspection is looked for when checking `month`: the `intervalMonths` calendar months
 * ending with it (plan 五(一)2: monthly, so 1 by default; the limit `selfInspectionIntervalMonths`).
 */
export function selfInspectionWindow(month: string, intervalMonths = 1): { from: string; to: string } {
  const first = addMonths(`${month}-01`, -(Math.max(1, Math.trunc(intervalMonths)) - 1)).slice(0, 7);
  return { from: monthRange(first).from, to: monthRange(month).to };
}

export type UserInspectionIntervals = {
  userInspectionMonthsNonResidential: number;
  userInspectionMonthsResidential: number;
};
export const defaultUserInspectionIntervals: UserInspectionIntervals = {
  userInspectionMonthsNonResidential: 12,
  userInspectionMonthsResidential: 24,
};

/** Months between an operator's inspections of a user (CJJ 51-2016 3.5.1): households 24, others 12. */
export function userInspectionIntervalMonths(
  category: VenueCategory,
  limits: UserInspectionIntervals = defaultUserInspectionIntervals,
): number {
  return category === 'household' ? limits.userInspectionMonthsResidential : limits.userInspectionMonthsNonResidential;
}

/**
 * When a user's next inspection is due, and whether it is overdue today: never inspected is due at once (dueOn
 * null, overdue); otherwise the interval after the last inspection, overdue from the day after.
 */
export function userInspectionDue(
  lastOn: string | null,
  category: VenueCategory,
  today: string,
  limits: UserInspectionIntervals = defaultUserInspectionIntervals,
): { dueOn: string | null; overdue: boolean; intervalMonths: number } {
  const intervalMonths = userInspectionIntervalMonths(category, limits);
  if (!lastOn) return { dueOn: null, overdue: true, intervalMonths };
  const dueOn = addMonths(lastOn, intervalMonths);
  return { dueOn, overdue: today > dueOn, intervalMonths };
}
