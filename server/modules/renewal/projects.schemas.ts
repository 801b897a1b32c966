import { z } from 'zod';
import { renewalStatuses } from '../../../domain/registry/registry.ts';
import { fundSources, milestones, projectStatuses } from '../../../domain/renewal/projects.ts';
import { IsoDate, PageQuery } from '../../platform/schemas.ts';

const Money = z.number().min(0).max(1e12);
const Text = (max: number) => z.string().trim().max(max);

export const FundsInput = z
  .array(z.strictObject({ source: z.enum(fundSources), plannedYuan: Money, receivedYuan: Money }))
  .max(fundSources.length)
  .refine((a) => new Set(a.map((f) => f.source)).size === a.length, { message: 'A source appears twice' });
export const MilestonesInput = z
  .array(z.strictObject({ milestone: z.enum(milestones), plannedOn: IsoDate.nullable(), doneOn: IsoDate.nullable() }))
  .max(milestones.length)
  .refine((a) => new Set(a.map((m) => m.milestone)).size === a.length, { message: 'A milestone appears twice' });

export const CreateProjectBody = z.strictObject({
  code: Text(40).min(1),
  name: Text(100).min(1),
  planYear: z.number().int().min(2020).max(2100),
  regionId: z.uuid(),
  operatorId: z.uuid(),
  contractor: Text(100).nullable().optional(),
  segmentIds: z.array(z.uuid()).max(500).default([]),
  facilityIds: z.array(z.uuid()).max(100).default([]),
  /** Default: the covered segments' length. */
  lengthM: z.number().min(0).max(1e7).nullable().optional(),
  budgetYuan: Money,
  funds: FundsInput.default([]),
  overBudgetReason: Text(500).nullable().optional(),
  milestones: MilestonesInput.default([]),
  note: Text(1000).nullable().optional(),
});
export type CreateProjectInput = z.infer<typeof CreateProjectBody>;

/** A change: only the fields sent. The operator may send only `milestones` other than acceptance. */
export const UpdateProjectBody = z.strictObject({
  name: Text(100).min(1).optional(),
  planYear: z.number().int().min(2020).max(2100).optional(),
  contractor: Text(100).nullable().optional(),
  segmentIds: z.array(z.uuid()).max(500).optional(),
  facilityIds: z.array(z.uuid()).max(100).optional(),
  lengthM: z.number().min(0).max(1e7).optional(),
  budgetYuan: Money.optional(),
  funds: FundsInput.optional(),
  overBudgetReason: Text(500).nullable().optional(),
  milestones: MilestonesInput.optional(),
  note: Text(1000).nullable().optional(),
});
export type UpdateProjectInput = z.infer<typeof UpdateProjectBody>;

export const ProgressReportBody = z.strictObject({
  reportedOn: IsoDate.optional(),
  progressPercent: z.number().int().min(0).max(100),
  note: Text(1000).nullable().optional(),
  photoFileIds: z.array(z.uuid()).max(20).default([]),
  /** Done dates of design, works and gas-on (acceptance only by the office and the housing department). */
  milestones: z
    .array(z.strictObject({ milestone: z.enum(milestones), doneOn: IsoDate.nullable() }))
    .max(milestones.length)
    .optional(),
});
export type ProgressReportInput = z.infer<typeof ProgressReportBody>;

export const ProjectFilters = z.strictObject({
  regionId: z.uuid().optional(),
  operatorId: z.uuid().optional(),
  planYear: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(projectStatuses).optional(),
  behindSchedule: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ProjectFilterValues = z.infer<typeof ProjectFilters>;
export const ListProjectsQuery = z.strictObject({ ...ProjectFilters.shape, ...PageQuery });

const Ref = z.object({ id: z.string(), name: z.string() });
const Funds = z.object({ source: z.enum(fundSources), plannedYuan: z.number(), receivedYuan: z.number() });
const Milestone = z.object({
  milestone: z.enum(milestones),
  plannedOn: z.string().nullable(),
  doneOn: z.string().nullable(),
});

export const ProjectSummary = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    planYear: z.number(),
    region: Ref,
    operator: Ref,
    contractor: z.string().nullable(),
    lengthM: z.number(),
    budgetYuan: z.number(),
    plannedYuan: z.number(),
    receivedYuan: z.number(),
    overBudgetReason: z.string().nullable(),
    progressPercent: z.number(),
    status: z.enum(projectStatuses),
    overdueMilestones: z.array(z.enum(milestones)),
    funds: z.array(Funds),
    milestones: z.array(Milestone),
    segmentCount: z.number(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RenewalProject' });

export const ProjectListResponse = z
  .object({ items: z.array(ProjectSummary), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'RenewalProjectList' });

export const ProjectDetailResponse = z
  .object({
    ...ProjectSummary.shape,
    note: z.string().nullable(),
    segments: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        material: z.string(),
        lengthM: z.number().nullable(),
        renewalStatus: z.enum(renewalStatuses),
      }),
    ),
    facilities: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
    reports: z.array(
      z.object({
        id: z.string(),
        reportedOn: z.string(),
        progressPercent: z.number(),
        note: z.string().nullable(),
        photoFileIds: z.array(z.string()),
        reportedByName: z.string(),
        createdAt: z.string(),
      }),
    ),
    /** What the viewer may do: edit everything (office, housing), or report progress (also the operator). */
    abilities: z.object({ edit: z.boolean(), report: z.boolean() }),
  })
  .meta({ id: 'RenewalProjectDetail' });

export const TargetBody = z.strictObject({ targetKm: z.number().min(0).max(100_000) });
export const YearParams = z.strictObject({ year: z.coerce.number().int().min(2020).max(2100) });

const FigureGroup = z.object({
  id: z.string().nullable(),
  name: z.string(),
  projects: z.number(),
  lengthKm: z.number(),
  doneKm: z.number(),
  budgetYuan: z.number(),
  plannedYuan: z.number(),
  receivedYuan: z.number(),
});

export const FiguresQuery = z.strictObject({ planYear: z.coerce.number().int().min(2000).max(2100).optional() });
export const FiguresResponse = z
  .object({
    years: z.array(
      z.object({ year: z.number(), targetKm: z.number().nullable(), plannedKm: z.number(), doneKm: z.number() }),
    ),
    bySource: z.array(z.object({ source: z.enum(fundSources), plannedYuan: z.number(), receivedYuan: z.number() })),
    byRegion: z.array(FigureGroup),
    byOperator: z.array(FigureGroup),
    totals: FigureGroup.omit({ id: true, name: true }),
    canSetTargets: z.boolean(),
  })
  .meta({ id: 'RenewalFigures' });
