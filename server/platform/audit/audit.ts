import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../access.ts';
import { auditEventsTable } from './audit.table.ts';

export const GENESIS_HASH = '0'.repeat(64);
// Any constant: the advisory lock that serialises writers of the chain.
const CHAIN_LOCK = 7_263_001;

export type AuditInput = {
  actor: Actor;
  action: string;
  subject: { type: string; id?: string | null };
  regionId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
};

type ChainedContent = {
  at: string;
  actorType: Actor['type'];
  actorId: string | null;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  regionId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
  prevHash: string;
};

/** JSON with object keys sorted at every level, so jsonb's key reordering cannot change a digest. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, (v as Record<string, unknown>)[k]]),
      );
    }
    return v;
  });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function digestOf(value: unknown): string | null {
  return value === undefined ? null : sha256(canonicalJson(value));
}

export function hashEntry(content: ChainedContent): string {
  return sha256(canonicalJson(content));
}

/**
 * Appends one event to the chain inside the caller's transaction, so the change and its audit
 * entry commit together or not at all.
 */
export async function recordAudit(tx: Db, input: AuditInput): Promise<{ seq: number; hash: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx
    .select({ hash: auditEventsTable.hash })
    .from(auditEventsTable)
    .orderBy(desc(auditEventsTable.seq))
    .limit(1);
  const content: ChainedContent = {
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
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = hashEntry(content);
  const [row] = await tx
    .insert(auditEventsTable)
    .values({ ...content, at: new Date(content.at), hash })
    .returning({ seq: auditEventsTable.seq });
  return { seq: row!.seq, hash };
}

export type VerifyResult =
  | { ok: true; entries: number }
  | { ok: false; entries: number; seq: number; reason: 'content_altered' | 'chain_broken'; message: string };

/**
 * Walks the chain in order. A row whose content no longer matches its hash was altered; a row
 * whose prevHash is not its predecessor's hash follows a deletion or a reordering.
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let afterSeq = 0;
  let entries = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEventsTable)
      .where(gt(auditEventsTable.seq, afterSeq))
      .orderBy(asc(auditEventsTable.seq))
      .limit(batchSize);
    if (rows.length === 0) return { ok: true, entries };
    for (const r of rows) {
      entries++;
      const recomputed = hashEntry({
        at: r.at.toISOString(),
        actorType: r.actorType,
        actorId: r.actorId,
        actorName: r.actorName,
        action: r.action,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        regionId: r.regionId,
        beforeDigest: r.beforeDigest,
        afterDigest: r.afterDigest,
        details: r.details ?? null,
        ip: r.ip,
        requestId: r.requestId,
        prevHash: r.prevHash,
      });
      if (recomputed !== r.hash) {
        return { ok: false, entries, seq: r.seq, reason: 'content_altered', message: `entry ${r.seq} was altered` };
      }
      if (r.prevHash !== prev) {
        return {
          ok: false,
          entries,
          seq: r.seq,
          reason: 'chain_broken',
          message: `entry ${r.seq} does not follow the entry before it: an entry before it was deleted, inserted or reordered`,
        };
      }
      prev = r.hash;
      afterSeq = r.seq;
    }
  }
}
