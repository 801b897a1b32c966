import { http, withQuery } from '../../app/http.ts';
import { isMessageKey, type Translate } from '../../app/i18n.ts';

export type AuditEvent = {
  seq: number;
  at: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  /** A readable name of the subject (hazard number, venue name …) where the trail records one. */
  subjectLabel: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
  hash: string;
};

export type AuditQuery = {
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** Who acted (a user's id). */
  actorId?: string;
  /** China days 'YYYY-MM-DD', both included. */
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
};

/** A person to filter by: id and display name. */
export type AuditActorOption = { id: string; displayName: string; username: string };

export const auditApi = {
  /** Newest first; pass the answer's nextBefore as `before` for the next page. */
  list: (query: AuditQuery) => http.get<{ items: AuditEvent[]; nextBefore: number | null }>('/api/v1/audit', query),
  /** The filtered list as .xlsx (the same filters and scope; paging ignored). */
  exportUrl: (query: Omit<AuditQuery, 'before' | 'limit'>) => withQuery('/api/v1/audit/export', query),
  /** People by name, for the actor filter. */
  people: (q: string) =>
    http.get<{ items: AuditActorOption[]; total: number }>('/api/v1/users', { q, page: 1, pageSize: 20 }),
};

/** Who acted, for people: the system's own runs (seeds, the daily escalation) as 系统 / System, not its code name. */
export function actorLabel(e: Pick<AuditEvent, 'actorType' | 'actorName'>, t: Translate): string {
  return e.actorType === 'system' ? t('audit.actorType.system') : e.actorName;
}

/** An audit code's text (操作 / 对象类型), or the code itself when it has none. */
export function codeLabel(t: Translate, prefix: 'auditAction' | 'auditSubject' | 'audit.actorType', code: string) {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

/** The subject for people: its type in Chinese and, where the trail names it, its name or number — never its UUID. */
export function subjectText(e: Pick<AuditEvent, 'subjectType' | 'subjectLabel'>, t: Translate): string {
  const type = codeLabel(t, 'auditSubject', e.subjectType);
  return e.subjectLabel ? `${type} ${e.subjectLabel}` : type;
}
