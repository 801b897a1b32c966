import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { type PreparedStatement, deferExecute } from '../../db/commit-fusion.ts';
import type { Actor } from '../access.ts';
import { type EntryContent, canonicalJson, digestOf, entryMac, sha256 } from './audit-entry.ts';
import { auditKey } from './audit-key.ts';

export { GENESIS_HASH, canonicalJson, digestOf, sha256 } from './audit-entry.ts';
export { configureAudit, loadAuditKey } from './audit-key.ts';
export { sealAuditChain, startAuditSealer, writeCheckpoint } from './audit-seal.ts';
export { type VerifyResult, verifyAuditChain } from './audit-verify.ts';

export type AuditInput = {
  actor: Actor;
  action: string;
  subject: { type: string; id?: string | null };
  regionId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
};

/**
 * Appends one entry inside the caller's transaction, so the change and its audit entry commit
 * together or not at all. One statement, no lock and no read of the chain: the entry gets the next
 * seq and its own keyed hash; the sealer links committed entries into the chain within about a
 * second (audit-seal.ts). The INSERT locks the table before it takes the seq and the lock lasts to the
 * transaction's end: the sealer waits on it, so it never passes over this entry.
 *
 * On PostgreSQL the INSERT is deferred to the transaction's commit and sent in the same round trip as
 * the COMMIT (server/db/commit-fusion.ts), so an audited write costs no extra round trip; it still runs
 * inside the transaction, and a failing entry rolls the change back. It is sent as `execute` of a statement
 * prepared once per connection (`appendStatement`), so PostgreSQL does not parse and plan it each time. Where the statement cannot be
 * deferred (PGlite, a savepoint) it runs at once. A caller that needs the entry's seq (a signature
 * bound to it) uses `recordAuditEntry`, which always inserts at once.
 */
export async function recordAudit(tx: Db, input: AuditInput): Promise<{ hash: string }> {
  const { content, hash } = auditEntry(input);
  if (deferExecute(tx, appendStatement, appendValues(content, hash))) return { hash };
  await insertNow(tx, content, hash);
  return { hash };
}

/** As `recordAudit`, inserting at once and returning the entry's seq (for signatures bound to it). */
export async function recordAuditEntry(tx: Db, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const { content, hash } = auditEntry(input);
  return { seq: await insertNow(tx, content, hash), hash };
}

// Nonces are cut from a buffer of random bytes filled 4 KiB at a time (one call to the system's random
// source per 256 entries instead of one per entry); each byte is used once.
let randomPool = Buffer.alloc(0);
let randomAt = 0;
function nextNonce(): string {
  if (randomAt + 16 > randomPool.length) {
    randomPool = randomBytes(4096);
    randomAt = 0;
  }
  randomAt += 16;
  return randomPool.toString('hex', randomAt - 16, randomAt);
}

function auditEntry(input: AuditInput): { content: EntryContent; hash: string } {
  const content: EntryContent = {
    nonce: nextNonce(),
    at: new Date().toISOString(),
    actorType: input.actor.type,
    actorId: input.actor.id,
    actorName: input.actor.name,
    action: input.action,
    subjectType: input.subject.type,
    subjectId: input.subject.id ?? null,
    regionId: input.regionId ?? null,
    beforeDigest: digestOf(input.before),
    afterDigest: digestOf(input.after),
    details: input.details ? (JSON.parse(canonicalJson(input.details)) as Record<string, unknown>) : null,
    ip: input.actor.ip ?? null,
    requestId: input.actor.requestId ?? null,
  };
  return { content, hash: entryMac(auditKey(), content) };
}

async function insertNow(tx: Db, c: EntryContent, hash: string): Promise<number> {
  const result = (await tx.execute(sql`insert into audit_events (at, actor_type, actor_id, actor_name, action,
      subject_type, subject_id, region_id, before_digest, after_digest, details, ip, request_id, nonce, hash)
    values (${c.at}::timestamptz, ${c.actorType}, ${c.actorId}::uuid, ${c.actorName}, ${c.action}, ${c.subjectType},
      ${c.subjectId}, ${c.regionId}::uuid, ${c.beforeDigest}, ${c.afterDigest},
      ${c.details === null ? null : JSON.stringify(c.details)}::jsonb, ${c.ip}, ${c.requestId}, ${c.nonce}, ${hash})
    returning seq`)) as unknown as { rows: { seq: string | number }[] };
  return Number(result.rows[0]!.seq);
}

/** The same INSERT, prepared on each connection that sends it with the COMMIT. */
const appendStatement: PreparedStatement = {
  name: 'ranan_audit_append',
  types: [
    'timestamptz',
    'text',
    'uuid',
    'text',
    'text',
    'text',
    'text',
    'uuid',
    'text',
    'text',
    'jsonb',
    'text',
    'text',
    'text',
    'text',
  ],
  text: `insert into audit_events (at, actor_type, actor_id, actor_name, action, subject_type, subject_id, region_id,
    before_digest, after_digest, details, ip, request_id, nonce, hash)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
};

function appendValues(c: EntryContent, hash: string): (string | null)[] {
  return [
    c.at,
    c.actorType,
    c.actorId,
    c.actorName,
    c.action,
    c.subjectType,
    c.subjectId,
    c.regionId,
    c.beforeDigest,
    c.afterDigest,
    c.details === null ? null : JSON.stringify(c.details),
    c.ip,
    c.requestId,
    c.nonce,
    hash,
  ];
}

/**
 * The digest of a batch of rows: SHA-256 over the canonical JSON of each row, one per line, in the
 * order given. Anyone holding the rows (in the same order) can recompute it.
 */
export function batchDigest(rows: readonly unknown[]): string {
  return sha256(rows.map((r) => canonicalJson(r)).join('\n'));
}

export type BatchAuditInput = Omit<AuditInput, 'before' | 'after'> & {
  /** The rows the batch committed, as stored (or their natural keys and values). */
  rows: readonly unknown[];
  /** How the rows were ordered for the digest, e.g. 'natural key' (kept in the details). */
  order?: string;
};

/**
 * One entry for a committed batch of a high-volume stream (readings, positions, scans): its count and
 * the digest of its rows in the details, written in the batch's transaction. Decisions (an alarm
 * raised, acknowledged or closed, a refusal overridden, a signature) keep their own entries through
 * recordAudit.
 */
export function recordBatchAudit(tx: Db, input: BatchAuditInput): Promise<{ hash: string }> {
  const { rows, order, details, ...rest } = input;
  return recordAudit(tx, {
    ...rest,
    details: {
      ...details,
      batch: { count: rows.length, digest: batchDigest(rows), ...(order ? { order } : {}) },
    },
  });
}
