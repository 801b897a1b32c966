import { useCallback } from 'react';
import { useRequest } from '../../app/useRequest.ts';
import { organisationApi } from '../organisation/index.ts';

/** The townships (and the county) and the member departments, to pick an order's or a record's addressee. */
export function useUnits() {
  const regions = useRequest(useCallback(() => organisationApi.regions(), []));
  const departments = useRequest(useCallback(() => organisationApi.departments(), []));
  return {
    regionOptions: (regions.data ?? [])
      .filter((r) => r.level === 'county' || r.level === 'township')
      .map((r) => ({ value: r.id, label: r.name })),
    departmentOptions: (departments.data ?? [])
      .filter((d) => d.kind === 'department')
      .map((d) => ({ value: d.id, label: d.name })),
  };
}
