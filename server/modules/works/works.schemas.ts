import { z } from 'zod';
import { enterpriseKinds, pressureClasses } from '../../../domain/registry/registry.ts';
import { segmentMatches, worksKinds } from '../../../domain/works/works.ts';
import { IsoDate, Name, PageQuery, Phone } from '../../platform/schemas.ts';

const Text = z.string().trim().min(1).max(200);
const Lng = z.number().min(73).max(136);
const Lat = z.number().min(3).max(54);
const LngLat = z.tuple([Lng, Lat]);

export const WorksPlaceSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('point'), point: LngLat }),
    z.strictObject({ type: z.literal('polygon'), ring: z.array(LngLat).min(3).max(200) }),
  ])
  .meta({ id: 'WorksPlace' });

const worksFields = {
  name: Text,
  kind: z.enum(worksKinds),
  /** 施工单位: an enterprise of the register (kind builder, or any). */
  builderEnterpriseId: z.uuid(),
  /** The township; defaults to the builder's when absent. */
  regionId: z.uuid().optional(),
  address: Text,
  place: WorksPlaceSchema,
  /** Segments without geometry chosen by hand (those with geometry are computed from the place). */
  segmentIds: z.array(z.uuid()).max(50).default([]),
  startOn: IsoDate,
  endOn: IsoDate.nullable().optional(),
  agreementSigned: z.boolean().default(false),
  agreementOn: IsoDate.nullable().optional(),
  agreementFileId: z.uuid().nullable().optional(),
  guardianName: Name.nullable().optional(),
  guardianPhone: Phone.nullable().optional(),
  siteContact: Name.nullable().optional(),
  siteContactPhone: Phone.nullable().optional(),
  note: z.string().trim().max(1000).nullable().optional(),
};

export const CreateWorksBody = z.strictObject(worksFields).meta({ id: 'CreateWorks' });
export type CreateWorksInput = z.infer<typeof CreateWorksBody>;
/** A re-save: the whole record again (the form sends every field). */
export const UpdateWorksBody = z.strictObject(worksFields).meta({ id: 'UpdateWorks' });

export const WorksVisitBody = z
  .strictObject({
    visitedOn: IsoDate,
    guardianName: Name,
    measuresInPlace: z.boolean(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .meta({ id: 'CreateWorksVisit' });
export type WorksVisitInput = z.infer<typeof WorksVisitBody>;

export const WorksFilters = z.strictObject({
  q: z.string().trim().max(50).optional(),
  regionId: z.uuid().optional(),
  operatorId: z.uuid().optional(),
  /** open: not ended by today; withoutAgreement: no agreement recorded. */
  status: z.enum(['open', 'withoutAgreement']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type WorksFilterValues = z.infer<typeof WorksFilters>;
export const ListWorksQuery = z.strictObject({ ...WorksFilters.shape, ...PageQuery });

export const NearbySegmentsQuery = z.strictObject({
  /** A point "lng,lat" or a polygon "lng,lat;lng,lat;lng,lat…". */
  place: z.string().trim().min(3).max(5000),
});

const Ref = z.object({ id: z.string(), name: z.string() });

export const WorksSegmentResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    pressureClass: z.enum(pressureClasses),
    operator: Ref.nullable(),
    /** Metres from the works (computed), null when chosen by hand. */
    distanceM: z.number().nullable(),
    protectionDistanceM: z.number(),
    geometry: z.array(z.tuple([z.number(), z.number()])).nullable(),
  })
  .meta({ id: 'WorksSegment' });

export const WorksResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(worksKinds),
    builder: Ref.extend({ kind: z.enum(enterpriseKinds) }),
    region: Ref,
    address: z.string(),
    place: WorksPlaceSchema,
    lng: z.number(),
    lat: z.number(),
    segmentMatch: z.enum(segmentMatches),
    segmentCount: z.number(),
    startOn: z.string(),
    endOn: z.string().nullable(),
    agreementSigned: z.boolean(),
    agreementOn: z.string().nullable(),
    agreementFileId: z.string().nullable(),
    guardianName: z.string().nullable(),
    guardianPhone: z.string().nullable(),
    siteContact: z.string().nullable(),
    siteContactPhone: z.string().nullable(),
    note: z.string().nullable(),
    hazard: z.object({ id: z.string(), number: z.string(), status: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Works' });

export const WorksListResponse = z
  .object({ items: z.array(WorksResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'WorksList' });

export const WorksVisitResponse = z
  .object({
    id: z.string(),
    visitedOn: z.string(),
    guardianName: z.string(),
    measuresInPlace: z.boolean(),
    note: z.string().nullable(),
    enterprise: Ref,
    createdAt: z.string(),
  })
  .meta({ id: 'WorksVisit' });

export const WorksDetailResponse = WorksResponse.extend({
  segments: z.array(WorksSegmentResponse),
  visits: z.array(WorksVisitResponse),
  abilities: z.object({ edit: z.boolean(), recordVisit: z.boolean() }),
}).meta({ id: 'WorksDetail' });

export const NearbySegmentsResponse = z
  .object({ items: z.array(WorksSegmentResponse) })
  .meta({ id: 'WorksNearbySegments' });

/** The map layer: works in scope with their place and the near segments' geometry. */
export const WorksMapResponse = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        lng: z.number(),
        lat: z.number(),
        place: WorksPlaceSchema,
        agreementSigned: z.boolean(),
        startOn: z.string(),
        endOn: z.string().nullable(),
        builderName: z.string(),
      }),
    ),
  })
  .meta({ id: 'WorksMap' });
