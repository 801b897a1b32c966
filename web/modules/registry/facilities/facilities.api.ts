import type { FacilityKind } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';

export type Facility = {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  enterpriseCreditCode: string;
  kind: FacilityKind;
  name: string;
  regionId: string;
  regionName: string;
  address: string;
  lng: number | null;
  lat: number | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
};

export type FacilityDetail = Facility & { abilities: { edit: boolean; archive: boolean } };

export type FacilityFilters = {
  enterpriseId?: string;
  regionId?: string;
  kind?: FacilityKind;
  q?: string;
  archived?: boolean;
};

export type FacilityInput = {
  enterpriseId: string;
  kind: FacilityKind;
  name: string;
  regionId: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
};

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const id = encodeURIComponent;

export const facilitiesApi = {
  list: (q: FacilityFilters & { page?: number; pageSize?: number }) =>
    http.get<Page<Facility>>('/api/v1/facilities', q),
  get: (facilityId: string) => http.get<FacilityDetail>(`/api/v1/facilities/${id(facilityId)}`),
  create: (body: FacilityInput) => http.post<FacilityDetail>('/api/v1/facilities', body),
  update: (facilityId: string, body: Partial<Omit<FacilityInput, 'enterpriseId'>>) =>
    http.patch<FacilityDetail>(`/api/v1/facilities/${id(facilityId)}`, body),
  archive: (facilityId: string) => http.post<FacilityDetail>(`/api/v1/facilities/${id(facilityId)}/archive`),
};
