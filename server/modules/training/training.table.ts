import { check, date, index, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { attendeeResults } from '../../../domain/training/training.ts';
import { departmentsTable, regionsTable } from '../organisation/organisation.table.ts';
import { enterprisesTable, peopleTable, trainingRecordsTable, venuesTable } from '../registry/registry.table.ts';
import { usersTable } from '../users/users.table.ts';

/**
 * Training sessions (先培训、后上岗, plan 五(一)1): the organising unit (a township, a department, an
 * enterprise or a venue — the scope columns), who ran it, the topic, the date and place, and the
 * validity of the certificates it gives.
 */
export const trainingSessionsTable = pgTable(
  'training_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    topic: text().notNull(),
    /** Who ran it: the organising body as written on the sign-in sheet. */
    organiser: text().notNull(),
    trainer: text(),
    heldOn: date({ mode: 'string' }).notNull(),
    place: text(),
    regionId: uuid()
      .notNull()
      .references(() => regionsTable.id),
    departmentId: uuid().references(() => departmentsTable.id),
    enterpriseId: uuid().references(() => enterprisesTable.id),
    venueId: uuid().references(() => venuesTable.id),
    /** End of validity of the certificates of those who passed. */
    certificateValidUntil: date({ mode: 'string' }).notNull(),
    note: text(),
    createdBy: uuid().references(() => usersTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('training_sessions_region_idx').on(t.regionId),
    index('training_sessions_held_on_idx').on(t.heldOn),
    check('training_sessions_validity', sql`${t.certificateValidUntil} >= ${t.heldOn}`),
  ],
);

/**
 * One attendee of a session, from the register, with the assessment result; each attendee's
 * training record (registry's training_records, read by every "trained before duty" check) is
 * written with it.
 */
export const trainingAttendeesTable = pgTable(
  'training_attendees',
  {
    id: uuid().primaryKey().defaultRandom(),
    sessionId: uuid()
      .notNull()
      .references(() => trainingSessionsTable.id),
    personId: uuid()
      .notNull()
      .references(() => peopleTable.id),
    result: text({ enum: attendeeResults }).notNull(),
    score: numeric({ precision: 5, scale: 1, mode: 'number' }),
    certificateNumber: text(),
    trainingRecordId: uuid()
      .notNull()
      .references(() => trainingRecordsTable.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('training_attendees_session_person_key').on(t.sessionId, t.personId),
    index('training_attendees_person_idx').on(t.personId),
  ],
);
