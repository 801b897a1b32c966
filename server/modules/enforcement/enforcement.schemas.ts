import { z } from 'zod';
import {
  blackSiteOrigins,
  blackSiteOutcomes,
  blackSiteStatuses,
  caseSources,
  caseStatuses,
  caseSubjectTypes,
  legalArticleCodes,
  measureTypes,
  referralStatuses,
} from '../../../domain/enforcement/enforcement.ts';
import { IsoDate, PageQuery } from '../../platform/schemas.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const OpenCaseBody = z
  .strictObject({
    subjectType: z.enum(caseSubjectTypes),
    /** An enterprise or venue of the register. */
    subjectId: z.uuid().optional(),
    /** An individual (or a subject without a register entry): name and the region where it was found. */
    subjectName: Text(100).optional(),
    regionId: z.uuid().optional(),
    /** The issuing department; by default the caller's own. */
    departmentId: z.uuid().optional(),
    source: z.enum(caseSources),
    sourceRef: z.uuid().optional(),
    facts: Text(4000),
    legalBasis: z.array(z.enum(legalArticleCodes)).min(1).max(10),
  })
  .meta({ id: 'OpenCase' });
export type OpenCaseInput = z.infer<typeof OpenCaseBody>;

export const Measure = z.strictObject({
  type: z.enum(measureTypes),
  dueDate: IsoDate.optional(),
  amount: z.number().int().min(0).max(100_000_000).optional(),
  licenceId: z.uuid().optional(),
  note: Text(500).optional(),
});
export const DecideCaseBody = z
  .strictObject({ decision: Text(4000), measures: z.array(Measure).min(1).max(10) })
  .meta({ id: 'DecideCase' });
export type DecideCaseInput = z.infer<typeof DecideCaseBody>;
export const CloseCaseBody = z.strictObject({ note: Text(2000) }).meta({ id: 'CloseCase' });
export const PublishCaseBody = z.strictObject({ summary: Text(4000) }).meta({ id: 'PublishCase' });

export const CaseFilters = {
  status: z.enum(caseStatuses).optional(),
  departmentId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
  /** A township (or any region): cases whose place lies in it. */
  regionId: z.uuid().optional(),
  /** Opened on or after / on or before (China calendar days). */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
};
export const ListCasesQuery = z.strictObject({ ...CaseFilters, ...PageQuery });
export const ExportCasesQuery = z.strictObject(CaseFilters);
export type CaseFilterInput = { [K in keyof typeof CaseFilters]?: z.infer<(typeof CaseFilters)[K]> };

export const CaseResponse = z
  .object({
    id: z.string(),
    number: z.string(),
    departmentId: z.string(),
    departmentName: z.string().nullable(),
    regionId: z.string(),
    regionName: z.string().nullable(),
    subjectType: z.enum(caseSubjectTypes),
    subjectId: z.string().nullable(),
    subjectName: z.string(),
    enterpriseId: z.string().nullable(),
    source: z.enum(caseSources),
    sourceRef: z.string().nullable(),
    facts: z.string(),
    legalBasis: z.array(z.object({ code: z.string(), text: z.string() })),
    status: z.enum(caseStatuses),
    measures: z.array(Measure),
    decision: z.string().nullable(),
    fineTotal: z.number(),
    correctionOrderNumber: z.string().nullable(),
    penaltyDecisionNumber: z.string().nullable(),
    openedOn: z.string(),
    decidedOn: z.string().nullable(),
    closedOn: z.string().nullable(),
    closingNote: z.string().nullable(),
    typicalSummary: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'EnforcementCase' });
export const CaseListResponse = z
  .object({ items: z.array(CaseResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'EnforcementCaseList' });

export const DocumentParams = z.strictObject({ id: z.uuid(), kind: z.enum(['correction-order', 'penalty-decision']) });

export const TypicalCases = z
  .array(
    z.object({
      number: z.string(),
      departmentName: z.string().nullable(),
      summary: z.string(),
      measures: z.array(z.enum(measureTypes)),
      fineTotal: z.number(),
      decidedOn: z.string().nullable(),
      publishedAt: z.string(),
    }),
  )
  .meta({ id: 'TypicalCases' });

export const FiguresQuery = z.strictObject({
  departmentId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  groupBy: z.enum(['department', 'township']).default('department'),
});
export const FiguresResponse = z
  .object({
    groupBy: z.enum(['department', 'township']),
    rows: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        opened: z.number(),
        closed: z.number(),
        fines: z.number(),
        closures: z.number(),
        revocations: z.number(),
        transfers: z.number(),
      }),
    ),
  })
  .meta({ id: 'EnforcementFigures' });

export const SendReferralBody = z
  .strictObject({
    toDepartmentId: z.uuid().optional(),
    /** The discipline inspection body named (纪检监察), instead of a department. */
    toDiscipline: Text(100).optional(),
    fromDepartmentId: z.uuid().optional(),
    caseId: z.uuid().optional(),
    tipId: z.uuid().optional(),
    hazardId: z.uuid().optional(),
    subject: Text(200),
    content: Text(4000),
    deadline: IsoDate,
  })
  .meta({ id: 'SendReferral' });
export type SendReferralInput = z.infer<typeof SendReferralBody>;
export const ReferralStepBody = z.strictObject({ note: Text(2000).optional() }).meta({ id: 'ReferralStep' });
export const ReferralAnswerBody = z.strictObject({ answer: Text(4000) }).meta({ id: 'ReferralAnswer' });
export const ListReferralsQuery = z.strictObject({
  status: z.enum(referralStatuses).optional(),
  /** sent: by one of the caller's departments; received: to one of them. */
  direction: z.enum(['sent', 'received']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  ...PageQuery,
});
export const ReferralResponse = z
  .object({
    id: z.string(),
    fromDepartmentId: z.string(),
    fromDepartmentName: z.string().nullable(),
    toDepartmentId: z.string().nullable(),
    toDepartmentName: z.string().nullable(),
    toDiscipline: z.string().nullable(),
    caseId: z.string().nullable(),
    tipId: z.string().nullable(),
    hazardId: z.string().nullable(),
    subject: z.string(),
    content: z.string(),
    deadline: z.string(),
    status: z.enum(referralStatuses),
    overdue: z.boolean(),
    overdueFlaggedAt: z.string().nullable(),
    receivedAt: z.string().nullable(),
    actedAt: z.string().nullable(),
    actionNote: z.string().nullable(),
    answeredAt: z.string().nullable(),
    answer: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Referral' });
export const ReferralListResponse = z
  .object({ items: z.array(ReferralResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'ReferralList' });

export const BlacklistBody = z
  .strictObject({
    subjectType: z.enum(['enterprise', 'person']),
    enterpriseId: z.uuid().optional(),
    personName: Text(100).optional(),
    personIdNumber: z
      .string()
      .trim()
      .regex(/^[0-9]{17}[0-9Xx]$/)
      .optional(),
    regionId: z.uuid().optional(),
    departmentId: z.uuid().optional(),
    basis: Text(2000),
    caseId: z.uuid().optional(),
    startsOn: IsoDate,
    endsOn: IsoDate.optional(),
  })
  .meta({ id: 'AddToBlacklist' });
export type BlacklistInput = z.infer<typeof BlacklistBody>;
export const BlacklistRemoveBody = z.strictObject({ reason: Text(1000) }).meta({ id: 'BlacklistRemove' });
export const BlacklistEntry = z
  .object({
    id: z.string(),
    subjectType: z.enum(['enterprise', 'person']),
    enterpriseId: z.string().nullable(),
    subjectName: z.string(),
    basis: z.string(),
    caseId: z.string().nullable(),
    departmentName: z.string().nullable(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    removedAt: z.string().nullable(),
    removedReason: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'BlacklistEntry' });
export const BlacklistQuery = z.strictObject({
  /** Only entries in force today (not removed, not ended). */
  active: z.enum(['true', 'false']).optional(),
  subjectType: z.enum(['enterprise', 'person']).optional(),
});
export const BlacklistFlagsQuery = z.strictObject({ enterpriseIds: z.string().max(4000) });
export const BlacklistFlags = z.object({ enterpriseIds: z.array(z.string()) }).meta({ id: 'BlacklistFlags' });

export const OpenBlackSiteBody = z
  .strictObject({
    origin: z.enum(blackSiteOrigins),
    /** Reported: the tip (category black_cylinder) it came from; its place is taken unless given. */
    tipId: z.uuid().optional(),
    address: Text(300).optional(),
    lng: z.number().min(73).max(136).optional(),
    lat: z.number().min(3).max(54).optional(),
    regionId: z.uuid().optional(),
    /** The leading department; by default the caller's own. */
    departmentId: z.uuid().optional(),
    description: Text(4000).optional(),
  })
  .meta({ id: 'OpenBlackSite' });
export type OpenBlackSiteInput = z.infer<typeof OpenBlackSiteBody>;
export const StrikeBlackSiteBody = z
  .strictObject({
    struckOn: IsoDate,
    /** The departments striking with the leading one (联合打击). */
    departmentIds: z.array(z.uuid()).max(10).default([]),
    note: Text(2000),
    seizedCylinders: z.number().int().min(0).max(100_000).optional(),
    caseId: z.uuid().optional(),
  })
  .meta({ id: 'StrikeBlackSite' });
export type StrikeBlackSiteInput = z.infer<typeof StrikeBlackSiteBody>;
export const CloseBlackSiteBody = z
  .strictObject({ outcome: z.enum(blackSiteOutcomes), note: Text(2000) })
  .meta({ id: 'CloseBlackSite' });
export const ListBlackSitesQuery = z.strictObject({
  status: z.enum(blackSiteStatuses).optional(),
  regionId: z.uuid().optional(),
  ...PageQuery,
});
export const BlackSiteResponse = z
  .object({
    id: z.string(),
    origin: z.enum(blackSiteOrigins),
    tipId: z.string().nullable(),
    tipTrackingCode: z.string().nullable(),
    address: z.string(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    regionId: z.string(),
    regionName: z.string().nullable(),
    departments: z.array(z.object({ id: z.string(), name: z.string() })),
    description: z.string(),
    status: z.enum(blackSiteStatuses),
    struckOn: z.string().nullable(),
    strikeNote: z.string().nullable(),
    seizedCylinders: z.number().nullable(),
    outcome: z.enum(blackSiteOutcomes).nullable(),
    outcomeNote: z.string().nullable(),
    caseId: z.string().nullable(),
    closedOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'BlackSite' });
export const BlackSiteListResponse = z
  .object({ items: z.array(BlackSiteResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'BlackSiteList' });
