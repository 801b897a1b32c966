import type { LicenceKind, LicenceStatus } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import type {
  Licence as ApiLicence,
  LicenceDetail as ApiLicenceDetail,
  CreateLicenceInput,
  LicenceHistory,
  LicenceList,
} from '../../../app/api-types.ts';

export type Licence = ApiLicence;

export type LicenceDetail = ApiLicenceDetail;
export type { LicenceList };

export type LicenceHistoryEntry = LicenceHistory[number];

export type LicenceFilters = {
  kind?: LicenceKind;
  status?: LicenceStatus;
  enterpriseId?: string;
  regionId?: string;
  q?: string;
  expiringWithinDays?: number;
  archived?: boolean;
};

export type LicenceInput = CreateLicenceInput;

export type LicenceAction = 'suspend' | 'revoke' | 'reinstate';

const id = encodeURIComponent;

export const licencesApi = {
  list: (q: LicenceFilters & { page?: number; pageSize?: number }) => http.get<LicenceList>('/api/v1/licences', q),
  expiring: (q: { days?: number; page?: number; pageSize?: number }) =>
    http.get<LicenceList>('/api/v1/licences/expiring', q),
  get: (licenceId: string) => http.get<LicenceDetail>(`/api/v1/licences/${id(licenceId)}`),
  history: (licenceId: string) => http.get<LicenceHistory>(`/api/v1/licences/${id(licenceId)}/history`),
  create: (enterpriseId: string, body: LicenceInput) =>
    http.post<LicenceDetail>(`/api/v1/enterprises/${id(enterpriseId)}/licences`, body),
  update: (licenceId: string, body: Partial<LicenceInput>) =>
    http.patch<LicenceDetail>(`/api/v1/licences/${id(licenceId)}`, body),
  changeStatus: (licenceId: string, action: LicenceAction, reason: string) =>
    http.post<LicenceDetail>(`/api/v1/licences/${id(licenceId)}/${action}`, { reason }),
  archive: (licenceId: string) => http.post<LicenceDetail>(`/api/v1/licences/${id(licenceId)}/archive`),
};
