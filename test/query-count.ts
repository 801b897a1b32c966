import type { Db } from '../server/db/client.ts';

/**
 * Records the statements a drizzle database runs (PGlite or node-postgres) until `stop()`, through
 * drizzle's query logger: every prepared query of the session logs before it runs, transactions
 * included (they copy the session's options). Tests use it to hold a request to a number of queries.
 */
export function recordQueries(db: Db) {
  type Logger = { logQuery(query: string, params: unknown[]): void };
  const session = (db as unknown as { session: { logger: Logger; options: { logger?: Logger } } }).session;
  const before = { logger: session.logger, optionsLogger: session.options.logger };
  const queries: string[] = [];
  const logger: Logger = { logQuery: (query) => void queries.push(query) };
  session.logger = logger;
  session.options.logger = logger;
  return {
    queries,
    stop() {
      session.logger = before.logger;
      session.options.logger = before.optionsLogger;
    },
  };
}

/**
 * Runs `fn` and counts the queries node-postgres queued because their connection was still running another (a
 * transaction's reads sent with Promise.all on its one connection: deprecated by node-postgres, an error in pg 9).
 */
export async function countQueuedQueries(fn: () => Promise<void>): Promise<number> {
  const pg = (await import('pg')).default;
  const query = pg.Client.prototype.query;
  let queued = 0;
  pg.Client.prototype.query = function (this: { _queryQueue: unknown[] }, ...args: unknown[]) {
    if (this._queryQueue.length > 0) queued++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = query;
  }
  return queued;
}

/**
 * Runs `fn` and returns the statements node-postgres sent meanwhile, with the name of each named (prepared) one:
 * for the tests that show actors of two scopes sharing one prepared statement.
 */
export async function sentStatements(fn: () => Promise<void>): Promise<{ name?: string; text: string }[]> {
  const pg = (await import('pg')).default;
  const query = pg.Client.prototype.query;
  const sent: { name?: string; text: string }[] = [];
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as { name?: string; text?: string } | string | undefined;
    if (typeof config === 'string') sent.push({ text: config });
    else if (config?.text !== undefined || config?.name) sent.push({ name: config.name, text: config.text ?? '' });
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}
