import type { ListTypes } from '../../../app/list/listState.ts';
import { useListState } from '../../../app/list/useListState.ts';
import type { HazardFilters, HazardSort } from '../hazards.api.ts';

export type LedgerQuery = HazardFilters & { sort: HazardSort; page: number };
type LedgerFilters = Pick<
  HazardFilters,
  | 'regionId'
  | 'departmentId'
  | 'status'
  | 'severity'
  | 'overdue'
  | 'level'
  | 'listed'
  | 'phase'
  | 'q'
  | 'objectType'
  | 'objectId'
> & { sort?: HazardSort };

/** The ledger's rows per page (the ledger and 督办). */
export const LEDGER_PAGE_SIZE = 20;

const types: ListTypes<LedgerFilters> = {
  regionId: 'string',
  departmentId: 'string',
  status: 'string',
  severity: 'string',
  overdue: 'string',
  level: 'string',
  listed: 'string',
  phase: 'string',
  q: 'string',
  objectType: 'string',
  objectId: 'string',
  sort: 'string',
};

/**
 * The ledger's filters: the app's list state (useListState), so a filtered ledger can be bookmarked
 * and shared and Back from a hazard restores it. `set({ page })` moves to a page; any other change
 * goes back to the first.
 */
export function useHazardFilters() {
  const list = useListState<LedgerFilters>({
    types,
    pageSize: LEDGER_PAGE_SIZE,
    defaults: { sort: 'open' },
  });
  const { sort = 'open', ...filters } = list.filters;
  const query: LedgerQuery = { ...filters, sort, page: list.page };
  const set = (patch: Partial<Record<keyof LedgerFilters | 'page', string | undefined>>) => {
    const { page, ...rest } = patch;
    if (page !== undefined) list.setPage(Number(page) || 1);
    else list.set(rest as Partial<LedgerFilters>);
  };
  return { query, filters: { ...filters, sort }, set };
}
