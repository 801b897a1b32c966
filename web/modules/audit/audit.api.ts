import { http } from '../../app/http.ts';

export type AuditEvent = {
  seq: number;
  at: string;
  actorType: string;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
  hash: string;
};

export type AuditQuery = { action?: string; subjectType?: string; subjectId?: string; before?: number; limit?: number };

export const auditApi = {
  /** Newest first; pass the answer's nextBefore as `before` for the next page. */
  list: (query: AuditQuery) => http.get<{ items: AuditEvent[]; nextBefore: number | null }>('/api/v1/audit', query),
};
