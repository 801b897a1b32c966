/**
 * Training sessions (先培训、后上岗, plan 五(一)1 and 四(一)): who ran it, the topic, the date and the
 * attendees from the register with their assessment result. A passed attendee holds a training
 * record valid until the session's certificate validity (default: TRAINING_VALID_DAYS after the
 * session); the register's rule (`mayInspect`: a passed record still valid today) decides whether
 * an inspector may inspect, a delivery worker may deliver and a venue's staff count as trained.
 */
import { addDays } from '../dates.ts';
import { type PersonKind, TRAINING_VALID_DAYS } from '../registry/registry.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const attendeeResults = ['passed', 'failed', 'absent'] as const;
export type AttendeeResult = (typeof attendeeResults)[number];
export const attendeeResultLabels: Labels<AttendeeResult> = {
  passed: { zh: '考核合格', en: 'Passed' },
  failed: { zh: '考核不合格', en: 'Failed' },
  absent: { zh: '缺考', en: 'Absent' },
};

/** The people the "trained before duty" rule applies to (the others may attend as well). */
export const trainedBeforeDutyKinds: readonly PersonKind[] = ['inspector', 'delivery_worker', 'filling_operator'];

/**
 * The validity of a session's certificates when the session does not say otherwise: the limit
 * `trainingValidDays` in force (规则参数), TRAINING_VALID_DAYS by default.
 */
export function defaultCertificateValidUntil(heldOn: string, validDays: number = TRAINING_VALID_DAYS): string {
  return addDays(heldOn, validDays);
}

/** How a sign-in sheet's result cell is read: Chinese or English words, "是/否", or a score against the pass mark. */
export function parseResult(cell: string): AttendeeResult | null {
  const v = cell.replace(/\s+/g, '').toLowerCase();
  if (v === '') return null;
  if (['合格', '考核合格', '通过', '是', 'passed', 'pass', 'yes', '√'].includes(v)) return 'passed';
  if (['不合格', '考核不合格', '未通过', '否', 'failed', 'fail', 'no', '×'].includes(v)) return 'failed';
  if (['缺考', '缺席', '未到', 'absent'].includes(v)) return 'absent';
  return null;
}

export type TrainingStatus = {
  /** A passed training valid today. */
  trained: boolean;
  /** The latest end of validity of a passed training (null: none, or one without an end). */
  validUntil: string | null;
  /** A passed training existed but none is valid today. */
  expired: boolean;
};

/** The status of one person from their training records (the register's rule, 先培训、后上岗). */
export function trainingStatus(
  records: readonly { passed: boolean; validUntil: string | null }[],
  today: string,
): TrainingStatus {
  const passed = records.filter((r) => r.passed);
  const trained = passed.some((r) => r.validUntil === null || r.validUntil >= today);
  const ends = passed.filter((r) => r.validUntil !== null).map((r) => r.validUntil!);
  const validUntil = passed.some((r) => r.validUntil === null) ? null : ends.length ? ends.sort().at(-1)! : null;
  return { trained, validUntil, expired: passed.length > 0 && !trained };
}
