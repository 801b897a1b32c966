import { useRequest } from '../../../app/useRequest.ts';
import { type Department, organisationApi } from '../../organisation/index.ts';

let cached: Promise<Department[]> | null = null;

function load() {
  cached ??= organisationApi.departments().catch((err) => {
    cached = null;
    throw err;
  });
  return cached;
}

/** The member departments (成员单位), fetched once per page load. */
export function useDepartments() {
  return useRequest(load);
}
