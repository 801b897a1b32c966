import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Reads that may be slightly behind go to a read replica (`DATABASE_READ_URL`); everything else stays on the
 * primary.
 *
 * The database handle the modules get is a router over two drizzle databases. Inside `readingFromReplica`
 * (the HTTP layer enters it for the handler of a GET request, platform/read-routing-hook.ts), the query
 * builders that only read — `select`, `selectDistinct`, `selectDistinctOn`, `$count` and the relational
 * `query` — go to the replica. Everything else goes to the primary wherever it is called: inserts, updates,
 * deletes, raw `execute` (which may write), and every transaction with all the reads inside it. Background
 * work (jobs, the outbox's tail, the audit sealer) runs outside the context and reads the primary.
 */
const context = new AsyncLocalStorage<{ replica: boolean }>();

/** Runs `fn` with its read-only queries sent to the replica (when there is one). */
export function readingFromReplica<T>(fn: () => T): T {
  return context.run({ replica: true }, fn);
}

/** Whether the current async context reads from the replica. */
export function readsFromReplica(): boolean {
  return context.getStore()?.replica === true;
}

const READ_ONLY = new Set(['select', 'selectDistinct', 'selectDistinctOn', '$count', 'query']);

/** The handle modules use: `primary`, except read-only builders inside `readingFromReplica`. */
export function routeReads<T extends object>(primary: T, replica: T): T {
  return new Proxy(primary, {
    get(target, prop, receiver) {
      const source = typeof prop === 'string' && READ_ONLY.has(prop) && readsFromReplica() ? replica : target;
      const value = Reflect.get(source, prop, source === target ? receiver : source);
      return typeof value === 'function' ? value.bind(source) : value;
    },
  });
}
