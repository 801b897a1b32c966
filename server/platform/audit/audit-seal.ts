import { and, asc, desc, gt, isNotNull, lte, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appendCheckpoint } from './audit-checkpoint.ts';
import { GENESIS_HASH, chainLink, sealHead } from './audit-entry.ts';
import { auditKey, configuredCheckpointFile, keyIdOf } from './audit-key.ts';
import { auditEventsTable, auditSealsTable } from './audit.table.ts';

// Any constant: the advisory lock only sealers take (writers take none).
const SEALER_LOCK = 7_263_002;

export type SealOptions = {
  /** The audit key (the configured one by default). */
  key?: Buffer;
  /** At most this many entries per block. */
  maxEntries?: number;
  /** How long to wait for the transactions running when the round started before giving the round up. */
  waitMs?: number;
  /** Where to append checkpoints (the configured file by default; null: none). */
  checkpointFile?: string | null;
  /** At most one checkpoint per this many milliseconds (0: after every block). */
  checkpointEveryMs?: number;
  log?: (message: string, err?: unknown) => void;
};

export type SealResult = {
  /** Entries sealed by this round. */
  sealed: number;
  /** The newest block and its head after this round (block 0: nothing sealed yet). */
  block: number;
  head: string;
  toSeq: number;
  total: number;
  /** Why nothing was sealed, when so: another sealer held the lock, or transactions were still running. */
  skipped?: 'busy' | 'waiting';
};

type Rows<T> = { rows: T[] };
const lastCheckpoint = new Map<string, number>();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A text[] as the drivers return it: an array (node-postgres, PGlite) or its literal. */
function parseTextArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((x) => x.replace(/^"|"$/g, '')) : [];
}

/**
 * One sealing round: links the committed, not yet sealed entries into the keyed chain as one block.
 *
 * Entries get their seq from a sequence while their transaction runs, so they commit out of order and
 * a rolled-back transaction leaves a gap. The round reads the highest seq handed out so far (M), then
 * waits for the transactions that hold a write lock on audit_events at that point to end: a writer
 * locks the table before it takes its seq and keeps the lock to its end, so every entry with
 * seq ≤ M is then committed or gone for good. Only this database's writers of the trail count. The
 * round seals the entries in (previous block's toSeq, M] in seq order. A long-running writing
 * transaction delays sealing (the round gives up after `waitMs` and the next one tries again) but
 * never lets an entry be passed over.
 *
 * Safe to run from several processes at once: only the holder of an advisory lock seals; the others
 * return `skipped: 'busy'`.
 */
export async function sealAuditChain(db: Db, opts: SealOptions = {}): Promise<SealResult> {
  const key = opts.key ?? auditKey();
  const maxEntries = opts.maxEntries ?? 20_000;
  const waitMs = opts.waitMs ?? 1000;
  const result = await db.transaction(async (tx): Promise<SealResult> => {
    const lock = (await tx.execute(sql`select pg_try_advisory_xact_lock(${SEALER_LOCK}) as ok`)) as unknown as Rows<{
      ok: boolean;
    }>;
    const [last] = await tx.select().from(auditSealsTable).orderBy(desc(auditSealsTable.block)).limit(1);
    const current: SealResult = {
      sealed: 0,
      block: last?.block ?? 0,
      head: last?.head ?? GENESIS_HASH,
      toSeq: last?.toSeq ?? 0,
      total: last?.total ?? 0,
    };
    if (!lock.rows[0]?.ok) return { ...current, skipped: 'busy' };
    const seqState = (await tx.execute(
      sql`select last_value::text as last, is_called from audit_events_seq_seq`,
    )) as unknown as Rows<{ last: string; is_called: boolean }>;
    const state = seqState.rows[0]!;
    const handedOut = state.is_called ? Number(state.last) : Number(state.last) - 1;
    if (handedOut <= current.toSeq) return current;
    // Every transaction that got a seq ≤ handedOut took its lock on audit_events (an INSERT locks its
    // table before it runs, so before nextval) before the sequence was read, and holds it to its end:
    // wait for the transactions holding that lock now. Only this database's, only writers.
    const holders = (await tx.execute(sql`select coalesce(array_agg(distinct virtualtransaction), '{}') as vxids
      from pg_locks
      where locktype = 'relation' and relation = 'audit_events'::regclass and mode = 'RowExclusiveLock'
        and database = (select oid from pg_database where datname = current_database())
        and pid <> pg_backend_pid()`)) as unknown as Rows<{ vxids: string[] | string }>;
    const vxids = parseTextArray(holders.rows[0]!.vxids);
    const deadline = Date.now() + waitMs;
    while (vxids.length > 0) {
      const running = (await tx.execute(
        sql`select count(*)::int as n from pg_locks where locktype = 'virtualxid' and virtualxid = any(${`{${vxids.join(',')}}`}::text[])`,
      )) as unknown as Rows<{ n: number }>;
      if (running.rows[0]!.n === 0) break;
      if (Date.now() >= deadline) return { ...current, skipped: 'waiting' };
      await sleep(10);
    }
    const entries = await tx
      .select({ seq: auditEventsTable.seq, hash: auditEventsTable.hash })
      .from(auditEventsTable)
      .where(and(gt(auditEventsTable.seq, current.toSeq), lte(auditEventsTable.seq, handedOut)))
      .orderBy(asc(auditEventsTable.seq))
      .limit(maxEntries);
    if (entries.length === 0) return current;
    const toSeq = entries.length === maxEntries ? entries.at(-1)!.seq : handedOut;
    let legacyTo = last?.legacyTo;
    if (legacyTo === undefined) {
      // The first seal fixes where the entries written before the key existed end.
      const [l] = await tx
        .select({ to: max(auditEventsTable.seq) })
        .from(auditEventsTable)
        .where(isNotNull(auditEventsTable.prevHash));
      legacyTo = l?.to ?? 0;
    }
    let link = current.head;
    for (const e of entries) link = chainLink(key, link, e.seq, e.hash);
    const fields = {
      block: current.block + 1,
      fromSeq: current.toSeq,
      toSeq,
      count: entries.length,
      total: current.total + entries.length,
      legacyTo,
      prevHead: current.head,
      keyId: keyIdOf(key),
    };
    const head = sealHead(key, fields, link);
    await tx.insert(auditSealsTable).values({
      ...fields,
      seqs: entries.map((e) => e.seq),
      head,
      sealedAt: new Date(),
    });
    return { sealed: entries.length, block: fields.block, head, toSeq, total: fields.total };
  });
  const file = opts.checkpointFile === undefined ? configuredCheckpointFile() : opts.checkpointFile;
  if (file && result.sealed > 0) {
    const every = opts.checkpointEveryMs ?? 10_000;
    const now = Date.now();
    if (now - (lastCheckpoint.get(file) ?? 0) >= every) {
      lastCheckpoint.set(file, now);
      const line = appendCheckpoint(file, key, {
        kind: 'checkpoint',
        block: result.block,
        toSeq: result.toSeq,
        entries: result.total,
        head: result.head,
        at: new Date(now).toISOString(),
      });
      opts.log?.(`audit checkpoint ${line}`);
    }
  }
  return result;
}

/**
 * Seals what is committed, then appends the head to the checkpoint file: `checkpoint` (the trail must
 * keep at least this), or `reset` after restoring a backup (the trail was taken back to this head; the
 * checkpoints before no longer apply). Returns the line written.
 */
export async function writeCheckpoint(
  db: Db,
  opts: { file: string; key?: Buffer; kind?: 'checkpoint' | 'reset' },
): Promise<string> {
  const key = opts.key ?? auditKey();
  const sealed = await sealAuditChain(db, { key, checkpointFile: null, waitMs: 5000 });
  return appendCheckpoint(opts.file, key, {
    kind: opts.kind ?? 'checkpoint',
    block: sealed.block,
    toSeq: sealed.toSeq,
    entries: sealed.total,
    head: sealed.head,
    at: new Date().toISOString(),
  });
}

/**
 * Runs sealing rounds every `intervalMs` (after the previous round ends) until the returned function
 * is called; that function resolves once a round in progress has ended. Several server processes may
 * each run one: the advisory lock lets one seal at a time.
 */
export function startAuditSealer(
  db: Db,
  opts: { intervalMs: number; log: (message: string, err?: unknown) => void } & Omit<SealOptions, 'log'>,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = () => {
    running = sealAuditChain(db, opts).then(
      () => {},
      (err: unknown) => opts.log('audit sealing failed', err),
    );
    void running.then(() => {
      if (!stopped) timer = setTimeout(round, opts.intervalMs);
    });
  };
  timer = setTimeout(round, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
