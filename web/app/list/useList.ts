import type { PaginationProps } from 'antd';
import { useCallback, useMemo } from 'react';
import { useT } from '../i18n.ts';
import { useIsMobile } from '../useIsMobile.ts';
import { useRequest } from '../useRequest.ts';
import type { ListTypes } from './listState.ts';
import { type ListState, useListState } from './useListState.ts';

type PageQuery = { page: number; pageSize: number };
/** `totalCapped`: the server stopped counting at `total` (the venues list, past 1,000 matches): shown as 1000+. */
export type Paged = { items: unknown[]; total: number | null; totalCapped?: boolean };

/** A list: its state in the address, the answer, and the table's paging and empty text. */
export type List<F, P extends Paged> = ListState<F> & {
  /** The filters the list was asked with (the filters, or what `derive` made of them); also the export's. */
  query: F;
  data: P | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Any filter set (the empty list then says 无匹配结果). */
  filtered: boolean;
  /** For ListTable (or a card list on a phone): the rows, loading, server-side paging, empty text. */
  table: {
    items: P['items'] | undefined;
    loading: boolean;
    pagination: PaginationProps;
    emptyText: string | undefined;
  };
};

export type ListOptions<F> = {
  /** Every filter and its type (TypeScript asks for each; others in the address are ignored). */
  types: ListTypes<F>;
  /** What the list asks the server for, from the filters (keep its identity: useCallback). */
  derive?: (filters: F) => F;
  pageSize?: number;
  /** Filter values when the address has none (the default sort); they are not "filtered". */
  defaults?: Partial<F>;
};

/**
 * The app's list: filters, sort and page in the address (useListState), the server's page of rows
 * for them (`fetch` must keep its identity: an api function), and the paging of the table — a new
 * filter or a new page size goes back to page 1, the total reads 1000+ 条 when the server capped it.
 */
export function useList<Q extends Partial<PageQuery>, P extends Paged, F extends object = Omit<Q, keyof PageQuery>>(
  fetch: (q: Q) => Promise<P>,
  { types, derive, pageSize: defaultSize, defaults }: ListOptions<NoInfer<F>>,
): List<F, P> {
  const t = useT();
  const isMobile = useIsMobile();
  const state = useListState<F>({ types, pageSize: defaultSize, defaults });
  const { filters, page, pageSize } = state;
  const query = useMemo(() => (derive ? derive(filters) : filters), [derive, filters]);
  const { data, error, loading, reload } = useRequest(
    useCallback(() => fetch({ ...query, page, pageSize } as unknown as Q), [fetch, query, page, pageSize]),
  );
  const filtered = Object.entries(query).some(
    ([k, v]) => v !== undefined && v !== (defaults as Record<string, unknown> | undefined)?.[k],
  );
  return {
    ...state,
    query,
    data,
    error,
    loading,
    reload,
    filtered,
    table: {
      items: data?.items,
      loading,
      emptyText: filtered ? t('common.noMatch') : undefined,
      pagination: {
        current: page,
        pageSize,
        total: data?.total ?? 0,
        showSizeChanger: !isMobile,
        size: isMobile ? 'small' : undefined,
        showTotal: (n) => (data?.totalCapped ? t('common.totalAtLeast', { n }) : t('common.total', { n })),
        onChange: (p, s) => state.setPage(p, s),
      },
    },
  };
}
