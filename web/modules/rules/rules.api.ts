import type { ApiBody, ApiResponse } from '../../app/api-types.ts';
import { http } from '../../app/http.ts';

export type LimitsOverview = ApiResponse<'/api/v1/rules/limits', 'get'>;
export type LimitVersion = LimitsOverview['current'];
export type CreateLimitVersion = ApiBody<'/api/v1/rules/limits/versions', 'post'>;

export const rulesApi = {
  overview: () => http.get<LimitsOverview>('/api/v1/rules/limits'),
  createVersion: (body: CreateLimitVersion) => http.post<LimitVersion>('/api/v1/rules/limits/versions', body),
};
