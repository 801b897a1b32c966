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
