import type { VehicleKind } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import type {
  ApiBody,
  Vehicle as ApiVehicle,
  VehicleDetail as ApiVehicleDetail,
  VehicleList,
} from '../../../app/api-types.ts';

export type Ref = { id: string; name: string };

export type Vehicle = ApiVehicle;

export type VehicleDetail = ApiVehicleDetail;

export type VehicleFilters = {
  kind?: VehicleKind;
  enterpriseId?: string;
  regionId?: string;
  bound?: boolean;
  q?: string;
  archived?: boolean;
};

export type VehicleInput = ApiBody<'/api/v1/vehicles', 'post'>;

const base = '/api/v1/vehicles';

export const vehiclesApi = {
  list: (query: VehicleFilters & { page: number; pageSize: number }) => http.get<VehicleList>(base, query),
  get: (id: string) => http.get<VehicleDetail>(`${base}/${id}`),
  create: (body: VehicleInput) => http.post<VehicleDetail>(base, body),
  update: (id: string, body: Partial<VehicleInput>) => http.patch<VehicleDetail>(`${base}/${id}`, body),
  archive: (id: string) => http.post<VehicleDetail>(`${base}/${id}/archive`),
  /** 人车对应: binds a delivery worker of the vehicle's enterprise; replace moves them from another vehicle. */
  bind: (id: string, personId: string, replace = false) =>
    http.post<VehicleDetail>(`${base}/${id}/bind`, { personId, ...(replace ? { replace: true } : {}) }),
  unbind: (id: string) => http.post<VehicleDetail>(`${base}/${id}/unbind`),
};
