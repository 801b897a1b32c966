import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type ListTypes, readList, writeList } from './listState.ts';

export type ListStateOptions<F> = {
  /** Every filter and its type (TypeScript asks for each; others in the address are ignored). */
  types: ListTypes<F>;
  /** Rows per page unless the address says otherwise. */
  pageSize?: number;
  /** Values a filter has when the address has none (e.g. the default sort); they stay out of the address. */
  defaults?: Partial<F>;
};

export type ListState<F> = {
  filters: F;
  page: number;
  pageSize: number;
  /** Changes some filters and goes back to the first page. */
  set(patch: Partial<F>): void;
  /** Moves to a page (and a page size: a new size goes back to the first page). */
  setPage(page: number, pageSize?: number): void;
  firstPage(): void;
};

/**
 * A list's filters, sort and page, kept in the address (see listState.ts): a list can be bookmarked,
 * and Back from a record's page restores it. Changes replace the history entry, so Back leaves the
 * list rather than stepping through each filter.
 */
export function useListState<F extends object>({ types, pageSize = 20, defaults }: ListStateOptions<F>): ListState<F> {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const fallback = { pageSize, filters: defaults };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address's text is the dependency
  const location = useMemo(() => readList<F>(params, types as never, fallback), [key, pageSize]);
  const go = (change: Parameters<typeof writeList<F>>[1]) =>
    setParams((current) => writeList<F>(current, change, fallback), { replace: true });
  return {
    ...location,
    set: (patch) => go({ filters: patch }),
    setPage: (page, size) =>
      go(size !== undefined && size !== location.pageSize ? { page: 1, pageSize: size } : { page }),
    firstPage: () => go({ page: 1 }),
  };
}
