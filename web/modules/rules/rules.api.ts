import type { ApiBody, ApiResponse } from '../../app/api-types.ts';
import { http } from '../../app/http.ts';

export type LimitsOverview = ApiResponse<'/api/v1/rules/limits', 'get'>;
export type LimitVersion = LimitsOverview['current'];
export type CreateLimitVersion = ApiBody<'/api/v1/rules/limits/versions', 'post'>;

export type BannedProduct = ApiResponse<'/api/v1/rules/banned-products', 'get'>['items'][number];
export type CreateBannedProduct = ApiBody<'/api/v1/rules/banned-products', 'post'>;
export type UpdateBannedProduct = ApiBody<'/api/v1/rules/banned-products/{id}', 'patch'>;

export const rulesApi = {
  bannedProducts: () => http.get<{ items: BannedProduct[] }>('/api/v1/rules/banned-products'),
  createBannedProduct: (body: CreateBannedProduct) => http.post<BannedProduct>('/api/v1/rules/banned-products', body),
  updateBannedProduct: (id: string, body: UpdateBannedProduct) =>
    http.patch<BannedProduct>(`/api/v1/rules/banned-products/${id}`, body),
  overview: () => http.get<LimitsOverview>('/api/v1/rules/limits'),
  createVersion: (body: CreateLimitVersion) => http.post<LimitVersion>('/api/v1/rules/limits/versions', body),
};
