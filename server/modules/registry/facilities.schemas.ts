import { z } from 'zod';
import { facilityKinds } from '../../../domain/registry/registry.ts';
import { Name, PageQuery } from '../../platform/schemas.ts';
import { Address, BoolQuery, Lat, Lng, refineCoordinates, refineCoordinatesPatch } from './registry.fields.ts';

export const CreateFacilityBody = z
  .strictObject({
    enterpriseId: z.uuid(),
    kind: z.enum(facilityKinds),
    name: Name,
    regionId: z.uuid(),
    address: Address.optional(),
    lng: Lng.nullable().optional(),
    lat: Lat.nullable().optional(),
  })
  .superRefine(refineCoordinates)
  .meta({ id: 'CreateFacility' });

export const UpdateFacilityBody = z
  .strictObject({
    kind: z.enum(facilityKinds).optional(),
    name: Name.optional(),
    regionId: z.uuid().optional(),
    address: Address.optional(),
    lng: Lng.nullable().optional(),
    lat: Lat.nullable().optional(),
  })
  .superRefine(refineCoordinatesPatch)
  .meta({ id: 'UpdateFacility' });

export type CreateFacilityInput = z.infer<typeof CreateFacilityBody>;
export type UpdateFacilityInput = z.infer<typeof UpdateFacilityBody>;

export const FacilityResponse = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    enterpriseCreditCode: z.string(),
    kind: z.enum(facilityKinds),
    name: z.string(),
    regionId: z.string(),
    regionName: z.string(),
    address: z.string(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    archived: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Facility' });

export const FacilityDetailResponse = FacilityResponse.extend({
  abilities: z.object({ edit: z.boolean(), archive: z.boolean() }),
}).meta({ id: 'FacilityDetail' });

export const FacilityListResponse = z
  .object({ items: z.array(FacilityResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'FacilityList' });

export const FacilityFilters = {
  enterpriseId: z.uuid().optional(),
  /** A region and everything below it. */
  regionId: z.uuid().optional(),
  kind: z.enum(facilityKinds).optional(),
  /** Text search on name and address. */
  q: z.string().trim().max(50).optional(),
  archived: BoolQuery.optional(),
};
export const FacilityFiltersQuery = z.strictObject(FacilityFilters);
export const ListFacilitiesQuery = z.strictObject({ ...FacilityFilters, ...PageQuery });
export type FacilityFiltersInput = z.infer<typeof FacilityFiltersQuery>;
