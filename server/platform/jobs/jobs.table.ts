import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The job queue and the record of every run (platform/jobs). A periodic job gets one row per slot
 * (`key` = the slot's ISO time), a delayed job one row per enqueue (`key` chosen by the caller or
 * random); the unique (job, key) makes a slot run once however many instances schedule it.
 */
export const jobRunsTable = pgTable(
  'job_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    job: text().notNull(),
    key: text().notNull(),
    scheduledFor: timestamp({ withTimezone: true }).notNull(),
    /** pending (waiting for its first or next attempt), running, succeeded, failed (attempts exhausted). */
    status: text({ enum: ['pending', 'running', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull(),
    /** The earliest time of the next attempt (the schedule, or the retry's back-off). */
    runAfter: timestamp({ withTimezone: true }).notNull(),
    /** A running attempt not finished by then is taken as abandoned (its process died) and retried. */
    lockedUntil: timestamp({ withTimezone: true }),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
    error: text(),
    payload: jsonb(),
    /** What the job reported (counts), kept with the run. */
    result: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('job_runs_job_key_unique').on(t.job, t.key),
    index('job_runs_due_idx').on(t.runAfter).where(sql`${t.status} in ('pending', 'running')`),
    index('job_runs_job_scheduled_idx').on(t.job, t.scheduledFor),
  ],
);
