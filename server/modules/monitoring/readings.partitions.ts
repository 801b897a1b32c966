import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * Monthly partitions of `readings` (declarative partitioning, migration 0017), by UTC month:
 * `readings_y2026m12` holds [2026-12-01T00:00Z, 2027-01-01T00:00Z). Created ahead by the job
 * `monitoring.partitions` and on demand before a batch reaches a month without one; months older
 * than the retention are dropped whole (`drop table`, instant, no vacuum), which is why readings are
 * partitioned at all. Works the same on PGlite and PostgreSQL (tested in readings.partitions.test.ts).
 */
export const monthStart = (year: number, month0: number) => new Date(Date.UTC(year, month0, 1));
export const partitionName = (d: Date) =>
  `readings_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/** Months already known to have a partition, per database handle. */
const known = new WeakMap<object, Set<string>>();

export async function ensurePartition(db: Db, at: Date): Promise<string> {
  const from = monthStart(at.getUTCFullYear(), at.getUTCMonth());
  const to = monthStart(at.getUTCFullYear(), at.getUTCMonth() + 1);
  const name = partitionName(from);
  let set = known.get(db);
  if (!set) {
    set = new Set();
    known.set(db, set);
  }
  if (set.has(name)) return name;
  try {
    await db.execute(
      sql.raw(
        `create table if not exists ${name} partition of readings for values from ('${from.toISOString()}') to ('${to.toISOString()}')`,
      ),
    );
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
  const r = (await db.execute(sql`select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname = 'readings' order by c.relname`)) as unknown as { rows: { name: string }[] };
  return r.rows.flatMap(({ name }) => {
    const m = /^readings_y(\d{4})m(\d{2})$/.exec(name);
    return m ? [{ name, from: monthStart(Number(m[1]), Number(m[2]) - 1) }] : [];
  });
}

/** The first moment readings are kept for: the start of the month `retentionMonths − 1` months before now's. */
export function retentionStart(now: Date, retentionMonths: number): Date {
  return monthStart(now.getUTCFullYear(), now.getUTCMonth() - (retentionMonths - 1));
}

/**
 * The job's work: partitions for this month and the next two, and the months before the retention
 * dropped. Returns what it created and dropped.
 */
export async function maintainPartitions(db: Db, now: Date, retentionMonths: number) {
  const created: string[] = [];
  for (let k = 0; k <= 2; k++) {
    created.push(await ensurePartition(db, monthStart(now.getUTCFullYear(), now.getUTCMonth() + k)));
  }
  const keepFrom = retentionStart(now, retentionMonths);
  const dropped: string[] = [];
  for (const p of await listPartitions(db)) {
    if (p.from < keepFrom) {
      await db.execute(sql.raw(`drop table if exists ${p.name}`));
      known.get(db)?.delete(p.name);
      dropped.push(p.name);
    }
  }
  return { created, dropped };
}
