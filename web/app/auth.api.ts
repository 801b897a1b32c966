import type { ScopeType } from '../../domain/access/roles.ts';
import { http } from './http.ts';

export type MeRole = { role: string; scopeType: ScopeType; scopeId: string | null; scopeName: string | null };

/** The signed-in user, as /api/v1/auth/me answers. */
export type Me = {
  id: string;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  machine: boolean;
  roles: MeRole[];
  permissions: string[];
};

export const authApi = {
  login: (body: { username: string; password: string }) => http.post<{ user: Me }>('/api/v1/auth/login', body),
  me: () => http.get<{ user: Me }>('/api/v1/auth/me'),
  logout: () => http.post<void>('/api/v1/auth/logout'),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    http.post<void>('/api/v1/auth/password', body),
};
