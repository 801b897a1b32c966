/**
 * The sync queue: sends the outbox (store.ts) to the server when there is a connection.
 *
 * For each pending entry: upload its photos that have no file id yet (POST /api/v1/files, the id
 * saved at once), then send the submission with its clientId (POST /api/v1/inspections/submissions).
 * - Accepted (2xx) → synced. A resend after a lost answer is safe: the server stores a clientId once.
 * - 409 inspections.submission_conflict (the same clientId with other content) → conflict, shown to
 *   the user and never retried.
 * - 401 → waits for the user to sign in again (the entry stays pending).
 * - Other 4xx → failed, shown with the reason; the user may retry or discard it.
 * - No connection, 5xx, 429 → retried with exponential back-off (2 s … 5 min, with jitter), and at
 *   once when the browser reports the connection back (the `online` event).
 *
 * Per person: the queue is that of the owner set by the field app (`setSyncOwner`, the person using
 * it), and a run sends only that person's entries, only while they are the one signed in on the
 * phone (ownership.ts `dueEntries`). Other accounts' entries wait for their owner; the status
 * tells how many there are, not what they are.
 *
 * The queue is sent by the page (on start, sign-in, the `online` event, a visible tab, a tap), not
 * by Background Sync in the service worker: that would need a second, hand-written copy of this
 * state machine (photo file ids, conflicts, the owner check) in web/public/sw.js, which has no
 * bundler, to keep identical to this one; and it exists in Chromium browsers only.
 */
import { useSyncExternalStore } from 'react';
import { ApiError, NetworkError } from '../../../app/http.ts';
import { filesApi, inspectionsApi } from '../inspections.api.ts';
import { dueEntries } from './ownership.ts';
import { fieldStore, LOCAL_PHOTO_PREFIX, type OutboxEntry } from './store.ts';

export type SyncStatus = {
  /** Whose queue this is (the person using the field app), null before anyone is. */
  owner: string | null;
  online: boolean;
  syncing: boolean;
  /** Entries still to send. */
  pending: number;
  conflicts: number;
  failed: number;
  /** Waiting for the user to sign in again. */
  needsLogin: boolean;
  lastSyncedAt: string | null;
  entries: OutboxEntry[];
  /** Unsynced drafts and entries of other accounts on this phone (they wait for their owner). */
  othersUnsynced: number;
};

const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

let status: SyncStatus = {
  owner: null,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  syncing: false,
  pending: 0,
  conflicts: 0,
  failed: 0,
  needsLogin: false,
  lastSyncedAt: null,
  entries: [],
  othersUnsynced: 0,
};
/** What a screen of someone other than the queue's owner sees: nothing of the owner's. */
let blank: SyncStatus = status;
let owner: string | null = null;
const listeners = new Set<() => void>();
let started = false;
let running: Promise<void> | null = null;
let again = false;
let timer: ReturnType<typeof setTimeout> | null = null;

function publish(patch: Partial<SyncStatus>) {
  status = { ...status, ...patch };
  blank = {
    ...status,
    owner: null,
    syncing: false,
    pending: 0,
    conflicts: 0,
    failed: 0,
    needsLogin: false,
    lastSyncedAt: null,
    entries: [],
    othersUnsynced: 0,
  };
  for (const l of listeners) l();
}

/** Synced entries are kept this long as a receipt on the phone, then dropped. */
const KEEP_SYNCED_MS = 7 * 24 * 3_600_000;

let refreshes = 0;

async function refreshCounts() {
  // Reads may finish out of order (a sync run and a deletion at once): only the latest publishes.
  const id = ++refreshes;
  const me = owner;
  if (!me) {
    publish({ owner: null, entries: [], pending: 0, conflicts: 0, failed: 0, othersUnsynced: 0 });
    return;
  }
  const others = await fieldStore.unsyncedOfOthers(me);
  let entries = (await fieldStore.outbox(me)).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  const stale = entries.filter(
    (e) => e.state === 'synced' && e.syncedAt && Date.now() - Date.parse(e.syncedAt) > KEEP_SYNCED_MS,
  );
  for (const e of stale) await fieldStore.deleteOutbox(e.clientId);
  if (stale.length) entries = entries.filter((e) => !stale.includes(e));
  if (id !== refreshes || me !== owner) return;
  publish({
    owner: me,
    othersUnsynced: others,
    entries,
    pending: entries.filter((e) => e.state === 'pending').length,
    conflicts: entries.filter((e) => e.state === 'conflict').length,
    failed: entries.filter((e) => e.state === 'failed').length,
  });
}

/** Back-off before attempt n+1: 2 s, 4 s, 8 s … capped at 5 min, ±20 % jitter. */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

function schedule(ms: number) {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void syncNow();
  }, ms);
}

function errorInfo(err: unknown): { code: string; message: string; status: number | null } {
  if (err instanceof ApiError) return { code: err.code, message: err.serverMessage, status: err.status };
  if (err instanceof NetworkError) return { code: 'network', message: 'network error', status: null };
  return { code: 'unknown', message: String(err), status: null };
}

/** Whether an error means "try again later" rather than "this submission is wrong". */
function isTransient(err: unknown): boolean {
  if (err instanceof NetworkError || err instanceof TypeError) return true;
  if (err instanceof ApiError) return err.status >= 500 || err.status === 429 || err.status === 408;
  return false;
}

async function uploadPhotos(entry: OutboxEntry): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const localId of entry.localPhotoIds) {
    const photo = await fieldStore.photo(entry.ownerId, localId);
    if (!photo) continue;
    if (photo.fileId) {
      ids.set(localId, photo.fileId);
      continue;
    }
    const stored = await filesApi.upload(photo.blob, `${localId}.jpg`);
    // Saved before anything else, so a retry names the same file and the content stays the same.
    await fieldStore.setPhotoFileId(localId, stored.id);
    ids.set(localId, stored.id);
  }
  return ids;
}

/** The body with local photo ids replaced by the server's file ids (photos that vanished are left out). */
function resolvePhotos(entry: OutboxEntry, ids: Map<string, string>) {
  const resolve = (list: string[] | undefined) =>
    list
      ?.map((id) => (id.startsWith(LOCAL_PHOTO_PREFIX) ? ids.get(id.slice(LOCAL_PHOTO_PREFIX.length)) : id))
      .filter((id): id is string => Boolean(id));
  return { ...entry.body, results: entry.body.results.map((r) => ({ ...r, photoIds: resolve(r.photoIds) })) };
}

async function sendOne(entry: OutboxEntry): Promise<'ok' | 'retry' | 'login' | 'stop'> {
  try {
    const ids = await uploadPhotos(entry);
    const body = resolvePhotos(entry, ids);
    const stored = await inspectionsApi.submit(body);
    await fieldStore.updateOutbox(entry.clientId, (e) => ({
      ...e,
      sentBody: body,
      state: 'synced',
      attempts: e.attempts + 1,
      lastError: null,
      nextAttemptAt: null,
      syncedInspectionId: stored.id,
      syncedAt: new Date().toISOString(),
    }));
    // The record is on the server: the phone's copy of the photos is no longer needed.
    for (const id of entry.localPhotoIds) await fieldStore.deletePhoto(id);
    await fieldStore.discardDraft(entry.ownerId, entry.draftKey);
    // The cached inspection now shows the recorded state (for signing offline-opened pages later).
    try {
      await fieldStore.cacheInspection(entry.ownerId, stored);
    } catch {
      // A cache refresh is best effort.
    }
    return 'ok';
  } catch (err) {
    const info = errorInfo(err);
    if (err instanceof ApiError && err.status === 401) {
      await fieldStore.updateOutbox(entry.clientId, (e) => ({ ...e, lastError: info }));
      return 'login';
    }
    if (isTransient(err)) {
      await fieldStore.updateOutbox(entry.clientId, (e) => {
        const attempts = e.attempts + 1;
        return {
          ...e,
          attempts,
          lastError: info,
          nextAttemptAt: new Date(Date.now() + backoffDelay(attempts)).toISOString(),
        };
      });
      return 'retry';
    }
    const conflict = err instanceof ApiError && err.code === 'inspections.submission_conflict';
    await fieldStore.updateOutbox(entry.clientId, (e) => ({
      ...e,
      state: conflict ? 'conflict' : 'failed',
      attempts: e.attempts + 1,
      lastError: info,
      nextAttemptAt: null,
    }));
    return 'stop';
  }
}

async function runOnce(force: boolean): Promise<void> {
  const me = owner;
  if (!me) return;
  // Read at every run: another tab may have signed this person out, or someone else in, since.
  const device = await fieldStore.identity();
  const { due, wakeInMs } = dueEntries(await fieldStore.outbox(me), me, device?.userId, Date.now(), force);
  let needsLogin = false;
  let nextWake: number | null = wakeInMs;
  let synced = false;
  for (const entry of due) {
    // The person changed during the run: the rest waits for its owner.
    if (owner !== me) return;
    const outcome = await sendOne(entry);
    if (outcome === 'ok') synced = true;
    if (outcome === 'login') {
      needsLogin = true;
      break;
    }
    if (outcome === 'retry') {
      const updated = await fieldStore.outboxEntry(me, entry.clientId);
      const wake = updated?.nextAttemptAt ? Date.parse(updated.nextAttemptAt) - Date.now() : BASE_DELAY_MS;
      nextWake = Math.min(nextWake ?? Number.POSITIVE_INFINITY, wake);
      // Without a connection the next entries would fail the same way.
      if (!navigator.onLine) break;
    }
    await refreshCounts();
  }
  publish({ needsLogin, ...(synced ? { lastSyncedAt: new Date().toISOString() } : {}) });
  if (nextWake !== null && !needsLogin) schedule(Math.max(250, nextWake));
}

async function withLock(run: () => Promise<void>): Promise<void> {
  // One tab syncs at a time (the server would dedupe anyway, but uploads would double).
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks) {
    await locks.request('ranan-field-sync', run);
  } else {
    await run();
  }
}

/**
 * Sends what is pending now. `force` ignores the back-off (a tap on 立即同步, or the connection
 * coming back). Calls while a run is going on are folded into one more run after it.
 */
export function syncNow(force = false): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    publish({ syncing: true });
    try {
      do {
        again = false;
        await withLock(() => runOnce(force));
      } while (again);
    } catch (err) {
      console.warn('sync failed', err);
    } finally {
      running = null;
      await refreshCounts().catch(() => undefined);
      publish({ syncing: false });
    }
  })();
  return running;
}

/**
 * The person whose queue this page shows and sends (the field app's user), or null. A change
 * shows the new person's queue at once (never the previous one's) and tries to send it.
 */
export function setSyncOwner(userId: string | null): void {
  if (userId === owner) return;
  owner = userId;
  if (timer) clearTimeout(timer);
  timer = null;
  publish({ owner: userId, entries: [], pending: 0, conflicts: 0, failed: 0, othersUnsynced: 0, needsLogin: false });
  if (userId) void refreshCounts().then(() => syncNow());
}

/** Starts watching the connection (once per page); safe to call from every page that needs it. */
export function startSync(): void {
  if (started || typeof window === 'undefined' || !('indexedDB' in window)) return;
  started = true;
  window.addEventListener('online', () => {
    publish({ online: true });
    void syncNow(true);
  });
  window.addEventListener('offline', () => publish({ online: false }));
  // Another tab may have queued or sent something.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refreshCounts().then(() => syncNow());
  });
  void refreshCounts().then(() => syncNow());
}

/** Puts a failed or conflicting entry back in the queue (after the user fixed the cause). */
export async function retryEntry(clientId: string): Promise<void> {
  const me = owner;
  await fieldStore.updateOutbox(clientId, (e) =>
    e.ownerId === me ? { ...e, state: 'pending', nextAttemptAt: null } : e,
  );
  await refreshCounts();
  await syncNow(true);
}

/** Drops an entry the user gave up on (its local photos too). */
export async function discardEntry(clientId: string): Promise<void> {
  const entry = owner ? await fieldStore.outboxEntry(owner, clientId) : undefined;
  if (entry) {
    for (const id of entry.localPhotoIds) await fieldStore.deletePhoto(id);
    await fieldStore.discardDraft(entry.ownerId, entry.draftKey);
    await fieldStore.deleteOutbox(clientId);
  }
  await refreshCounts();
}

/** After queueing: count it and try at once. */
export async function queued(): Promise<void> {
  await refreshCounts();
  void syncNow(true);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The sync state as `ownerId` may see it: their own queue, or an empty one while the page still holds another's. */
export function useSyncStatus(ownerId: string | null): SyncStatus {
  return useSyncExternalStore(subscribe, () => (ownerId && status.owner === ownerId ? status : blank));
}
