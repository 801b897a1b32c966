import { doublePrecision, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Readings, partitioned by month (declarative partitioning: `partition by range (at)`), created by
 * migration 0017 by hand since drizzle-kit cannot declare a partitioned table. Deliberately NOT
 * exported from server/db/schema.ts, so drizzle-kit does not try to create it as a plain table.
 * One reading per sensor and time (the primary key, which includes the partition key).
 * Partitions `readings_yYYYYmMM` are created ahead by the job `monitoring.partitions` (and on demand
 * before a batch reaches a month without one); old ones are dropped after `MONITORING_RETENTION_MONTHS`.
 */
export const readingsTable = pgTable(
  'readings',
  {
    sensorId: uuid('sensor_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sensorId, t.at] })],
);

/**
 * The same table as the readings stream writes it (platform/ingest): `at` as the reading's canonical text
 * (toISOString's form, `ReadingRow`), sent to PostgreSQL as is. A reading's time is thus written as text once,
 * for the insert and the batch's digest line alike, instead of a Date written out twice per reading.
 */
export const readingsRowsTable = pgTable(
  'readings',
  {
    sensorId: uuid('sensor_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sensorId, t.at] })],
);
