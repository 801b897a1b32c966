/**
 * Deadlines, interim control and escalation of hazards (plan 五、工作安排(一)3-4: 明确完成时限，
 * 限期办结; 五、保障措施(二): 督办交办). Days are China calendar dates 'YYYY-MM-DD'; a deadline is
 * the last day on which the hazard may be closed.
 */
import { addDays, daysBetween } from './dates.ts';
import type { HazardState } from './hazard-state.ts';
import { defaultLimits, type HazardLimits, type Severity } from './limits.ts';

/** Days allowed to rectify a hazard of this severity. */
export function deadlineDays(
  severity: Severity,
  limits: Pick<HazardLimits, 'deadlineDaysGeneral' | 'deadlineDaysMajor'> = defaultLimits,
): number {
  return severity === 'major' ? limits.deadlineDaysMajor : limits.deadlineDaysGeneral;
}

/** The default deadline of a hazard found on `foundOn`; the inspector may set an earlier one. */
export function defaultDeadline(
  severity: Severity,
  foundOn: string,
  limits: Pick<HazardLimits, 'deadlineDaysGeneral' | 'deadlineDaysMajor'> = defaultLimits,
): string {
  return addDays(foundOn, deadlineDays(severity, limits));
}

/**
 * How far ahead a deadline may be set or moved: two years from today. 限期办结 needs a date the
 * escalation can reach; a deadline years away (a typo such as 2099) would keep a hazard out of 督办
 * for good. Counted from today, not from the day found, so a long-overdue hazard can still be given
 * a new date.
 */
export const MAX_DEADLINE_DAYS = defaultLimits.maxDeadlineDays;

/** A deadline not before the day found and at most `maxDeadlineDays` (a limit, 730 by default) after `today`. */
export function deadlineInRange(
  foundOn: string,
  deadline: string,
  today: string,
  maxDeadlineDays: number = MAX_DEADLINE_DAYS,
): boolean {
  return deadline >= foundOn && deadline <= addDays(today, maxDeadlineDays);
}

/**
 * Whether the hazard must carry an interim control measure (管控措施): a hazard of a listed
 * severity (major by default) that was not fixed at once, i.e. is still open or being rectified.
 * Plan 五、工作安排(一)4: 因客观原因无法立即整改到位的，要确定有效管控措施; 三(三)1 likewise.
 */
export function needsInterimControl(
  { severity, state }: { severity: Severity; state: HazardState },
  limits: Pick<HazardLimits, 'interimControlSeverities'> = defaultLimits,
): boolean {
  return limits.interimControlSeverities.includes(severity) && (state === 'open' || state === 'rectifying');
}

/** A hazard that needs an interim control measure and has none recorded: shown as a warning. */
export function interimControlMissing(
  hazard: { severity: Severity; state: HazardState; interimControlCount: number },
  limits: Pick<HazardLimits, 'interimControlSeverities'> = defaultLimits,
): boolean {
  return needsInterimControl(hazard, limits) && hazard.interimControlCount === 0;
}

/** Whether the hazard is still open on `day` (not closed, or closed later). */
export function isOpenOn(hazard: { closedAt: string | null }, day: string): boolean {
  return hazard.closedAt === null || hazard.closedAt > day;
}

/** Open on `today` and past its deadline. A hazard submitted but not yet verified still counts: 限期办结 means closed. */
export function isOverdue(hazard: { deadline: string; closedAt: string | null }, today: string): boolean {
  return isOpenOn(hazard, today) && today > hazard.deadline;
}

/** Days past the deadline on `today` (0 when not overdue). */
export function daysOverdue(hazard: { deadline: string; closedAt: string | null }, today: string): number {
  return isOverdue(hazard, today) ? daysBetween(hazard.deadline, today) : 0;
}

/** Whether a closed hazard was closed after its deadline. */
export function closedLate(hazard: { deadline: string; closedAt: string | null }): boolean {
  return hazard.closedAt !== null && hazard.closedAt > hazard.deadline;
}

export const escalationLevels = [0, 1, 2] as const;
export type EscalationLevel = (typeof escalationLevels)[number];
export type EscalationRecipient = 'township' | 'responsible_department' | 'campaign_office';

/** Who is told at each level. Level 0 is no escalation. */
export const escalationLadder: Record<
  Exclude<EscalationLevel, 0>,
  { notify: readonly EscalationRecipient[]; label: { zh: string; en: string } }
> = {
  1: {
    notify: ['township', 'responsible_department'],
    label: { zh: '逾期，已通报属地苏木镇和责任部门', en: 'Overdue: township and responsible department notified' },
  },
  2: {
    notify: ['township', 'responsible_department', 'campaign_office'],
    label: { zh: '逾期未改，已提请领导小组办公室督办', en: 'Still overdue: referred to the campaign office' },
  },
};

/**
 * A major hazard is listed for supervision (挂牌督办) and reported at once when found, not only after its
 * deadline (安全生产事故隐患排查治理暂行规定 art. 14-15, 18; 安全生产法 art. 41): it starts at level 1 (the
 * township and the responsible department told) and the overdue run may still raise it to 2.
 */
export const majorListing = {
  level: 1 as const,
  label: {
    zh: '重大事故隐患，发现即挂牌督办，已报告属地苏木镇和责任部门',
    en: 'Major hazard: listed for supervision when found; township and responsible department told',
  },
};

/** The level a hazard starts at when found: 1 for a major hazard (majorListing), 0 otherwise. */
export function levelOnFinding(severity: string): EscalationLevel {
  return severity === 'major' ? majorListing.level : 0;
}

type EscalationLimits = Pick<HazardLimits, 'escalateLevel1AfterDays' | 'escalateLevel2AfterDays'>;

/** The first day on which a hazard with this deadline reaches the level, if still open. */
export function escalationStartsOn(
  deadline: string,
  level: Exclude<EscalationLevel, 0>,
  limits: EscalationLimits = defaultLimits,
): string {
  const after =
    level === 1 ? limits.escalateLevel1AfterDays : limits.escalateLevel1AfterDays + limits.escalateLevel2AfterDays;
  return addDays(deadline, after + 1);
}

/**
 * The escalation level reached: 1 (township and responsible department) from the first overdue day
 * plus `escalateLevel1AfterDays`; 2 (campaign office) after `escalateLevel2AfterDays` more. For a
 * closed hazard it is the level reached by its close-out (levels never go down), so reports can
 * say how far a hazard went; the daily job escalates only open hazards.
 */
export function escalationLevel({
  deadline,
  closedAt,
  today,
  limits = defaultLimits,
}: {
  deadline: string;
  closedAt: string | null;
  today: string;
  limits?: EscalationLimits;
}): EscalationLevel {
  const asOf = closedAt !== null && closedAt < today ? closedAt : today;
  const late = daysBetween(deadline, asOf);
  if (late > limits.escalateLevel1AfterDays + limits.escalateLevel2AfterDays) return 2;
  if (late > limits.escalateLevel1AfterDays) return 1;
  return 0;
}

/** Calendar days from finding to close-out, or null while open. */
export function daysToClose(hazard: { foundOn: string; closedAt: string | null }): number | null {
  return hazard.closedAt === null ? null : daysBetween(hazard.foundOn, hazard.closedAt);
}

/** The median (mean of the middle two for an even count), or null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
