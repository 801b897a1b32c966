import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../access.ts';
import { recordBatchAudit } from '../audit/audit.ts';
import { validationFailed } from '../errors.ts';
import {
  ingestQueueFull,
  ingestShuttingDown,
  ingestStreamNotFound,
  ingestTooManyRows,
  ingestWriteFailed,
} from './ingest.errors.ts';

/**
 * A stream of machine rows (readings, positions, fills, scans) declared by a module: where they go,
 * what makes a row the same row again (the natural key), and how one row is checked.
 */
export type StreamDefinition<Row = unknown> = {
  /** `module.stream`, e.g. `monitoring.readings`; the HTTP route and the broker topic use it. */
  name: string;
  table: PgTable;
  /** The columns of the table's unique key: a row sent twice is stored once (`on conflict do nothing`). */
  naturalKey: AnyPgColumn[];
  /** One row as sent; its output is the insert's values (so it may rename or add columns). */
  row: z.ZodType<Row>;
  /** Rows per insert (one `unnest` parameter per column, so no limit from the parameter count). Default 1,000. */
  batchSize?: number;
  /** Rows that may wait for the database; beyond it senders get 429. Default 20,000. */
  queueBound?: number;
  /** Batches written at once. Default 2. */
  concurrency?: number;
  /** Who may send. Default `ingest.write`. */
  permission?: Permission;
  /**
   * The stream's own check before the rows are queued (scope, a resend with other content): it may
   * refuse the request (throw an AppError) or complete the rows (the sender, looked-up ids).
   */
  prepare?: (rows: Record<string, unknown>[], actor: Actor) => Promise<Record<string, unknown>[]>;
  /**
   * Runs in the batch's transaction with the rows that were new (not already stored under their
   * natural key): a module keeps what it derives from them (a current state, anomalies) in step.
   */
  onInserted?: (tx: Db, rows: Record<string, unknown>[]) => Promise<void>;
};

/** Rows accepted: all committed (a row already stored under its natural key is accepted and left as it was). */
export type IngestResult = { accepted: number };

type Waiter = {
  outstanding: number;
  failed: unknown;
  resolve(result: IngestResult): void;
  reject(err: unknown): void;
  accepted: number;
};
type Chunk = { values: Record<string, unknown>[]; waiter: Waiter; actor: Actor };

type Stream = {
  def: StreamDefinition;
  batchSize: number;
  queueBound: number;
  concurrency: number;
  queue: Chunk[];
  queued: number;
  active: number;
};

/** Rows grouped by the columns they set, so a column a row leaves out keeps its default. */
function byColumns(rows: Record<string, unknown>[]): Record<string, unknown>[][] {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = Object.keys(row)
      .filter((k) => row[k] !== undefined)
      .sort()
      .join(',');
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

/** A column's name in the database: the database is snake_case (Drizzle `casing`) unless a name was given. */
function dbName(column: AnyPgColumn): string {
  return column.keyAsName ? toSnakeCase(column.name) : column.name;
}

/**
 * One `insert … select from unnest($1::type[], …) on conflict (natural key) do nothing`: one
 * parameter per column whatever the number of rows, so the statement is cheap to build and to
 * parse (drizzle's multi-row values builder costs more than the database does at this size).
 * Returns how many rows were new.
 */
async function insertRows(
  tx: Db,
  def: StreamDefinition,
  rows: Record<string, unknown>[],
): Promise<{ count: number; fresh: Record<string, unknown>[] }> {
  const columns = getTableColumns(def.table);
  const props = Object.keys(rows[0]!).filter((k) => rows[0]![k] !== undefined);
  const unknownProp = props.find((p) => !columns[p]);
  if (unknownProp) throw new Error(`Stream ${def.name}: the row has ${unknownProp}, which is no column`);
  const cols = props.map((p) => columns[p]!);
  const arrays = props.map(
    (p, c) =>
      sql`${sql.param(rows.map((r) => (r[p] === null ? null : cols[c]!.mapToDriverValue(r[p]))))}::${sql.raw(cols[c]!.getSQLType())}[]`,
  );
  const keys = def.naturalKey.map((c) => sql.identifier(dbName(c)));
  const result = (await tx.execute(sql`insert into ${def.table} (${sql.join(
    cols.map((c) => sql.identifier(dbName(c))),
    sql`, `,
  )})
      select * from unnest(${sql.join(arrays, sql`, `)})
      on conflict (${sql.join(keys, sql`, `)}) do nothing
      returning ${sql.join(keys, sql`, `)}`)) as unknown as { rows: Record<string, unknown>[] };
  if (!def.onInserted) return { count: result.rows.length, fresh: [] };
  // The new rows, as sent (matched by their natural key, which a stream with onInserted keeps textual).
  const keyOf = (r: Record<string, unknown>, byName: boolean) =>
    JSON.stringify(def.naturalKey.map((c) => String(byName ? r[dbName(c)] : r[propOf(columns, c)])));
  const fresh = new Set(result.rows.map((r) => keyOf(r, true)));
  return { count: result.rows.length, fresh: rows.filter((r) => fresh.has(keyOf(r, false))) };
}

/** The table's property name of a column. */
function propOf(columns: Record<string, AnyPgColumn>, column: AnyPgColumn): string {
  return Object.keys(columns).find((k) => columns[k] === column) ?? column.name;
}

/** Rows one request may carry at most (a bigger request could never fit the queue). */
export function maxRowsPerRequest(stream: Pick<Stream, 'queueBound'>) {
  return stream.queueBound;
}

export type Ingest = ReturnType<typeof createIngest>;

/**
 * The one way machine rows enter the database (platform/ingest), behind both the HTTP batch route
 * and the broker subscriber. Each stream has a bounded queue; writers take up to `batchSize` rows
 * from it (several requests' rows in one insert when they wait together) and store them with one
 * multi-row insert (`insert … select from unnest(…) on conflict (natural key) do nothing`) and one audit entry for the batch (the
 * digest of its rows), in one transaction. `ingest()` resolves only once every one of its rows is
 * committed — the acknowledgement a sender may rely on; a full queue refuses at once (429) rather
 * than buffering without bound, and a closing server refuses new rows (503) and drains the queue.
 */
export function createIngest({
  db,
  log = (msg, err) => (err ? console.error(msg, err) : console.info(msg)),
}: {
  db: Db;
  log?: (message: string, err?: unknown) => void;
}) {
  const streams = new Map<string, Stream>();
  let closing = false;
  const idle = new Set<() => void>();

  function define<Row>(def: StreamDefinition<Row>) {
    if (streams.has(def.name)) throw new Error(`Stream defined twice: ${def.name}`);
    const batchSize = Math.max(1, def.batchSize ?? 1_000);
    streams.set(def.name, {
      def: def as StreamDefinition,
      batchSize,
      queueBound: Math.max(batchSize, def.queueBound ?? 20_000),
      concurrency: Math.max(1, def.concurrency ?? 2),
      queue: [],
      queued: 0,
      active: 0,
    });
  }

  function stream(name: string): Stream {
    const s = streams.get(name);
    if (!s) throw ingestStreamNotFound({ stream: name });
    return s;
  }

  /** Checks every row; the refusal names each bad row's index and field (at most 20). */
  function validate(s: Stream, rows: unknown[]): Record<string, unknown>[] {
    const values: Record<string, unknown>[] = [];
    const issues: { path: (string | number)[]; code: string; message: string }[] = [];
    rows.forEach((row, index) => {
      const parsed = s.def.row.safeParse(row);
      if (parsed.success) values.push(parsed.data as Record<string, unknown>);
      else if (issues.length < 20)
        for (const i of parsed.error.issues.slice(0, 20 - issues.length))
          issues.push({ path: ['body', 'rows', index, ...i.path.map(String)], code: i.code, message: i.message });
    });
    if (issues.length > 0) throw validationFailed({ issues });
    return values;
  }

  async function writeBatch(s: Stream, batch: Chunk[]) {
    const values = batch.flatMap((c) => c.values);
    await db.transaction(async (tx) => {
      let inserted = 0;
      for (const group of byColumns(values)) {
        const { count, fresh } = await insertRows(tx, s.def, group);
        inserted += count;
        if (s.def.onInserted && fresh.length > 0) await s.def.onInserted(tx, fresh);
      }
      // One audit entry per committed batch: which stream, how many rows and the digest of them all
      // (recordBatchAudit: SHA-256 over the rows' canonical JSON, one per line, in the order received).
      // Batches from several senders name the first sender (all acted with the stream's permission).
      await recordBatchAudit(tx, {
        actor: batch[0]!.actor,
        action: 'ingest.batch',
        subject: { type: 'stream', id: s.def.name },
        rows: values,
        order: 'as received',
        details: {
          stream: s.def.name,
          table: getTableName(s.def.table),
          inserted,
          senders: [...new Set(batch.map((c) => c.actor.id ?? c.actor.name))].slice(0, 20),
        },
      });
    });
  }

  /** Takes up to batchSize rows off the queue, splitting a request's rows across batches if need be. */
  function take(s: Stream): Chunk[] {
    const batch: Chunk[] = [];
    let room = s.batchSize;
    while (room > 0 && s.queue.length > 0) {
      const head = s.queue[0]!;
      if (head.values.length <= room) {
        s.queue.shift();
        batch.push(head);
        room -= head.values.length;
      } else {
        head.waiter.outstanding++;
        batch.push({ ...head, values: head.values.slice(0, room) });
        head.values = head.values.slice(room);
        room = 0;
      }
    }
    for (const c of batch) s.queued -= c.values.length;
    return batch;
  }

  async function drain(s: Stream) {
    s.active++;
    try {
      while (s.queue.length > 0) {
        const batch = take(s);
        let error: unknown = null;
        try {
          await writeBatch(s, batch);
        } catch (err) {
          log(`ingest ${s.def.name}: a batch of ${batch.length} request(s) failed`, err);
          error = err;
        }
        // A request is answered when its last batch is done: success only if all of them committed.
        for (const c of batch) {
          const w = c.waiter;
          if (error) w.failed = error;
          if (--w.outstanding === 0) {
            if (w.failed) w.reject(ingestWriteFailed());
            else w.resolve({ accepted: w.accepted });
          }
        }
      }
    } finally {
      s.active--;
      if (s.active === 0 && s.queue.length === 0) for (const f of idle) f();
    }
  }

  return {
    define,
    streams: () => [...streams.values()].map((s) => s.def),
    has: (name: string) => streams.has(name),
    /**
     * Stores rows of a stream; resolves once all are committed (rows already stored under the same
     * natural key are accepted and not stored again, so a sender may resend after a failure).
     */
    ingest(streamName: string, rows: unknown[], actor: Actor): Promise<IngestResult> {
      const s = stream(streamName);
      requirePermission(actor, s.def.permission ?? 'ingest.write');
      if (closing) throw ingestShuttingDown();
      if (rows.length > maxRowsPerRequest(s))
        throw ingestTooManyRows({ field: 'rows', max: maxRowsPerRequest(s), sent: rows.length });
      const checked = validate(s, rows);
      if (checked.length === 0) return Promise.resolve({ accepted: 0 });
      const enqueue = (values: Record<string, unknown>[]) => {
        if (closing) throw ingestShuttingDown();
        if (s.queued + values.length > s.queueBound)
          throw ingestQueueFull({ retryAfterSeconds: 1, queued: s.queued, bound: s.queueBound });
        return queue(values);
      };
      if (s.def.prepare) return s.def.prepare(checked, actor).then(enqueue);
      return enqueue(checked);

      function queue(values: Record<string, unknown>[]) {
        return new Promise<IngestResult>((resolve, reject) => {
          const waiter: Waiter = { outstanding: 1, failed: null, accepted: values.length, resolve, reject };
          s.queue.push({ values, waiter, actor });
          s.queued += values.length;
          if (s.active < s.concurrency) void drain(s);
        });
      }
    },
    /** Refuses new rows (503) and waits until every queued row is written. */
    async close() {
      closing = true;
      const busy = [...streams.values()].filter((s) => s.active > 0 || s.queue.length > 0);
      if (busy.length === 0) return;
      await new Promise<void>((resolve) => {
        const check = () => {
          if (busy.every((s) => s.active === 0 && s.queue.length === 0)) {
            idle.delete(check);
            resolve();
          }
        };
        idle.add(check);
        check();
      });
    },
  };
}
