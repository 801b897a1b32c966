import { z } from 'zod';
import { enterpriseKinds, sellerChannels } from '../../../domain/registry/registry.ts';
import { Name, PageQuery } from '../../platform/schemas.ts';
import { CreditCode } from './registry.fields.ts';
import { registryChangeStatuses, registryChangeSubjects } from './changes.table.ts';
import { CreateLicenceBody, UpdateLicenceBody } from './licences.schemas.ts';
import { VenueRegulatorChange } from './venues.schemas.ts';

const Reason = z.string().trim().min(1).max(500);

/** A venue's regulator fields (venueRegulatorFields). */
export const VenueChange = VenueRegulatorChange;
/**
 * An enterprise's regulator fields: what identifies the licensed entity (name, 统一社会信用代码), its region and kind
 * (a new kind of appliance seller names its sales channel).
 */
export const EnterpriseChange = z.strictObject({
  name: Name.optional(),
  creditCode: CreditCode.optional(),
  regionId: z.uuid().optional(),
  kind: z.enum(enterpriseKinds).optional(),
  sellerChannel: z.enum(sellerChannels).nullable().optional(),
});

export const ProposeChangeBody = z
  .discriminatedUnion('subjectType', [
    z.strictObject({ subjectType: z.literal('venue'), subjectId: z.uuid(), changes: VenueChange, reason: Reason }),
    z.strictObject({
      subjectType: z.literal('enterprise'),
      subjectId: z.uuid(),
      changes: EnterpriseChange,
      reason: Reason,
    }),
    z.strictObject({
      subjectType: z.literal('licence'),
      subjectId: z.uuid(),
      changes: UpdateLicenceBody,
      reason: Reason,
    }),
    z.strictObject({
      subjectType: z.literal('new_licence'),
      /** The enterprise the new licence is issued to. */
      subjectId: z.uuid(),
      changes: CreateLicenceBody,
      reason: Reason,
    }),
  ])
  .meta({ id: 'ProposeRegistryChange' });
export type ProposeChangeInput = z.infer<typeof ProposeChangeBody>;

export const DecideChangeBody = z.strictObject({ note: z.string().trim().max(500).optional() }).meta({
  id: 'DecideRegistryChange',
});
export const RejectChangeBody = z.strictObject({ note: Reason }).meta({ id: 'RejectRegistryChange' });

export const ListChangesQuery = z.strictObject({
  status: z.enum(registryChangeStatuses).optional(),
  subjectType: z.enum(registryChangeSubjects).optional(),
  subjectId: z.uuid().optional(),
  /** An enterprise's own proposals and those for its licences (new ones included). */
  enterpriseId: z.uuid().optional(),
  /** The register corrections a signed inspection opened (its site findings against the register, issue 10.1). */
  sourceInspectionId: z.uuid().optional(),
  /** Only the proposals the caller may decide (the regulator's to-do). */
  toDecide: z.enum(['true', 'false']).optional(),
  ...PageQuery,
});

const Person = z.object({ id: z.string(), name: z.string() });
export const ChangeResponse = z
  .object({
    id: z.string(),
    subjectType: z.enum(registryChangeSubjects),
    subjectId: z.string(),
    subjectName: z.string(),
    regionId: z.string(),
    regionName: z.string(),
    changes: z.record(z.string(), z.unknown()),
    current: z.record(z.string(), z.unknown()),
    /** Names of the regions named in changes / current, by id. */
    regionNames: z.record(z.string(), z.string()),
    reason: z.string(),
    status: z.enum(registryChangeStatuses),
    proposedBy: Person,
    proposedAt: z.string(),
    decidedBy: Person.nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    /** The inspection whose site findings opened this correction of the register; null for a party's proposal. */
    sourceInspectionId: z.string().nullable(),
    abilities: z.object({ decide: z.boolean(), withdraw: z.boolean() }),
    /** The web page of its subject, where the request is listed and decided (a licence's: its enterprise's page). */
    link: z.string(),
  })
  .meta({ id: 'RegistryChange' });
export const ChangeListResponse = z
  .object({ items: z.array(ChangeResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'RegistryChangeList' });

export const RegionChoicesResponse = z
  .array(
    z.object({
      id: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      level: z.enum(['province', 'city', 'county', 'township', 'community']),
      parentId: z.string().nullable(),
    }),
  )
  .meta({ id: 'RegistryChangeRegions' });
