import { z } from 'zod';
import { REGION_CODE_PATTERN, regionLevels } from '../../../domain/organisation/regions.ts';
import { IsoDate, Name } from '../../platform/schemas.ts';

export const RegionResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    level: z.enum(regionLevels),
    parentId: z.string().nullable(),
    path: z.string(),
    archived: z.boolean(),
    abilities: z.object({ edit: z.boolean(), archive: z.boolean(), addChild: z.boolean() }),
  })
  .meta({ id: 'Region' });

export const CreateRegionBody = z.strictObject({
  parentId: z.uuid(),
  code: z.string().trim().regex(REGION_CODE_PATTERN, 'Letters, digits, - and _ only, at most 32'),
  name: Name,
  nameEn: z.string().trim().max(100).optional(),
});

export const UpdateRegionBody = z.strictObject({
  name: Name.optional(),
  nameEn: z.string().trim().max(100).nullable().optional(),
});

export const DepartmentRef = z.object({
  id: z.string(),
  name: z.string(),
  shortName: z.string(),
  nameEn: z.string().nullable(),
});

export const DepartmentResponse = DepartmentRef.extend({
  code: z.string(),
  kind: z.enum(['leading_group', 'office', 'department']),
}).meta({ id: 'Department' });

export const PlanTaskResponse = z
  .object({
    ref: z.string(),
    section: z.string(),
    sectionTitle: z.string(),
    sectionTitleEn: z.string().nullable(),
    title: z.string(),
    titleEn: z.string().nullable(),
    text: z.string(),
    summaryEn: z.string().nullable(),
    townshipsImplement: z.boolean(),
    leadDepartments: z.array(DepartmentRef),
    supportDepartments: z.array(DepartmentRef),
  })
  .meta({ id: 'PlanTask' });

export const PlanTasksQuery = z.strictObject({ section: z.string().max(10).optional() });

const phaseCodes = ['intensive', 'consolidation', 'long_term'] as const;

export const PhaseResponse = z.object({
  id: z.string(),
  code: z.enum(phaseCodes),
  name: z.string(),
  nameEn: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
});

export const CampaignResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    regionId: z.string(),
    phases: z.array(PhaseResponse),
  })
  .meta({ id: 'Campaign' });

export const UpdateCampaignBody = z.strictObject({
  name: Name.optional(),
  nameEn: z.string().trim().max(200).nullable().optional(),
  phases: z
    .array(
      z.strictObject({
        code: z.enum(phaseCodes),
        name: Name,
        nameEn: z.string().trim().max(100).nullable().optional(),
        startsOn: IsoDate,
        endsOn: IsoDate.nullable(),
      }),
    )
    .min(1)
    .max(3)
    .optional(),
});

export const OverviewResponse = z
  .object({
    regions: z.number(),
    departments: z.number(),
    tasks: z.number(),
    users: z.number().nullable(),
    campaign: z
      .object({
        id: z.string(),
        name: z.string(),
        nameEn: z.string().nullable(),
        phases: z.array(PhaseResponse.omit({ id: true }).extend({ current: z.boolean() })),
      })
      .nullable(),
    tasksBySection: z.array(
      z.object({
        section: z.string(),
        sectionTitle: z.string(),
        sectionTitleEn: z.string().nullable(),
        count: z.number(),
      }),
    ),
  })
  .meta({ id: 'Overview' });
