import { z } from 'zod';
import {
  belowGroundValues,
  checkAnswers,
  cylinderSpecs,
  doorCheckItemIds,
  fuels,
  gasUserKinds,
  orderChannels,
  orderStatuses,
} from '../../../domain/delivery/delivery.ts';
import { normaliseCylinderCode } from '../../../domain/cylinders/cylinders.ts';
import { flagKinds } from '../../../domain/delivery/tracking.ts';
import { IsoDate, IsoDateTime, Name, PageQuery, Phone, ShortText } from '../../platform/schemas.ts';

const Lng = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
const BoolString = z.enum(['true', 'false']).transform((v) => v === 'true');

// ---- Gas users ----

const userFields = {
  holderName: Name,
  holderPhone: Phone,
  regionId: z.uuid(),
  address: z.string().trim().min(1).max(200),
  lng: Lng.nullable().optional(),
  lat: Lat.nullable().optional(),
  cylinderFloor: z.number().int().min(-5).max(200).default(1),
  belowGround: z.enum(belowGroundValues).default('none'),
  highRiseBuilding: z.boolean().default(false),
  contractNumber: ShortText.nullable().optional(),
  contractFrom: IsoDate.nullable().optional(),
  contractTo: IsoDate.nullable().optional(),
};

export const CreateGasUserBody = z.strictObject({
  operatorId: z.uuid(),
  kind: z.enum(gasUserKinds),
  /** A business: the register's venue. A household: none (the register's household venue is filed with it). */
  venueId: z.uuid().optional(),
  ...userFields,
});
export type CreateGasUserInput = z.infer<typeof CreateGasUserBody>;

export const UpdateGasUserBody = z.strictObject({
  holderName: Name.optional(),
  holderPhone: Phone.optional(),
  address: z.string().trim().min(1).max(200).optional(),
  lng: Lng.nullable().optional(),
  lat: Lat.nullable().optional(),
  cylinderFloor: z.number().int().min(-5).max(200).optional(),
  belowGround: z.enum(belowGroundValues).optional(),
  highRiseBuilding: z.boolean().optional(),
  contractNumber: ShortText.nullable().optional(),
  contractFrom: IsoDate.nullable().optional(),
  contractTo: IsoDate.nullable().optional(),
});
export type UpdateGasUserInput = z.infer<typeof UpdateGasUserBody>;

export const ListGasUsersQuery = z.strictObject({
  operatorId: z.uuid().optional(),
  kind: z.enum(gasUserKinds).optional(),
  regionId: z.uuid().optional(),
  belowGround: BoolString.optional(),
  highRiseBuilding: BoolString.optional(),
  contract: z.enum(['valid', 'none']).optional(),
  q: z.string().trim().max(100).optional(),
  ...PageQuery,
});
export type ListGasUsersQuery = z.infer<typeof ListGasUsersQuery>;

export const GasUserResponse = z
  .object({
    id: z.string(),
    operatorId: z.string(),
    operatorName: z.string(),
    kind: z.enum(gasUserKinds),
    venueId: z.string(),
    venueName: z.string(),
    venueCategory: z.string(),
    holderName: z.string(),
    holderPhone: z.string(),
    regionId: z.string(),
    regionName: z.string(),
    address: z.string(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    cylinderFloor: z.number().int(),
    belowGround: z.enum(belowGroundValues),
    highRiseBuilding: z.boolean(),
    contractNumber: z.string().nullable(),
    contractFrom: z.string().nullable(),
    contractTo: z.string().nullable(),
    contractValid: z.boolean(),
    /** Why an order for this user would be refused now (refusal codes), empty when it would be taken. */
    refusals: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'GasUser' });
export const GasUserListResponse = z
  .object({ items: z.array(GasUserResponse), total: z.number().int() })
  .meta({ id: 'GasUserList' });

// ---- Zones ----

const Position = z.tuple([Lng, Lat]);
const Ring = z.array(Position).min(4).max(5000);
export const ZoneGeometrySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(50) }),
  z.strictObject({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(Ring).min(1).max(50)).min(1).max(50),
  }),
]);
export const CreateZoneBody = z.strictObject({ operatorId: z.uuid(), name: Name, geometry: ZoneGeometrySchema });
export const UpdateZoneBody = z.strictObject({ name: Name.optional(), geometry: ZoneGeometrySchema.optional() });
export const ListZonesQuery = z.strictObject({ operatorId: z.uuid().optional() });
export const ZoneResponse = z
  .object({
    id: z.string(),
    operatorId: z.string(),
    operatorName: z.string(),
    name: z.string(),
    geometry: z.unknown(),
    updatedAt: z.string(),
  })
  .meta({ id: 'DeliveryZone' });
export const ZoneListResponse = z.object({ items: z.array(ZoneResponse) }).meta({ id: 'DeliveryZoneList' });

// ---- Orders ----

export const CreateOrderBody = z.strictObject({
  userId: z.uuid(),
  channel: z.enum(['phone', 'shop']),
  spec: z.enum(cylinderSpecs),
  quantity: z.number().int().min(1).max(20),
  fuel: z.enum(fuels).default('lpg'),
  note: z.string().trim().max(500).default(''),
});
export type CreateOrderInput = z.infer<typeof CreateOrderBody>;

export const PublicOrderBody = z.strictObject({
  operatorId: z.uuid(),
  phone: Phone,
  spec: z.enum(cylinderSpecs),
  quantity: z.number().int().min(1).max(5),
  fuel: z.enum(fuels).default('lpg'),
  note: z.string().trim().max(200).default(''),
});
export const PublicOrderResponse = z
  .object({ number: z.string(), status: z.enum(orderStatuses) })
  .meta({ id: 'PublicDeliveryOrder' });
export const PublicOperatorsResponse = z
  .object({ items: z.array(z.object({ id: z.string(), name: z.string() })) })
  .meta({ id: 'PublicDeliveryOperators' });

export const AssignOrderBody = z.strictObject({ workerPersonId: z.uuid() });
export const CancelOrderBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const ListOrdersQuery = z.strictObject({
  operatorId: z.uuid().optional(),
  status: z.enum(orderStatuses).optional(),
  channel: z.enum(orderChannels).optional(),
  /** Only the orders assigned to the signed-in worker. */
  mine: BoolString.optional(),
  /** Delivered without their door check past the configured hours. */
  checkOverdue: BoolString.optional(),
  day: IsoDate.optional(),
  q: z.string().trim().max(100).optional(),
  ...PageQuery,
});
export type ListOrdersQuery = z.infer<typeof ListOrdersQuery>;

const CheckAnswers = z.partialRecord(z.enum(doorCheckItemIds), z.enum(checkAnswers));
export const DoorCheckBody = z.strictObject({
  answers: CheckAnswers,
  hoseLengthM: z.number().positive().max(50).nullable().optional(),
  photoIds: z.array(z.uuid()).max(20).default([]),
  /** The photos of each failed item (taken at the door): they go into that item's hazard. */
  itemPhotos: z.partialRecord(z.enum(doorCheckItemIds), z.array(z.uuid()).max(6)).optional(),
  checkedAt: IsoDateTime.optional(),
});
export type DoorCheckInput = z.infer<typeof DoorCheckBody>;

/** A code printed on a cylinder, normalised as the cylinder register keeps it (no spaces, upper case). */
const CylinderCodeText = z.string().trim().overwrite(normaliseCylinderCode).min(1).max(64);

export const DeliverBody = z.strictObject({
  /** The phone's id of this submission: sending it again stores it once. */
  clientId: z.uuid(),
  fullCylinders: z.array(CylinderCodeText).min(1).max(40),
  emptyCylinders: z.array(CylinderCodeText).max(40).default([]),
  deliveredAt: IsoDateTime.optional(),
  /** The door check done at this delivery (随瓶安检); may follow later, until it is overdue. */
  check: DoorCheckBody.optional(),
});
export type DeliverInput = z.infer<typeof DeliverBody>;

export const DoorCheckResponse = z
  .object({
    id: z.string(),
    checkedAt: z.string(),
    answers: z.record(z.string(), z.string()),
    hoseLengthM: z.number().nullable(),
    photoIds: z.array(z.string()),
    failedItems: z.array(z.string()),
    hazards: z.array(z.object({ id: z.string(), number: z.string() })),
    noticeText: z.string().nullable(),
  })
  .meta({ id: 'DoorCheck' });

export const OrderResponse = z
  .object({
    id: z.string(),
    number: z.string(),
    operatorId: z.string(),
    operatorName: z.string(),
    userId: z.string(),
    userKind: z.enum(gasUserKinds),
    holderName: z.string(),
    holderPhone: z.string(),
    address: z.string(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    venueCategory: z.string(),
    regionName: z.string(),
    channel: z.enum(orderChannels),
    spec: z.enum(cylinderSpecs),
    quantity: z.number().int(),
    fuel: z.enum(fuels),
    note: z.string(),
    status: z.enum(orderStatuses),
    workerPersonId: z.string().nullable(),
    workerName: z.string().nullable(),
    vehicleId: z.string().nullable(),
    plate: z.string().nullable(),
    placedAt: z.string(),
    assignedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    checkDueAt: z.string().nullable(),
    checkOverdue: z.boolean(),
    scans: z.array(z.object({ cylinderCode: z.string(), direction: z.string() })),
    check: DoorCheckResponse.nullable(),
  })
  .meta({ id: 'DeliveryOrder' });
export const OrderListResponse = z
  .object({ items: z.array(OrderResponse), total: z.number().int() })
  .meta({ id: 'DeliveryOrderList' });

export const WorkersQuery = z.strictObject({ operatorId: z.uuid().optional() });
export const WorkersResponse = z
  .object({
    items: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        operatorId: z.string(),
        vehicleId: z.string().nullable(),
        plate: z.string().nullable(),
        refusals: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'DeliveryWorkers' });

export const RatesQuery = z.strictObject({
  operatorId: z.uuid().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
const Rate = z.object({
  delivered: z.number().int(),
  checked: z.number().int(),
  overdue: z.number().int(),
  rate: z.number().nullable(),
});
export const RatesResponse = z
  .object({
    operators: z.array(Rate.extend({ operatorId: z.string(), operatorName: z.string() })),
    workers: z.array(Rate.extend({ personId: z.string(), name: z.string(), operatorId: z.string() })),
  })
  .meta({ id: 'DeliveryCheckRates' });

// ---- Tracking ----

export const PositionRow = z.strictObject({
  vehicleId: z.uuid().optional(),
  plate: z.string().trim().min(1).max(20).optional(),
  time: IsoDateTime,
  lat: Lat,
  lng: Lng,
  /** km/h */
  speed: z.number().min(0).max(1000),
});
export const PositionsBody = z.strictObject({ rows: z.array(PositionRow).min(1).max(5000) });
export const PositionsResponse = z
  .object({
    accepted: z.number().int(),
    /** How many of the rows were new (a resent row is accepted and not stored again). */
    inserted: z.number().int(),
  })
  .meta({ id: 'PositionsAccepted' });

export const LivePositionsQuery = z.strictObject({ operatorId: z.uuid().optional() });
export const LivePosition = z.object({
  vehicleId: z.string(),
  plate: z.string(),
  operatorId: z.string(),
  operatorName: z.string(),
  workerName: z.string().nullable(),
  at: z.string(),
  lat: z.number(),
  lng: z.number(),
  speedKmh: z.number(),
});
export const LivePositionsResponse = z.object({ items: z.array(LivePosition) }).meta({ id: 'LivePositions' });

export const TrackQuery = z.strictObject({ day: IsoDate });
export const TrackResponse = z
  .object({
    vehicleId: z.string(),
    plate: z.string(),
    day: z.string(),
    points: z.array(z.tuple([z.string(), z.number(), z.number(), z.number()])),
    flags: z.array(z.object({ id: z.string(), kind: z.enum(flagKinds), startedAt: z.string(), endedAt: z.string() })),
  })
  .meta({ id: 'VehicleTrack' });

export const ListFlagsQuery = z.strictObject({
  operatorId: z.uuid().optional(),
  kind: z.enum(flagKinds).optional(),
  vehicleId: z.uuid().optional(),
  ...PageQuery,
});
export const FlagResponse = z
  .object({
    id: z.string(),
    vehicleId: z.string(),
    plate: z.string(),
    operatorId: z.string(),
    operatorName: z.string(),
    kind: z.enum(flagKinds),
    startedAt: z.string(),
    endedAt: z.string(),
    maxSpeedKmh: z.number().nullable(),
    hazardId: z.string().nullable(),
  })
  .meta({ id: 'VehicleFlag' });
export const FlagListResponse = z
  .object({ items: z.array(FlagResponse), total: z.number().int() })
  .meta({ id: 'VehicleFlagList' });
export const FlagToHazardBody = z.strictObject({ description: z.string().trim().max(2000).optional() });

export const VehiclesQuery = z.strictObject({ operatorId: z.uuid().optional() });
