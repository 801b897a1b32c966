import { z } from 'zod';
import {
  gasOperationCategories,
  licenceKinds,
  licenceStatuses,
  storedLicenceStatuses,
} from '../../../domain/registry/registry.ts';
import { IsoDate, PageQuery } from '../../platform/schemas.ts';
import { BoolQuery } from './registry.fields.ts';

export const LicenceNumber = z.string().trim().min(1).max(60);
const LicenceText = z.string().trim().max(500);

export const CreateLicenceBody = z
  .strictObject({
    kind: z.enum(licenceKinds),
    number: LicenceNumber,
    /** 许可范围 / 经营类别, as printed on the licence. */
    scope: LicenceText.optional(),
    issuingBody: z.string().trim().max(100).optional(),
    validFrom: IsoDate.nullable().optional(),
    validTo: IsoDate,
    /** 经营类别 of a gas operation licence: pipeline and/or bottled (they give the holder its roles, issue 11). */
    categories: z.array(z.enum(gasOperationCategories)).max(2).optional(),
  })
  .meta({ id: 'CreateLicence' });

export const UpdateLicenceBody = z
  .strictObject({
    kind: z.enum(licenceKinds).optional(),
    number: LicenceNumber.optional(),
    scope: LicenceText.optional(),
    issuingBody: z.string().trim().max(100).optional(),
    validFrom: IsoDate.nullable().optional(),
    validTo: IsoDate.optional(),
    categories: z.array(z.enum(gasOperationCategories)).max(2).optional(),
  })
  .meta({ id: 'UpdateLicence' });

export const LicenceStatusBody = z
  .strictObject({ reason: z.string().trim().min(1).max(500) })
  .meta({ id: 'LicenceStatusChange' });

export type CreateLicenceInput = z.infer<typeof CreateLicenceBody>;
export type UpdateLicenceInput = z.infer<typeof UpdateLicenceBody>;

export const LicenceFilters = {
  kind: z.enum(licenceKinds).optional(),
  /** The computed status: `expired` means stored valid with validTo before today. */
  status: z.enum(licenceStatuses).optional(),
  enterpriseId: z.uuid().optional(),
  /** The enterprise's region and everything below it. */
  regionId: z.uuid().optional(),
  /** Text search on the licence number, issuing body and the enterprise's name. */
  q: z.string().trim().max(50).optional(),
  /** Only licences whose validTo falls within the next N days (today included). */
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  archived: BoolQuery.optional(),
};
export const LicenceFiltersQuery = z.strictObject(LicenceFilters);
export const ListLicencesQuery = z.strictObject({ ...LicenceFilters, ...PageQuery });
export type LicenceFiltersInput = z.infer<typeof LicenceFiltersQuery>;

export const ExpiringLicencesQuery = z.strictObject({
  days: z.coerce.number().int().min(0).max(3650).optional(),
  ...PageQuery,
});

export const LicenceResponse = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    enterpriseName: z.string(),
    enterpriseCreditCode: z.string(),
    regionId: z.string(),
    regionName: z.string(),
    kind: z.enum(licenceKinds),
    number: z.string(),
    scope: z.string(),
    categories: z.array(z.enum(gasOperationCategories)),
    issuingBody: z.string(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    /** Computed: expired when stored valid and validTo has passed (never stored). */
    status: z.enum(licenceStatuses),
    storedStatus: z.enum(storedLicenceStatuses),
    statusReason: z.string().nullable(),
    /** Days from today to validTo (negative once expired); null without a validTo. */
    daysToExpiry: z.number().nullable(),
    archived: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Licence' });

export const LicenceDetailResponse = LicenceResponse.extend({
  abilities: z.object({
    edit: z.boolean(),
    suspend: z.boolean(),
    revoke: z.boolean(),
    reinstate: z.boolean(),
    archive: z.boolean(),
  }),
}).meta({ id: 'LicenceDetail' });

export const LicenceListResponse = z
  .object({ items: z.array(LicenceResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'LicenceList' });

export const LicenceHistoryResponse = z
  .array(
    z.object({
      id: z.string(),
      action: z.string(),
      before: z.record(z.string(), z.unknown()).nullable(),
      after: z.record(z.string(), z.unknown()),
      actorName: z.string(),
      at: z.string(),
    }),
  )
  .meta({ id: 'LicenceHistory' });
