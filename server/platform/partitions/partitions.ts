import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * The big histories, range-partitioned by time (declarative partitioning, the same on PGlite and
 * PostgreSQL). A table's migration turns it into `partition by range (<column>)` with:
 * - `<table>_initial`: the table as it was, attached for everything before the period after the
 *   migration's (`from (minvalue) to (<start of next month/year>)`): existing rows never move;
 * - `<table>_yYYYYmMM` (monthly) or `<table>_yYYYY` (yearly): one per period, created ahead of time by
 *   the job `platform.partitions` (`maintainHistoryPartitions`) and when the server starts;
 * - `<table>_default`: rows outside every range (a clock far ahead); when their period's partition is
 *   made, they are moved into it in the same transaction.
 * Partitions past a table's retention are dropped whole, only for tables with one (where the law
 * allows; `retentionMonths` null means kept). Readings are partitioned by the monitoring module itself
 * (monitoring/readings.partitions.ts: on demand, no default partition).
 */
export type PartitionedHistory = {
  table: string;
  /** The partition key: a timestamptz column. */
  column: string;
  unit: 'month' | 'year';
  /** Periods created ahead of the current one. */
  ahead: number;
  /** Months kept; older partitions (and older rows of the default partition) are dropped. Null: kept. */
  retentionMonths: number | null;
};

export type PartitionInfo = {
  name: string;
  /** Null: from MINVALUE. */
  from: Date | null;
  /** Null: to MAXVALUE. */
  to: Date | null;
  isDefault: boolean;
};

type Rows<T> = { rows: T[] };

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
};

/** The start of the period `k` periods after the one containing `at` (UTC). */
export function periodStart(unit: PartitionedHistory['unit'], at: Date, k = 0): Date {
  return unit === 'month'
    ? new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + k, 1))
    : new Date(Date.UTC(at.getUTCFullYear() + k, 0, 1));
}

export function partitionNameOf(spec: Pick<PartitionedHistory, 'table' | 'unit'>, from: Date): string {
  const y = from.getUTCFullYear();
  return spec.unit === 'month'
    ? `${spec.table}_y${y}m${String(from.getUTCMonth() + 1).padStart(2, '0')}`
    : `${spec.table}_y${y}`;
}

/** A bound as PostgreSQL prints it in `pg_get_expr(relpartbound)`: `'2027-01-01 00:00:00+00'` or MINVALUE. */
function parseBound(text: string): Date | null {
  const t = text.trim();
  if (/^(MINVALUE|MAXVALUE)$/i.test(t)) return null;
  const m = /^'(.*)'$/.exec(t);
  if (!m) throw new Error(`unexpected partition bound ${text}`);
  const d = new Date(m[1]!.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(d.getTime())) throw new Error(`unexpected partition bound ${text}`);
  return d;
}

/** The partitions of a table with their ranges, read from the catalogue (not from their names). */
export async function listPartitions(db: Db, table: string): Promise<PartitionInfo[]> {
  const r = (await db.execute(sql`select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = p.relnamespace
      where p.relname = ${table} and n.nspname = current_schema()
      order by c.relname`)) as unknown as Rows<{ name: string; bound: string }>;
  return r.rows.map(({ name, bound }) => {
    if (bound === 'DEFAULT') return { name, from: null, to: null, isDefault: true };
    const m = /^FOR VALUES FROM \((.+)\) TO \((.+)\)$/.exec(bound);
    if (!m) throw new Error(`unexpected partition bound of ${name}: ${bound}`);
    return { name, from: parseBound(m[1]!), to: parseBound(m[2]!), isDefault: false };
  });
}

const overlaps = (p: PartitionInfo, from: Date, to: Date) =>
  !p.isDefault && (p.from === null || p.from < to) && (p.to === null || p.to > from);

/**
 * Makes the partition of [from, to) unless a range partition already covers part of it. Rows the
 * default partition holds for that range are moved into the new partition in the same transaction
 * (the default is detached, the partition made, the rows moved, the default attached again).
 * Returns the name made, or null.
 */
async function makePartition(
  db: Db,
  spec: PartitionedHistory,
  existing: PartitionInfo[],
  from: Date,
): Promise<string | null> {
  const to = periodStart(spec.unit, from, 1);
  if (existing.some((p) => overlaps(p, from, to))) return null;
  const name = partitionNameOf(spec, from);
  const table = ident(spec.table);
  const col = ident(spec.column);
  const range = `for values from ('${from.toISOString()}') to ('${to.toISOString()}')`;
  const dflt = existing.find((p) => p.isDefault);
  try {
    await db.transaction(async (tx) => {
      // One partition change at a time across instances: several starting together each make the periods ahead,
      // and concurrent DDL on a parent (and on the tables its foreign keys reference) can deadlock.
      await lockPartitionChanges(tx);
      const stray = dflt
        ? ((await tx.execute(
            sql.raw(
              `select exists (select 1 from ${ident(dflt.name)} where ${col} >= '${from.toISOString()}' and ${col} < '${to.toISOString()}') as any`,
            ),
          )) as unknown as Rows<{ any: boolean }>)
        : { rows: [{ any: false }] };
      if (!dflt || !stray.rows[0]!.any) {
        await tx.execute(sql.raw(`create table if not exists ${ident(name)} partition of ${table} ${range}`));
        return;
      }
      const d = ident(dflt.name);
      await tx.execute(sql.raw(`alter table ${table} detach partition ${d}`));
      await tx.execute(sql.raw(`create table ${ident(name)} partition of ${table} ${range}`));
      const where = `${col} >= '${from.toISOString()}' and ${col} < '${to.toISOString()}'`;
      await tx.execute(sql.raw(`insert into ${table} select * from ${d} where ${where}`));
      await tx.execute(sql.raw(`delete from ${d} where ${where}`));
      await tx.execute(sql.raw(`alter table ${table} attach partition ${d} default`));
    });
  } catch (err) {
    // Another instance made it at the same moment: fine if it now exists.
    const now = await listPartitions(db, spec.table);
    if (!now.some((p) => p.name === name)) throw err;
    return null;
  }
  return name;
}

/**
 * The job's work for one table: partitions for the current period and `ahead` more, and, for a table
 * with a retention, the partitions wholly before it dropped (`drop table`: instant, no vacuum) and the
 * default partition's rows before it deleted. The `_initial` partition is dropped only once its whole
 * range is past the retention. Returns what it created and dropped.
 */
export async function maintainHistory(db: Db, spec: PartitionedHistory, now: Date) {
  const created: string[] = [];
  for (let k = 0; k <= spec.ahead; k++) {
    const existing = await listPartitions(db, spec.table);
    const made = await makePartition(db, spec, existing, periodStart(spec.unit, now, k));
    if (made) created.push(made);
  }
  const dropped: string[] = [];
  if (spec.retentionMonths !== null) {
    const keepFrom = retentionStart(now, spec.retentionMonths);
    for (const p of await listPartitions(db, spec.table)) {
      if (p.isDefault) {
        await db.execute(
          sql.raw(`delete from ${ident(p.name)} where ${ident(spec.column)} < '${keepFrom.toISOString()}'`),
        );
      } else if (p.to !== null && p.to <= keepFrom) {
        await db.execute(sql.raw(`drop table if exists ${ident(p.name)}`));
        dropped.push(p.name);
      }
    }
  }
  return { created, dropped };
}

/**
 * Serialises partition DDL across instances until the caller's transaction ends (the periods-ahead job, the
 * partitions made at start, and monitoring's on-demand month partitions take the same lock).
 */
export async function lockPartitionChanges(tx: Pick<Db, 'execute'>) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('platform.partitions.ddl'))`);
}

/** The first moment kept: the start of the month `retentionMonths − 1` months before now's (UTC). */
export function retentionStart(now: Date, retentionMonths: number): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (retentionMonths - 1), 1));
}

/** Every table's maintenance, one after the other. */
export async function maintainHistoryPartitions(db: Db, specs: readonly PartitionedHistory[], now: Date) {
  const out: Record<string, { created: string[]; dropped: string[] }> = {};
  for (const spec of specs) out[spec.table] = await maintainHistory(db, spec, now);
  return out;
}
