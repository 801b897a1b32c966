import { sql } from 'drizzle-orm';
import { bigint, customType, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** PostgreSQL's 64-bit transaction id (pg_current_xact_id()); read as a decimal string. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * The outbox (platform/events): events written by `publishEvent` in the transaction of the change
 * they describe. `tx_id` is the writing transaction, so readers can take events in commit-safe
 * order: only transactions older than every one still running (pg_snapshot_xmin), by (tx_id, id).
 */
export const outboxTable = pgTable(
  'outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    txId: xid8().notNull().default(sql`pg_current_xact_id()`),
    type: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    regionId: uuid(),
    /** The region's path when the event was written (scope of the live feed). */
    regionPath: text(),
    payload: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('outbox_order_idx').on(t.txId, t.id)],
);

/** How far each consumer of the outbox has dispatched (the in-process handlers: `handlers`). */
export const eventCursorsTable = pgTable('event_cursors', {
  name: text().primaryKey(),
  txId: xid8().notNull(),
  eventId: bigint({ mode: 'number' }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A handler that threw on an event: its changes were rolled back, the others' kept; the event is not retried. */
export const eventFailuresTable = pgTable('event_failures', {
  id: uuid().primaryKey().defaultRandom(),
  eventId: bigint({ mode: 'number' }).notNull(),
  handler: text().notNull(),
  error: text().notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
