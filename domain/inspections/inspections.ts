/**
 * Inspections (排查): kinds, states and limits shared by the server schemas and the web forms.
 * The check items and their rules live in domain/hazards; this file names the visit itself.
 */
import { chinaToday } from '../dates.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** Kinds of inspection (plan 五、工作安排(一)1-2, (二) 回头看; glossary). */
export const inspectionKinds = [
  'department',
  'joint',
  'self',
  'household',
  'monthly_self',
  'follow_up',
  'cross',
] as const;
export type InspectionKind = (typeof inspectionKinds)[number];
export const inspectionKindLabels: Labels<InspectionKind> = {
  department: { zh: '部门排查', en: 'Department inspection' },
  joint: { zh: '联合检查', en: 'Joint inspection' },
  self: { zh: '企业自查', en: 'Enterprise self-inspection' },
  household: { zh: '入户排查', en: 'Household inspection' },
  monthly_self: { zh: '月度自查', en: 'Monthly self-inspection' },
  follow_up: { zh: '回头看', en: 'Follow-up review' },
  cross: { zh: '交叉互检', en: 'Cross-inspection' },
};

/** Kinds done by the supervised party itself or by its gas operator, not by government inspectors. */
export const selfInspectionKinds: readonly InspectionKind[] = ['self', 'household', 'monthly_self'];

/** planned → in_progress → signed; a signed record is immutable (谁检查、谁签字、谁负责, plan 五(一)3). */
export const inspectionStatuses = ['planned', 'in_progress', 'signed'] as const;
export type InspectionStatus = (typeof inspectionStatuses)[number];
export const inspectionStatusLabels: Labels<InspectionStatus> = {
  planned: { zh: '已计划', en: 'Planned' },
  in_progress: { zh: '检查中', en: 'In progress' },
  signed: { zh: '已签字', en: 'Signed' },
};

/** What an inspection visits: the register's supervised objects. */
export const inspectionObjectTypes = ['enterprise', 'venue', 'pipeline', 'facility', 'vehicle'] as const;
export type InspectionObjectType = (typeof inspectionObjectTypes)[number];
export const inspectionObjectTypeLabels: Labels<InspectionObjectType> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  venue: { zh: '场所/用户', en: 'Venue or gas user' },
  pipeline: { zh: '管道', en: 'Pipeline segment' },
  facility: { zh: '场站', en: 'Facility' },
  vehicle: { zh: '车辆', en: 'Vehicle' },
};

/** What an inspector records per item; `unknown` (domain/hazards/evaluate) is never stored. */
export const recordedResults = ['pass', 'fail', 'not_applicable'] as const;
export type RecordedResult = (typeof recordedResults)[number];
export const recordedResultLabels: Labels<RecordedResult> = {
  pass: { zh: '合格', en: 'Pass' },
  fail: { zh: '不合格', en: 'Fail' },
  not_applicable: { zh: '不适用', en: 'Not applicable' },
};

/**
 * 避免多头检查 (plan 五、工作安排(一)1): another department's inspection of the same object planned
 * or done within this many days is offered for joining instead. Configurable (the issue: "14 days").
 */
export const OVERLAP_WINDOW_DAYS = 14;

/**
 * How far a recorded visit time may lie ahead of the server's clock (a phone's clock a little fast):
 * beyond it the visit is in the future, which a record of what was found cannot be.
 */
export const VISIT_CLOCK_SKEW_MS = 60 * 60 * 1000;

/** How far ahead an inspection may be planned (from today, which is the earliest day). */
export const PLAN_AHEAD_DAYS = 365;

/** Limits of one record, so a phone's offline queue and the server agree. */
export const INSPECTION_LIMITS = {
  maxInspectors: 10,
  maxDepartments: 10,
  maxPhotosPerItem: 10,
  maxNoteLength: 2000,
  maxClientIdLength: 100,
} as const;

/**
 * An inspection's readable number (issue 9.23), as hazards have YH-numbers: JC-<the year it was created, China
 * time>-<its sequence number, six digits>, e.g. JC-2026-000123.
 */
export function inspectionNumber(serial: number, createdAt: Date): string {
  return `JC-${chinaToday(createdAt).slice(0, 4)}-${String(serial).padStart(6, '0')}`;
}

/** The sequence number a search names: "JC-2026-000123", "jc-2026-123" or just "000123"; null for anything else. */
export function inspectionSerialOf(q: string): number | null {
  const m = /^(?:JC-\d{4}-)?(\d{1,9})$/i.exec(q.trim());
  return m ? Number(m[1]) : null;
}
