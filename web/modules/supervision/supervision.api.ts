import type { ApiBody, ApiQuery, ApiResponse } from '../../app/api-types.ts';
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

export type OrderList = ApiResponse<'/api/v1/supervision/orders', 'get'>;
export type Order = OrderList['items'][number];
export type ActionList = ApiResponse<'/api/v1/supervision/actions', 'get'>;
export type SupervisionAction = ActionList['items'][number];
export type AccidentList = ApiResponse<'/api/v1/accidents', 'get'>;
export type Accident = AccidentList['items'][number];

export const recordsApi = {
  orders: (q: ApiQuery<'/api/v1/supervision/orders', 'get'>) => http.get<OrderList>('/api/v1/supervision/orders', q),
  order: (id: string) => http.get<Order>(`/api/v1/supervision/orders/${id}`),
  issueOrder: (body: ApiBody<'/api/v1/supervision/orders', 'post'>) =>
    http.post<Order>('/api/v1/supervision/orders', body),
  receiveOrder: (id: string) => http.post<Order>(`/api/v1/supervision/orders/${id}/receive`, {}),
  answerOrder: (id: string, answer: string) => http.post<Order>(`/api/v1/supervision/orders/${id}/answer`, { answer }),
  escalateOrder: (id: string, note: string) => http.post<Order>(`/api/v1/supervision/orders/${id}/escalate`, { note }),
  closeOrder: (id: string, body: ApiBody<'/api/v1/supervision/orders/{id}/close', 'post'>) =>
    http.post<Order>(`/api/v1/supervision/orders/${id}/close`, body),
  actions: (q: ApiQuery<'/api/v1/supervision/actions', 'get'>) =>
    http.get<ActionList>('/api/v1/supervision/actions', q),
  recordAction: (body: ApiBody<'/api/v1/supervision/actions', 'post'>) =>
    http.post<SupervisionAction>('/api/v1/supervision/actions', body),
  followUp: (id: string, followUp: string) =>
    http.post<SupervisionAction>(`/api/v1/supervision/actions/${id}/follow-up`, { followUp }),
  accidents: (q: ApiQuery<'/api/v1/accidents', 'get'>) => http.get<AccidentList>('/api/v1/accidents', q),
  recordAccident: (body: ApiBody<'/api/v1/accidents', 'post'>) => http.post<Accident>('/api/v1/accidents', body),
  investigate: (id: string, body: ApiBody<'/api/v1/accidents/{id}/investigate', 'post'>) =>
    http.post<Accident>(`/api/v1/accidents/${id}/investigate`, body),
  closeAccident: (id: string, body: ApiBody<'/api/v1/accidents/{id}/close', 'post'>) =>
    http.post<Accident>(`/api/v1/accidents/${id}/close`, body),
};
