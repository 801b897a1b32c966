/**
 * A small promise wrapper over IndexedDB (no library): one database for the field app's local
 * data. Stores:
 * - `inspections`: the inspections the phone may need offline (the server's detail, by id);
 * - `drafts`: one field form in progress per inspection (or per on-site record), keyed by its key;
 * - `photos`: the resized photos as Blobs, with the file id once uploaded;
 * - `outbox`: finished records waiting to be sent (the sync queue), keyed by clientId;
 * - `meta`: small values (the signed-in user, for opening the form offline; each user's last published limits).
 *
 * Every record names the account that made it (see ownership.ts); `drafts` and `inspections` are
 * keyed `<userId>|<key>`, so one person's records are read by a key range without touching another's.
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
  /** The records whose keys lie in [lower, upper] (one owner's scoped keys). */
  async range<T>(store: StoreName, lower: string, upper: string): Promise<T[]> {
    return withStore(store, 'readonly', (s) => s.getAll(IDBKeyRange.bound(lower, upper)) as IDBRequest<T[]>);
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
  /**
   * Walks every record of the given stores in one transaction and rewrites those `change` returns
   * a new key and value for (a changed key moves the record). All or nothing: a failure leaves the
   * stores as they were.
   */
  async rewrite(
    stores: readonly StoreName[],
    change: (store: StoreName, key: string, value: unknown) => { key: string; value: unknown } | null,
  ): Promise<number> {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction([...stores], 'readwrite');
      let changed = 0;
      for (const name of stores) {
        const s = tx.objectStore(name);
        const cursor = s.openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return;
          const key = String(c.primaryKey);
          const next = change(name, key, c.value);
          if (next) {
            changed++;
            if (next.key === key) c.update(next.value);
            else {
              c.delete();
              s.put(next.value, next.key);
            }
          }
          c.continue();
        };
      }
      tx.oncomplete = () => resolve(changed);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  },
};
