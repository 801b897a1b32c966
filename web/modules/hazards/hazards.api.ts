import type { VerificationMethod } from '../../../domain/hazards/index.ts';
import type { ApiBody, ApiQuery, ApiResponse, Hazard, HazardListItem } from '../../app/api-types.ts';
import { http, withQuery } from '../../app/http.ts';

// The types come from the server's OpenAPI document (web/app/api-types.ts, `npm run api:types`).
export type { Hazard, HazardListItem };

type ListQuery = ApiQuery<'/api/v1/hazards', 'get'>;
export type HazardSource = HazardListItem['source'];
/** Every order the ledger accepts (the server's enum, 'number' included). */
export type HazardSort = NonNullable<ListQuery['sort']>;
export type CampaignPhaseCode = NonNullable<ListQuery['phase']>;

/** The ledger's filters as the address carries them (the level as '1' or '2'). */
export type HazardFilters = Omit<ListQuery, 'sort' | 'cursor' | 'page' | 'pageSize' | 'level'> & {
  /** Escalation level: 1 township and department, 2 the campaign office. */
  level?: '1' | '2';
};

export type HazardEvent = Hazard['timeline'][number];
export type HazardAbilities = Hazard['abilities'];
export type HazardList = ApiResponse<'/api/v1/hazards', 'get'>;
export type HazardImportReport = ApiResponse<'/api/v1/hazards/import', 'post'>;
/** PATCH /api/v1/hazards/:id: a moved deadline needs a reason. */
export type HazardChanges = ApiBody<'/api/v1/hazards/{id}', 'patch'>;
export type EscalationRun = ApiResponse<'/api/v1/hazards/escalations/run', 'post'>;
export type FollowUpRequest = ApiBody<'/api/v1/hazards/follow-ups/schedule', 'post'>;
export type FollowUpResult = ApiResponse<'/api/v1/hazards/follow-ups/schedule', 'post'>;

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
  /** 重大事故隐患治理方案: records or revises a major hazard's treatment plan. */
  treatmentPlan: (id: string, body: ApiBody<'/api/v1/hazards/{id}/treatment-plan', 'put'>) =>
    http.put<Hazard>(`/api/v1/hazards/${id}/treatment-plan`, body),
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
