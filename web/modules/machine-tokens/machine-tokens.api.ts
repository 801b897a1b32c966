import type { ScopeType } from '../../../domain/access/roles.ts';
import { http } from '../../app/http.ts';
import type { GrantInput } from '../users/index.ts';

export type MachineToken = {
  id: string;
  name: string;
  role: string;
  scopeType: ScopeType;
  scopeId: string | null;
  /** The enterprise's or venue's name for such a scope. */
  scopeName: string | null;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type IssueMachineTokenBody = GrantInput & { name: string; expiresAt?: string };

export const machineTokensApi = {
  list: () => http.get<MachineToken[]>('/api/v1/machine-tokens'),
  /** The secret is in this answer only: the server keeps a hash. */
  issue: (body: IssueMachineTokenBody) =>
    http.post<{ token: MachineToken; secret: string }>('/api/v1/machine-tokens', body),
  revoke: (id: string) => http.post<MachineToken>(`/api/v1/machine-tokens/${encodeURIComponent(id)}/revoke`),
};
