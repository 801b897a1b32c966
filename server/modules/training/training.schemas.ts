import { z } from 'zod';
import { attendeeResults } from '../../../domain/training/training.ts';
import { personKinds } from '../../../domain/registry/registry.ts';
import { IsoDate, Name, PageQuery } from '../../platform/schemas.ts';

const Text = z.string().trim().min(1).max(200);

export const AttendeeInput = z.strictObject({
  personId: z.uuid(),
  result: z.enum(attendeeResults),
  score: z.number().min(0).max(100).nullable().optional(),
  certificateNumber: z.string().trim().min(1).max(50).nullable().optional(),
});
export type AttendeeInputValue = z.infer<typeof AttendeeInput>;

export const CreateSessionBody = z
  .strictObject({
    topic: Text,
    /** Who ran it (the organising body as on the sign-in sheet). */
    organiser: Name,
    trainer: Name.nullable().optional(),
    heldOn: IsoDate,
    place: Text.nullable().optional(),
    /** The organising unit (scope): one of them, else the actor's own unit. */
    regionId: z.uuid().optional(),
    departmentId: z.uuid().optional(),
    enterpriseId: z.uuid().optional(),
    venueId: z.uuid().optional(),
    /** Defaults to heldOn + the training validity (TRAINING_VALID_DAYS). */
    certificateValidUntil: IsoDate.optional(),
    note: z.string().trim().max(500).nullable().optional(),
    attendees: z.array(AttendeeInput).max(500).default([]),
  })
  .meta({ id: 'CreateTrainingSession' });
export type CreateSessionInput = z.infer<typeof CreateSessionBody>;

export const AddAttendeesBody = z
  .strictObject({ attendees: z.array(AttendeeInput).min(1).max(500) })
  .meta({ id: 'AddTrainingAttendees' });

export const SessionFilters = z.strictObject({
  q: z.string().trim().max(50).optional(),
  regionId: z.uuid().optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  personId: z.uuid().optional(),
});
export type SessionFilterValues = z.infer<typeof SessionFilters>;
export const ListSessionsQuery = z.strictObject({ ...SessionFilters.shape, ...PageQuery });

const Ref = z.object({ id: z.string(), name: z.string() });

export const SessionResponse = z
  .object({
    id: z.string(),
    topic: z.string(),
    organiser: z.string(),
    trainer: z.string().nullable(),
    heldOn: z.string(),
    place: z.string().nullable(),
    region: Ref,
    department: Ref.nullable(),
    enterprise: Ref.nullable(),
    venue: Ref.nullable(),
    certificateValidUntil: z.string(),
    note: z.string().nullable(),
    attendeeCount: z.number(),
    passedCount: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'TrainingSession' });

export const SessionListResponse = z
  .object({ items: z.array(SessionResponse), total: z.number(), page: z.number(), pageSize: z.number() })
  .meta({ id: 'TrainingSessionList' });

export const AttendeeResponse = z
  .object({
    id: z.string(),
    person: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(personKinds),
      phone: z.string(),
      employer: z.string().nullable(),
    }),
    result: z.enum(attendeeResults),
    score: z.number().nullable(),
    certificateNumber: z.string().nullable(),
    /** End of this attendee's certificate (passed only). */
    validUntil: z.string().nullable(),
    /** The certificate is valid today. */
    current: z.boolean(),
  })
  .meta({ id: 'TrainingAttendee' });

export const SessionDetailResponse = SessionResponse.extend({
  attendees: z.array(AttendeeResponse),
  abilities: z.object({ addAttendees: z.boolean() }),
}).meta({ id: 'TrainingSessionDetail' });

export const SignInSheetQuery = z.strictObject({
  /** true: check the sheet and answer the report, storing nothing. */
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export const SignInSheetReport = z
  .object({
    total: z.number(),
    added: z.number(),
    dryRun: z.boolean(),
    errors: z.array(z.object({ line: z.number(), column: z.string().nullable(), message: z.string() })),
  })
  .meta({ id: 'TrainingSignInSheetReport' });
export type SignInSheetReportValue = z.infer<typeof SignInSheetReport>;

export const TrainingStatusQuery = z.strictObject({ venueId: z.uuid() });
export const TrainingStatusResponse = z
  .object({
    people: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        kind: z.enum(personKinds),
        trained: z.boolean(),
        expired: z.boolean(),
        validUntil: z.string().nullable(),
      }),
    ),
    staffCount: z.number(),
    trainedCount: z.number(),
    /** The venue's principal or safety manager is trained (null: the register names none). */
    managerTrained: z.boolean().nullable(),
    allTrained: z.boolean(),
  })
  .meta({ id: 'TrainingStatus' });
