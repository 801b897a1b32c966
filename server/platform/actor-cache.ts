import type { Actor } from './access.ts';

/**
 * The actors of recent sessions and machine tokens, keyed by the SHA-256 of the secret, so that an
 * authenticated request does not read the session, the user and the grants on every call.
 *
 * - An entry lives at most `ttlMs` (the setting ACTOR_CACHE_TTL_MS; 0 turns the cache off) and never
 *   past the expiry of its session or token.
 * - The use cases that change who someone is call `invalidateActor(id)` (grants changed, password
 *   changed or reset, user disabled or edited, token revoked) or `invalidateToken(hash)` (logout)
 *   AFTER their transaction commits: every entry of that user or token is dropped at once.
 * - A load that began before an invalidation is not stored (the generation check below), so a
 *   request that read the old grants while the change committed cannot put them back.
 *
 * The store is one per process: every app in it (tests build several) sees every invalidation. Other
 * server instances hear of a change through the outbox (platform/actor-changes.ts); the TTL bounds
 * how long one may act on the old grants should its tail of the outbox stall.
 */
/** What the auth hook keeps of a resolved secret. */
export type CachedActor = {
  actor: Actor;
  sessionId: string | null;
  /** The user must change an administrator-set password before anything else (false for machines). */
  mustChangePassword: boolean;
};

type Entry = CachedActor & {
  /** Epoch ms after which the entry must be reloaded (min of TTL and the secret's expiry). */
  until: number;
  /** Epoch ms at which the secret itself expires (null: never). */
  expiresAt: number | null;
};

/** A session cookie and a bearer token are separate namespaces: a session's secret is no bearer token. */
export type SecretKind = 'session' | 'machine';

const MAX_ENTRIES = 20_000;
const entries = new Map<string, Entry>();
/** The keys of each user's or machine token's entries. */
const bySubject = new Map<string, Set<string>>();
let generation = 0;

function forget(key: string) {
  const entry = entries.get(key);
  if (!entry) return;
  entries.delete(key);
  const id = entry.actor.id;
  if (id) {
    const keys = bySubject.get(id);
    keys?.delete(key);
    if (keys?.size === 0) bySubject.delete(id);
  }
}

/** The cached actor for a secret's hash, or undefined when absent, stale or its secret has expired. */
export function cachedActor(kind: SecretKind, hash: string, now = Date.now()): CachedActor | undefined {
  const key = `${kind}:${hash}`;
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (now >= entry.until || (entry.expiresAt !== null && now >= entry.expiresAt)) {
    forget(key);
    return undefined;
  }
  return entry;
}

/** Marks the start of a load from the database; pass the mark to `storeActor`. */
export function beginActorLoad(): number {
  return generation;
}

/** Keeps a loaded actor, unless an invalidation happened since `mark` or the cache is off. */
export function storeActor(
  kind: SecretKind,
  hash: string,
  value: CachedActor & { expiresAt: Date | null },
  { mark, ttlMs, now = Date.now() }: { mark: number; ttlMs: number; now?: number },
) {
  if (ttlMs <= 0 || mark !== generation) return;
  const expiresAt = value.expiresAt?.getTime() ?? null;
  const key = `${kind}:${hash}`;
  forget(key);
  if (entries.size >= MAX_ENTRIES) {
    // Map order is insertion order: drop the oldest entry.
    const oldest = entries.keys().next().value;
    if (oldest !== undefined) forget(oldest);
  }
  const { ip: _ip, requestId: _requestId, ...actor } = value.actor;
  entries.set(key, {
    actor: { ...actor, grants: Object.freeze([...actor.grants]) as Actor['grants'] },
    sessionId: value.sessionId,
    mustChangePassword: value.mustChangePassword,
    until: Math.min(now + ttlMs, expiresAt ?? Number.POSITIVE_INFINITY),
    expiresAt,
  });
  const id = actor.id;
  if (id) {
    const keys = bySubject.get(id) ?? new Set<string>();
    keys.add(key);
    bySubject.set(id, keys);
  }
}

/** Drops every cached entry of a user or machine token (call after the change has committed). */
export function invalidateActor(id: string) {
  generation++;
  for (const key of [...(bySubject.get(id) ?? [])]) forget(key);
}

/** Drops the entry of one session or token by the SHA-256 of its secret (logout). */
export function invalidateToken(hash: string) {
  generation++;
  forget(`session:${hash}`);
  forget(`machine:${hash}`);
}

/** Empties the cache (tests that change the database behind the services' back). */
export function clearActorCache() {
  generation++;
  entries.clear();
  bySubject.clear();
}
