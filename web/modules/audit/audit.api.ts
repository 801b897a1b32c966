import { http } from '../../app/http.ts';
import type { Translate } from '../../app/i18n.ts';

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

/** Who acted, for people: the system's own runs (seeds, the daily escalation) as 系统 / System, not its code name. */
export function actorLabel(e: Pick<AuditEvent, 'actorType' | 'actorName'>, t: Translate): string {
  return e.actorType === 'system' ? t('audit.actorType.system') : e.actorName;
}
