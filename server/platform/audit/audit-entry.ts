import { createHash } from 'node:crypto';
import { hmac } from './audit-key.ts';
import type { auditEventsTable } from './audit.table.ts';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * What an entry's keyed hash covers: every column but the seq, the hash itself and the legacy link.
 * The seq is fixed by the database in the same statement as the insert (so a writer needs one
 * statement); the sealed chain binds each hash to its seq.
 */
export type EntryContent = {
  nonce: string;
  at: string;
  actorType: 'user' | 'machine' | 'system';
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

/**
 * An entry's own hash: HMAC-SHA256 with the audit key over its canonical content and its random
 * nonce (so no two entries share a hash, and a copy of an entry is seen as one).
 */
export function entryMac(key: Buffer, content: EntryContent): string {
  return hmac(key, `ranan-audit-entry-v2\n${canonicalJson(content)}`);
}

/** A legacy entry's hash: plain SHA-256 over its content and its predecessor's hash (no seq, no nonce). */
export function legacyHash(content: Omit<EntryContent, 'nonce'> & { prevHash: string }): string {
  return sha256(canonicalJson(content));
}

type Row = typeof auditEventsTable.$inferSelect;

export function contentOf(r: Row): EntryContent {
  return {
    nonce: r.nonce ?? '',
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
  };
}

/** Whether a stored entry's hash matches its content (keyed, or legacy plain for legacy entries). */
export function entryHashValid(key: Buffer, r: Row): boolean {
  const content = contentOf(r);
  if (r.prevHash === null) return r.nonce !== null && entryMac(key, content) === r.hash;
  const { nonce: _nonce, ...rest } = content;
  return legacyHash({ ...rest, prevHash: r.prevHash }) === r.hash;
}

/** One step of the sealed chain: the running value after an entry. */
export function chainLink(key: Buffer, prev: string, seq: number, hash: string): string {
  return hmac(key, `ranan-audit-link\n${prev}\n${seq}\n${hash}`);
}

export type SealFields = {
  block: number;
  fromSeq: number;
  toSeq: number;
  count: number;
  total: number;
  legacyTo: number;
  prevHead: string;
  keyId: string;
};

/** A block's head: its own fields and the chain's running value after its last entry, keyed. */
export function sealHead(key: Buffer, fields: SealFields, link: string): string {
  return hmac(key, `ranan-audit-seal\n${canonicalJson({ ...fields, link })}`);
}
