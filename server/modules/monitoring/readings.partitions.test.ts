import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import type { Database } from '../../db/client.ts';
import { historyTables, maintainHistory } from '../../platform/partitions/index.ts';
import { ensurePartition, listPartitions, partitionName, retentionStart } from './readings.partitions.ts';

/** Readings on the platform's job platform.partitions, with a retention of `months`. */
const readingsSpec = (months: number) =>
  historyTables({ positionsRetentionMonths: 24, monitoring: { retentionMonths: months } }).find(
    (t) => t.table === 'readings',
  )!;

// Runs on PGlite by default and on PostgreSQL with TEST_DATABASE_URL: declarative partitioning works on both.
describe('readings partitioned by month', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('is a partitioned table; partitions are created ahead, rows land in their month, old months are dropped', async () => {
    const db = database.db;
    const kind = (await db.execute(sql`select relkind from pg_class where relname = 'readings'`)) as unknown as {
      rows: { relkind: string }[];
    };
    expect(kind.rows[0]!.relkind).toBe('p');
    const now = new Date('2026-12-06T12:00:00Z');
    // The platform's job makes this month and the next two (as monitoring's own job did), never a default partition.
    expect(readingsSpec(3)).toMatchObject({ column: 'at', unit: 'month', ahead: 2, retentionMonths: 3 });
    const made = await maintainHistory(db, readingsSpec(3), now);
    expect(made.created).toEqual(['readings_y2026m12', 'readings_y2027m01', 'readings_y2027m02']);
    expect((await maintainHistory(db, readingsSpec(3), now)).created).toEqual([]);
    expect(
      (
        (await db.execute(
          sql`select count(*)::int as n from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'readings'::regclass and pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'`,
        )) as unknown as { rows: { n: number }[] }
      ).rows[0]!.n,
    ).toBe(0);
    await ensurePartition(db, new Date('2026-09-15T00:00:00Z'));
    await ensurePartition(db, new Date('2026-10-15T00:00:00Z'));
    const id = '11111111-1111-4111-8111-111111111111';
    await db.execute(sql`insert into readings (sensor_id, at, value) values
      (${id}, '2026-09-30T23:59:59Z', 1), (${id}, '2026-10-01T00:00:00Z', 2), (${id}, '2026-12-31T23:00:00Z', 3)`);
    const where = (await db.execute(
      sql`select tableoid::regclass::text as part, value from readings order by at`,
    )) as unknown as { rows: { part: string; value: number }[] };
    expect(where.rows.map((r) => r.part)).toEqual(['readings_y2026m09', 'readings_y2026m10', 'readings_y2026m12']);
    // Without a partition for its month, a row cannot be stored (the service creates it first).
    await expect(
      db.execute(sql`insert into readings (sensor_id, at, value) values (${id}, '2025-01-01T00:00:00Z', 1)`),
    ).rejects.toThrow();
    // Retention of 3 months at 2026-12: keep October, November, December; September is dropped whole.
    expect(retentionStart(now, 3).toISOString()).toBe('2026-10-01T00:00:00.000Z');
    const again = await maintainHistory(db, readingsSpec(3), now);
    expect(again.dropped).toEqual(['readings_y2026m09']);
    expect((await listPartitions(db)).map((p) => p.name)).not.toContain(
      partitionName(new Date('2026-09-01T00:00:00Z')),
    );
    const left = (await db.execute(sql`select count(*)::int as n from readings`)) as unknown as {
      rows: { n: number }[];
    };
    expect(left.rows[0]!.n).toBe(2);
  });
});
