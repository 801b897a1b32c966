import { z } from 'zod';
import {
  chinaToday,
  MAX_GEOMETRY_POINTS,
  MIN_INSTALLED_YEAR,
} from '../../../domain/registry/pipelines-people-vehicles.ts';
import { CHINA_BOUNDS } from '../../../domain/registry/places.ts';
import { pipeMaterials, pressureClasses, renewalStatuses } from '../../../domain/registry/registry.ts';
import { Name, PageQuery } from '../../platform/schemas.ts';
import { BoolQuery } from './registry.query.ts';

export const PipelineCode = z.string().trim().min(1).max(50).regex(/^\S+$/, 'No spaces in a code');

/** 1950 up to this year (checked when the request arrives, not when the server started). */
export const InstalledYear = z
  .number()
  .int()
  .min(MIN_INSTALLED_YEAR)
  .refine((y) => y <= Number(chinaToday().slice(0, 4)), { message: 'The installation year is in the future' });

/** A LineString's coordinates: WGS-84 [lng, lat] pairs, at least two, each within China. */
export const Geometry = z
  .array(
    z.tuple([
      z.number().min(CHINA_BOUNDS.lngMin).max(CHINA_BOUNDS.lngMax),
      z.number().min(CHINA_BOUNDS.latMin).max(CHINA_BOUNDS.latMax),
    ]),
  )
  .min(2)
  .max(MAX_GEOMETRY_POINTS);

const fields = {
  code: PipelineCode,
  name: Name,
  ownerEnterpriseId: z.uuid().nullable().optional(),
  regionId: z.uuid(),
  material: z.enum(pipeMaterials),
  pressureClass: z.enum(pressureClasses),
  diameterMm: z.number().int().min(1).max(3000).nullable().optional(),
  lengthM: z.number().positive().max(99_999_999).nullable().optional(),
  installedYear: InstalledYear.nullable().optional(),
  encroached: z.boolean().optional(),
  confinedSpace: z.boolean().optional(),
  geometry: Geometry.nullable().optional(),
  renewalStatus: z.enum(renewalStatuses).optional(),
};

export const CreatePipelineBody = z.strictObject(fields);
export type CreatePipelineInput = z.infer<typeof CreatePipelineBody>;

export const UpdatePipelineBody = z.strictObject({
  ...fields,
  code: fields.code.optional(),
  name: fields.name.optional(),
  regionId: fields.regionId.optional(),
  material: fields.material.optional(),
  pressureClass: fields.pressureClass.optional(),
});
export type UpdatePipelineInput = z.infer<typeof UpdatePipelineBody>;

const filters = {
  regionId: z.uuid().optional(),
  material: z.enum(pipeMaterials).optional(),
  pressureClass: z.enum(pressureClasses).optional(),
  ownerEnterpriseId: z.uuid().optional(),
  encroached: BoolQuery.optional(),
  confinedSpace: BoolQuery.optional(),
  renewalStatus: z.enum(renewalStatuses).optional(),
  minAge: z.coerce.number().int().min(0).max(200).optional(),
  q: z.string().trim().max(50).optional(),
  archived: BoolQuery.optional(),
};

export const PipelineFilterQuery = z.strictObject(filters);
export type PipelineFilters = z.infer<typeof PipelineFilterQuery>;
export const ListPipelinesQuery = z.strictObject({ ...filters, ...PageQuery });

const Ref = z.object({ id: z.string(), name: z.string() });

export const PipelineResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    ownerEnterpriseId: z.string().nullable(),
    ownerEnterprise: Ref.extend({ creditCode: z.string() }).nullable(),
    regionId: z.string(),
    region: Ref,
    material: z.enum(pipeMaterials),
    pressureClass: z.enum(pressureClasses),
    diameterMm: z.number().nullable(),
    lengthM: z.number().nullable(),
    installedYear: z.number().nullable(),
    /** Computed from the installation year: never stored. */
    ageYears: z.number().nullable(),
    encroached: z.boolean(),
    confinedSpace: z.boolean(),
    geometry: z.array(z.tuple([z.number(), z.number()])).nullable(),
    renewalStatus: z.enum(renewalStatuses),
    archived: z.boolean(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PipelineSegment' });

export const PipelineDetailResponse = PipelineResponse.extend({
  abilities: z.object({ edit: z.boolean(), archive: z.boolean() }),
}).meta({ id: 'PipelineSegmentDetail' });

export const PipelineListResponse = z
  .object({ items: z.array(PipelineResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'PipelineSegmentList' });
