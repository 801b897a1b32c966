import type { HazardEventType, HazardState, Severity, VerificationMethod } from '../../../domain/hazards/index.ts';
import type { InspectionObjectType } from '../../../domain/inspections/inspections.ts';
import { http, withQuery } from '../../app/http.ts';

// Mirrors server/modules/hazards/hazards.schemas.ts (the OpenAPI document is the truth).

export type HazardSource = 'inspection' | 'manual' | 'tip' | 'alarm' | 'import';
export type HazardSort = 'deadline' | '-deadline' | 'foundOn' | '-foundOn' | 'severity';
export type CampaignPhaseCode = 'intensive' | 'consolidation' | 'long_term';

export type HazardFilters = {
  regionId?: string;
  departmentId?: string;
  /** Comma-separated states. */
  status?: string;
  severity?: Severity;
  overdue?: 'true' | 'false';
  objectType?: InspectionObjectType;
  objectId?: string;
  itemId?: string;
  planRef?: string;
  source?: HazardSource;
  rebound?: 'true' | 'false';
  escalated?: 'true' | 'false';
  /** Escalation level: 1 township and department, 2 the campaign office. */
  level?: '1' | '2';
  followUp?: 'true' | 'false';
  phase?: CampaignPhaseCode;
  from?: string;
  to?: string;
  q?: string;
};

export type HazardEvent = {
  id: string;
  event: string;
  fromStatus: HazardState | null;
  toStatus: HazardState | null;
  actorId: string | null;
  actorName: string;
  note: string | null;
  photoIds: string[];
  reason: string | null;
  details: Record<string, unknown> | null;
  auditSeq: number | null;
  at: string;
};

export type HazardListItem = {
  id: string;
  number: string;
  objectType: InspectionObjectType;
  objectId: string;
  objectName: string;
  objectAddress: string;
  objectKind: string;
  regionId: string;
  /** 所属乡镇: the township the object lies in. */
  regionName: string | null;
  /** The community (社区/嘎查) when the object is registered in one. */
  communityName: string | null;
  ownerEnterpriseId: string | null;
  source: HazardSource;
  sourceInspectionId: string | null;
  sourceRef: string | null;
  itemId: string | null;
  itemText: string | null;
  planRef: string | null;
  basis: string | null;
  severity: Severity;
  description: string;
  photoIds: string[];
  departmentId: string | null;
  departmentName: string | null;
  responsibleParty: string;
  responsiblePersonId: string | null;
  responsiblePersonName: string | null;
  responsiblePhone: string | null;
  foundOn: string;
  deadline: string;
  interimControl: string | null;
  interimControlMissing: boolean;
  rectification: string | null;
  status: HazardState;
  submittedAt: string | null;
  closedAt: string | null;
  closedOn: string | null;
  overdue: boolean;
  daysOverdue: number;
  reboundOfHazardId: string | null;
  escalationLevel: number;
  escalatedAt: string | null;
  followUpDueOn: string | null;
  createdAt: string;
  updatedAt: string;
};

export type HazardAbilities = Record<HazardEventType | 'edit' | 'suspendSupply', boolean>;

export type Hazard = HazardListItem & { timeline: HazardEvent[]; abilities: HazardAbilities };

export type HazardList = {
  items: HazardListItem[];
  nextCursor: string | null;
  total: number | null;
  page: number | null;
  pageSize: number;
};

export type HazardImportReport = {
  total: number;
  valid: number;
  created: number;
  skipped: number;
  errors: { line: number; column: string | null; message: string }[];
  errorCount: number;
  ignoredColumns: string[];
  dryRun: boolean;
  mode: 'strict' | 'clean_only';
};

/** PATCH /api/v1/hazards/:id: a moved deadline needs a reason. */
export type HazardChanges = {
  responsibleParty?: string;
  responsiblePersonId?: string | null;
  responsiblePersonName?: string | null;
  responsiblePhone?: string | null;
  deadline?: string;
  reason?: string;
};

export type EscalationRun = { today: string; examined: number; escalated: number; level1: number; level2: number };

export type FollowUpRequest = {
  phase?: CampaignPhaseCode;
  from?: string;
  to?: string;
  /** 0–1; the configured share when absent. */
  share?: number;
  dueOn?: string;
  regionId?: string;
};

export type FollowUpResult = {
  seed: string;
  share: number;
  from: string;
  to: string;
  closedConsidered: number;
  selected: number;
  major: number;
  alreadyScheduled: number;
  scheduled: { hazardId: string; number: string; severity: Severity; inspectionId: string }[];
  dueOn: string;
};

export const hazardsApi = {
  list: (filters: HazardFilters & { sort?: HazardSort; page?: number; pageSize?: number; cursor?: string }) =>
    http.get<HazardList>('/api/v1/hazards', filters),
  get: (id: string) => http.get<Hazard>(`/api/v1/hazards/${id}`),
  update: (id: string, changes: HazardChanges) => http.patch<Hazard>(`/api/v1/hazards/${id}`, changes),
  startRectification: (id: string, note?: string) =>
    http.post<Hazard>(`/api/v1/hazards/${id}/start-rectification`, note ? { note } : {}),
  submit: (id: string, body: { note?: string; photoIds?: string[] }) =>
    http.post<Hazard>(`/api/v1/hazards/${id}/submit`, body),
  verify: (id: string, body: { method: VerificationMethod; note?: string }) =>
    http.post<Hazard>(`/api/v1/hazards/${id}/verify`, body),
  sendBack: (id: string, reason: string) => http.post<Hazard>(`/api/v1/hazards/${id}/send-back`, { reason }),
  interimControl: (id: string, measure: string) =>
    http.post<Hazard>(`/api/v1/hazards/${id}/interim-control`, { measure }),
  suspendSupply: (id: string, body: { reason: string; refusesRectification: boolean }) =>
    http.post<Hazard>(`/api/v1/hazards/${id}/suspend-supply`, body),
  exportUrl: (filters: HazardFilters & { sort?: HazardSort }) => withQuery('/api/v1/hazards/export', filters),
  noticePdfUrl: (id: string) => `/api/v1/hazards/${id}/notice.pdf`,
  escalations: (filters: HazardFilters & { sort?: HazardSort; page?: number; pageSize?: number }) =>
    http.get<HazardList>('/api/v1/hazards/escalations', filters),
  /** The daily overdue run, by hand, over the hazards the caller manages. */
  runEscalation: () => http.post<EscalationRun>('/api/v1/hazards/escalations/run'),
  /** 回头看: samples closed hazards of a period and plans their follow-up inspections. */
  scheduleFollowUps: (body: FollowUpRequest) => http.post<FollowUpResult>('/api/v1/hazards/follow-ups/schedule', body),
  /** A strict import refused for bad rows answers 4xx with the report in the error's details. */
  importLedger: (file: File, options: { dryRun: boolean; mode: 'strict' | 'clean_only' }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http.upload<HazardImportReport>('/api/v1/hazards/import', form, {
      dryRun: String(options.dryRun),
      mode: options.mode,
    });
  },
};
