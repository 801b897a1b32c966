import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  listPartitions as partitionsOf,
  lockPartitionChanges,
  partitionNameOf,
  periodStart,
  retentionStart,
} from '../../platform/partitions/index.ts';

/**
 * Monthly partitions of `readings` (declarative partitioning, migration 0017), by UTC month:
 * `readings_y2026m12` holds [2026-12-01T00:00Z, 2027-01-01T00:00Z). Created ahead (this month and
 * the next two) by the platform's job `platform.partitions` with the other partitioned histories, which
 * also drops whole the months older than MONITORING_RETENTION_MONTHS (`drop table`, instant, no vacuum:
 * why readings are partitioned at all), and here on demand before a batch reaches a month without
 * one. Works the same on PGlite and PostgreSQL (tested in readings.partitions.test.ts). What is the
 * module's own is the on-demand partition and that readings have no default partition.
 */
const readings = { table: 'readings', unit: 'month' } as const;
export const partitionName = (d: Date) => partitionNameOf(readings, d);
export { retentionStart };

/** Months already known to have a partition, per database handle. */
const known = new WeakMap<object, Set<string>>();

export async function ensurePartition(db: Db, at: Date): Promise<string> {
  const from = periodStart('month', at);
  const to = periodStart('month', at, 1);
  const name = partitionName(from);
  let set = known.get(db);
  if (!set) {
    set = new Set();
    known.set(db, set);
  }
  if (set.has(name)) return name;
  try {
    await db.transaction(async (tx) => {
      await lockPartitionChanges(tx);
      await tx.execute(
        sql.raw(
          `create table if not exists ${name} partition of readings for values from ('${from.toISOString()}') to ('${to.toISOString()}')`,
        ),
      );
    });
  } catch (err) {
    // Another instance created it at the same moment: fine if it now exists.
    const r = (await db.execute(sql`select to_regclass(${name}) is not null as ok`)) as unknown as {
      rows: { ok: boolean }[];
    };
    if (!r.rows[0]?.ok) throw err;
  }
  set.add(name);
  return name;
}

/** Ensures the partitions of every month the times fall in. */
export async function ensurePartitionsFor(db: Db, times: Iterable<Date>): Promise<void> {
  const months = new Map<string, Date>();
  for (const t of times) months.set(partitionName(t), t);
  for (const t of months.values()) await ensurePartition(db, t);
}

/** The partitions that exist, oldest first, with the month they start. */
export async function listPartitions(db: Db): Promise<{ name: string; from: Date }[]> {
  return (await partitionsOf(db, readings.table)).flatMap(({ name, from }) => (from ? [{ name, from }] : []));
}
