import { useCallback } from 'react';
import { useRequest } from '../../../app/useRequest.ts';
import { organisationApi, type Region } from '../../organisation/organisation.api.ts';

let cached: Promise<Region[]> | null = null;

function load() {
  cached ??= organisationApi.regions().catch(() => {
    cached = null;
    return [] as Region[];
  });
  return cached;
}

/**
 * 所属乡镇: the township a region lies in (a community's parent), from the regions the user may see;
 * the region's own name when its township is not among them.
 */
export function useTownships(): (regionId: string, fallback: string | null) => string {
  const { data } = useRequest(load);
  return useCallback(
    (regionId: string, fallback: string | null) => {
      const byId = new Map((data ?? []).map((r) => [r.id, r]));
      let r = byId.get(regionId);
      while (r && r.level === 'community' && r.parentId) r = byId.get(r.parentId);
      return r && r.level === 'township' ? r.name : (fallback ?? '—');
    },
    [data],
  );
}
