import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The audit trail: one row per change, written in the change's transaction and never updated or
 * deleted by the application. `hash` is the entry's own keyed hash (HMAC-SHA256 with the audit key
 * over its canonical content and nonce), fixed at insert: signatures are bound to it. Entries
 * are linked into the chain afterwards by the sealer (audit_seals), so writers take no lock.
 * Entries written before the sealer existed (`prevHash` not null) are plain SHA-256 hashes chained
 * to their predecessor; the first seal covers them with the key.
 *
 * Partitioned by month of `at` (declarative range partitioning, migration 0043, kept forever: see
 * platform/partitions), so the primary key includes `at`; `seq` stays unique through its sequence and
 * the chain links seqs, not tables, so it is verified across partitions.
 */
export const auditEventsTable = pgTable(
  'audit_events',
  {
    seq: bigserial({ mode: 'number' }).notNull(),
    at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    actorType: text({ enum: ['user', 'machine', 'system'] }).notNull(),
    actorId: uuid(),
    actorName: text().notNull(),
    action: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text(),
    /** Region the subject belongs to, so the trail can be read by scope. */
    regionId: uuid(),
    beforeDigest: text(),
    afterDigest: text(),
    details: jsonb().$type<Record<string, unknown>>(),
    ip: text(),
    requestId: text(),
    /** A random value of the writer's, covered by the hash, so no two entries have the same hash. Null on legacy entries. */
    nonce: text(),
    /** Legacy entries only: the hash of the entry before (the chain was built by writers under a lock). */
    prevHash: text(),
    hash: text().notNull(),
  },
  (t) => [
    primaryKey({ name: 'audit_events_pkey', columns: [t.seq, t.at] }),
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId),
    index('audit_events_at_idx').on(t.at),
  ],
);

/**
 * One row per sealing round: the committed entries with seq in (fromSeq, toSeq], in the order
 * listed in `seqs`, linked into one keyed chain whose running value after the last entry, bound to
 * the block's own fields and the previous block's head, is `head`. Contiguous: a block's fromSeq is
 * the previous block's toSeq.
 */
export const auditSealsTable = pgTable('audit_seals', {
  block: bigint({ mode: 'number' }).primaryKey(),
  fromSeq: bigint({ mode: 'number' }).notNull(),
  toSeq: bigint({ mode: 'number' }).notNull(),
  seqs: bigint({ mode: 'number' }).array().notNull(),
  /** Entries sealed in this block and in every block before it. */
  total: bigint({ mode: 'number' }).notNull(),
  /** The last legacy (unkeyed) entry's seq, fixed by the first seal; legacy-format entries after it are forged. */
  legacyTo: bigint({ mode: 'number' }).notNull(),
  prevHead: text().notNull(),
  head: text().notNull(),
  /** Which audit key sealed it (a digest of the key, not the key). */
  keyId: text().notNull(),
  count: integer().notNull(),
  sealedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});
