import type { ApiQuery, ApiResponse } from '../../app/api-types.ts';
import { http } from '../../app/http.ts';

export type Cylinder = ApiResponse<'/api/v1/cylinders/{code}', 'get'>;
export type CylinderList = ApiResponse<'/api/v1/cylinders', 'get'>;
export type CylinderListQuery = ApiQuery<'/api/v1/cylinders', 'get'>;
export type CylinderEvent = ApiResponse<'/api/v1/cylinders/{code}/events', 'get'>['items'][number];
export type Refusals = ApiResponse<'/api/v1/filling/refusals', 'get'>;
export type RefusalsQuery = ApiQuery<'/api/v1/filling/refusals', 'get'>;
export type PublicCylinder = ApiResponse<'/api/v1/public/cylinders/{code}', 'get'>;

const path = (code: string) => `/api/v1/cylinders/${encodeURIComponent(code)}`;

export const cylindersApi = {
  list: (q: CylinderListQuery) => http.get<CylinderList>('/api/v1/cylinders', q),
  get: (code: string) => http.get<Cylinder>(path(code)),
  timeline: (code: string) => http.get<ApiResponse<'/api/v1/cylinders/{code}/events', 'get'>>(`${path(code)}/events`),
  refusals: (q: RefusalsQuery) => http.get<Refusals>('/api/v1/filling/refusals', q),
  /** The public page's facts (no sign-in, nothing personal). */
  publicLookup: (code: string) => http.get<PublicCylinder>(`/api/v1/public/cylinders/${encodeURIComponent(code)}`),
  labelsUrl: '/api/v1/cylinders/labels.pdf',
};
