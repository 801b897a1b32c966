import { createHash } from 'node:crypto';

/**
 * Reads as named prepared statements on node-postgres: a SELECT whose text has been seen before is sent
 * with a name derived from its text, so each pooled connection parses it once (and PostgreSQL may keep a
 * generic plan for it, when its cost is no worse than the custom plans': its plan-cache rule), and later
 * runs send only its parameters. The text is drizzle's, with every value a parameter, so statements of
 * actors whose grants have the same shape are one statement, each run with its own values (the scope
 * rules are unchanged; only the parsing is shared).
 *
 * Bounded: a text is named on its second sighting (one-off texts, such as statements with inlined
 * literals, stay unnamed), and at most `MAX_NAMED` texts are ever named per database handle (each of its
 * pool's connections holds at most that many statements); later texts run unnamed as before. Only single
 * SELECT / WITH statements: a named statement uses the extended protocol, which takes one statement, and
 * writes stay as they were.
 *
 * The count is kept per database handle (drizzle's dialect object, shared by the handle's session and its
 * transactions' sessions), not per process: a primary and its replica each have their own pool and their own
 * bound, and a process that opens one database after another (the test files, which share one process) does
 * not spend the next database's bound on the previous one's texts.
 */
const MAX_NAMED = 400;
const MAX_SEEN = 4000;

type Registry = { named: Map<string, string>; seen: Set<string> };
const registries = new WeakMap<object, Registry>();
let enabled = true;

function registryOf(handle: object): Registry {
  let registry = registries.get(handle);
  if (!registry) {
    registry = { named: new Map(), seen: new Set() };
    registries.set(handle, registry);
  }
  return registry;
}

/** Turns the naming off or on again (the request benchmark measures both in one run). */
export function setNamedReads(on: boolean): void {
  enabled = on;
}

const readStatement = /^\s*(select|with)\b/i;

/** The name to send `text` under on the database handle `handle`, or undefined to send it unnamed. */
export function statementName(handle: object, text: string): string | undefined {
  if (!enabled) return undefined;
  const registry = registryOf(handle);
  const { named, seen } = registry;
  const hit = named.get(text);
  if (hit) return hit;
  if (named.size >= MAX_NAMED || !readStatement.test(text) || text.includes(';')) return undefined;
  if (!seen.has(text)) {
    if (seen.size >= MAX_SEEN) registry.seen = new Set();
    registry.seen.add(text);
    return undefined;
  }
  seen.delete(text);
  const name = `r_${createHash('sha256').update(text).digest('hex').slice(0, 28)}`;
  named.set(text, name);
  return name;
}

type PrepareQuery = (
  this: unknown,
  query: { sql: string },
  fields: unknown,
  name: string | undefined,
  ...rest: unknown[]
) => unknown;
const patched = new WeakSet<object>();

/** Names the reads of every session of drizzle's node-postgres driver (its NodePgSession class), once. */
export function nameReads(NodePgSession: unknown): void {
  const proto = (NodePgSession as { prototype: { prepareQuery: PrepareQuery } }).prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  const prepareQuery = proto.prepareQuery;
  proto.prepareQuery = function (query, fields, name, ...rest) {
    const handle = (this as { dialect: object }).dialect;
    return prepareQuery.call(this, query, fields, name ?? statementName(handle, query.sql), ...rest);
  };
}
