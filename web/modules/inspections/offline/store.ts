/**
 * What the field app keeps on the phone (IndexedDB, see idb.ts): drafts of the field form, their
 * photos, the queue of finished records waiting to be sent, the inspections the form needs, and
 * the signed-in user. Every record names the `clientId` generated when its draft was created: the
 * server stores a submission with a given clientId once, so sending it again is harmless.
 */
import type { TickedResult } from '../../../../domain/hazards/index.ts';
import type { InspectionObjectType } from '../../../../domain/inspections/inspections.ts';
import type { InspectionDetail, MeasuredFacts, SubmissionBody } from '../inspections.api.ts';
import { idb } from './idb.ts';

/** Measured facts of the form (a subset of the checklist facts the server accepts). */
export type FieldFacts = MeasuredFacts;

export type FieldDraft = {
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
export type CachedInspection = InspectionDetail & { registeredFacts: Record<string, unknown> | null; cachedAt: string };

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

export const fieldStore = {
  // The inspections the form needs offline, with the register's facts of their objects.
  async cacheInspection(detail: InspectionDetail, registered?: Record<string, unknown> | null) {
    const previous = await idb.get<CachedInspection>('inspections', detail.id);
    const entry: CachedInspection = {
      ...detail,
      registeredFacts: registered !== undefined ? registered : (previous?.registeredFacts ?? null),
      cachedAt: now(),
    };
    await idb.put('inspections', detail.id, entry);
    return entry;
  },
  cachedInspection: (id: string) => idb.get<CachedInspection>('inspections', id),
  cachedInspections: () => idb.all<CachedInspection>('inspections'),
  forgetInspection: (id: string) => idb.delete('inspections', id),

  // Drafts.
  draft: (key: string) => idb.get<FieldDraft>('drafts', key),
  drafts: () => idb.all<FieldDraft>('drafts'),
  /** The draft for this key, created (with its clientId) if there is none yet. */
  async openDraft(key: string, init: () => Omit<FieldDraft, 'createdAt' | 'updatedAt' | 'clientId' | 'key'>) {
    const created = await idb.update<FieldDraft>('drafts', key, (current) => {
      if (current) return current;
      const at = now();
      return { ...init(), key, clientId: newId(), createdAt: at, updatedAt: at };
    });
    return created!;
  },
  async saveDraft(draft: FieldDraft): Promise<FieldDraft> {
    const next = { ...draft, updatedAt: now() };
    await idb.put('drafts', draft.key, next);
    return next;
  },
  async discardDraft(key: string): Promise<void> {
    const draft = await idb.get<FieldDraft>('drafts', key);
    if (!draft) return;
    for (const ids of Object.values(draft.itemPhotos))
      for (const id of ids) if (!id.startsWith(SERVER_PHOTO_PREFIX)) await idb.delete('photos', id);
    await idb.delete('drafts', key);
  },

  // Photos.
  photo: (id: string) => idb.get<LocalPhoto>('photos', id),
  savePhoto: (photo: LocalPhoto) => idb.put('photos', photo.id, photo),
  deletePhoto: (id: string) => idb.delete('photos', id),
  setPhotoFileId: (id: string, fileId: string) =>
    idb.update<LocalPhoto>('photos', id, (p) => (p ? { ...p, fileId } : undefined)),

  // The outbox (sync queue).
  outbox: () => idb.all<OutboxEntry>('outbox'),
  outboxEntry: (clientId: string) => idb.get<OutboxEntry>('outbox', clientId),
  putOutbox: (entry: OutboxEntry) => idb.put('outbox', entry.clientId, entry),
  updateOutbox: (clientId: string, change: (e: OutboxEntry) => OutboxEntry) =>
    idb.update<OutboxEntry>('outbox', clientId, (e) => (e ? change(e) : undefined)),
  deleteOutbox: (clientId: string) => idb.delete('outbox', clientId),

  // Who was signed in, so the form opens offline for the same person.
  identity: () => idb.get<CachedIdentity>('meta', 'identity'),
  saveIdentity: (identity: CachedIdentity) => idb.put('meta', 'identity', identity),
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
  const existing = await fieldStore.outboxEntry(draft.clientId);
  // Queued once: a second tap sends nothing new (the body is already fixed).
  if (existing) return existing;
  await fieldStore.putOutbox(entry);
  await fieldStore.saveDraft({ ...draft, state: 'queued' });
  return entry;
}
