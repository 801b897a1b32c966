import type {
  GasSource,
  HoseType,
  SupplyStatus,
  VenueCategory,
  VenueFloor,
} from '../../../../domain/registry/registry.ts';
import type { VenueRiskFlagCode } from '../../../../domain/registry/venue-risk.ts';
import { http } from '../../../app/http.ts';

export type VenueAbilities = {
  edit: boolean;
  editContract: boolean;
  archive: boolean;
  suspendSupply: boolean;
  resumeSupply: boolean;
};

export type Venue = {
  id: string;
  name: string;
  category: VenueCategory;
  regionId: string;
  regionName: string;
  address: string;
  lng: number | null;
  lat: number | null;
  floor: VenueFloor;
  highRiseBuilding: boolean | null;
  gasSources: GasSource[];
  supplierEnterpriseId: string | null;
  supplierName: string | null;
  contractNumber: string | null;
  contractFrom: string | null;
  contractTo: string | null;
  storedLpgKg: number | null;
  hasCylinderRoom: boolean;
  hoseType: HoseType | null;
  detectorInstalled: boolean;
  detectorInstalledOn: string | null;
  shutoffValveInstalled: boolean;
  shutoffValveInstalledOn: string | null;
  supplyStatus: SupplyStatus;
  supplyStatusReason: string | null;
  contactName: string | null;
  contactPhone: string | null;
  riskFlags: { code: VenueRiskFlagCode; ref: string }[];
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  abilities: VenueAbilities;
};

export type VenueFilters = {
  regionId?: string;
  category?: VenueCategory;
  floor?: VenueFloor;
  gasSource?: GasSource;
  supplierEnterpriseId?: string;
  supplyStatus?: SupplyStatus;
  q?: string;
  archived?: boolean;
};

export type VenueInput = {
  name: string;
  category: VenueCategory;
  regionId: string;
  address: string;
  lng: number | null;
  lat: number | null;
  floor: VenueFloor;
  highRiseBuilding: boolean | null;
  gasSources: GasSource[];
  supplierEnterpriseId: string | null;
  contractNumber: string | null;
  contractFrom: string | null;
  contractTo: string | null;
  storedLpgKg: number | null;
  hasCylinderRoom: boolean;
  hoseType: HoseType | null;
  detectorInstalled: boolean;
  detectorInstalledOn: string | null;
  shutoffValveInstalled: boolean;
  shutoffValveInstalledOn: string | null;
  contactName: string | null;
  contactPhone: string | null;
};

type Page<T> = {
  items: T[];
  /** Counted up to 1,000 matches; `totalCapped` when there are more. */
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  abilities: { create: boolean };
};

const base = '/api/v1/venues';

export const venuesApi = {
  list: (query: VenueFilters & { page: number; pageSize: number; sort?: string; order?: 'asc' | 'desc' }) =>
    http.get<Page<Venue>>(base, query),
  get: (id: string) => http.get<Venue>(`${base}/${id}`),
  create: (body: VenueInput) => http.post<Venue>(base, body),
  update: (id: string, body: Partial<VenueInput>) => http.patch<Venue>(`${base}/${id}`, body),
  archive: (id: string) => http.post<Venue>(`${base}/${id}/archive`),
  suspendSupply: (id: string, reason: string) => http.post<Venue>(`${base}/${id}/suspend-supply`, { reason }),
  resumeSupply: (id: string) => http.post<Venue>(`${base}/${id}/resume-supply`),
};
