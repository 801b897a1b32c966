import { useSearchParams } from 'react-router';
import type { Severity } from '../../../../domain/hazards/index.ts';
import type { CampaignPhaseCode, HazardFilters, HazardSort } from '../hazards.api.ts';

export type LedgerQuery = HazardFilters & { sort: HazardSort; page: number };

/** The ledger's filters kept in the address, so a filtered ledger can be bookmarked and shared. */
export function useHazardFilters() {
  const [params, setParams] = useSearchParams();
  const query: LedgerQuery = {
    regionId: params.get('regionId') ?? undefined,
    departmentId: params.get('departmentId') ?? undefined,
    status: params.get('status') ?? undefined,
    severity: (params.get('severity') as Severity | null) ?? undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    level: params.get('level') === '1' || params.get('level') === '2' ? (params.get('level') as '1' | '2') : undefined,
    phase: (params.get('phase') as CampaignPhaseCode | null) ?? undefined,
    q: params.get('q') ?? undefined,
    objectType: (params.get('objectType') as HazardFilters['objectType']) ?? undefined,
    objectId: params.get('objectId') ?? undefined,
    sort: (params.get('sort') as HazardSort | null) ?? 'deadline',
    page: Number(params.get('page') ?? 1) || 1,
  };
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const { page: _page, ...filters } = query;
  return { query, filters, set };
}
