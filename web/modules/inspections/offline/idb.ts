/**
 * A small promise wrapper over IndexedDB (no library): one database for the field app's local
 * data. Stores:
 * - `inspections`: the inspections the phone may need offline (the server's detail, by id);
 * - `drafts`: one field form in progress per inspection (or per on-site record), keyed by its key;
 * - `photos`: the resized photos as Blobs, with the file id once uploaded;
 * - `outbox`: finished records waiting to be sent (the sync queue), keyed by clientId;
 * - `meta`: small values (the signed-in user, for opening the form offline).
 */
const DB_NAME = 'ranan-field';
const DB_VERSION = 1;
export const STORES = ['inspections', 'drafts', 'photos', 'outbox', 'meta'] as const;
export type StoreName = (typeof STORES)[number];

let opening: Promise<IDBDatabase> | null = null;

/** The database, opened once per page (and created or upgraded on first use). */
export function openDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of STORES) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: let it, and reopen next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    request.onerror = () => {
      opening = null;
      reject(request.error);
    };
    request.onblocked = () => {
      opening = null;
      reject(new Error('IndexedDB upgrade blocked by another tab'));
    };
  });
  return opening;
}

async function withStore<T>(
  name: StoreName,
  mode: IDBTransactionMode,
  run: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const request = run(tx.objectStore(name));
    let result: T;
    request.onsuccess = () => {
      result = request.result;
    };
    // Resolve when the transaction commits, so a write is durable before the caller goes on.
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error ?? request.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export const idb = {
  get<T>(store: StoreName, key: string): Promise<T | undefined> {
    return withStore(store, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>);
  },
  put<T>(store: StoreName, key: string, value: T): Promise<IDBValidKey> {
    return withStore(store, 'readwrite', (s) => s.put(value, key));
  },
  delete(store: StoreName, key: string): Promise<undefined> {
    return withStore(store, 'readwrite', (s) => s.delete(key));
  },
  async all<T>(store: StoreName): Promise<T[]> {
    return withStore(store, 'readonly', (s) => s.getAll() as IDBRequest<T[]>);
  },
  async keys(store: StoreName): Promise<string[]> {
    const keys = await withStore(store, 'readonly', (s) => s.getAllKeys());
    return keys.map(String);
  },
  /** Reads and writes one record in a single transaction (no lost update between two tabs). */
  async update<T>(
    store: StoreName,
    key: string,
    change: (current: T | undefined) => T | undefined,
  ): Promise<T | undefined> {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(store, 'readwrite');
      const s = tx.objectStore(store);
      let next: T | undefined;
      const read = s.get(key) as IDBRequest<T | undefined>;
      // Write inside the read's success handler, while the transaction is still active.
      read.onsuccess = () => {
        next = change(read.result);
        if (next === undefined) s.delete(key);
        else s.put(next, key);
      };
      tx.oncomplete = () => resolve(next);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  },
};
