import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { readLastCheckpoint } from './audit-checkpoint.ts';
import { GENESIS_HASH, chainLink, entryHashValid, sealHead } from './audit-entry.ts';
import { auditKey, configuredCheckpointFile, keyIdOf } from './audit-key.ts';
import { auditEventsTable, auditSealsTable } from './audit.table.ts';
import { sealAuditChain } from './audit-seal.ts';

export type VerifyFailure =
  /** An entry's content no longer matches its hash (or its hash was replaced). */
  | 'content_altered'
  /** A legacy entry does not follow the one before it, or a legacy-format entry appears where only keyed ones may. */
  | 'chain_broken'
  /** An entry a block sealed is missing. */
  | 'entry_deleted'
  /** An entry is inside a sealed block's range but was not sealed in it, or is a copy of another entry. */
  | 'entry_inserted'
  /** A block's head, link to the block before or range no longer match. */
  | 'seal_altered'
  /** A block was sealed with another audit key than the one configured. */
  | 'key_mismatch'
  /** An entry is still not sealed after the bound. */
  | 'unsealed'
  /** The trail no longer reaches the last checkpoint (newest entries deleted, table truncated), or differs from it. */
  | 'checkpoint_mismatch';

export type VerifyResult =
  | {
      ok: true;
      entries: number;
      sealed: number;
      unsealed: number;
      blocks: number;
      /** The checkpoint the trail was checked against, or null when there is none. */
      checkpoint: { block: number; at: string } | null;
    }
  | { ok: false; entries: number; seq: number; reason: VerifyFailure; message: string };

export type VerifyOptions = {
  key?: Buffer;
  /** The checkpoint file to check against (the configured one by default; null: none). */
  checkpointFile?: string | null;
  /** Seal what is committed first (default true; false checks the trail as it stands). */
  seal?: boolean;
  /** Entries unsealed for longer than this are reported (default 60 s). */
  unsealedBoundMs?: number;
  now?: Date;
  batchSize?: number;
};

type Row = typeof auditEventsTable.$inferSelect;
type Seal = typeof auditSealsTable.$inferSelect;

/**
 * Checks the whole trail: every block in order (its range contiguous with the block before, its
 * head recomputed with the key over the entries it lists, each of those present with a valid keyed
 * hash, and no other entry in its range), then the entries not yet sealed (valid hashes, none older
 * than the bound), then the last checkpoint (the trail must contain its block with the same head).
 * Entries written before the sealer existed must also form their original hash chain. Names the
 * first bad entry.
 */
export async function verifyAuditChain(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const key = opts.key ?? auditKey();
  const keyId = keyIdOf(key);
  const batchSize = opts.batchSize ?? 5000;
  const now = opts.now ?? new Date();
  const bound = opts.unsealedBoundMs ?? 60_000;
  if (opts.seal !== false) await sealAuditChain(db, { key, checkpointFile: null, waitMs: 5000 });

  let entries = 0;
  let legacyPrev = GENESIS_HASH;
  let seenKeyed = false;
  let legacyTo: number | null = null;
  const fail = (seq: number, reason: VerifyFailure, message: string): VerifyResult => ({
    ok: false,
    entries,
    seq,
    reason,
    message,
  });

  // Copies: an entry's hash covers a random nonce, so two entries never share one (the index does not
  // guarantee it: someone with database access can drop an index).
  const copies = new Map<number, number>();
  const dup = (await db.execute(sql`select seqs from (
      select array_agg(seq order by seq) as seqs from audit_events group by hash having count(*) > 1
    ) d limit 1000`)) as unknown as { rows: { seqs: (string | number)[] }[] };
  for (const { seqs } of dup.rows) {
    const [original, ...others] = seqs.map(Number);
    for (const o of others) copies.set(o, original!);
  }

  /** Checks one entry's own hash and, for legacy entries, their place. Returns a failure or null. */
  const checkEntry = (r: Row): VerifyResult | null => {
    entries++;
    if (!entryHashValid(key, r)) return fail(r.seq, 'content_altered', `entry ${r.seq} was altered`);
    const original = copies.get(r.seq);
    if (original !== undefined) {
      return fail(r.seq, 'entry_inserted', `entry ${r.seq} is a copy of entry ${original}: inserted`);
    }
    if (r.prevHash === null) {
      seenKeyed = true;
      return null;
    }
    if (seenKeyed || (legacyTo !== null && r.seq > legacyTo)) {
      return fail(
        r.seq,
        'chain_broken',
        `entry ${r.seq} is in the old unkeyed format where only keyed entries may be: forged`,
      );
    }
    if (r.prevHash !== legacyPrev) {
      return fail(
        r.seq,
        'chain_broken',
        `entry ${r.seq} does not follow the entry before it: an entry before it was deleted, inserted or reordered`,
      );
    }
    legacyPrev = r.hash;
    return null;
  };

  // Sealed blocks.
  let prev: Pick<Seal, 'block' | 'toSeq' | 'head' | 'total'> = { block: 0, toSeq: 0, head: GENESIS_HASH, total: 0 };
  for (;;) {
    const seals = await db
      .select()
      .from(auditSealsTable)
      .where(gt(auditSealsTable.block, prev.block))
      .orderBy(asc(auditSealsTable.block))
      .limit(50);
    if (seals.length === 0) break;
    for (const s of seals) {
      const first = s.seqs[0] ?? s.fromSeq + 1;
      if (s.keyId !== keyId) {
        return fail(
          first,
          'key_mismatch',
          `block ${s.block} was sealed with another audit key (${s.keyId}, not ${keyId})`,
        );
      }
      legacyTo ??= s.legacyTo;
      const fields = {
        block: s.block,
        fromSeq: s.fromSeq,
        toSeq: s.toSeq,
        count: s.count,
        total: s.total,
        legacyTo: s.legacyTo,
        prevHead: s.prevHead,
        keyId: s.keyId,
      };
      if (
        s.block !== prev.block + 1 ||
        s.fromSeq !== prev.toSeq ||
        s.prevHead !== prev.head ||
        s.legacyTo !== legacyTo ||
        s.count !== s.seqs.length ||
        s.total !== prev.total + s.count
      ) {
        return fail(
          first,
          'seal_altered',
          `block ${s.block} does not follow block ${prev.block}: the seals were altered`,
        );
      }
      // The entries in the block's range, against the seqs it lists.
      const listed = s.seqs;
      let i = 0;
      let link = s.prevHead;
      let after = s.fromSeq;
      for (;;) {
        const rows = await db
          .select()
          .from(auditEventsTable)
          .where(and(gt(auditEventsTable.seq, after), lte(auditEventsTable.seq, s.toSeq)))
          .orderBy(asc(auditEventsTable.seq))
          .limit(batchSize);
        for (const r of rows) {
          const expected = listed[i];
          if (expected !== undefined && expected < r.seq) {
            return fail(expected, 'entry_deleted', `entry ${expected} (sealed in block ${s.block}) was deleted`);
          }
          if (expected === undefined || expected > r.seq) {
            return fail(r.seq, 'entry_inserted', `entry ${r.seq} was inserted after block ${s.block} was sealed`);
          }
          const bad = checkEntry(r);
          if (bad) return bad;
          link = chainLink(key, link, r.seq, r.hash);
          i++;
          after = r.seq;
        }
        if (rows.length < batchSize) break;
      }
      if (i < listed.length) {
        return fail(listed[i]!, 'entry_deleted', `entry ${listed[i]} (sealed in block ${s.block}) was deleted`);
      }
      if (sealHead(key, fields, link) !== s.head) {
        return fail(first, 'seal_altered', `block ${s.block} (entries from ${first}) does not match its sealed head`);
      }
      prev = s;
    }
  }
  const sealed = entries;

  // Entries not sealed yet.
  const oldest = now.getTime() - bound;
  let after = prev.toSeq;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEventsTable)
      .where(gt(auditEventsTable.seq, after))
      .orderBy(asc(auditEventsTable.seq))
      .limit(batchSize);
    for (const r of rows) {
      const bad = checkEntry(r);
      if (bad) return bad;
      if (r.at.getTime() < oldest) {
        return fail(
          r.seq,
          'unsealed',
          `entry ${r.seq} of ${r.at.toISOString()} is still not sealed: the sealer is not running, or a transaction has been open for long`,
        );
      }
      after = r.seq;
    }
    if (rows.length < batchSize) break;
  }

  // The last checkpoint.
  const file = opts.checkpointFile === undefined ? configuredCheckpointFile() : opts.checkpointFile;
  let checkpoint: { block: number; at: string } | null = null;
  if (file) {
    const last = readLastCheckpoint(file, key);
    if (!last.ok) return fail(prev.toSeq, 'checkpoint_mismatch', last.message);
    const c = last.checkpoint;
    if (c && c.block > 0) {
      if (c.block > prev.block) {
        return fail(
          c.toSeq,
          'checkpoint_mismatch',
          `the trail ends at block ${prev.block} (entry ${prev.toSeq}, ${prev.total} sealed) but the checkpoint of ${c.at} has block ${c.block} (entry ${c.toSeq}, ${c.entries} sealed): the newest entries were deleted or the table truncated (or a backup was restored without \`ranan audit checkpoint --reset\`)`,
        );
      }
      const [s] = await db.select().from(auditSealsTable).where(eq(auditSealsTable.block, c.block));
      if (!s || s.head !== c.head || s.total !== c.entries || s.toSeq !== c.toSeq) {
        return fail(
          s?.seqs[0] ?? c.toSeq,
          'checkpoint_mismatch',
          `block ${c.block} differs from the checkpoint of ${c.at}: the trail was rewritten`,
        );
      }
    }
    if (c) checkpoint = { block: c.block, at: c.at };
  }
  return { ok: true, entries, sealed, unsealed: entries - sealed, blocks: prev.block, checkpoint };
}
