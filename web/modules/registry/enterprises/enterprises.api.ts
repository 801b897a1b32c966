import type { EnterpriseKind } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import type {
  Enterprise as ApiEnterprise,
  EnterpriseDetail as ApiEnterpriseDetail,
  CreateEnterpriseInput,
  EnterpriseList,
} from '../../../app/api-types.ts';

export type LicenceSummary = Enterprise['licenceSummary'];

export type Enterprise = ApiEnterprise;

export type KeyPerson = EnterpriseDetail['keyPersons'][number];

export type EnterpriseDetail = ApiEnterpriseDetail;

export type EnterpriseFilters = { regionId?: string; kind?: EnterpriseKind; q?: string; archived?: boolean };

export type EnterpriseInput = CreateEnterpriseInput;

const id = encodeURIComponent;

export const enterprisesApi = {
  list: (q: EnterpriseFilters & { page?: number; pageSize?: number }) =>
    http.get<EnterpriseList>('/api/v1/enterprises', q),
  get: (enterpriseId: string) => http.get<EnterpriseDetail>(`/api/v1/enterprises/${id(enterpriseId)}`),
  create: (body: EnterpriseInput) => http.post<EnterpriseDetail>('/api/v1/enterprises', body),
  update: (enterpriseId: string, body: Partial<EnterpriseInput>) =>
    http.patch<EnterpriseDetail>(`/api/v1/enterprises/${id(enterpriseId)}`, body),
  archive: (enterpriseId: string) => http.post<EnterpriseDetail>(`/api/v1/enterprises/${id(enterpriseId)}/archive`),
};
