import type { EnterpriseKind, PersonKind, SellerChannel } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import type { Facility } from '../facilities/facilities.api.ts';
import type { Licence } from '../licences/licences.api.ts';

export type LicenceSummary = {
  valid: number;
  suspended: number;
  revoked: number;
  expired: number;
  expiringSoon: number;
};

export type Enterprise = {
  id: string;
  kind: EnterpriseKind;
  name: string;
  creditCode: string;
  regionId: string;
  regionName: string;
  address: string;
  lng: number | null;
  lat: number | null;
  contactPhone: string | null;
  sellerChannel: SellerChannel | null;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  licenceSummary: LicenceSummary;
};

export type KeyPerson = {
  id: string;
  name: string;
  kind: PersonKind;
  phone: string;
  assessmentPassedOn: string | null;
};

export type EnterpriseDetail = Enterprise & {
  licences: Licence[];
  facilities: Facility[];
  keyPersons: KeyPerson[];
  abilities: { edit: boolean; archive: boolean };
};

export type EnterpriseFilters = { regionId?: string; kind?: EnterpriseKind; q?: string; archived?: boolean };

export type EnterpriseInput = {
  name: string;
  kind: EnterpriseKind;
  creditCode: string;
  regionId: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  contactPhone?: string | null;
  sellerChannel?: SellerChannel | null;
};

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const id = encodeURIComponent;

export const enterprisesApi = {
  list: (q: EnterpriseFilters & { page?: number; pageSize?: number }) =>
    http.get<Page<Enterprise>>('/api/v1/enterprises', q),
  get: (enterpriseId: string) => http.get<EnterpriseDetail>(`/api/v1/enterprises/${id(enterpriseId)}`),
  create: (body: EnterpriseInput) => http.post<EnterpriseDetail>('/api/v1/enterprises', body),
  update: (enterpriseId: string, body: Partial<EnterpriseInput>) =>
    http.patch<EnterpriseDetail>(`/api/v1/enterprises/${id(enterpriseId)}`, body),
  archive: (enterpriseId: string) => http.post<EnterpriseDetail>(`/api/v1/enterprises/${id(enterpriseId)}/archive`),
};
