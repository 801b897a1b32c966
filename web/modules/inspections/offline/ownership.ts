/**
 * Whose records these are. A phone may be shared (a township office's phone passed between
 * inspectors), so everything the field app keeps on it names the account that made it (`ownerId`,
 * the user id of the session): a person sees and sends only their own drafts and outbox, and the
 * records of other accounts wait, untouched, until their owner signs in on the phone again.
 *
 * Pure functions only (no IndexedDB), so the rules are tested directly (ownership.test.ts).
 */

/** A record kept on the phone. Records written before owners were kept have none. */
export type Owned = { ownerId?: string | null };

/** Separates the owner from the record's own key in the `drafts` and `inspections` stores (user ids are UUIDs). */
const SEPARATOR = '|';

/**
 * The IndexedDB key of a record that is naturally keyed by something two people could share (a
 * draft by its inspection id, a cached inspection by its id): two inspectors of one inspection
 * each have their own draft of it on the phone.
 */
export function scopedKey(ownerId: string, key: string): string {
  if (!ownerId) throw new Error('scopedKey: no owner');
  return `${ownerId}${SEPARATOR}${key}`;
}

/** The key range [lower, upper] holding exactly one owner's scoped keys. */
export function ownerRange(ownerId: string): { lower: string; upper: string } {
  if (!ownerId) throw new Error('ownerRange: no owner');
  // '\uffff' sorts after every character a key may contain.
  return { lower: `${ownerId}${SEPARATOR}`, upper: `${ownerId}${SEPARATOR}\uffff` };
}

export function isOwnedBy(record: Owned | null | undefined, ownerId: string | null | undefined): boolean {
  return Boolean(record && ownerId && record.ownerId === ownerId);
}

/** The records of this owner only; a record without an owner belongs to nobody yet and is never shown. */
export function ownedBy<T extends Owned>(records: readonly T[], ownerId: string | null | undefined): T[] {
  return ownerId ? records.filter((r) => r.ownerId === ownerId) : [];
}

type DraftLike = Owned & { state: 'draft' | 'queued'; createdAt: string; updatedAt: string };
type OutboxLike = Owned & { state: 'pending' | 'synced' | 'conflict' | 'failed' };

/**
 * How many records of other accounts (or of nobody yet) wait on this phone: their drafts being
 * filled in and their outbox entries the server has not accepted. A queued draft is counted once,
 * through its outbox entry; a synced entry is only a receipt; a draft opened but never changed
 * (opening a form creates it) holds nothing to lose.
 */
export function unsyncedOfOthers(
  drafts: readonly DraftLike[],
  outbox: readonly OutboxLike[],
  ownerId: string | null | undefined,
): number {
  const other = (r: Owned) => !ownerId || r.ownerId !== ownerId;
  return (
    drafts.filter((d) => d.state === 'draft' && d.updatedAt !== d.createdAt && other(d)).length +
    outbox.filter((e) => e.state !== 'synced' && other(e)).length
  );
}

/**
 * Who gets the records kept before owners were: the person last signed in on the phone before
 * this version (the field app remembered them; they are almost certainly who made the records),
 * else the first person to sign in. Either way nothing is deleted.
 */
export function legacyOwner(previousUserId: string | null | undefined, signedInUserId: string): string {
  return previousUserId || signedInUserId;
}

export type ClaimableStore = 'drafts' | 'inspections' | 'photos' | 'outbox';

/**
 * A record kept before owners were, given to `ownerId`: the new key and value, or null when the
 * record already has an owner (it is left alone). Drafts and cached inspections move to the
 * owner's scoped key; photos and outbox entries keep theirs (random ids nobody else has).
 */
export function claimRecord<T extends object>(
  store: ClaimableStore,
  key: string,
  value: T,
  ownerId: string,
): { key: string; value: T & { ownerId: string } } | null {
  if ((value as Owned).ownerId) return null;
  const next = { ...value, ownerId };
  const scoped = store === 'drafts' || store === 'inspections';
  return { key: scoped ? scopedKey(ownerId, key) : key, value: next };
}

type DueEntry = Owned & {
  state: 'pending' | 'synced' | 'conflict' | 'failed';
  queuedAt: string;
  nextAttemptAt: string | null;
};

/**
 * What a sync run may send now, oldest first, and when to look again for the rest.
 *
 * Only the entries of `ownerId`, and only while the account signed in on this phone
 * (`deviceUserId`, shared by every tab) is that same person: a tab still open for someone who
 * has since signed out must not send their records under the next person's session.
 */
export function dueEntries<T extends DueEntry>(
  entries: readonly T[],
  ownerId: string | null | undefined,
  deviceUserId: string | null | undefined,
  now: number,
  force: boolean,
): { due: T[]; wakeInMs: number | null } {
  if (!ownerId || deviceUserId !== ownerId) return { due: [], wakeInMs: null };
  const pending = entries
    .filter((e) => e.ownerId === ownerId && e.state === 'pending')
    .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  const due: T[] = [];
  let wakeInMs: number | null = null;
  for (const e of pending) {
    const at = e.nextAttemptAt ? Date.parse(e.nextAttemptAt) : 0;
    if (force || !(at > now)) due.push(e);
    else wakeInMs = Math.min(wakeInMs ?? Number.POSITIVE_INFINITY, at - now);
  }
  return { due, wakeInMs };
}
