/**
 * A list's state in the address: its filters, sort and page are query parameters, so a filtered list
 * can be bookmarked or shared and Back from a record returns to the same list. Pure functions here;
 * useListState.ts is the React side.
 */

/**
 * Every filter of a list and how the address's text is read back into it. Only these parameters are
 * read, so a stray parameter in a bookmarked address never reaches the server.
 */
export type ListTypes<F> = {
  [K in keyof F]-?: NonNullable<F[K]> extends string
    ? 'string'
    : NonNullable<F[K]> extends boolean
      ? 'boolean'
      : 'number';
};

export type ListLocation<F> = { filters: F; page: number; pageSize: number };

/** The reserved parameters (a list's filters cannot be called so). */
export const PAGE = 'page';
export const PAGE_SIZE = 'pageSize';

/** Reads a list's filters, page and page size from query parameters; unknown or malformed values are left out. */
export function readList<F extends object>(
  params: URLSearchParams,
  types: Partial<Record<keyof F, 'string' | 'boolean' | 'number'>>,
  defaults: { pageSize: number; filters?: Partial<F> },
): ListLocation<F> {
  const filters: Record<string, unknown> = { ...(defaults.filters ?? {}) };
  for (const [key, raw] of params) {
    if (key === PAGE || key === PAGE_SIZE || raw === '') continue;
    const type = types[key as keyof F];
    if (type === undefined) continue;
    if (type === 'boolean') {
      if (raw === 'true' || raw === 'false') filters[key] = raw === 'true';
    } else if (type === 'number') {
      const n = Number(raw);
      if (Number.isFinite(n)) filters[key] = n;
    } else {
      filters[key] = raw;
    }
  }
  return {
    filters: filters as F,
    page: positive(params.get(PAGE)) ?? 1,
    pageSize: positive(params.get(PAGE_SIZE)) ?? defaults.pageSize,
  };
}

function positive(raw: string | null): number | undefined {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The query parameters after a change: `filters` replaces the values it names (undefined, null, ''
 * or a default value removes one), a changed filter goes back to the first page, and page 1 and the
 * default page size are left out so the plain list has the plain address. Other parameters are kept.
 */
export function writeList<F extends object>(
  params: URLSearchParams,
  change: { filters?: Partial<F>; page?: number; pageSize?: number },
  defaults: { pageSize: number; filters?: Partial<F> },
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(change.filters ?? {})) {
    const fallback = (defaults.filters as Record<string, unknown> | undefined)?.[key];
    if (value === undefined || value === null || value === '' || value === fallback) next.delete(key);
    else next.set(key, String(value));
  }
  const page = change.page ?? (change.filters ? 1 : undefined);
  if (page !== undefined) {
    if (page > 1) next.set(PAGE, String(page));
    else next.delete(PAGE);
  }
  if (change.pageSize !== undefined) {
    if (change.pageSize !== defaults.pageSize) next.set(PAGE_SIZE, String(change.pageSize));
    else next.delete(PAGE_SIZE);
  }
  return next;
}
