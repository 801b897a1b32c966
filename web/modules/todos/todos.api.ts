import type { ApiResponse } from '../../app/api-types.ts';
import { http } from '../../app/http.ts';

export type Todos = ApiResponse<'/api/v1/todos', 'get'>;
export type NotificationList = ApiResponse<'/api/v1/notifications', 'get'>;
export type NotificationSettings = ApiResponse<'/api/v1/notifications/settings', 'get'>;
export type Deliveries = ApiResponse<'/api/v1/notification-channels/{id}/deliveries', 'get'>;
export type Channel = ApiResponse<'/api/v1/notification-channels', 'put'>;

export const todosApi = {
  todos: () => http.get<Todos>('/api/v1/todos'),
  notifications: (unread: boolean, page = 1) =>
    http.get<NotificationList>('/api/v1/notifications', { unread: unread ? 'true' : undefined, page, pageSize: 50 }),
  markRead: (id: string) => http.post<void>(`/api/v1/notifications/${id}/read`),
  markAllRead: () => http.post<{ marked: number }>('/api/v1/notifications/read-all'),
  settings: () => http.get<NotificationSettings>('/api/v1/notifications/settings'),
  mute: (mutedKinds: string[]) => http.put<NotificationSettings>('/api/v1/notifications/settings', { mutedKinds }),
  putChannel: (body: Record<string, unknown>) => http.put<Channel>('/api/v1/notification-channels', body),
  deliveries: (id: string) => http.get<Deliveries>(`/api/v1/notification-channels/${id}/deliveries`),
  testChannel: (id: string) => http.post<Deliveries>(`/api/v1/notification-channels/${id}/test`),
  approve: (id: string) => http.post<unknown>(`/api/v1/registry-changes/${id}/approve`, {}),
  reject: (id: string, note: string) => http.post<unknown>(`/api/v1/registry-changes/${id}/reject`, { note }),
};
