import type { VehicleKind } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';

export type Ref = { id: string; name: string };

export type Vehicle = {
  id: string;
  plate: string;
  kind: VehicleKind;
  enterpriseId: string;
  enterprise: Ref & { creditCode: string };
  region: Ref;
  permitNumber: string | null;
  permitValidTo: string | null;
  permitExpired: boolean;
  boundPersonId: string | null;
  boundPerson: { id: string; name: string; phone: string } | null;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type VehicleDetail = Vehicle & { abilities: { edit: boolean; archive: boolean; bind: boolean } };

export type VehicleFilters = {
  kind?: VehicleKind;
  enterpriseId?: string;
  regionId?: string;
  bound?: boolean;
  q?: string;
  archived?: boolean;
};

export type VehicleInput = {
  plate: string;
  kind: VehicleKind;
  enterpriseId: string;
  permitNumber: string | null;
  permitValidTo: string | null;
};

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const base = '/api/v1/vehicles';

export const vehiclesApi = {
  list: (query: VehicleFilters & { page: number; pageSize: number }) => http.get<Page<Vehicle>>(base, query),
  get: (id: string) => http.get<VehicleDetail>(`${base}/${id}`),
  create: (body: VehicleInput) => http.post<VehicleDetail>(base, body),
  update: (id: string, body: Partial<VehicleInput>) => http.patch<VehicleDetail>(`${base}/${id}`, body),
  archive: (id: string) => http.post<VehicleDetail>(`${base}/${id}/archive`),
  /** 人车对应: binds a delivery worker of the vehicle's enterprise; replace moves them from another vehicle. */
  bind: (id: string, personId: string, replace = false) =>
    http.post<VehicleDetail>(`${base}/${id}/bind`, { personId, ...(replace ? { replace: true } : {}) }),
  unbind: (id: string) => http.post<VehicleDetail>(`${base}/${id}/unbind`),
};
