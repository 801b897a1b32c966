import { z } from 'zod';
import { cylinderModels, cylinderStatuses, fillRefusalCodes } from '../../../domain/cylinders/cylinders.ts';

/** At most this many labels in one PDF (42 A4 pages). */
export const MAX_LABELS = 1000;

export const PublicCodeParams = z.strictObject({ code: z.string().min(1).max(100) });

/**
 * The public page's facts for a code (no sign-in): what a householder at the door needs, nothing
 * personal — no user, address, phone or operator; the owner is an enterprise of the register.
 */
export const PublicCylinderResponse = z
  .object({
    code: z.string(),
    registered: z.boolean(),
    ownerName: z.string().nullable(),
    model: z.enum(cylinderModels).nullable(),
    /** The model's common name (15 kg …). */
    modelLabel: z.string().nullable(),
    /** A 50 kg gas-liquid dual-phase cylinder (YSP118-II): restaurants must not use it (plan 三(四)3). */
    legacyDualPhase: z.boolean(),
    status: z.enum(cylinderStatuses).nullable(),
    manufacturedOn: z.string().nullable(),
    lastFilledAt: z.string().nullable(),
    lastFilledAtStation: z.string().nullable(),
    inspectionValidUntil: z.string().nullable(),
    verdict: z.object({
      level: z.enum(['safe', 'unsafe', 'unknown']),
      headline: z.string(),
      /** The gate's reasons about the cylinder itself (station reasons are not the householder's). */
      reasons: z.array(z.object({ code: z.enum(fillRefusalCodes), message: z.string() })),
      advice: z.string(),
      caution: z.string().nullable(),
    }),
  })
  .meta({ id: 'PublicCylinder' });
export type PublicCylinder = z.infer<typeof PublicCylinderResponse>;

/** Either a list of codes, or a series: prefix + first number (6 digits, zero-padded) + count. */
export const LabelsQuery = z.strictObject({
  codes: z.string().max(70_000).optional().describe('Codes separated by commas'),
  prefix: z.string().max(20).optional(),
  first: z.coerce.number().int().min(0).max(99_999_999).optional(),
  count: z.coerce.number().int().min(1).max(MAX_LABELS).optional(),
});
export type LabelsInput = z.infer<typeof LabelsQuery>;
