import type {
  ApiResponse,
  ProposeRegistryChangeInput,
  RegistryChange,
  RegistryChangeList,
} from '../../../app/api-types.ts';
import { http } from '../../../app/http.ts';

export type { RegistryChange };
export type ProposeInput = ProposeRegistryChangeInput;
export type RegionChoice = ApiResponse<'/api/v1/registry-changes/regions', 'get'>[number];

const id = encodeURIComponent;

/** A supervised party's proposals to change what puts it under supervision (issue 9.4). */
export const changesApi = {
  list: (q: { subjectId?: string; enterpriseId?: string; pageSize?: number }) =>
    http.get<RegistryChangeList>('/api/v1/registry-changes', { pageSize: 50, ...q }),
  propose: (body: ProposeInput) => http.post<RegistryChange>('/api/v1/registry-changes', body),
  withdraw: (changeId: string) => http.post<RegistryChange>(`/api/v1/registry-changes/${id(changeId)}/withdraw`),
  regions: () => http.get<RegionChoice[]>('/api/v1/registry-changes/regions'),
};
