import type { ReactNode } from 'react';
import { PeriodFilter, SearchFilter } from '../../../app/list/filters.tsx';
import type { ListState } from '../../../app/list/useListState.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { RegionTreeSelect } from './RegionTreeSelect.tsx';

type Filters = { q?: string; regionId?: string; from?: string; to?: string };

/**
 * The filter bar of a list searched by words, township and period (works, training): the search box, the region
 * tree, the page's own filters (`children`), then from and to.
 */
export function RegionPeriodFilters({
  list,
  texts,
  children,
}: {
  list: Pick<ListState<Filters>, 'filters' | 'set'>;
  texts: { search: string; region: string; from: string; to: string };
  children?: ReactNode;
}) {
  const isMobile = useIsMobile();
  return (
    <>
      <SearchFilter list={list} placeholder={texts.search} width={220} />
      <RegionTreeSelect
        value={list.filters.regionId}
        onChange={(regionId) => list.set({ regionId })}
        placeholder={texts.region}
        style={{ width: isMobile ? '100%' : 170 }}
      />
      {children}
      <PeriodFilter list={list} fromLabel={texts.from} toLabel={texts.to} />
    </>
  );
}
