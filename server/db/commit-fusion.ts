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
 *
 * A statement deferred often (the audit entry) is better sent as `execute name(…)` of a statement prepared
 * once on each connection (`deferExecute`): PostgreSQL then neither parses nor plans the long INSERT each
 * time. The PREPARE goes, the first time a connection needs it, at the head of that transaction's deferred
 * statements; the connection is known to hold it once the commit went through (a PREPARE is not undone by a
 * rollback, so after a failed commit the connection is asked which statements it holds).
 */
type Deferred = { client: pg.ClientBase; list: string[]; preparing: string[] };
const deferred = new WeakMap<object, Deferred>();

/** A SQL literal for a value: NULL, or the text quoted by the connection's own escaping. */
export type Literal = (value: string | number | boolean | null) => string;

// Text of these characters only (digests, timestamps, uuids, codes) needs no escaping: quoted as is, which is
// what the connection's escaping would return for it, without scanning it character by character.
const plainText = /^[\w .:+-]*$/;

const literalOf =
  (client: pg.ClientBase): Literal =>
  (v) =>
    v === null
      ? 'null'
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : plainText.test(v)
          ? `'${v}'`
          : client.escapeLiteral(v);

/**
 * Defers a statement to the commit of `tx`, built from literals escaped by the transaction's connection.
 * Returns false (and defers nothing) when `tx` is not a top-level transaction of a fused database.
 */
export function deferToCommit(tx: object, statement: (literal: Literal) => string): boolean {
  const state = deferred.get(tx);
  if (!state) return false;
  state.list.push(statement(literalOf(state.client)));
  return true;
}

/** A statement prepared on each connection that runs it: `prepare name (types) as text`. */
export type PreparedStatement = { name: string; types: readonly string[]; text: string };

/** The prepared statements each connection is known to hold. */
const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();

/**
 * Defers `execute name(values)` of a prepared statement to the commit of `tx` (preparing it on the
 * connection first if it does not hold it yet). Returns false, as `deferToCommit`, where nothing can be
 * deferred.
 */
export function deferExecute(
  tx: object,
  statement: PreparedStatement,
  values: readonly (string | number | boolean | null)[],
): boolean {
  const state = deferred.get(tx);
  if (!state) return false;
  if (!preparedOn.get(state.client)?.has(statement.name) && !state.preparing.includes(statement.name)) {
    state.preparing.push(statement.name);
    state.list.unshift(`prepare ${statement.name} (${statement.types.join(', ')}) as ${statement.text}`);
  }
  const literal = literalOf(state.client);
  state.list.push(`execute ${statement.name} (${values.map(literal).join(', ')})`);
  return true;
}

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
    const state: Deferred = { client, list: [], preparing: [] };
    deferred.set(tx, state);
    let committing = false;
    try {
      const result = await fn(tx);
      deferred.delete(tx);
      committing = true;
      await client.query(state.list.length ? `${state.list.join(';\n')};\ncommit` : 'commit');
      if (state.preparing.length) {
        const held = preparedOn.get(client) ?? new Set<string>();
        for (const name of state.preparing) held.add(name);
        preparedOn.set(client, held);
      }
      return result;
    } catch (error) {
      deferred.delete(tx);
      await tx.execute(sql`rollback`);
      if (committing && state.preparing.length) {
        // The PREPARE may or may not have run before the failure; it outlives the rollback if it did.
        const held = await client.query<{ name: string }>('select name from pg_prepared_statements');
        preparedOn.set(client, new Set(held.rows.map((r) => r.name)));
      }
      throw error;
    } finally {
      if (isPool) (client as pg.PoolClient).release();
    }
  };
}
