import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { pgTable, text, uuid } from 'drizzle-orm/pg-core';

/**
 * SQL pieces every module needs and nobody should write twice: LIKE escaping, `column in (…)` and
 * the region subtree. The region tree's table belongs to the organisation module; the platform
 * reads only its id and materialised path through this declaration (not part of the schema, which
 * the organisation module's own table defines; test/boundaries.test.ts checks they agree), so that
 * no platform file imports a module.
 */
const regionTree = pgTable('regions', { id: uuid().notNull(), path: text().notNull() });

/** The table and columns the declaration above names (for the test that keeps it true). */
export const regionTreeColumns = { table: 'regions', id: regionTree.id.name, path: regionTree.path.name };

/** Escapes LIKE's wildcards, so a user's `%` or `_` matches itself. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `column in (values…)`; false for no values. */
export function valueIn(column: AnyColumn | SQL, values: readonly string[]): SQL {
  if (values.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}

/** A materialised region path column lies in the subtree whose root has this path (`150626/150626100/`). */
export function pathUnder(pathColumn: AnyColumn | SQL, path: string): SQL {
  return sql`${pathColumn} like ${`${escapeLike(path)}%`}`;
}

/**
 * A region id column lies in the subtree whose root has this path (the root included).
 * `= any(array(subquery))` rather than `in (subquery)`: the region ids become one parameter computed
 * once (an InitPlan), so PostgreSQL combines the region index with the others (a bitmap AND with a
 * text-search index, or a walk along a sort index) instead of guessing that the subtree holds one
 * region and walking it row by row (bench/venues-list.bench.ts).
 */
export function regionIdUnder(column: AnyColumn | SQL, path: string): SQL {
  return sql`${column} = any(array(select ${regionTree.id} from ${regionTree} where ${pathUnder(regionTree.path, path)}))`;
}

/** A region id column lies in the subtree of the region with this id (the region itself included). */
export function inRegionSubtree(column: AnyColumn | SQL, regionId: string): SQL {
  return sql`${column} = any(array(select r.id from ${regionTree} r, ${regionTree} p where p.id = ${regionId} and starts_with(r.path, p.path)))`;
}

/** The ids of the regions in the subtree under a path, as a derived table `(rid)` to join or walk. */
export function regionIdsUnder(path: string): SQL {
  return sql`(select ${regionTree.id} as rid from ${regionTree} where ${pathUnder(regionTree.path, path)})`;
}

/**
 * A one-dimensional array's text literal (`{"a","b",NULL}`) when every value is null, a number, a boolean,
 * a bigint or a string — what node-postgres would send for the array, built with one join instead of its
 * element-by-element concatenation (the largest allocation of a batch's insert, profiled; the ingest streams and the cylinders' batch writer use it). Null for any
 * other value (a Buffer, a nested array, an object): node-postgres then converts the array itself.
 */
export function arrayLiteral(values: readonly unknown[]): string | null {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'string') parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, '\\$&')}"` : `"${v}"`;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') parts[i] = `"${v}"`;
    else return null;
  }
  return `{${parts.join(',')}}`;
}
const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
