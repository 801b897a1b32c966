import type { LicenceKind, LicenceStatus, StoredLicenceStatus } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';

export type Licence = {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  enterpriseCreditCode: string;
  regionId: string;
  regionName: string;
  kind: LicenceKind;
  number: string;
  scope: string;
  issuingBody: string;
  validFrom: string | null;
  validTo: string | null;
  /** Computed by the server: expired when validTo has passed (never stored). */
  status: LicenceStatus;
  storedStatus: StoredLicenceStatus;
  statusReason: string | null;
  daysToExpiry: number | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
};

export type LicenceDetail = Licence & {
  abilities: { edit: boolean; suspend: boolean; revoke: boolean; reinstate: boolean; archive: boolean };
};

export type LicenceHistoryEntry = {
  id: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  actorName: string;
  at: string;
};

export type LicenceFilters = {
  kind?: LicenceKind;
  status?: LicenceStatus;
  enterpriseId?: string;
  regionId?: string;
  q?: string;
  expiringWithinDays?: number;
  archived?: boolean;
};

export type LicenceInput = {
  kind: LicenceKind;
  number: string;
  scope?: string;
  issuingBody?: string;
  validFrom?: string | null;
  validTo: string;
};

export type LicenceAction = 'suspend' | 'revoke' | 'reinstate';

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const id = encodeURIComponent;

export const licencesApi = {
  list: (q: LicenceFilters & { page?: number; pageSize?: number }) => http.get<Page<Licence>>('/api/v1/licences', q),
  expiring: (q: { days?: number; page?: number; pageSize?: number }) =>
    http.get<Page<Licence>>('/api/v1/licences/expiring', q),
  get: (licenceId: string) => http.get<LicenceDetail>(`/api/v1/licences/${id(licenceId)}`),
  history: (licenceId: string) => http.get<LicenceHistoryEntry[]>(`/api/v1/licences/${id(licenceId)}/history`),
  create: (enterpriseId: string, body: LicenceInput) =>
    http.post<LicenceDetail>(`/api/v1/enterprises/${id(enterpriseId)}/licences`, body),
  update: (licenceId: string, body: Partial<LicenceInput>) =>
    http.patch<LicenceDetail>(`/api/v1/licences/${id(licenceId)}`, body),
  changeStatus: (licenceId: string, action: LicenceAction, reason: string) =>
    http.post<LicenceDetail>(`/api/v1/licences/${id(licenceId)}/${action}`, { reason }),
  archive: (licenceId: string) => http.post<LicenceDetail>(`/api/v1/licences/${id(licenceId)}/archive`),
};
