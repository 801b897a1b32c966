import { sql } from 'drizzle-orm';
import { doublePrecision, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../server/db/client.ts';
import type { StreamDefinition } from '../server/platform/ingest/index.ts';

/**
 * A stream of sensor readings over a table the test or benchmark creates itself: the real streams
 * come with the cylinder, delivery and monitoring modules. Natural key: (sensor, at).
 */
export const testReadingsTable = pgTable(
  'test_ingest_readings',
  {
    sensor: text().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    value: doublePrecision().notNull(),
  },
  (t) => [unique().on(t.sensor, t.at)],
);

export async function createTestReadingsTable(db: Db, name = 'test_ingest_readings') {
  await db.execute(
    sql.raw(
      `create table if not exists ${name} (sensor text not null, at timestamptz not null, value double precision not null, unique (sensor, at))`,
    ),
  );
}

export const TestReading = z.strictObject({
  sensor: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
  value: z.number().finite(),
});

export function readingsStream(
  overrides: Partial<StreamDefinition<z.output<typeof TestReading>>> & { name: string },
): StreamDefinition<z.output<typeof TestReading>> {
  return {
    table: testReadingsTable,
    naturalKey: [testReadingsTable.sensor, testReadingsTable.at],
    row: TestReading,
    ...overrides,
  };
}

/** The i-th reading of a sensor (one a second from 2026-01-01). */
export function testReading(i: number, sensor = 's1') {
  return { sensor, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), value: i / 10 };
}
