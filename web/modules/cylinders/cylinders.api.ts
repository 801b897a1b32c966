import type { ApiBody, ApiQuery, ApiResponse } from '../../app/api-types.ts';
import { http } from '../../app/http.ts';

export type Cylinder = ApiResponse<'/api/v1/cylinders/{code}', 'get'>;
export type CylinderList = ApiResponse<'/api/v1/cylinders', 'get'>;
export type CylinderListQuery = ApiQuery<'/api/v1/cylinders', 'get'>;
export type CylinderEvent = ApiResponse<'/api/v1/cylinders/{code}/events', 'get'>['items'][number];
export type Refusals = ApiResponse<'/api/v1/filling/refusals', 'get'>;
export type RefusalsQuery = ApiQuery<'/api/v1/filling/refusals', 'get'>;
export type AnomalyList = ApiResponse<'/api/v1/cylinder-anomalies', 'get'>;
export type AnomalyQuery = ApiQuery<'/api/v1/cylinder-anomalies', 'get'>;
export type Anomaly = AnomalyList['items'][number];
export type BlacklistEntry = ApiResponse<'/api/v1/cylinder-blacklist', 'get'>['items'][number];
export type Recall = ApiResponse<'/api/v1/cylinder-blacklist/{id}/recall', 'get'>;
export type FillList = ApiResponse<'/api/v1/filling/records', 'get'>;
export type FillListQuery = ApiQuery<'/api/v1/filling/records', 'get'>;
export type FillListItem = FillList['items'][number];
export type PublicCylinder = ApiResponse<'/api/v1/public/cylinders/{code}', 'get'>;

const path = (code: string) => `/api/v1/cylinders/${encodeURIComponent(code)}`;

export const cylindersApi = {
  list: (q: CylinderListQuery) => http.get<CylinderList>('/api/v1/cylinders', q),
  get: (code: string) => http.get<Cylinder>(path(code)),
  timeline: (code: string) => http.get<ApiResponse<'/api/v1/cylinders/{code}/events', 'get'>>(`${path(code)}/events`),
  anomalies: (q: AnomalyQuery) => http.get<AnomalyList>('/api/v1/cylinder-anomalies', q),
  /** 充装记录: fills and refusals of the stations in scope (the export takes the same filters). */
  fills: (q: FillListQuery) => http.get<FillList>('/api/v1/filling/records', q),
  refusals: (q: RefusalsQuery) => http.get<Refusals>('/api/v1/filling/refusals', q),
  /** The public page's facts (no sign-in, nothing personal). */
  publicLookup: (code: string) => http.get<PublicCylinder>(`/api/v1/public/cylinders/${encodeURIComponent(code)}`),
  seize: (body: ApiBody<'/api/v1/cylinder-seizures', 'post'>) => http.post<unknown>('/api/v1/cylinder-seizures', body),
  blacklist: () => http.get<ApiResponse<'/api/v1/cylinder-blacklist', 'get'>>('/api/v1/cylinder-blacklist'),
  addToBlacklist: (body: ApiBody<'/api/v1/cylinder-blacklist', 'post'>) =>
    http.post<BlacklistEntry>('/api/v1/cylinder-blacklist', body),
  removeFromBlacklist: (id: string, body: ApiBody<'/api/v1/cylinder-blacklist/{id}/remove', 'post'>) =>
    http.post<BlacklistEntry>(`/api/v1/cylinder-blacklist/${encodeURIComponent(id)}/remove`, body),
  recall: (id: string, q: { page: number; pageSize: number }) =>
    http.get<Recall>(`/api/v1/cylinder-blacklist/${encodeURIComponent(id)}/recall`, q),
  labelsUrl: '/api/v1/cylinders/labels.pdf',
};
