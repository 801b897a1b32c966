import type { ApiResponse } from '../../app/api-types.ts';
import { http } from '../../app/http.ts';

export type Dashboard = ApiResponse<'/api/v1/dashboard', 'get'>;
export type BulletinList = ApiResponse<'/api/v1/bulletins', 'get'>;
export type RiskList = ApiResponse<'/api/v1/risk/objects', 'get'>;

export const supervisionApi = {
  dashboard: () => http.get<Dashboard>('/api/v1/dashboard'),
  bulletins: (page = 1) => http.get<BulletinList>('/api/v1/bulletins', { page, pageSize: 10 }),
  issueBulletin: () => http.post<{ id: string; issue: number }>('/api/v1/bulletins', {}),
  dueList: () => http.get<RiskList>('/api/v1/risk/objects', { due: 'true', pageSize: 10 }),
};
