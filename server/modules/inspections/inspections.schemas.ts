import { z } from 'zod';
import { checkResults } from '../../../domain/hazards/index.ts';
import { severities } from '../../../domain/hazards/limits.ts';
import {
  INSPECTION_LIMITS,
  inspectionKinds,
  inspectionObjectTypes,
  inspectionStatuses,
  recordedResults,
} from '../../../domain/inspections/inspections.ts';
import {
  gasSources,
  hoseTypes,
  licenceKinds,
  licenceStatuses,
  pipeMaterials,
  pressureClasses,
  renewalStatuses,
  venueFloors,
} from '../../../domain/registry/registry.ts';
import { IsoDate, IsoDateTime, PageQuery } from '../../platform/schemas.ts';

const Note = z.string().trim().max(INSPECTION_LIMITS.maxNoteLength);
const Uuids = (max: number) => z.array(z.uuid()).max(max);

/**
 * Facts recorded on site; each computed item reads some of them (domain/hazards measureFields).
 * Values that cannot be true are refused here (a hose of −5 m); an installation date after the
 * visit is refused when the record is decided (inspections.evaluate.ts), which knows the visit day.
 */
export const MeasuredFactsBody = z
  .strictObject({
    floor: z.enum(venueFloors).optional(),
    lpgBelowGround: z.boolean().optional(),
    highRiseBuilding: z.boolean().optional(),
    gasSources: z.array(z.enum(gasSources)).max(gasSources.length).optional(),
    storedLpgKg: z.number().min(0).max(100_000).optional(),
    hasCylinderRoom: z.boolean().optional(),
    hoseInUse: z.boolean().optional(),
    hoseType: z.enum(hoseTypes).optional(),
    hoseMarkedLifeYears: z.number().positive().max(50).optional(),
    hoseLengthM: z.number().positive().max(1000).optional(),
    hoseInstalledOn: IsoDate.optional(),
    detectorInstalled: z.boolean().optional(),
    detectorWorking: z.boolean().optional(),
    detectorInstalledOn: IsoDate.optional(),
    detectorHeightM: z.number().min(0).max(20).optional(),
    shutoffValveInstalled: z.boolean().optional(),
    shutoffValveWorking: z.boolean().optional(),
    shutoffValveInstalledOn: IsoDate.optional(),
    regulatorInstalledOn: IsoDate.optional(),
    sealRingInstalledOn: IsoDate.optional(),
    longestDrivingHours: z.number().min(0).max(72).optional(),
    /** The banned-products catalogue entries found on site (GET /api/v1/rules/banned-products); [] = none found. */
    bannedProductIds: z.array(z.uuid()).max(50).optional(),
  })
  .meta({ id: 'MeasuredFacts' });

export const ObjectRef = z.strictObject({ type: z.enum(inspectionObjectTypes), id: z.uuid() });

const planFields = {
  kind: z.enum(inspectionKinds),
  object: ObjectRef.optional(),
  /** For a follow-up review (回头看): the closed hazard to re-inspect; the object is the hazard's. */
  followUpOfHazardId: z.uuid().optional(),
  /** Inspecting departments; defaults to the planner's department. A joint inspection names two or more. */
  departmentIds: Uuids(INSPECTION_LIMITS.maxDepartments).optional(),
  /** The inspecting township; required for a cross-inspection, defaults to the planner's township. */
  inspectingRegionId: z.uuid().optional(),
  /** For a household inspection: the operator doing it (defaults to the venue's supplier). */
  inspectingEnterpriseId: z.uuid().optional(),
  plannedOn: IsoDate.optional(),
  /** People assigned to inspect; each needs a passed, unexpired training (先培训、后排查). */
  inspectorIds: Uuids(INSPECTION_LIMITS.maxInspectors).min(1),
  notes: Note.optional(),
};

export const PlanInspectionBody = z.strictObject(planFields).meta({ id: 'PlanInspection' });
export type PlanInspectionInput = z.infer<typeof PlanInspectionBody>;

export const ItemResultBody = z.strictObject({
  itemId: z.string().min(1).max(100),
  /** The tick for an item that is not computed; ignored for computed items (decided from the facts). */
  result: z.enum(recordedResults).optional(),
  /** Values measured for this item; only the fields its rule reads. */
  measured: MeasuredFactsBody.optional(),
  note: Note.optional(),
  photoIds: Uuids(INSPECTION_LIMITS.maxPhotosPerItem).optional(),
});

const Location = z.strictObject({ lng: z.number().min(73).max(136), lat: z.number().min(3).max(54) });

const recordFields = {
  results: z.array(ItemResultBody).max(300),
  /** Facts measured for the object as a whole (items may also carry their own). */
  facts: MeasuredFactsBody.optional(),
  location: Location.nullable().optional(),
  visitedAt: IsoDateTime.optional(),
  notes: Note.optional(),
  /** Household inspections by an operator: written notice to rectify given to the user (书面告知). */
  writtenNoticeGiven: z.boolean().optional(),
};

export const RecordResultsBody = z.strictObject(recordFields).meta({ id: 'RecordInspectionResults' });
export type RecordResultsInput = z.infer<typeof RecordResultsBody>;

/**
 * An offline submission: a client-generated id and the whole record, for a planned inspection
 * (`inspectionId`) or a new one (`plan`). The same submission twice is stored once.
 */
export const SubmissionBody = z
  .strictObject({
    clientId: z.string().trim().min(8).max(INSPECTION_LIMITS.maxClientIdLength),
    inspectionId: z.uuid().optional(),
    plan: z.strictObject(planFields).optional(),
    ...recordFields,
  })
  .meta({ id: 'InspectionSubmission' });
export type SubmissionInput = z.infer<typeof SubmissionBody>;

export const SignBody = z
  .strictObject({
    /** The signer's password again: the authenticated confirmation of the signature. */
    password: z.string().min(1).max(200),
    /** Which assigned person signs, when the account is linked to several. */
    personId: z.uuid().optional(),
  })
  .meta({ id: 'SignInspection' });

export const CorrectionBody = z
  .strictObject({ reason: z.string().trim().min(1).max(INSPECTION_LIMITS.maxNoteLength) })
  .meta({ id: 'CorrectInspection' });

export const JoinBody = z
  .strictObject({ inspectorIds: Uuids(INSPECTION_LIMITS.maxInspectors).optional() })
  .meta({ id: 'JoinInspection' });

export const ListInspectionsQuery = z.strictObject({
  kind: z.enum(inspectionKinds).optional(),
  status: z.enum(inspectionStatuses).optional(),
  objectType: z.enum(inspectionObjectTypes).optional(),
  objectId: z.uuid().optional(),
  /** The region and its subtree. */
  regionId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  /** Day of the visit (or the planned day when not yet visited), inclusive. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** The readable number (JC-2026-000123, or its digits) or part of the object's name. */
  q: z.string().trim().min(1).max(50).optional(),
  /** Only those the caller is assigned to inspect (the field app's task list). */
  assignedToMe: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...PageQuery,
});
export type InspectionFilters = z.infer<typeof ListInspectionsQuery>;

export const OverlapsQuery = z.strictObject({
  objectType: z.enum(inspectionObjectTypes),
  objectId: z.uuid(),
  /** The day the caller means to inspect (default today). */
  on: IsoDate.optional(),
});

const Ref = z.object({ id: z.string(), name: z.string() });

export const OverlapResponse = z
  .object({
    id: z.string(),
    kind: z.enum(inspectionKinds),
    status: z.enum(inspectionStatuses),
    plannedOn: z.string().nullable(),
    visitedAt: z.string().nullable(),
    departments: z.array(Ref),
    inspectingRegion: Ref.nullable(),
    /** Still planned, so the caller's department can join it instead of inspecting again. */
    joinable: z.boolean(),
  })
  .meta({ id: 'InspectionOverlap' });

export const OverlapListResponse = z.object({ items: z.array(OverlapResponse), windowDays: z.number() });

const summaryShape = {
  id: z.string(),
  /** The readable number, JC-<year created>-<6 digits> (issue 9.23). */
  number: z.string(),
  clientId: z.string().nullable(),
  kind: z.enum(inspectionKinds),
  status: z.enum(inspectionStatuses),
  object: z.object({
    type: z.enum(inspectionObjectTypes),
    id: z.string(),
    name: z.string(),
    address: z.string(),
    kind: z.string(),
  }),
  region: Ref,
  departments: z.array(Ref),
  inspectingRegion: Ref.nullable(),
  inspectingEnterprise: Ref.nullable(),
  inspectors: z.array(Ref.extend({ signed: z.boolean() })),
  plannedOn: z.string().nullable(),
  visitedAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  failedCount: z.number(),
  correctsInspectionId: z.string().nullable(),
  followUpOfHazardId: z.string().nullable(),
  createdAt: z.string(),
};

export const InspectionSummaryResponse = z.object(summaryShape).meta({ id: 'InspectionSummary' });

export const InspectionListResponse = z.object({
  items: z.array(InspectionSummaryResponse),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const Text = z.object({ zh: z.string(), en: z.string() });

/** The register's facts about an object in the checklist rules' terms (registry.objects.ts RegisteredFacts). */
export const RegisteredFactsResponse = z
  .object({
    floor: z.enum(venueFloors).nullable(),
    highRiseBuilding: z.boolean().nullable(),
    gasSources: z.array(z.enum(gasSources)).readonly().nullable(),
    storedLpgKg: z.number().nullable(),
    hasCylinderRoom: z.boolean().nullable(),
    hoseType: z.enum(hoseTypes).nullable(),
    detectorInstalled: z.boolean().nullable(),
    detectorInstalledOn: z.string().nullable(),
    shutoffValveInstalled: z.boolean().nullable(),
    shutoffValveInstalledOn: z.string().nullable(),
    hasSupplyContract: z.boolean().nullable(),
    contractTo: z.string().nullable(),
    /** Licence state per kind, 'none' when the enterprise holds none. */
    licences: z.partialRecord(z.enum(licenceKinds), z.enum([...licenceStatuses, 'none'])).nullable(),
    /** A venue's staff, an enterprise's principal and safety managers: the last day each is trained (null: never). */
    staff: z
      .array(z.object({ name: z.string(), trainedUntil: z.string().nullable() }))
      .readonly()
      .nullable(),
    managers: z
      .array(z.object({ name: z.string(), trainedUntil: z.string().nullable() }))
      .readonly()
      .nullable(),
    /** An enterprise's special-equipment and filling operators and their certificates. */
    operators: z
      .array(
        z.object({
          name: z.string(),
          certificateNumber: z.string().nullable(),
          certificateExpiresOn: z.string().nullable(),
        }),
      )
      .readonly()
      .nullable(),
    /** A vehicle's hazardous-goods transport permit. */
    vehiclePermit: z.object({ number: z.string().nullable(), validTo: z.string().nullable() }).nullable(),
    /** The gas operation licence of a venue's registered supplier; null when none is registered. */
    supplierLicence: z.enum([...licenceStatuses, 'none']).nullable(),
    /** An operator's users and how many are overdue for their household inspection. */
    usersOverdue: z.object({ users: z.number(), overdue: z.number() }).nullable(),
    /** A pipeline segment as registered. */
    pipe: z
      .object({
        material: z.enum(pipeMaterials),
        pressureClass: z.enum(pressureClasses),
        installedYear: z.number().nullable(),
        encroached: z.boolean(),
        confinedSpace: z.boolean(),
        renewalStatus: z.enum(renewalStatuses),
      })
      .nullable(),
  })
  .partial()
  .meta({ id: 'RegisteredFacts' });

/**
 * The ledger's effective limits (domain/hazards/limits.ts with RANAN_LIMITS applied): the thresholds
 * computed items are decided by and the deadlines hazards are given. The field app judges with them.
 */
export const LedgerLimitsResponse = z
  .object({
    hoseMaxM: z.number(),
    hoseLifeYearsRubber: z.number(),
    cylinderRoomThresholdKg: z.number(),
    lpgDetectorMaxHeightM: z.number(),
    detectorLifeYears: z.number(),
    shutoffValveLifeYears: z.number(),
    regulatorLifeYears: z.number(),
    /** Limits added by issue 10.14 later; absent from a version stored before they existed. */
    sealRingLifeYears: z.number().optional(),
    fatigueDrivingHours: z.number(),
    fatigueRestMinutes: z.number(),
    speedLimitKmh: z.number(),
    deliveryCheckOverdueHours: z.number(),
    /** CJJ 51-2016 3.5.1; absent from limits stored before they existed. */
    userInspectionMonthsNonResidential: z.number().int().optional(),
    userInspectionMonthsResidential: z.number().int().optional(),
    selfInspectionIntervalMonths: z.number().int().optional(),
    deadlineDaysGeneral: z.number().int(),
    deadlineDaysMajor: z.number().int(),
    interimControlSeverities: z.array(z.enum(severities)).readonly(),
    escalateLevel1AfterDays: z.number().int(),
    escalateLevel2AfterDays: z.number().int(),
    followUpShare: z.number(),
    reboundWindowMonths: z.number().int(),
    /** Limits made data by issue 10.14; absent from a version stored before they existed. */
    trainingValidDays: z.number().int().optional(),
    licenceExpiryWarningDays: z.number().int().optional(),
    overlapWindowDays: z.number().int().optional(),
    maxDeadlineDays: z.number().int().optional(),
    planAheadDays: z.number().int().optional(),
  })
  .meta({ id: 'LedgerLimits' });

export const InspectionDetailResponse = z
  .object({
    ...summaryShape,
    checklistVersion: z.string(),
    location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
    /** 总体情况: the inspectors' overall result. */
    notes: z.string(),
    /** The planner's note to the inspectors (not the result). */
    planNotes: z.string(),
    writtenNoticeGiven: z.boolean().nullable(),
    facts: z.record(z.string(), z.unknown()).nullable(),
    /**
     * For a planned or in-progress record: what the register holds now about the object (where a venue
     * is and what it burns, its devices and contract, an enterprise's licences), which computed items
     * are decided from together with what is measured on site. Null once signed (see facts.registered).
     */
    registeredFacts: RegisteredFactsResponse.nullable(),
    /**
     * For a planned or in-progress record: the limits its computed items are decided by when results
     * are recorded, so a form (the field app, offline) previews with the county's numbers. Null once
     * signed (the record's results are then final).
     */
    limits: LedgerLimitsResponse.nullable(),
    /**
     * The limits version (规则参数) of `limits`: a signed record's is the one its results were decided under,
     * an unsigned record's the one in force; null for a record signed before limits were versioned.
     */
    limitsVersionId: z.string().nullable(),
    /** The items that apply to the object, with the result when recorded (the form is built from these). */
    checklist: z.array(
      z.object({
        itemId: z.string(),
        computed: z.boolean(),
        measureFields: z.array(z.string()),
        result: z.enum(checkResults).nullable(),
      }),
    ),
    results: z.array(
      z.object({
        itemId: z.string(),
        result: z.enum(recordedResults),
        computed: z.boolean(),
        measured: z.record(z.string(), z.unknown()).nullable(),
        reason: Text.nullable(),
        note: z.string(),
        photoIds: z.array(z.string()),
      }),
    ),
    /** Applicable items still without a result: the record cannot be signed while any remain. */
    missing: z.array(z.string()),
    signatures: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        userId: z.string(),
        signedAt: z.string(),
        contentHash: z.string(),
        auditSeq: z.number(),
        auditHash: z.string(),
      }),
    ),
    contentHash: z.string().nullable(),
    /** The SHA-256 of the record a signer confirms now (null while results are missing). */
    recordHash: z.string().nullable(),
    /** Hazards raised from this record's failed items (and the operator's, under the MOHURD rule). */
    hazards: z.array(
      z.object({
        id: z.string(),
        number: z.string(),
        itemId: z.string().nullable(),
        severity: z.enum(['major', 'general']),
        status: z.string(),
        objectType: z.enum(inspectionObjectTypes),
        objectId: z.string(),
        reboundOfHazardId: z.string().nullable(),
      }),
    ),
    correctedBy: z.array(z.string()),
    /** Other departments' inspections of the object within the overlap window (避免多头检查). */
    overlaps: z.array(OverlapResponse),
    abilities: z.object({ record: z.boolean(), sign: z.boolean(), correct: z.boolean(), join: z.boolean() }),
  })
  .meta({ id: 'InspectionDetail' });
