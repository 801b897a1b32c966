import { z } from 'zod';
import { hazardEventTypes, hazardStates, verificationMethods } from '../../../domain/hazards/hazard-state.ts';
import { severities } from '../../../domain/hazards/limits.ts';
import { inspectionObjectTypes } from '../../../domain/inspections/inspections.ts';
import { IsoDate, Phone } from '../../platform/schemas.ts';
import { hazardSources } from './hazards.table.ts';

const Text2000 = z.string().trim().max(2000);
const PhotoIds = z.array(z.uuid()).max(20);
const BoolString = z.enum(['true', 'false']).transform((v) => v === 'true');
/** 'open,rectifying' in a query string. */
const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1));

/** `open`: hazards still open (overdue ones first, as their deadline is the earliest) before closed ones, then by deadline. */
export const hazardSorts = ['open', 'deadline', '-deadline', 'foundOn', '-foundOn', 'severity', 'number'] as const;
export type HazardSort = (typeof hazardSorts)[number];

/** The ledger's filters, shared by the list, the export and the escalation list. */
export const HazardFilters = {
  regionId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  status: csvOf(hazardStates).optional(),
  severity: z.enum(severities).optional(),
  overdue: BoolString.optional(),
  objectType: z.enum(inspectionObjectTypes).optional(),
  objectId: z.uuid().optional(),
  itemId: z.string().trim().min(1).max(100).optional(),
  planRef: z.string().trim().min(1).max(40).optional(),
  source: z.enum(hazardSources).optional(),
  rebound: BoolString.optional(),
  escalated: BoolString.optional(),
  /** 挂牌督办: true, the major hazards listed for supervision; false, the major hazards not listed (hazards.listing.ts). */
  listed: BoolString.optional(),
  /** Escalation level: 1 township and responsible department, 2 the campaign office. */
  level: z.coerce.number().int().min(1).max(2).optional(),
  followUp: BoolString.optional(),
  /** Campaign phase code: hazards found within the phase's dates. */
  phase: z.enum(['intensive', 'consolidation', 'long_term']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  q: z.string().trim().max(100).optional(),
};

export const ListHazardsQuery = z.strictObject({
  ...HazardFilters,
  sort: z.enum(hazardSorts).default('open'),
  /** Keyset paging: the `nextCursor` of the previous page (no total is counted). */
  cursor: z.string().max(500).optional(),
  /** Offset paging (with a total) when no cursor is given. */
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ListHazardsQuery = z.infer<typeof ListHazardsQuery>;
export type HazardFilterValues = Pick<ListHazardsQuery, keyof typeof HazardFilters>;

/** The export reads in the ledger's number order by default (keyset over the unique index on the number). */
export const ExportHazardsQuery = z.strictObject({ ...HazardFilters, sort: z.enum(hazardSorts).default('number') });

export const CreateHazardBody = z.strictObject({
  objectType: z.enum(inspectionObjectTypes),
  objectId: z.uuid(),
  /** A check item of the current checklist: its plan reference, severity and department are taken from it. */
  itemId: z.string().trim().min(1).max(100).optional(),
  severity: z.enum(severities).optional(),
  departmentId: z.uuid().optional(),
  description: z.string().trim().min(1).max(2000),
  photoIds: PhotoIds.default([]),
  responsibleParty: z.string().trim().max(200).optional(),
  responsiblePersonId: z.uuid().optional(),
  responsiblePersonName: z.string().trim().max(100).optional(),
  responsiblePhone: Phone.optional(),
  foundOn: IsoDate.optional(),
  /** Defaults by severity (domain/hazards/deadlines.ts). */
  deadline: IsoDate.optional(),
  interimControl: Text2000.optional(),
  /** 立行立改: fixed on the spot; the hazard goes straight to verification with this evidence. */
  fixedOnSite: z.strictObject({ note: Text2000.optional(), photoIds: PhotoIds.optional() }).optional(),
});
export type CreateHazardInput = z.infer<typeof CreateHazardBody>;

export const UpdateHazardBody = z.strictObject({
  responsibleParty: z.string().trim().max(200).optional(),
  responsiblePersonId: z.uuid().nullable().optional(),
  responsiblePersonName: z.string().trim().max(100).nullable().optional(),
  responsiblePhone: Phone.nullable().optional(),
  deadline: IsoDate.optional(),
  /** Required when the deadline moves. */
  reason: z.string().trim().max(500).optional(),
});
export type UpdateHazardInput = z.infer<typeof UpdateHazardBody>;

export const SubmitBody = z.strictObject({ note: Text2000.optional(), photoIds: PhotoIds.optional() });
export const VerifyBody = z.strictObject({ method: z.enum(verificationMethods), note: Text2000.optional() });
export const SendBackBody = z.strictObject({ reason: z.string().max(2000).optional() });
export const InterimControlBody = z.strictObject({ measure: z.string().max(2000).optional() });
export const StartRectificationBody = z.strictObject({ note: Text2000.optional() }).nullish();
export const SuspendSupplyBody = z.strictObject({
  reason: z.string().trim().min(1).max(500),
  /** The venue refuses rectification (拒不整改): allows suspension for a general hazard too. */
  refusesRectification: z.boolean().default(false),
});

export const ResumeSupplyBody = z
  .strictObject({
    /**
     * The campaign office's override (campaign.manage): resumes supply while hazards that stopped it are still
     * open; the reason is recorded on the venue's audit entry and on each such hazard's timeline.
     */
    overrideReason: z.string().trim().min(1).max(500).optional(),
  })
  .nullish();

const PlanText = z.string().trim().min(1).max(2000);
/** 重大事故隐患治理方案 (安全生产事故隐患排查治理暂行规定 art. 15 (一)–(六)). */
export const TreatmentPlanBody = z.strictObject({
  goals: PlanText,
  measures: PlanText,
  funds: z.string().trim().min(1).max(500),
  people: z.string().trim().min(1).max(500),
  deadline: IsoDate,
  emergencyMeasures: PlanText,
});
export type TreatmentPlanInput = z.infer<typeof TreatmentPlanBody>;
export const TreatmentPlanResponse = TreatmentPlanBody.extend({
  reportedAt: z.string(),
  revision: z.number(),
  updatedAt: z.string(),
}).meta({ id: 'HazardTreatmentPlan' });

export const HazardEventResponse = z.object({
  id: z.string(),
  event: z.string(),
  fromStatus: z.enum(hazardStates).nullable(),
  toStatus: z.enum(hazardStates).nullable(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
  photoIds: z.array(z.string()),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  auditSeq: z.number().nullable(),
  at: z.string(),
});

const HazardFields = {
  id: z.string(),
  number: z.string(),
  objectType: z.enum(inspectionObjectTypes),
  objectId: z.string(),
  objectName: z.string(),
  objectAddress: z.string(),
  objectKind: z.string(),
  regionId: z.string(),
  /** 所属乡镇: the township the object lies in (the region's own name above township level). */
  regionName: z.string().nullable(),
  /** The community (社区/嘎查) when the object is registered in one. */
  communityName: z.string().nullable(),
  ownerEnterpriseId: z.string().nullable(),
  source: z.enum(hazardSources),
  sourceInspectionId: z.string().nullable(),
  sourceRef: z.string().nullable(),
  itemId: z.string().nullable(),
  itemText: z.string().nullable(),
  planRef: z.string().nullable(),
  basis: z.string().nullable(),
  severity: z.enum(severities),
  description: z.string(),
  photoIds: z.array(z.string()),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  responsibleParty: z.string(),
  responsiblePersonId: z.string().nullable(),
  responsiblePersonName: z.string().nullable(),
  responsiblePhone: z.string().nullable(),
  foundOn: z.string(),
  deadline: z.string(),
  interimControl: z.string().nullable(),
  interimControlMissing: z.boolean(),
  rectification: z.string().nullable(),
  status: z.enum(hazardStates),
  submittedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedOn: z.string().nullable(),
  overdue: z.boolean(),
  daysOverdue: z.number(),
  reboundOfHazardId: z.string().nullable(),
  escalationLevel: z.number(),
  escalatedAt: z.string().nullable(),
  /** 挂牌督办: a major hazard listed for supervision (the one definition, hazards.listing.ts). */
  listed: z.boolean(),
  followUpDueOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const HazardListItem = z.object(HazardFields).meta({ id: 'HazardListItem' });

export const HazardResponse = z
  .object({
    ...HazardFields,
    timeline: z.array(HazardEventResponse),
    /** A major hazard's treatment plan, null until recorded (and for a general hazard). */
    treatmentPlan: TreatmentPlanResponse.nullable(),
    abilities: z.object({
      ...Object.fromEntries(hazardEventTypes.map((e) => [e, z.boolean()])),
      edit: z.boolean(),
      suspendSupply: z.boolean(),
      treatmentPlan: z.boolean(),
    }) as z.ZodObject<
      Record<(typeof hazardEventTypes)[number] | 'edit' | 'suspendSupply' | 'treatmentPlan', z.ZodBoolean>
    >,
  })
  .meta({ id: 'Hazard' });

export const HazardListResponse = z.object({
  items: z.array(HazardListItem),
  nextCursor: z.string().nullable(),
  total: z.number().nullable(),
  page: z.number().nullable(),
  pageSize: z.number(),
});

export const EscalationRunResponse = z.object({
  today: z.string(),
  examined: z.number(),
  escalated: z.number(),
  level1: z.number(),
  level2: z.number(),
});

export const ScheduleFollowUpBody = z.strictObject({
  phase: z.enum(['intensive', 'consolidation', 'long_term']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  share: z.number().min(0).max(1).optional(),
  /** The day the follow-up inspections are planned for (default: 30 days from today). */
  dueOn: IsoDate.optional(),
  regionId: z.uuid().optional(),
});

export const ScheduleFollowUpResponse = z.object({
  seed: z.string(),
  share: z.number(),
  from: z.string(),
  to: z.string(),
  closedConsidered: z.number(),
  selected: z.number(),
  major: z.number(),
  alreadyScheduled: z.number(),
  scheduled: z.array(
    z.object({ hazardId: z.string(), number: z.string(), severity: z.enum(severities), inspectionId: z.string() }),
  ),
  dueOn: z.string(),
});
