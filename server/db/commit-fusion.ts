import type pg from 'pg';
import { sql } from 'drizzle-orm';

/**
 * Statements a transaction defers to its commit, sent in the same round trip as the COMMIT.
 *
 * An audited write on PostgreSQL is BEGIN, the change, the audit entry, COMMIT: four round trips where the
 * change alone needs three, and with 50 connections on two cores the extra round trip, not the audit row,
 * is what costs (measured: a second plain insert costs as much as the audit entry). A transaction opened
 * through a database whose transactions are fused (`fuseCommits`, done for every node-postgres database
 * in client.ts) keeps a list of deferred statements; `deferToCommit` adds to it, and the commit sends
 * `<statements>; commit` as one simple query. The statements run inside the transaction, before it ends:
 * if one fails, the transaction rolls back as a whole, as if it had been sent earlier.
 *
 * Only a top-level transaction of a fused database defers; anywhere else (PGlite, whose calls are
 * in-process; a savepoint, which may roll back on its own; a plain handle) `deferToCommit` returns false
 * and the caller runs its statement at once.
 */
const deferred = new WeakMap<object, string[]>();

/** A SQL literal for a value: NULL, or the text quoted by the connection's own escaping. */
export type Literal = (value: string | number | boolean | null) => string;

/**
 * Defers a statement to the commit of `tx`, built from literals escaped by the transaction's connection.
 * Returns false (and defers nothing) when `tx` is not a top-level transaction of a fused database.
 */
export function deferToCommit(tx: object, statement: (literal: Literal) => string): boolean {
  const list = deferred.get(tx);
  if (!list) return false;
  const client = clients.get(tx)!;
  const literal: Literal = (v) =>
    v === null ? 'null' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : client.escapeLiteral(v);
  list.push(statement(literal));
  return true;
}

const clients = new WeakMap<object, pg.ClientBase>();

type Session = {
  client: pg.Pool | pg.ClientBase;
  dialect: unknown;
  schema: unknown;
  options: unknown;
  transaction: (fn: (tx: unknown) => Promise<unknown>, config?: unknown) => Promise<unknown>;
};
type Tx = { execute: (q: unknown) => Promise<unknown>; getTransactionConfigSQL: (c: unknown) => unknown };
type SessionClass = new (client: pg.ClientBase, dialect: unknown, schema: unknown, options: unknown) => Session;
type TxClass = new (dialect: unknown, session: Session, schema: unknown) => Tx;

/**
 * Makes the top-level transactions of a node-postgres drizzle database send their deferred statements
 * with the COMMIT. The rest of drizzle's transaction (BEGIN with its config, savepoints for nested
 * transactions, ROLLBACK on error, the pooled connection's release) is what drizzle does.
 */
export function fuseCommits(
  db: object,
  classes: { NodePgSession: unknown; NodePgTransaction: unknown; Pool: unknown },
): void {
  const session = (db as { session: Session }).session;
  const Session = classes.NodePgSession as SessionClass;
  const Transaction = classes.NodePgTransaction as TxClass;
  const Pool = classes.Pool as abstract new (...args: never[]) => object;
  session.transaction = async (fn, config) => {
    const isPool = session.client instanceof Pool;
    const client = isPool ? await (session.client as pg.Pool).connect() : (session.client as pg.ClientBase);
    const txSession = isPool ? new Session(client, session.dialect, session.schema, session.options) : session;
    const tx = new Transaction(session.dialect, txSession, session.schema);
    await tx.execute(
      sql`begin${config ? sql` ${tx.getTransactionConfigSQL(config) as ReturnType<typeof sql>}` : undefined}`,
    );
    const list: string[] = [];
    deferred.set(tx, list);
    clients.set(tx, client);
    try {
      const result = await fn(tx);
      deferred.delete(tx);
      await client.query(list.length ? `${list.join(';\n')};\ncommit` : 'commit');
      return result;
    } catch (error) {
      deferred.delete(tx);
      await tx.execute(sql`rollback`);
      throw error;
    } finally {
      if (isPool) (client as pg.PoolClient).release();
    }
  };
}
