import type { FacilityKind } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import type {
  Facility as ApiFacility,
  FacilityDetail as ApiFacilityDetail,
  CreateFacilityInput,
  FacilityList,
} from '../../../app/api-types.ts';

export type Facility = ApiFacility;

export type FacilityDetail = ApiFacilityDetail;

export type FacilityFilters = {
  enterpriseId?: string;
  regionId?: string;
  kind?: FacilityKind;
  q?: string;
  archived?: boolean;
};

export type FacilityInput = CreateFacilityInput;

const id = encodeURIComponent;

export const facilitiesApi = {
  list: (q: FacilityFilters & { page?: number; pageSize?: number }) => http.get<FacilityList>('/api/v1/facilities', q),
  get: (facilityId: string) => http.get<FacilityDetail>(`/api/v1/facilities/${id(facilityId)}`),
  create: (body: FacilityInput) => http.post<FacilityDetail>('/api/v1/facilities', body),
  update: (facilityId: string, body: Partial<Omit<FacilityInput, 'enterpriseId'>>) =>
    http.patch<FacilityDetail>(`/api/v1/facilities/${id(facilityId)}`, body),
  archive: (facilityId: string) => http.post<FacilityDetail>(`/api/v1/facilities/${id(facilityId)}/archive`),
};
