import { type AnyColumn, type SQL, and, arrayContains, eq, ilike, isNull, or } from 'drizzle-orm';
import { queryTokens } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import { escapeLike } from '../../platform/sql.ts';
import { regionsTable } from '../organisation/index.ts';

/**
 * Small pieces every register kind uses: today's date where the banner is, region look-ups, the
 * region-subtree filter and the Chinese text search. Other register kinds may import them.
 */

// One definition of the China calendar date and day arithmetic, domain/dates.ts (the web uses it too).
export { addDays, chinaToday as todayInChina } from '../../../domain/dates.ts';

/** SQL: the region column lies in the subtree of the region with this id (the region itself included). */
export { inRegionSubtree } from '../../platform/sql.ts';

/**
 * Chinese text search over a `search_tokens` column: every bigram of the query must be present (GIN
 * index), then an ILIKE recheck on the visible fields; a one-character query has no bigram, so it
 * scans with ILIKE alone.
 */
export function textSearch(
  tokens: AnyColumn | undefined,
  q: string | undefined,
  fields: (AnyColumn | SQL)[],
): SQL | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const pattern = `%${escapeLike(text)}%`;
  const recheck = or(...fields.map((f) => ilike(f, pattern)));
  const bigrams = queryTokens(text);
  if (!tokens || bigrams.length === 0) return recheck;
  return and(arrayContains(tokens, bigrams), recheck);
}

export type RegionRef = { id: string; code: string; name: string; path: string };

/** A live region by id (undefined when unknown or archived). */
export async function findRegionById(db: Db, id: string): Promise<RegionRef | undefined> {
  const [row] = await db
    .select({ id: regionsTable.id, code: regionsTable.code, name: regionsTable.name, path: regionsTable.path })
    .from(regionsTable)
    .where(and(eq(regionsTable.id, id), isNull(regionsTable.archivedAt)));
  return row;
}

/**
 * A live region by code or by exact name, for imports ("嘎鲁图镇" or "150626100"). Answers
 * 'ambiguous' when a name is shared by several regions (the code then tells them apart).
 */
export async function findRegionByCodeOrName(db: Db, text: string): Promise<RegionRef | 'ambiguous' | undefined> {
  const rows = await db
    .select({ id: regionsTable.id, code: regionsTable.code, name: regionsTable.name, path: regionsTable.path })
    .from(regionsTable)
    .where(and(isNull(regionsTable.archivedAt), or(eq(regionsTable.code, text), eq(regionsTable.name, text))))
    .limit(3);
  const byCode = rows.find((r) => r.code === text);
  if (byCode) return byCode;
  if (rows.length > 1) return 'ambiguous';
  return rows[0];
}

/** Loads a per-import memo: references (regions, enterprises) resolve once per file, not once per row. */
export function memo<V>(store: WeakMap<object, Map<string, V>>, owner: object): Map<string, V> {
  let m = store.get(owner);
  if (!m) {
    m = new Map();
    store.set(owner, m);
  }
  return m;
}

/** The columns an audit entry snapshots: a plain object without search tokens, dates as ISO strings. */
export function snapshot<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'searchTokens' || k === 'createdAt' || k === 'updatedAt') continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}
