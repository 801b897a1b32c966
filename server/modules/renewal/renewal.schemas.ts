import { z } from 'zod';
import { candidateReasons } from '../../../domain/renewal/candidates.ts';
import { pipeMaterials, renewalStatuses } from '../../../domain/registry/registry.ts';
import { PageQuery } from '../../platform/schemas.ts';

export const CandidateFilters = z.strictObject({
  regionId: z.uuid().optional(),
  operatorId: z.uuid().optional(),
  reason: z.enum(candidateReasons).optional(),
});
export type CandidateFilterValues = z.infer<typeof CandidateFilters>;
export const ListCandidatesQuery = z.strictObject({ ...CandidateFilters.shape, ...PageQuery });

const Ref = z.object({ id: z.string(), name: z.string() });

export const CandidateResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    material: z.enum(pipeMaterials),
    lengthM: z.number().nullable(),
    installedYear: z.number().nullable(),
    serviceYears: z.number().nullable(),
    openHazards: z.number(),
    renewalStatus: z.enum(renewalStatuses),
    region: Ref,
    operator: Ref.nullable(),
    reasons: z.array(z.enum(candidateReasons)),
  })
  .meta({ id: 'RenewalCandidate' });

export const CandidateGroup = z.object({
  id: z.string().nullable(),
  name: z.string(),
  segments: z.number(),
  lengthM: z.number(),
});

export const CandidateListResponse = z
  .object({
    items: z.array(CandidateResponse),
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
    /** All matching candidates, by township and by operator (number and length). */
    byRegion: z.array(CandidateGroup),
    byOperator: z.array(CandidateGroup),
    totalLengthM: z.number(),
  })
  .meta({ id: 'RenewalCandidateList' });
