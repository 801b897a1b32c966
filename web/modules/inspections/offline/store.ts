/**
 * What the field app keeps on the phone (IndexedDB, see idb.ts): drafts of the field form, their
 * photos, the queue of finished records waiting to be sent, the inspections the form needs, and
 * the signed-in user. Every record names the `clientId` generated when its draft was created: the
 * server stores a submission with a given clientId once, so sending it again is harmless.
 *
 * Every record also names its owner (`ownerId`, the user id of the session that made it), and
 * every read takes the owner: on a shared phone a person sees and sends only their own records
 * (ownership.ts holds the rules).
 */
import type { HazardLimits, TickedResult } from '../../../../domain/hazards/index.ts';
import type { InspectionObjectType } from '../../../../domain/inspections/inspections.ts';
import type { InspectionDetail, MeasuredFacts, SubmissionBody } from '../inspections.api.ts';
import { idb } from './idb.ts';
import { type ClaimableStore, claimRecord, ownedBy, ownerRange, scopedKey, unsyncedOfOthers } from './ownership.ts';

/** Measured facts of the form (a subset of the checklist facts the server accepts). */
export type FieldFacts = MeasuredFacts;

export type FieldDraft = {
  /** The user who made the draft; only they see it. */
  ownerId: string;
  /** The inspection id for a planned inspection, or `new:<clientId>` for an on-site record without a plan. */
  key: string;
  clientId: string;
  inspectionId: string | null;
  /** For a record without a plan: what the submission's `plan` says. */
  plan: SubmissionBody['plan'] | null;
  /** Shown in lists before the inspection is known to the server. */
  label: string;
  /** For a record without a plan: the object as the form needs it offline. */
  subject?: {
    type: InspectionObjectType;
    id: string;
    kind: string;
    address: string;
    registered: Record<string, unknown> | null;
  } | null;
  createdAt: string;
  updatedAt: string;
  visitedAt: string;
  location: { lng: number; lat: number; accuracy: number | null } | null;
  notes: string;
  facts: FieldFacts;
  answers: Record<string, TickedResult>;
  itemNotes: Record<string, string>;
  /** Local photo ids (keys of the `photos` store) per check item. */
  itemPhotos: Record<string, string[]>;
  writtenNoticeGiven: boolean | null;
  /** draft: being filled; queued: finished, in the outbox (read-only on this phone). */
  state: 'draft' | 'queued';
};

export type LocalPhoto = {
  id: string;
  ownerId: string;
  draftKey: string;
  itemId: string;
  blob: Blob;
  width: number;
  height: number;
  takenAt: string;
  /** The server's file id once uploaded; kept so a retried submission names the same files. */
  fileId: string | null;
};

export type OutboxState = 'pending' | 'synced' | 'conflict' | 'failed';

export type OutboxEntry = {
  clientId: string;
  /** The user who finished the record; it is sent only under their session. */
  ownerId: string;
  draftKey: string;
  label: string;
  inspectionId: string | null;
  queuedAt: string;
  /** The submission as finished on the phone; photo ids are local ids until uploaded (`local:<id>`). */
  body: SubmissionBody;
  localPhotoIds: string[];
  state: OutboxState;
  attempts: number;
  /** Not before this instant (back-off after a failed attempt). */
  nextAttemptAt: string | null;
  lastError: { code: string; message: string; status: number | null } | null;
  /** The stored inspection, once the server accepted the submission. */
  syncedInspectionId: string | null;
  /** The body as sent (file ids in place of local photo ids): a resend must be byte-for-byte this. */
  sentBody?: SubmissionBody | null;
  syncedAt: string | null;
};

/** An inspection as kept on the phone: the server's detail and the register's facts of its object. */
export type CachedInspection = InspectionDetail & {
  registeredFacts: Record<string, unknown> | null;
  cachedAt: string;
  /** Whose copy: the detail (its abilities, its scope) is as the server answered this user. */
  ownerId: string;
};

/** The limits the server last published to a person (GET /api/v1/ledger/limits), for forms started offline. */
export type CachedLimits = { ownerId: string; limits: HazardLimits; fetchedAt: string };

export type CachedIdentity = { userId: string; username: string; displayName: string; permissions: string[] };

export const LOCAL_PHOTO_PREFIX = 'local:';
/** A photo already on the server (from an earlier submission of the record), named by its file id. */
export const SERVER_PHOTO_PREFIX = 'file:';

function now(): string {
  return new Date().toISOString();
}

/** A new random id; crypto.randomUUID needs a secure context, which the field app has. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const CLAIMABLE: readonly ClaimableStore[] = ['drafts', 'inspections', 'photos', 'outbox'];

export const fieldStore = {
  // The inspections the form needs offline, with the register's facts of their objects (per user).
  async cacheInspection(ownerId: string, detail: InspectionDetail, registered?: Record<string, unknown> | null) {
    const key = scopedKey(ownerId, detail.id);
    const previous = await idb.get<CachedInspection>('inspections', key);
    const entry: CachedInspection = {
      ...detail,
      registeredFacts: registered !== undefined ? registered : (previous?.registeredFacts ?? null),
      cachedAt: now(),
      ownerId,
    };
    await idb.put('inspections', key, entry);
    return entry;
  },
  cachedInspection: (ownerId: string, id: string) => idb.get<CachedInspection>('inspections', scopedKey(ownerId, id)),
  async cachedInspections(ownerId: string): Promise<CachedInspection[]> {
    const { lower, upper } = ownerRange(ownerId);
    return ownedBy(await idb.range<CachedInspection>('inspections', lower, upper), ownerId);
  },
  forgetInspection: (ownerId: string, id: string) => idb.delete('inspections', scopedKey(ownerId, id)),

  // Drafts: one per person and inspection (two inspectors of one inspection each have their own).
  draft: (ownerId: string, key: string) => idb.get<FieldDraft>('drafts', scopedKey(ownerId, key)),
  async drafts(ownerId: string): Promise<FieldDraft[]> {
    const { lower, upper } = ownerRange(ownerId);
    return ownedBy(await idb.range<FieldDraft>('drafts', lower, upper), ownerId);
  },
  /** The owner's draft for this key, created (with its clientId) if there is none yet. */
  async openDraft(
    ownerId: string,
    key: string,
    init: () => Omit<FieldDraft, 'createdAt' | 'updatedAt' | 'clientId' | 'key' | 'ownerId'>,
  ) {
    const created = await idb.update<FieldDraft>('drafts', scopedKey(ownerId, key), (current) => {
      if (current) return current;
      const at = now();
      return { ...init(), ownerId, key, clientId: newId(), createdAt: at, updatedAt: at };
    });
    return created!;
  },
  async saveDraft(draft: FieldDraft): Promise<FieldDraft> {
    const next = { ...draft, updatedAt: now() };
    await idb.put('drafts', scopedKey(draft.ownerId, draft.key), next);
    return next;
  },
  async discardDraft(ownerId: string, key: string): Promise<void> {
    const draft = await fieldStore.draft(ownerId, key);
    if (!draft) return;
    for (const ids of Object.values(draft.itemPhotos))
      for (const id of ids) if (!id.startsWith(SERVER_PHOTO_PREFIX)) await idb.delete('photos', id);
    await idb.delete('drafts', scopedKey(ownerId, key));
  },

  // Photos (keyed by a random id; a photo of another account reads as absent).
  async photo(ownerId: string, id: string): Promise<LocalPhoto | undefined> {
    const photo = await idb.get<LocalPhoto>('photos', id);
    return photo?.ownerId === ownerId ? photo : undefined;
  },
  savePhoto: (photo: LocalPhoto) => idb.put('photos', photo.id, photo),
  deletePhoto: (id: string) => idb.delete('photos', id),
  setPhotoFileId: (id: string, fileId: string) =>
    idb.update<LocalPhoto>('photos', id, (p) => (p ? { ...p, fileId } : undefined)),

  // The outbox (sync queue), keyed by clientId.
  async outbox(ownerId: string): Promise<OutboxEntry[]> {
    return ownedBy(await idb.all<OutboxEntry>('outbox'), ownerId);
  },
  async outboxEntry(ownerId: string, clientId: string): Promise<OutboxEntry | undefined> {
    const entry = await idb.get<OutboxEntry>('outbox', clientId);
    return entry?.ownerId === ownerId ? entry : undefined;
  },
  /** The entry with this clientId whoever it belongs to (a clientId is queued once per phone). */
  anyOutboxEntry: (clientId: string) => idb.get<OutboxEntry>('outbox', clientId),
  putOutbox: (entry: OutboxEntry) => idb.put('outbox', entry.clientId, entry),
  updateOutbox: (clientId: string, change: (e: OutboxEntry) => OutboxEntry) =>
    idb.update<OutboxEntry>('outbox', clientId, (e) => (e ? change(e) : undefined)),
  deleteOutbox: (clientId: string) => idb.delete('outbox', clientId),

  /** How many unsynced records of other accounts this phone holds (their content is not returned). */
  async unsyncedOfOthers(ownerId: string): Promise<number> {
    const [drafts, outbox] = await Promise.all([idb.all<FieldDraft>('drafts'), idb.all<OutboxEntry>('outbox')]);
    return unsyncedOfOthers(drafts, outbox, ownerId);
  },

  /** Gives the records kept before owners were (they have none) to `ownerId`; returns how many. */
  claimUnowned: (ownerId: string) =>
    idb.rewrite(CLAIMABLE, (store, key, value) => claimRecord(store as ClaimableStore, key, value as object, ownerId)),

  // The limits the server last published to this person (per user: another account may be of another county).
  lastLimits: (ownerId: string) => idb.get<CachedLimits>('meta', scopedKey(ownerId, 'limits')),
  saveLimits: (ownerId: string, limits: HazardLimits) =>
    idb.put<CachedLimits>('meta', scopedKey(ownerId, 'limits'), { ownerId, limits, fetchedAt: now() }),

  // Who is signed in on this phone (shared by every tab): written at each sign-in, removed at sign-out.
  identity: () => idb.get<CachedIdentity>('meta', 'identity'),
  saveIdentity: (identity: CachedIdentity) => idb.put('meta', 'identity', identity),
  forgetIdentity: () => idb.delete('meta', 'identity'),
};

/**
 * Moves a finished draft into the outbox: the submission body is fixed now, so every later
 * attempt sends the same content under the same clientId.
 */
export async function queueDraft(draft: FieldDraft, body: SubmissionBody): Promise<OutboxEntry> {
  const localPhotoIds = Object.values(draft.itemPhotos)
    .flat()
    .filter((id) => !id.startsWith(SERVER_PHOTO_PREFIX));
  const entry: OutboxEntry = {
    clientId: draft.clientId,
    ownerId: draft.ownerId,
    draftKey: draft.key,
    label: draft.label,
    inspectionId: draft.inspectionId,
    queuedAt: now(),
    body,
    localPhotoIds,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    syncedInspectionId: null,
    syncedAt: null,
  };
  const existing = await fieldStore.anyOutboxEntry(draft.clientId);
  // Queued once: a second tap sends nothing new (the body is already fixed).
  if (existing) return existing;
  await fieldStore.putOutbox(entry);
  await fieldStore.saveDraft({ ...draft, state: 'queued' });
  return entry;
}
