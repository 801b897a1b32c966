import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit trail: one row per change, hash-chained. `hash` = SHA-256 over the canonical content
 * of the row including `prevHash`, so altering, deleting or reordering a row breaks the chain.
 * Never updated or deleted by the application.
 */
export const auditEventsTable = pgTable(
  'audit_events',
  {
    seq: bigserial({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorType: text({ enum: ['user', 'machine', 'system'] }).notNull(),
    actorId: uuid(),
    actorName: text().notNull(),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    /** Region the subject belongs to, so the trail can be read by scope. */
    regionId: uuid(),
    beforeDigest: text(),
    afterDigest: text(),
    details: jsonb().$type<Record<string, unknown>>(),
    ip: text(),
    requestId: text(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [index('audit_events_subject_idx').on(t.subjectType, t.subjectId), index('audit_events_at_idx').on(t.at)],
);
