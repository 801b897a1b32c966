import { z } from 'zod';
import { PLATE_PATTERN, normalisePlate } from '../../../domain/registry/pipelines-people-vehicles.ts';
import { vehicleKinds } from '../../../domain/registry/registry.ts';
import { IsoDate, PageQuery } from '../../platform/schemas.ts';
import { BoolQuery } from './registry.query.ts';

/** A Chinese plate, upper-cased and without spaces before the check (蒙K12345, 蒙KD12345, 蒙K1234挂). */
export const Plate = z.string().trim().overwrite(normalisePlate).regex(PLATE_PATTERN, 'Not a Chinese licence plate');

const fields = {
  plate: Plate,
  kind: z.enum(vehicleKinds),
  enterpriseId: z.uuid(),
  permitNumber: z.string().trim().min(1).max(50).nullable().optional(),
  permitValidTo: IsoDate.nullable().optional(),
};

export const CreateVehicleBody = z.strictObject(fields);
export type CreateVehicleInput = z.infer<typeof CreateVehicleBody>;

export const UpdateVehicleBody = z.strictObject({
  plate: fields.plate.optional(),
  kind: fields.kind.optional(),
  enterpriseId: fields.enterpriseId.optional(),
  permitNumber: fields.permitNumber,
  permitValidTo: fields.permitValidTo,
});
export type UpdateVehicleInput = z.infer<typeof UpdateVehicleBody>;

export const BindVehicleBody = z.strictObject({
  personId: z.uuid(),
  /** Move the worker from the vehicle they are bound to now (one vehicle per worker). */
  replace: z.boolean().optional(),
});

const filters = {
  kind: z.enum(vehicleKinds).optional(),
  enterpriseId: z.uuid().optional(),
  /** The enterprise's region (vehicles have none of their own), subtree included. */
  regionId: z.uuid().optional(),
  bound: BoolQuery.optional(),
  q: z.string().trim().max(50).optional(),
  archived: BoolQuery.optional(),
};

export const VehicleFilterQuery = z.strictObject(filters);
export type VehicleFilters = z.infer<typeof VehicleFilterQuery>;
export const ListVehiclesQuery = z.strictObject({ ...filters, ...PageQuery });

const Ref = z.object({ id: z.string(), name: z.string() });

export const VehicleResponse = z
  .object({
    id: z.string(),
    plate: z.string(),
    kind: z.enum(vehicleKinds),
    enterpriseId: z.string(),
    enterprise: Ref.extend({ creditCode: z.string() }),
    /** The enterprise's region. */
    region: Ref,
    permitNumber: z.string().nullable(),
    permitValidTo: z.string().nullable(),
    permitExpired: z.boolean(),
    boundPersonId: z.string().nullable(),
    boundPerson: z.object({ id: z.string(), name: z.string(), phone: z.string() }).nullable(),
    archived: z.boolean(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Vehicle' });

export const VehicleDetailResponse = VehicleResponse.extend({
  abilities: z.object({ edit: z.boolean(), archive: z.boolean(), bind: z.boolean() }),
}).meta({ id: 'VehicleDetail' });

export const VehicleListResponse = z
  .object({ items: z.array(VehicleResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'VehicleList' });
