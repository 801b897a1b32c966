import type { ScopeType } from '../../../domain/access/roles.ts';
import { http } from '../../app/http.ts';

export type Grant = {
  id: string;
  role: string;
  scopeType: ScopeType;
  scopeId: string | null;
  scopeName: string | null;
};

export type UserStatus = 'active' | 'disabled';

export type User = {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  status: UserStatus;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  grants: Grant[];
};

/** A grant as the API takes it: the scope's id goes in the field named after its type. */
export type GrantInput = {
  role: string;
  scopeType: ScopeType;
  regionId?: string;
  departmentId?: string;
  enterpriseId?: string;
  venueId?: string;
};

export type UserQuery = { q?: string; status?: UserStatus; page: number; pageSize: number };

const userPath = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;

export const usersApi = {
  list: (query: UserQuery) => http.get<{ items: User[]; total: number }>('/api/v1/users', query),
  get: (id: string) => http.get<User>(userPath(id)),
  create: (body: { username: string; displayName: string; phone?: string; password: string; grants: GrantInput[] }) =>
    http.post<User>('/api/v1/users', body),
  update: (id: string, body: { displayName?: string; phone?: string | null; status?: UserStatus }) =>
    http.patch<User>(userPath(id), body),
  setGrants: (id: string, grants: GrantInput[]) => http.put<User>(`${userPath(id)}/grants`, { grants }),
  resetPassword: (id: string, password: string) => http.post<void>(`${userPath(id)}/reset-password`, { password }),
};
