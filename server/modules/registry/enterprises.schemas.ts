import { z } from 'zod';
import { enterpriseKinds, licenceStatuses, personKinds, sellerChannels } from '../../../domain/registry/registry.ts';
import { Name, PageQuery, Phone } from '../../platform/schemas.ts';
import {
  Address,
  BoolQuery,
  CreditCode,
  Lat,
  Lng,
  refineCoordinates,
  refineCoordinatesPatch,
} from './registry.fields.ts';
import { FacilityResponse } from './facilities.schemas.ts';
import { LicenceResponse } from './licences.schemas.ts';

const fields = {
  name: Name,
  kind: z.enum(enterpriseKinds),
  creditCode: CreditCode,
  regionId: z.uuid(),
  address: Address.optional(),
  lng: Lng.nullable().optional(),
  lat: Lat.nullable().optional(),
  contactPhone: Phone.nullable().optional(),
  /** Appliance sellers only (plan 三(二)3: shops and online sales are both supervised). */
  sellerChannel: z.enum(sellerChannels).nullable().optional(),
  /** Business roles set by hand (issue 11), beyond the kind and the roles its licences give; a regulator's field. */
  manualRoles: z.array(z.enum(enterpriseKinds)).max(enterpriseKinds.length).optional(),
};

export const CreateEnterpriseBody = z
  .strictObject(fields)
  .superRefine(refineCoordinates)
  .meta({ id: 'CreateEnterprise' });

export const UpdateEnterpriseBody = z
  .strictObject({
    name: fields.name.optional(),
    kind: fields.kind.optional(),
    creditCode: fields.creditCode.optional(),
    regionId: fields.regionId.optional(),
    address: fields.address,
    lng: fields.lng,
    lat: fields.lat,
    contactPhone: fields.contactPhone,
    sellerChannel: fields.sellerChannel,
    manualRoles: fields.manualRoles,
  })
  .superRefine(refineCoordinatesPatch)
  .meta({ id: 'UpdateEnterprise' });

export type CreateEnterpriseInput = z.infer<typeof CreateEnterpriseBody>;
export type UpdateEnterpriseInput = z.infer<typeof UpdateEnterpriseBody>;

/** The list's filters; the export takes the same. */
export const EnterpriseFilters = {
  /** A region and everything below it. */
  regionId: z.uuid().optional(),
  kind: z.enum(enterpriseKinds).optional(),
  /** Text search in Chinese on name, credit code and address. */
  q: z.string().trim().max(50).optional(),
  /** true: archived enterprises are listed too. */
  archived: BoolQuery.optional(),
};
export const EnterpriseFiltersQuery = z.strictObject(EnterpriseFilters);
export const ListEnterprisesQuery = z.strictObject({ ...EnterpriseFilters, ...PageQuery });
export type EnterpriseFiltersInput = z.infer<typeof EnterpriseFiltersQuery>;

export const LicenceSummary = z.object(
  Object.fromEntries(licenceStatuses.map((s) => [s, z.number()])) as Record<
    (typeof licenceStatuses)[number],
    z.ZodNumber
  >,
);

export const EnterpriseResponse = z
  .object({
    id: z.string(),
    kind: z.enum(enterpriseKinds),
    name: z.string(),
    creditCode: z.string(),
    regionId: z.string(),
    regionName: z.string(),
    address: z.string(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    contactPhone: z.string().nullable(),
    sellerChannel: z.enum(sellerChannels).nullable(),
    /** Every business role: the kind, the licences' roles and the roles set by hand (issue 11). */
    roles: z.array(z.enum(enterpriseKinds)),
    manualRoles: z.array(z.enum(enterpriseKinds)),
    archived: z.boolean(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** Licences by (computed) status, and how many expire within the warning period. */
    licenceSummary: LicenceSummary.extend({ expiringSoon: z.number() }),
    /** On a blacklist of joint punishment in force today (联合惩戒 / 失信名单). */
    blacklisted: z.boolean(),
  })
  .meta({ id: 'Enterprise' });

export const KeyPersonResponse = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(personKinds),
  phone: z.string(),
  /** 主要负责人 and 安全生产管理人员 must pass the assessment (考核合格); null when not (yet) passed. */
  assessmentPassedOn: z.string().nullable(),
});

export const EnterpriseDetailResponse = EnterpriseResponse.extend({
  licences: z.array(LicenceResponse),
  facilities: z.array(FacilityResponse),
  keyPersons: z.array(KeyPersonResponse),
  abilities: z.object({ edit: z.boolean(), archive: z.boolean() }),
}).meta({ id: 'EnterpriseDetail' });

export const EnterpriseListResponse = z
  .object({ items: z.array(EnterpriseResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'EnterpriseList' });
