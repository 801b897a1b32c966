import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Permission } from '../../../domain/access/roles.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../access.ts';
import { recordAudit, recordBatchAudit } from '../audit/audit.ts';
import { sha256 } from '../audit/audit-entry.ts';
import { validationFailed } from '../errors.ts';
import { arrayLiteral } from '../sql.ts';

export { arrayLiteral };
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
  /**
   * At most how long a writer waits for more rows (ms) before a batch smaller than the last one it wrote.
   * Default 0: it takes what is queued at once. A stream whose batch has a fixed cost (monitoring judges
   * every sensor of a batch and writes its state once per batch) sets some: the senders answered by the
   * last batch send again, and their rows join the next batch instead of being split between a batch of
   * the one request that came first and a batch of the rest. The wait ends as soon as as many rows as the
   * last batch had (or `batchSize`) are queued, so a steady set of senders is not delayed.
   */
  lingerMs?: number;
  /**
   * Writes each batch as `count` transactions at once, on as many connections, its rows split by `key`
   * (rows with the same key always go to the same lane). For a stream whose `afterInsert` locks per-key
   * state (monitoring: the sensor's state row), lanes of disjoint keys write in parallel without waiting
   * on each other's locks, where a second writer (`concurrency`) would wait on the first one's. Each lane
   * is a batch of its own (its own audit entry); a request is acknowledged once every lane holding its rows
   * committed (if one failed, the request fails and a resend stores the rest: the natural key keeps the
   * rows committed by the other lanes once).
   */
  lanes?: { count: number; key: (row: Row) => string };
  /** Who may send. Default `ingest.write`. */
  permission?: Permission;
  /**
   * The stream's own check before the rows are queued (scope, a resend with other content): it may
   * refuse the request (throw an AppError) or complete the rows (the sender, looked-up ids).
   */
  prepare?: (rows: Record<string, unknown>[], actor: Actor) => Promise<Record<string, unknown>[]>;
  /**
   * Called in the batch's transaction with the rows that were new (not already stored under their natural
   * key; a key sent twice in one batch counts once), in the order received: a module evaluates them there
   * (monitoring's alarms), so what it derives commits with the rows or not at all. With it, each request's
   * result also says how many of its rows were new (`inserted`).
   */
  afterInsert?: (tx: Db, rows: Row[]) => Promise<void>;
  /**
   * One row's line in the batch's audit digest (default: the row's canonical JSON). A stream of
   * fixed-shape rows gives a cheaper exact line (monitoring: `sensorId,at,value`); the batch entry
   * names the form (`lines`) so the digest can be recomputed from the stored rows.
   */
  digestLine?: { form: string; line: (row: Row) => string } | 'columns';
};

/**
 * `digestLine: 'columns'`: the batch's digest is over the text its insert sends — each column's array literal
 * (`arrayLiteral` of the column's driver values, in the order received), one column a line as `name=literal`,
 * in the rows' property order — so no line is built per row (for positions the per-row line converted each
 * time and coordinate to text a second time). Recomputable from the stored rows as the other forms are.
 * A batch whose rows set different columns, or a value arrayLiteral does not write, falls back to the rows'
 * canonical JSON (the default form).
 */
export const COLUMNS_DIGEST_FORM = "columns: each column's array literal as sent, one a line as name=literal";

/** How a caller hands rows over: `checked` rows were built by the module's own use case after its checks (not re-validated). */
export type IngestOptions = { checked?: boolean };

/** Rows accepted: all committed (a row already stored under its natural key is accepted and left as it was). */
export type IngestResult = { accepted: number; inserted?: number };

type Waiter = {
  outstanding: number;
  failed: unknown;
  resolve(result: IngestResult): void;
  reject(err: unknown): void;
  accepted: number;
  inserted: number;
};
type Chunk = { values: Record<string, unknown>[]; waiter: Waiter; actor: Actor };

type Stream = {
  def: StreamDefinition;
  batchSize: number;
  queueBound: number;
  concurrency: number;
  lingerMs: number;
  queue: Chunk[];
  queued: number;
  active: number;
  /** Writers waiting for more rows (lingerMs), woken when `lingerFor` rows are queued or the server closes. */
  lingering: Set<() => void>;
  /** Rows a lingering writer waits for: as many as the last batch had, at most batchSize. */
  lingerFor: number;
};

/** Rows' positions grouped by the columns the rows set, so a column a row leaves out keeps its default. */
function byColumns(rows: Record<string, unknown>[]): number[][] {
  // The common case, every row setting the same columns (a module's use case builds them alike): one group,
  // found without a sorted key per row.
  const first = rows[0] ? Object.keys(rows[0]) : [];
  if (
    rows.every((row) => {
      const keys = Object.keys(row);
      return keys.length === first.length && first.every((k, i) => keys[i] === k && row[k] !== undefined);
    })
  )
    return [rows.map((_, i) => i)];
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = Object.keys(row)
      .filter((k) => row[k] !== undefined)
      .sort()
      .join(',');
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

/**
 * One `insert … select from unnest($1::type[], …) on conflict (natural key) do nothing`: one
 * parameter per column whatever the number of rows, so the statement is cheap to build and to
 * parse (drizzle's multi-row values builder costs more than the database does at this size).
 * Returns how many rows were new or, with `positions`, which ones (0-based; the first of a key sent twice).
 * With `positions`, the insert only counts first: when every row was new (the usual case) they are all the
 * positions; otherwise (a resend, a key sent twice) the new ones are found after the insert as the rows of
 * their keys this transaction wrote (`xmin`), which needs `alone`: no other insert of the transaction wrote the
 * same keys (else: the input numbered `with ordinality` and joined back on the natural key in the insert's
 * statement — measured ~30% dearer than the insert alone).
 */
async function insertRows(
  tx: Db,
  def: StreamDefinition,
  rows: Record<string, unknown>[],
  positions: boolean,
  alone: boolean,
): Promise<{ count: number; positions: number[]; texts: string[] | null }> {
  const columns = getTableColumns(def.table);
  const props = Object.keys(rows[0]!).filter((k) => rows[0]![k] !== undefined);
  const unknownProp = props.find((p) => !columns[p]);
  if (unknownProp) throw new Error(`Stream ${def.name}: the row has ${unknownProp}, which is no column`);
  const cols = props.map((p) => columns[p]!);
  // Each column's text as sent (null where node-postgres converts the array itself).
  let texts: string[] | null = [];
  const arrays = props.map((p, c) => {
    const values = rows.map((r) => (r[p] === null ? null : cols[c]!.mapToDriverValue(r[p])));
    const literal = arrayLiteral(values);
    if (literal === null) texts = null;
    else texts?.push(`${dbName(cols[c]!)}=${literal}`);
    return sql`${sql.param(literal ?? values)}::${sql.raw(cols[c]!.getSQLType())}[]`;
  });
  const target = sql.join(
    cols.map((c) => sql.identifier(dbName(c))),
    sql`, `,
  );
  const conflict = sql.join(
    def.naturalKey.map((c) => sql.identifier(dbName(c))),
    sql`, `,
  );
  const keyAt = def.naturalKey.map((k) => cols.findIndex((c) => c.name === k.name));
  const countOnly = async () => {
    const result = (await tx.execute(sql`with inserted as (
        insert into ${def.table} (${target})
        select * from unnest(${sql.join(arrays, sql`, `)})
        on conflict (${conflict}) do nothing
        returning 1
      ) select count(*)::int as n from inserted`)) as unknown as { rows: { n: number }[] };
    return Number(result.rows[0]?.n ?? 0);
  };
  if (!positions || keyAt.some((i) => i < 0)) return { count: await countOnly(), positions: [], texts };
  const aliases = cols.map((_, i) => sql.raw(`c${i}`));
  const inputKey = sql.join(
    keyAt.map((i) => sql`input.${sql.raw(`c${i}`)}`),
    sql`, `,
  );
  if (alone) {
    const count = await countOnly();
    if (count === rows.length) return { count, positions: rows.map((_, i) => i), texts };
    if (count === 0) return { count, positions: [], texts };
    // Some were stored already: the new ones are the keys whose stored row this transaction wrote.
    const stored = sql.join(
      keyAt.map((i) => sql`input.${sql.raw(`c${i}`)} = stored.${sql.identifier(dbName(cols[i]!))}`),
      sql` and `,
    );
    const mine = (await tx.execute(sql`select min(input.ord)::int as ord
        from unnest(${sql.join(arrays, sql`, `)}) with ordinality as input(${sql.join(aliases, sql`, `)}, ord)
        join ${def.table} stored on ${stored}
        where stored.xmin::text::bigint = pg_current_xact_id()::text::bigint % 4294967296
        group by ${inputKey}`)) as unknown as { rows: { ord: number }[] };
    return { count, positions: mine.rows.map((r) => Number(r.ord) - 1), texts };
  }
  // Which rows were new: the input numbered (with ordinality), joined back on the natural key.
  const keyJoin = sql.join(
    keyAt.map((i) => sql`input.${sql.raw(`c${i}`)} = inserted.${sql.identifier(dbName(cols[i]!))}`),
    sql` and `,
  );
  const result = (await tx.execute(sql`with input as (
      select * from unnest(${sql.join(arrays, sql`, `)}) with ordinality as u(${sql.join(aliases, sql`, `)}, ord)
    ), inserted as (
      insert into ${def.table} (${target})
      select ${sql.join(aliases, sql`, `)} from input
      on conflict (${conflict}) do nothing
      returning ${conflict}
    ) select min(input.ord)::int as ord from input join inserted on ${keyJoin}
      group by ${inputKey}`)) as unknown as { rows: { ord: number }[] };
  const found = result.rows.map((r) => Number(r.ord) - 1);
  return { count: found.length, positions: found, texts };
}

/** A key's lane among `count` (FNV-1a of the key). */
function laneOf(key: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

/** A column's name in the database: snake_case (Drizzle `casing`) unless the table gave a name. */
function dbName(column: AnyPgColumn): string {
  return column.keyAsName ? toSnakeCase(column.name) : column.name;
}

/** Rows one request may carry at most (a bigger request could never fit the queue). */
export function maxRowsPerRequest(stream: Pick<Stream, 'queueBound'>) {
  return stream.queueBound;
}

export type Ingest = ReturnType<typeof createIngest>;

/**
 * A module's own way in for a stream from a broker (a message's parsed JSON body and who sent it):
 * it checks and maps the body (monitoring turns sensor codes into ids and refuses bad readings one by
 * one) and calls `ingest()` itself. Throws as `ingest()` does (400 bad body, 429 full queue).
 */
export type Entry = (body: unknown, actor: Actor) => Promise<unknown>;

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
  const entries = new Map<string, Entry>();
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
      lingerMs: Math.max(0, def.lingerMs ?? 0),
      queue: [],
      queued: 0,
      active: 0,
      lingering: new Set(),
      lingerFor: 0,
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
    const track = Boolean(s.def.afterInsert);
    const isNew = track ? new Uint8Array(values.length) : null;
    await db.transaction(async (tx) => {
      let inserted = 0;
      const groups = byColumns(values);
      let texts: string[] | null = null;
      for (const group of groups) {
        const out = await insertRows(
          tx,
          s.def,
          group.map((i) => values[i]!),
          track,
          groups.length === 1,
        );
        inserted += out.count;
        texts = groups.length === 1 ? out.texts : null;
        if (isNew) for (const p of out.positions) isNew[group[p]!] = 1;
      }
      if (isNew && inserted > 0)
        await s.def.afterInsert!(
          tx,
          values.filter((_, i) => isNew[i] === 1),
        );
      // One audit entry per committed batch: which stream, how many rows and the digest of them all
      // (recordBatchAudit: SHA-256 over the rows' canonical JSON, one per line, in the order received).
      // Batches from several senders name the first sender (all acted with the stream's permission).
      const details = {
        stream: s.def.name,
        table: getTableName(s.def.table),
        inserted,
        senders: [...new Set(batch.map((c) => c.actor.id ?? c.actor.name))].slice(0, 20),
      };
      const subject = { type: 'stream', id: s.def.name };
      const digestLine = s.def.digestLine;
      const lines =
        digestLine === 'columns'
          ? texts && { digest: sha256(texts.join('\n')), form: COLUMNS_DIGEST_FORM }
          : digestLine && { digest: sha256(values.map(digestLine.line).join('\n')), form: digestLine.form };
      if (lines)
        await recordAudit(tx, {
          actor: batch[0]!.actor,
          action: 'ingest.batch',
          subject,
          details: {
            ...details,
            batch: { count: values.length, digest: lines.digest, order: 'as received', lines: lines.form },
          },
        });
      else
        await recordBatchAudit(tx, {
          actor: batch[0]!.actor,
          action: 'ingest.batch',
          subject,
          rows: values,
          order: 'as received',
          details,
        });
    });
    // Each request's share of the new rows (its chunks lie in the batch in order).
    if (isNew) {
      let at = 0;
      for (const c of batch) {
        for (let i = 0; i < c.values.length; i++) c.waiter.inserted += isNew[at + i]!;
        at += c.values.length;
      }
    }
  }

  /** A batch split into the stream's lanes, written in parallel; throws the first lane's error once all are done. */
  async function writeLanes(s: Stream, batch: Chunk[]) {
    const lanes = s.def.lanes;
    if (!lanes || lanes.count < 2) return writeBatch(s, batch);
    const parts: Chunk[][] = Array.from({ length: lanes.count }, () => []);
    for (const c of batch) {
      const split: Record<string, unknown>[][] = Array.from({ length: lanes.count }, () => []);
      for (const v of c.values) split[laneOf(lanes.key(v), lanes.count)]!.push(v);
      split.forEach((values, i) => {
        if (values.length > 0) parts[i]!.push({ ...c, values });
      });
    }
    const results = await Promise.allSettled(parts.filter((p) => p.length > 0).map((p) => writeBatch(s, p)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
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
      // The requests that arrive together (senders answered by the same commit send again at once) are queued in
      // this turn of the event loop: take them in one batch rather than the first one alone.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (s.queue.length > 0) {
        if (s.lingerMs > 0 && s.queued < s.lingerFor && !closing) await linger(s);
        const batch = take(s);
        if (batch.length === 0) continue;
        s.lingerFor = batch.reduce((n, c) => n + c.values.length, 0);
        let error: unknown = null;
        try {
          await writeLanes(s, batch);
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
            else
              w.resolve(s.def.afterInsert ? { accepted: w.accepted, inserted: w.inserted } : { accepted: w.accepted });
          }
        }
      }
    } finally {
      s.active--;
      if (s.active === 0 && s.queue.length === 0) for (const f of idle) f();
    }
  }

  /** Waits until a full batch is queued, the server closes, or lingerMs has passed. */
  function linger(s: Stream): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        s.lingering.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, s.lingerMs);
      s.lingering.add(wake);
    });
  }

  /** The rows of a broker message: `{ "rows": [...] }` or the array itself. */
  function rowsOf(body: unknown): unknown[] {
    const rows = Array.isArray(body) ? body : (body as { rows?: unknown } | null)?.rows;
    if (!Array.isArray(rows))
      throw validationFailed({ issues: [{ path: ['body', 'rows'], code: 'invalid_type', message: 'rows expected' }] });
    return rows;
  }

  const api = {
    define,
    /** A module's entry for a stream's broker messages (else the body's `rows` go to `ingest()` as they are). */
    defineEntry(name: string, entry: Entry) {
      stream(name);
      entries.set(name, entry);
    },
    /** A broker message for a stream: through its module's entry, or its rows straight to `ingest()`. */
    enter(name: string, body: unknown, actor: Actor): Promise<unknown> {
      const entry = entries.get(name);
      if (entry) {
        stream(name);
        if (closing) throw ingestShuttingDown();
        return entry(body, actor);
      }
      return api.ingest(name, rowsOf(body), actor);
    },
    streams: () => [...streams.values()].map((s) => s.def),
    has: (name: string) => streams.has(name),
    /** Rows of a stream waiting for the database now, and the bound beyond which senders are refused (429) or held. */
    load(name: string): { queued: number; bound: number } {
      const s = stream(name);
      return { queued: s.queued, bound: s.queueBound };
    },
    /**
     * Refuses a request before its body is read when the stream could take none of it: 503 while closing,
     * 429 (Retry-After) while its queue is full. A route calls it in its `onRequest` hook, so a burst is shed
     * without parsing and checking bodies that would be refused anyway (`ingest()` still refuses a request
     * whose rows do not fit in what is left).
     */
    refuseIfFull(name: string): void {
      const s = stream(name);
      if (closing) throw ingestShuttingDown();
      if (s.queued >= s.queueBound)
        throw ingestQueueFull({ retryAfterSeconds: 1, queued: s.queued, bound: s.queueBound });
    },
    /**
     * Stores rows of a stream; resolves once all are committed (rows already stored under the same
     * natural key are accepted and not stored again, so a sender may resend after a failure).
     */
    ingest(streamName: string, rows: unknown[], actor: Actor, options: IngestOptions = {}): Promise<IngestResult> {
      const s = stream(streamName);
      requirePermission(actor, s.def.permission ?? 'ingest.write');
      if (closing) throw ingestShuttingDown();
      if (rows.length > maxRowsPerRequest(s))
        throw ingestTooManyRows({ field: 'rows', max: maxRowsPerRequest(s), sent: rows.length });
      const checked = options.checked ? (rows as Record<string, unknown>[]) : validate(s, rows);
      if (checked.length === 0)
        return Promise.resolve(s.def.afterInsert ? { accepted: 0, inserted: 0 } : { accepted: 0 });
      if (s.def.prepare) return s.def.prepare(checked, actor).then((values) => enqueue(s, values, actor));
      return enqueue(s, checked, actor);
    },
    /** Refuses new rows (503) and waits until every queued row is written. */
    close,
  };

  function enqueue(s: Stream, values: Record<string, unknown>[], actor: Actor): Promise<IngestResult> {
    if (closing) throw ingestShuttingDown();
    if (s.queued + values.length > s.queueBound)
      throw ingestQueueFull({ retryAfterSeconds: 1, queued: s.queued, bound: s.queueBound });
    return new Promise<IngestResult>((resolve, reject) => {
      const waiter: Waiter = {
        outstanding: 1,
        failed: null,
        accepted: values.length,
        inserted: 0,
        resolve,
        reject,
      };
      s.queue.push({ values, waiter, actor });
      s.queued += values.length;
      if (s.queued >= s.lingerFor) for (const wake of [...s.lingering]) wake();
      // A writer waiting for more rows takes these too; another one starts only when none waits.
      if (s.active < s.concurrency && s.lingering.size === 0) void drain(s);
    });
  }

  async function close() {
    closing = true;
    for (const s of streams.values()) for (const wake of [...s.lingering]) wake();
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
  }
  return api;
}
