import type {
  DeliveryCheckRates,
  DeliveryOrder,
  DeliveryWorkers,
  GasUser,
  LivePositions,
  VehicleFlag,
  VehicleTrack,
} from '../../app/api-types.ts';
import { http, type Query } from '../../app/http.ts';

export type { DeliveryOrder, GasUser, VehicleFlag, VehicleTrack };
export type LivePosition = LivePositions['items'][number];
export type DeliverBody = {
  clientId: string;
  fullCylinders: string[];
  emptyCylinders: string[];
  deliveredAt?: string;
  check?: {
    answers: Record<string, string>;
    hoseLengthM?: number | null;
    photoIds: string[];
    itemPhotos?: Record<string, string[]>;
    checkedAt?: string;
  };
};

/** The delivery system's calls (server/modules/delivery). */
export const deliveryApi = {
  orders: (q: Query) => http.get<{ items: DeliveryOrder[]; total: number }>('/api/v1/delivery/orders', q),
  order: (id: string) => http.get<DeliveryOrder>(`/api/v1/delivery/orders/${id}`),
  createOrder: (body: {
    userId: string;
    channel: 'phone' | 'shop';
    spec: string;
    quantity: number;
    fuel?: string;
    note?: string;
  }) => http.post<DeliveryOrder>('/api/v1/delivery/orders', body),
  assign: (id: string, workerPersonId: string) =>
    http.post<DeliveryOrder>(`/api/v1/delivery/orders/${id}/assign`, { workerPersonId }),
  cancel: (id: string, reason: string) => http.post<DeliveryOrder>(`/api/v1/delivery/orders/${id}/cancel`, { reason }),
  deliver: (id: string, body: DeliverBody) => http.post<DeliveryOrder>(`/api/v1/delivery/orders/${id}/deliver`, body),
  users: (q: Query) => http.get<{ items: GasUser[]; total: number }>('/api/v1/delivery/users', q),
  createUser: (body: Record<string, unknown>) => http.post<GasUser>('/api/v1/delivery/users', body),
  workers: (operatorId?: string) => http.get<DeliveryWorkers>('/api/v1/delivery/workers', { operatorId }),
  rates: (q: Query) => http.get<DeliveryCheckRates>('/api/v1/delivery/check-rates', q),
  flags: (q: Query) => http.get<{ items: VehicleFlag[]; total: number }>('/api/v1/delivery/flags', q),
  flagToHazard: (id: string) => http.post<VehicleFlag>(`/api/v1/delivery/flags/${id}/hazard`, {}),
  live: () => http.get<LivePositions>('/api/v1/delivery/live'),
  vehicles: () =>
    http.get<{
      items: { id: string; plate: string; operatorId: string; operatorName: string; workerName: string | null }[];
    }>('/api/v1/delivery/vehicles'),
  track: (vehicleId: string, day: string) =>
    http.get<VehicleTrack>(`/api/v1/delivery/vehicles/${vehicleId}/track`, { day }),
  zones: () => http.get<{ items: DeliveryZone[] }>('/api/v1/delivery/zones'),
  createZone: (body: { operatorId: string; name: string; geometry: ZoneGeometry }) =>
    http.post<DeliveryZone>('/api/v1/delivery/zones', body),
  updateZone: (id: string, body: { name?: string; geometry?: ZoneGeometry }) =>
    http.patch<DeliveryZone>(`/api/v1/delivery/zones/${id}`, body),
  archiveZone: (id: string) => http.post<void>(`/api/v1/delivery/zones/${id}/archive`),
  operators: () => http.get<{ items: { id: string; name: string }[] }>('/api/v1/delivery/public/operators'),
};

export type DeliveryZone = { id: string; name: string; operatorId: string; operatorName: string; geometry: unknown };
export type ZoneGeometry = { type: 'Polygon'; coordinates: [number, number][][] };
