import { z } from 'zod';
import { conversionKinds, conversionTargets, publicityKinds } from '../../../domain/publicity/publicity.ts';
import { IsoDate, PageQuery } from '../../platform/schemas.ts';

const Text = z.string().trim().min(1).max(200);
const Count = z.number().int().min(0).max(1_000_000);

export const CreateActivityBody = z
  .strictObject({
    kind: z.enum(publicityKinds),
    title: Text,
    heldOn: IsoDate,
    place: Text,
    /** The township; a township officer's own when absent. */
    regionId: z.uuid().optional(),
    audienceCount: Count,
    leafletCount: Count.default(0),
    materials: z.string().trim().max(500).nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .meta({ id: 'CreatePublicityActivity' });
export type CreateActivityInput = z.infer<typeof CreateActivityBody>;

export const CreateConversionBody = z
  .strictObject({
    kind: z.enum(conversionKinds),
    target: z.enum(conversionTargets),
    regionId: z.uuid().optional(),
    count: z.number().int().min(1).max(100_000),
    completedOn: IsoDate,
    place: z.string().trim().max(200).nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .meta({ id: 'CreateGasConversion' });
export type CreateConversionInput = z.infer<typeof CreateConversionBody>;

/** A correction of an activity: the fields given change (null clears the optional texts). */
export const UpdateActivityBody = z
  .strictObject({
    kind: z.enum(publicityKinds).optional(),
    title: Text.optional(),
    heldOn: IsoDate.optional(),
    place: Text.optional(),
    regionId: z.uuid().optional(),
    audienceCount: Count.optional(),
    leafletCount: Count.optional(),
    materials: z.string().trim().max(500).nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .meta({ id: 'UpdatePublicityActivity' });
export type UpdateActivityInput = z.infer<typeof UpdateActivityBody>;

/** A correction of a conversion record: the fields given change (null clears the optional texts). */
export const UpdateConversionBody = z
  .strictObject({
    kind: z.enum(conversionKinds).optional(),
    target: z.enum(conversionTargets).optional(),
    regionId: z.uuid().optional(),
    count: z.number().int().min(1).max(100_000).optional(),
    completedOn: IsoDate.optional(),
    place: z.string().trim().max(200).nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .meta({ id: 'UpdateGasConversion' });
export type UpdateConversionInput = z.infer<typeof UpdateConversionBody>;

export const PublicityFilters = z.strictObject({
  regionId: z.uuid().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type PublicityFilterValues = z.infer<typeof PublicityFilters>;
export const ListActivitiesQuery = z.strictObject({
  ...PublicityFilters.shape,
  kind: z.enum(publicityKinds).optional(),
  ...PageQuery,
});
export const ListConversionsQuery = z.strictObject({
  ...PublicityFilters.shape,
  kind: z.enum(conversionKinds).optional(),
  ...PageQuery,
});

const Ref = z.object({ id: z.string(), name: z.string() });

export const ActivityResponse = z
  .object({
    id: z.string(),
    kind: z.enum(publicityKinds),
    title: z.string(),
    heldOn: z.string(),
    place: z.string(),
    region: Ref,
    department: Ref.nullable(),
    audienceCount: z.number(),
    leafletCount: z.number(),
    materials: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    /** The actor may correct or delete it (it lies in their publicity.manage scope). */
    canManage: z.boolean(),
  })
  .meta({ id: 'PublicityActivity' });
export const ActivityListResponse = z
  .object({ items: z.array(ActivityResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'PublicityActivityList' });

export const ConversionResponse = z
  .object({
    id: z.string(),
    kind: z.enum(conversionKinds),
    target: z.enum(conversionTargets),
    region: Ref,
    department: Ref.nullable(),
    count: z.number(),
    completedOn: z.string(),
    place: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
    /** The actor may correct or delete it (it lies in their publicity.manage scope). */
    canManage: z.boolean(),
  })
  .meta({ id: 'GasConversion' });
export const ConversionListResponse = z
  .object({ items: z.array(ConversionResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'GasConversionList' });

const FigureRow = z.object({
  activities: z.number(),
  audience: z.number(),
  leaflets: z.number(),
  bottleToPipeHouseholds: z.number(),
  bottleToPipeBusinesses: z.number(),
  gasToElectricHouseholds: z.number(),
  gasToElectricBusinesses: z.number(),
});
export const PublicityFiguresResponse = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    byTownship: z.array(FigureRow.extend({ region: Ref })),
    byKind: z.array(z.object({ kind: z.enum(publicityKinds), activities: z.number(), audience: z.number() })),
    total: FigureRow,
  })
  .meta({ id: 'PublicityFigures' });
export type PublicityFigures = z.infer<typeof PublicityFiguresResponse>;
