import { z } from 'zod';
import {
  gasSources,
  hoseTypes,
  supplyStatuses,
  venueCategories,
  venueFloors,
} from '../../../domain/registry/registry.ts';
import {
  type VenueRegulatorField,
  venueRegulatorFields,
  venueRiskFlagCodes,
} from '../../../domain/registry/venue-risk.ts';
import { IsoDate, Name, PageQuery, Phone } from '../../platform/schemas.ts';

const Lng = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
const OptionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** The stored LPG weight in kg: never negative, one decimal (numeric(8,1)). */
export const StoredLpgKg = z.number().min(0).max(9_999_999);

const venueFields = {
  name: Name,
  category: z.enum(venueCategories),
  regionId: z.uuid(),
  address: z.string().trim().min(1).max(200),
  lng: Lng.nullable().optional(),
  lat: Lat.nullable().optional(),
  floor: z.enum(venueFloors).optional(),
  /** The building is a high-rise civil building (GB 50016); null = not recorded. */
  highRiseBuilding: z.boolean().nullable().optional(),
  gasSources: z.array(z.enum(gasSources)).max(3).optional(),
  supplierEnterpriseId: z.uuid().nullable().optional(),
  contractNumber: OptionalText(60),
  contractFrom: IsoDate.nullable().optional(),
  contractTo: IsoDate.nullable().optional(),
  storedLpgKg: StoredLpgKg.nullable().optional(),
  hasCylinderRoom: z.boolean().optional(),
  hoseType: z.enum(hoseTypes).nullable().optional(),
  detectorInstalled: z.boolean().optional(),
  detectorInstalledOn: IsoDate.nullable().optional(),
  shutoffValveInstalled: z.boolean().optional(),
  shutoffValveInstalledOn: IsoDate.nullable().optional(),
  contactName: OptionalText(50),
  contactPhone: Phone.nullable().optional(),
};

export const CreateVenueBody = z.strictObject(venueFields).meta({ id: 'CreateVenue' });

const updateVenueFields = {
  ...venueFields,
  name: Name.optional(),
  category: z.enum(venueCategories).optional(),
  regionId: z.uuid().optional(),
  address: z.string().trim().min(1).max(200).optional(),
};

export const UpdateVenueBody = z.strictObject(updateVenueFields).meta({ id: 'UpdateVenue' });

export { type VenueRegulatorField, venueRegulatorFields };

/** A venue's regulator fields as a party proposes them, validated as on the venue itself. */
export const VenueRegulatorChange = z
  .strictObject(updateVenueFields)
  .pick(Object.fromEntries(venueRegulatorFields.map((f) => [f, true])) as { [K in VenueRegulatorField]: true });

/** Fields the supplier's enterprise manager may edit on its customers (the supply contract). */
export const supplierEditableFields = ['contractNumber', 'contractFrom', 'contractTo'] as const;

export const SuspendSupplyBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const venueSortFields = ['createdAt', 'updatedAt', 'name'] as const;

export const ListVenuesQuery = z.strictObject({
  regionId: z.uuid().optional(),
  category: z.enum(venueCategories).optional(),
  floor: z.enum(venueFloors).optional(),
  gasSource: z.enum(gasSources).optional(),
  supplierEnterpriseId: z.uuid().optional(),
  supplyStatus: z.enum(supplyStatuses).optional(),
  q: z.string().trim().max(50).optional(),
  archived: z.enum(['true', 'false']).optional(),
  sort: z.enum(venueSortFields).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  ...PageQuery,
});
export type ListVenuesQuery = z.infer<typeof ListVenuesQuery>;

export const VenueAbilities = z.object({
  edit: z.boolean(),
  editContract: z.boolean(),
  archive: z.boolean(),
  suspendSupply: z.boolean(),
  resumeSupply: z.boolean(),
});

export const VenueResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.enum(venueCategories),
    regionId: z.string(),
    regionName: z.string(),
    address: z.string(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    floor: z.enum(venueFloors),
    highRiseBuilding: z.boolean().nullable(),
    gasSources: z.array(z.enum(gasSources)),
    supplierEnterpriseId: z.string().nullable(),
    supplierName: z.string().nullable(),
    contractNumber: z.string().nullable(),
    contractFrom: z.string().nullable(),
    contractTo: z.string().nullable(),
    storedLpgKg: z.number().nullable(),
    hasCylinderRoom: z.boolean(),
    hoseType: z.enum(hoseTypes).nullable(),
    detectorInstalled: z.boolean(),
    detectorInstalledOn: z.string().nullable(),
    shutoffValveInstalled: z.boolean(),
    shutoffValveInstalledOn: z.string().nullable(),
    supplyStatus: z.enum(supplyStatuses),
    supplyStatusReason: z.string().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    riskFlags: z.array(z.object({ code: z.enum(venueRiskFlagCodes), ref: z.string() })),
    archived: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    abilities: VenueAbilities,
  })
  .meta({ id: 'Venue' });

export const VenueListResponse = z
  .object({
    items: z.array(VenueResponse),
    /** Matches counted up to 1,000 (VENUE_COUNT_CAP): with more, 1000 and totalCapped. */
    total: z.number(),
    /** More matches than `total` (the count stopped at the cap); false when `total` is exact. */
    totalCapped: z.boolean(),
    page: z.number(),
    pageSize: z.number(),
    /** Whether the caller may register venues at all (a township, a responsible department, an administrator). */
    abilities: z.object({ create: z.boolean() }),
  })
  .meta({ id: 'VenueList' });
