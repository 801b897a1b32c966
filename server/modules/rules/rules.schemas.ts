import { z } from 'zod';
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
