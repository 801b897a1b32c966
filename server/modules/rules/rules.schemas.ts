import { z } from 'zod';
import { severities } from '../../../domain/hazards/limits.ts';
import { bannedProductCheckItems, bannedProductKinds } from '../../../domain/rules/banned-products.ts';
import { IsoDate } from '../../platform/schemas.ts';

/** One version of the limits: every limit's value (keys and meaning: domain/rules/limit-definitions.ts). */
export const LimitVersionResponse = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    effectiveFrom: z.string(),
    reason: z.string(),
    changedByName: z.string(),
    createdAt: z.string(),
    /** This is the version in force today. */
    inForce: z.boolean(),
    values: z.record(z.string(), z.unknown()),
    /** What this version changed against the one before it (every limit for the first). */
    changes: z.array(z.object({ key: z.string(), before: z.unknown(), after: z.unknown() })),
  })
  .meta({ id: 'LimitVersion' });

export const LimitsOverviewResponse = z
  .object({
    current: LimitVersionResponse,
    /** Newest first. */
    versions: z.array(LimitVersionResponse),
  })
  .meta({ id: 'LimitsOverview' });

export const CreateLimitVersionBody = z
  .strictObject({
    /** The limits to change (key → new value); the others keep the latest version's value. */
    changes: z.record(z.string().max(64), z.unknown()),
    /** Why (a document, a meeting's decision): shown in the history and the audit. */
    reason: z.string().trim().min(2).max(500),
    /** Today by default; not before today nor before the latest version. */
    effectiveFrom: IsoDate.optional(),
  })
  .meta({ id: 'CreateLimitVersion' });
export type CreateLimitVersionInput = z.infer<typeof CreateLimitVersionBody>;

/** One entry of the banned and obsolete products catalogue (issue 10.4). */
export const BannedProductResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(bannedProductKinds),
    catalogue: z.string(),
    documentNumber: z.string(),
    effectiveOn: z.string().nullable(),
    severity: z.enum(severities),
    checkItemId: z.enum(bannedProductCheckItems).nullable(),
    note: z.string(),
    /** Withdrawn entries stay listed (records cite them) but no longer apply. */
    withdrawn: z.boolean(),
    updatedAt: z.string(),
  })
  .meta({ id: 'BannedProduct' });

export const BannedProductListResponse = z
  .object({ items: z.array(BannedProductResponse) })
  .meta({ id: 'BannedProductList' });

const bannedProductFields = {
  name: z.string().trim().min(2).max(200),
  kind: z.enum(bannedProductKinds),
  /** The official catalogue or standard, e.g. GB 5842-2023《液化石油气钢瓶》. */
  catalogue: z.string().trim().min(2).max(200),
  /** Its document number (文号 or standard number): required, a ban without its source is not accepted. */
  documentNumber: z.string().trim().min(2).max(100),
  effectiveOn: IsoDate.nullable(),
  severity: z.enum(severities),
  checkItemId: z.enum(bannedProductCheckItems).nullable(),
  note: z.string().trim().max(500).default(''),
};

export const CreateBannedProductBody = z.strictObject(bannedProductFields).meta({ id: 'CreateBannedProduct' });
export type CreateBannedProductInput = z.infer<typeof CreateBannedProductBody>;

export const UpdateBannedProductBody = z
  .strictObject({
    ...Object.fromEntries(Object.entries(bannedProductFields).map(([k, s]) => [k, s.optional()])),
    note: z.string().trim().max(500).optional(),
    withdrawn: z.boolean().optional(),
  } as { [K in keyof typeof bannedProductFields]: z.ZodOptional<(typeof bannedProductFields)[K]> } & {
    note: z.ZodOptional<z.ZodString>;
    withdrawn: z.ZodOptional<z.ZodBoolean>;
  })
  .meta({ id: 'UpdateBannedProduct' });
export type UpdateBannedProductInput = z.infer<typeof UpdateBannedProductBody>;
