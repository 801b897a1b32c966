import { z } from 'zod';
import { personKinds } from '../../../domain/registry/registry.ts';
import { IsoDate, Name, PageQuery, Phone } from '../../platform/schemas.ts';
import { BoolQuery } from './registry.query.ts';

const fields = {
  name: Name,
  kind: z.enum(personKinds),
  phone: Phone,
  enterpriseId: z.uuid().nullable().optional(),
  /** The venue whose staff the person is (instead of an enterprise): they do its monthly self-inspection. */
  venueId: z.uuid().nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  /** Township of a township inspector; defaults to the department's or the enterprise's region. */
  regionId: z.uuid().optional(),
  certificateNumber: z.string().trim().min(1).max(50).nullable().optional(),
  certificateExpiresOn: IsoDate.nullable().optional(),
  assessmentPassedOn: IsoDate.nullable().optional(),
  userId: z.uuid().nullable().optional(),
};

export const CreatePersonBody = z.strictObject(fields);
export type CreatePersonInput = z.infer<typeof CreatePersonBody>;

export const UpdatePersonBody = z.strictObject({
  ...fields,
  name: fields.name.optional(),
  kind: fields.kind.optional(),
  phone: fields.phone.optional(),
});
export type UpdatePersonInput = z.infer<typeof UpdatePersonBody>;

const filters = {
  kind: z.enum(personKinds).optional(),
  enterpriseId: z.uuid().optional(),
  venueId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  mayInspect: BoolQuery.optional(),
  q: z.string().trim().max(50).optional(),
  archived: BoolQuery.optional(),
};

export const PersonFilterQuery = z.strictObject(filters);
export type PersonFilters = z.infer<typeof PersonFilterQuery>;
export const ListPeopleQuery = z.strictObject({ ...filters, ...PageQuery });

export const ListInspectorsQuery = z.strictObject({
  /** true: only those who may inspect now (先培训、后排查), the list inspections assign from. */
  eligible: BoolQuery.optional(),
  departmentId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  ...PageQuery,
});

const Ref = z.object({ id: z.string(), name: z.string() });

export const PersonResponse = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(personKinds),
    phone: z.string(),
    enterpriseId: z.string().nullable(),
    enterprise: Ref.extend({ creditCode: z.string() }).nullable(),
    venueId: z.string().nullable(),
    venue: Ref.extend({ address: z.string() }).nullable(),
    departmentId: z.string().nullable(),
    department: Ref.nullable(),
    regionId: z.string(),
    region: Ref,
    certificateNumber: z.string().nullable(),
    certificateExpiresOn: z.string().nullable(),
    /** Computed from the expiry date. */
    certificateExpired: z.boolean(),
    assessmentPassedOn: z.string().nullable(),
    userId: z.string().nullable(),
    /** 先培训、后排查: derived from the training records, never stored. */
    mayInspect: z.boolean(),
    /** The latest end of a passed training's validity (null: none, or one without end). */
    trainingValidUntil: z.string().nullable(),
    archived: z.boolean(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Person' });

export const PersonDetailResponse = PersonResponse.extend({
  abilities: z.object({ edit: z.boolean(), archive: z.boolean(), addTraining: z.boolean() }),
}).meta({ id: 'PersonDetail' });

export const PersonListResponse = z
  .object({ items: z.array(PersonResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'PersonList' });

export const CreateTrainingRecordBody = z.strictObject({
  course: z.string().trim().min(1).max(200),
  trainedOn: IsoDate,
  passed: z.boolean(),
  /** Defaults to trainedOn + TRAINING_VALID_DAYS for a passed training. */
  validUntil: IsoDate.nullable().optional(),
});
export type CreateTrainingRecordInput = z.infer<typeof CreateTrainingRecordBody>;

export const TrainingRecordResponse = z
  .object({
    id: z.string(),
    personId: z.string(),
    course: z.string(),
    trainedOn: z.string(),
    passed: z.boolean(),
    validUntil: z.string().nullable(),
    /** Passed and still valid today: this record lets the person inspect. */
    current: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'TrainingRecord' });

export const TrainingRecordListResponse = z
  .object({ items: z.array(TrainingRecordResponse) })
  .meta({ id: 'TrainingRecordList' });
