import { z } from 'zod';
import {
  cylinderAnomalyKinds,
  cylinderEventTypes,
  cylinderLocationTypes,
  cylinderModels,
  cylinderPhases,
  cylinderStatuses,
  fillRefusalCodes,
} from '../../../domain/cylinders/cylinders.ts';
import { IsoDate, IsoDateTime, PageQuery } from '../../platform/schemas.ts';

/** The code as printed or engraved; normalised (trimmed, upper case) by the service. */
const CodeText = z.string().max(100);
const Text = z.string().trim().max(200);
const ClientEventId = z
  .string()
  .trim()
  .min(8)
  .max(100)
  .describe('The client-generated id (a uuid): a resend is stored once; other content under it is 409');

export const CodeParams = z.strictObject({ code: CodeText.min(1) });

/** The contract of `POST /api/v1/cylinders` (issue 11); `phase` and `batch` are optional extras. */
export const CreateCylinderBody = z
  .strictObject({
    code: CodeText,
    ownerEnterpriseId: z.uuid(),
    model: z.string().max(20).describe('YSP-5, YSP-10, YSP-15, YSP-50 or a GB 5842-2023 name (YSP35.5 …)'),
    manufacturer: z.string().trim().min(1).max(100),
    serialNumber: z.string().trim().min(1).max(60),
    manufacturedOn: IsoDate,
    designLifeYears: z.number().int().min(1).max(50).optional(),
    lastInspectedOn: IsoDate.optional(),
    lastInspectionPassed: z.boolean().optional(),
    nextInspectionDue: IsoDate.optional(),
    refurbished: z.boolean().optional(),
    phase: z.enum(cylinderPhases).optional(),
    batch: z.string().trim().max(60).optional(),
  })
  .meta({ id: 'CreateCylinder' });
export type CreateCylinderInput = z.infer<typeof CreateCylinderBody>;

export const CylinderFilters = {
  /** Code prefix (normalised) or serial number. */
  q: z.string().trim().max(64).optional(),
  ownerEnterpriseId: z.uuid().optional(),
  model: z.enum(cylinderModels).optional(),
  status: z.enum(cylinderStatuses).optional(),
  manufacturer: z.string().trim().max(100).optional(),
  /** true: only cylinders whose periodic inspection is overdue. */
  overdue: z.enum(['true', 'false']).optional(),
  /** true: only cylinders in service not seen (no event) for longer than the limit `cylinderNotSeenDays`; false: the others. */
  notSeen: z.enum(['true', 'false']).optional(),
};
export const CylinderFiltersQuery = z.strictObject(CylinderFilters);
export const ListCylindersQuery = z.strictObject({ ...CylinderFilters, ...PageQuery });
export type CylinderFiltersInput = z.infer<typeof CylinderFiltersQuery>;

const Location = z.object({
  type: z.enum(cylinderLocationTypes),
  id: z.string().nullable(),
  label: z.string().nullable(),
});

export const CylinderResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    ownerEnterpriseId: z.string(),
    ownerName: z.string(),
    model: z.enum(cylinderModels),
    phase: z.enum(cylinderPhases),
    manufacturer: z.string(),
    serialNumber: z.string(),
    batch: z.string().nullable(),
    manufacturedOn: z.string(),
    designLifeYears: z.number().nullable(),
    /** The last day of its service life (stamp, else the rules reference's defaults). */
    serviceLifeEndsOn: z.string(),
    lastInspectedOn: z.string().nullable(),
    lastInspectionPassed: z.boolean().nullable(),
    /** As recorded, else the interval from the last inspection (or manufacture). */
    nextInspectionDue: z.string(),
    inspectionOverdue: z.boolean(),
    refurbished: z.boolean(),
    status: z.enum(cylinderStatuses),
    location: Location,
    lastSeenAt: z.string().nullable(),
    retiredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Cylinder' });

export const CylinderListResponse = z
  .object({ items: z.array(CylinderResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'CylinderList' });

export const CylinderEventResponse = z
  .object({
    eventId: z.string(),
    type: z.enum(cylinderEventTypes),
    code: z.string(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    location: Location.omit({ label: true }),
    stationId: z.string().nullable(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    reasons: z.array(z.string()),
    note: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    correctsEventId: z.string().nullable(),
    /** Retracted by a later correcting event. */
    retracted: z.boolean(),
    actorName: z.string(),
  })
  .meta({ id: 'CylinderEvent' });
export const CylinderTimelineResponse = z
  .object({ items: z.array(CylinderEventResponse) })
  .meta({ id: 'CylinderTimeline' });

/** The filling gate's contract (issue 11). */
export const FillingCheckBody = z
  .strictObject({ cylinderCode: CodeText.min(1), stationId: z.uuid() })
  .meta({ id: 'FillingCheck' });
export const FillingReason = z.object({ code: z.enum(fillRefusalCodes), message: z.string() });
export const FillingCheckResponse = z
  .object({ allowed: z.boolean(), reasons: z.array(FillingReason) })
  .meta({ id: 'FillingCheckResult' });

export const FillingRecordBody = z
  .strictObject({
    eventId: ClientEventId,
    cylinderCode: CodeText.min(1),
    stationId: z.uuid(),
    operatorPersonId: z
      .uuid()
      .describe(
        "The filling operator (充装人员), a person of the register employed by the station's enterprise, trained and certified",
      ),
    /** Kept for older lines; the fill records the register's name of `operatorPersonId`. */
    operatorName: z.string().trim().min(1).max(50).optional(),
    filledAt: IsoDateTime,
    netWeightKg: z.number().min(0).max(200),
  })
  .meta({ id: 'FillingRecord' });
export type FillingRecordInput = z.infer<typeof FillingRecordBody>;

export const FillResponse = z
  .object({
    eventId: z.string(),
    cylinderCode: z.string(),
    stationId: z.string(),
    /** The register's filling operator (null only on fills recorded before the id was kept). */
    operatorPersonId: z.string().nullable(),
    operatorName: z.string(),
    filledAt: z.string(),
    netWeightKg: z.number(),
    nominalKg: z.number(),
    toleranceKg: z.number(),
    /** Outside the model's tolerance: recorded, and the cylinder must not leave the station. */
    flagged: z.boolean(),
  })
  .meta({ id: 'Fill' });

/** An event a client sends in a batch (the others go through their own routes: fills, seizure, inspection). */
export const batchEventTypes = ['dispatched', 'delivered', 'returned_empty', 'seen', 'retracted'] as const;
export const BatchEvent = z.strictObject({
  eventId: ClientEventId,
  type: z.enum(batchEventTypes),
  code: CodeText.min(1),
  occurredAt: IsoDateTime,
  locationType: z.enum(cylinderLocationTypes).optional(),
  locationId: z.uuid().optional(),
  stationId: z.uuid().optional(),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  reasons: z.array(z.string().max(40)).max(10).optional(),
  note: Text.optional(),
  details: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).optional(),
  /** For `retracted`: the event it corrects. */
  correctsEventId: ClientEventId.optional(),
});
export type BatchEventInput = z.infer<typeof BatchEvent>;
export const EventBatchBody = z
  .strictObject({ events: z.array(z.unknown()).min(1).max(5_000) })
  .meta({ id: 'CylinderEventBatch' });
export const EventBatchResponse = z.object({ accepted: z.number() }).meta({ id: 'CylinderEventBatchResult' });

export const seizureGrounds = ['no_code', 'foreign_filler', 'overdue', 'blacklisted', 'scrapped', 'other'] as const;
export const SeizureBody = z
  .strictObject({
    eventId: ClientEventId,
    /** Absent for a cylinder found without a code (无码气瓶). */
    code: CodeText.min(1).optional(),
    grounds: z.array(z.enum(seizureGrounds)).min(1).max(6),
    note: Text.optional(),
    occurredAt: IsoDateTime,
    address: Text,
    regionId: z.uuid().optional(),
    lng: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    photoFileIds: z.array(z.uuid()).max(10).optional(),
  })
  .meta({ id: 'CylinderSeizure' });
export type SeizureInput = z.infer<typeof SeizureBody>;

export const SendForInspectionBody = z
  .strictObject({
    eventId: ClientEventId,
    agencyEnterpriseId: z.uuid(),
    occurredAt: IsoDateTime,
    note: Text.optional(),
  })
  .meta({ id: 'CylinderSendForInspection' });
export const InspectionBody = z
  .strictObject({
    eventId: ClientEventId,
    inspectedOn: IsoDate,
    passed: z.boolean(),
    nextInspectionDue: IsoDate.optional(),
    note: Text.optional(),
  })
  .meta({ id: 'CylinderInspection' });
export const ScrapBody = z
  .strictObject({ eventId: ClientEventId, occurredAt: IsoDateTime, note: Text.optional() })
  .meta({ id: 'CylinderScrap' });

export const BlacklistBody = z
  .strictObject({
    manufacturer: z.string().trim().min(1).max(100),
    model: z.string().max(20).optional(),
    batch: z.string().trim().max(60).optional(),
    producedFrom: IsoDate.optional(),
    producedTo: IsoDate.optional(),
    basis: z.string().trim().min(1).max(500),
    listedOn: IsoDate,
  })
  .meta({ id: 'CylinderBlacklistCreate' });
export type BlacklistInput = z.infer<typeof BlacklistBody>;
export const BlacklistRemoveBody = z
  .strictObject({ removedOn: IsoDate, reason: z.string().trim().min(1).max(500) })
  .meta({ id: 'CylinderBlacklistRemove' });
export const BlacklistEntryResponse = z
  .object({
    id: z.string(),
    manufacturer: z.string(),
    model: z.enum(cylinderModels).nullable(),
    batch: z.string().nullable(),
    producedFrom: z.string().nullable(),
    producedTo: z.string().nullable(),
    basis: z.string(),
    listedOn: z.string(),
    removedOn: z.string().nullable(),
    removalReason: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'CylinderBlacklistEntry' });
export const BlacklistListResponse = z
  .object({ items: z.array(BlacklistEntryResponse) })
  .meta({ id: 'CylinderBlacklist' });
export const RecallResponse = z
  .object({
    entry: BlacklistEntryResponse,
    /** Cylinders matching the entry in the caller's scope, and how many are out of circulation. */
    total: z.number(),
    recalled: z.number(),
    outstanding: z.number(),
    items: z.array(CylinderResponse),
    page: z.number(),
    pageSize: z.number(),
  })
  .meta({ id: 'CylinderRecall' });

export const AnomaliesQuery = z.strictObject({ kind: z.enum(cylinderAnomalyKinds).optional(), ...PageQuery });
export const AnomalyResponse = z.object({
  id: z.string(),
  kind: z.enum(cylinderAnomalyKinds),
  code: z.string(),
  eventId: z.string().nullable(),
  ownerEnterpriseId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  detectedAt: z.string(),
});
export const AnomalyListResponse = z
  .object({ items: z.array(AnomalyResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'CylinderAnomalies' });

export const RefusalsQuery = z.strictObject({ from: IsoDate.optional(), to: IsoDate.optional() });
export const RefusalsResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    total: z.number(),
    byReason: z.array(z.object({ code: z.enum(fillRefusalCodes), count: z.number() })),
    byStation: z.array(
      z.object({
        stationId: z.string(),
        stationName: z.string(),
        enterpriseId: z.string(),
        enterpriseName: z.string(),
        total: z.number(),
        byReason: z.array(z.object({ code: z.enum(fillRefusalCodes), count: z.number() })),
      }),
    ),
  })
  .meta({ id: 'FillingRefusals' });

/**
 * Filters of a filling station's fill list (充装记录) and of its export: the station (or its enterprise), a period
 * of China days, the operator (the register's person, or a part of the name as recorded), a code prefix, the net
 * weight flagged out of tolerance, and the outcome (a fill, or a refusal by the gate kept beside the fills).
 */
export const FillFilters = {
  stationId: z.uuid().optional(),
  enterpriseId: z.uuid().optional(),
  /** First and last China day, inclusive. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  operatorPersonId: z.uuid().optional(),
  /** A part of the operator's name as recorded. */
  operator: z.string().trim().min(1).max(50).optional(),
  /** Code prefix (normalised: trimmed, upper case). */
  code: z.string().trim().min(1).max(64).optional(),
  /**
   * true: only fills whose net weight was out of tolerance and that stand (a retracted fill is never an
   * out-of-tolerance fill); false: every row but those (retracted fills included).
   */
  flagged: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: only the fills out of tolerance that stand (a fill retracted by a later correcting event is never counted as out of tolerance); false: every other row, retracted fills included',
    ),
  /** true: only the records a later correcting event retracted (已撤回); false: only those that stand. */
  retracted: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: only the fills and refusals retracted by a later correcting event (listed as 已撤回); false: only those that stand',
    ),
  /** filled: the fills; refused: the gate's refusals; absent: both. */
  outcome: z.enum(['filled', 'refused']).optional(),
  /** By time: newest first (desc, the default) or oldest first. */
  order: z.enum(['desc', 'asc']).optional(),
};
export const FillFiltersQuery = z.strictObject(FillFilters);
export const ListFillsQuery = z.strictObject({ ...FillFilters, ...PageQuery });
export type FillFiltersInput = z.infer<typeof FillFiltersQuery>;

export const FillListItem = z
  .object({
    /** The fill's (or refusal's) event id, as sent by the line. */
    eventId: z.string(),
    outcome: z.enum(['filled', 'refused']),
    cylinderCode: z.string(),
    /** Null for a refused code that no cylinder is registered under. */
    cylinderId: z.string().nullable(),
    stationId: z.string(),
    stationName: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    operatorPersonId: z.string().nullable(),
    operatorName: z.string().nullable(),
    at: z.string(),
    netWeightKg: z.number().nullable(),
    /** The model's nominal fill and tolerance (fills only). */
    nominalKg: z.number().nullable(),
    toleranceKg: z.number().nullable(),
    /** Out of tolerance and not retracted (a retracted fill keeps its weight but is not reported as flagged). */
    flagged: z
      .boolean()
      .describe(
        'Net weight out of the model tolerance, on a fill that stands: false on a retracted fill and on refusals',
      ),
    /** The gate's refusal codes (refusals only). */
    reasons: z.array(z.string()),
    /** Retracted by a later correcting event: still listed, marked (as the cylinder's timeline marks it). */
    retracted: z.boolean(),
  })
  .meta({ id: 'FillListItem' });
export const FillListResponse = z
  .object({
    items: z.array(FillListItem),
    /**
     * The rows the filters list (for paging): a retracted record is listed, marked, and counts in the unfiltered
     * total; it never counts under flagged=true.
     */
    total: z
      .number()
      .describe(
        'How many rows the filters list: retracted records are listed (retracted: true) and count here, except under flagged=true, which lists and counts only the out-of-tolerance fills that stand',
      ),
    page: z.number(),
    pageSize: z.number(),
  })
  .meta({ id: 'FillList' });
