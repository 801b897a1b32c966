import type { GasSource, SupplyStatus, VenueCategory, VenueFloor } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import type { Venue as ApiVenue, CreateVenueInput, VenueList } from '../../../app/api-types.ts';

export type VenueAbilities = Venue['abilities'];

export type Venue = ApiVenue;

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

export type VenueInput = CreateVenueInput;

const base = '/api/v1/venues';

export const venuesApi = {
  list: (query: VenueFilters & { page: number; pageSize: number; sort?: string; order?: 'asc' | 'desc' }) =>
    http.get<VenueList>(base, query),
  get: (id: string) => http.get<Venue>(`${base}/${id}`),
  create: (body: VenueInput) => http.post<Venue>(base, body),
  update: (id: string, body: Partial<VenueInput>) => http.patch<Venue>(`${base}/${id}`, body),
  archive: (id: string) => http.post<Venue>(`${base}/${id}/archive`),
  suspendSupply: (id: string, reason: string) => http.post<Venue>(`${base}/${id}/suspend-supply`, { reason }),
  /** With a reason: the campaign office resumes supply while hazards that stopped it are still open. */
  resumeSupply: (id: string, overrideReason?: string) =>
    http.post<Venue>(`${base}/${id}/resume-supply`, overrideReason ? { overrideReason } : undefined),
};
