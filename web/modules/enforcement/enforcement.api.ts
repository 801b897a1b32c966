import type {
  ApiBody,
  ApiQuery,
  ApiResponse,
  BlackSite,
  BlacklistEntry,
  EnforcementCase,
  EnforcementFigures,
  Referral,
  TypicalCases,
} from '../../app/api-types.ts';
import { http, withQuery } from '../../app/http.ts';

export type { BlackSite, BlacklistEntry, EnforcementCase, EnforcementFigures, Referral, TypicalCases };
export type CaseList = ApiResponse<'/api/v1/cases', 'get'>;
export type CaseListQuery = ApiQuery<'/api/v1/cases', 'get'>;
export type OpenCase = ApiBody<'/api/v1/cases', 'post'>;
export type DecideCase = ApiBody<'/api/v1/cases/{id}/decide', 'post'>;
export type CaseMeasure = DecideCase['measures'][number];
export type ReferralList = ApiResponse<'/api/v1/referrals', 'get'>;
export type ReferralListQuery = ApiQuery<'/api/v1/referrals', 'get'>;
export type SendReferral = ApiBody<'/api/v1/referrals', 'post'>;
export type AddToBlacklist = ApiBody<'/api/v1/blacklist', 'post'>;
export type BlackSiteList = ApiResponse<'/api/v1/black-sites', 'get'>;
export type BlackSiteListQuery = ApiQuery<'/api/v1/black-sites', 'get'>;
export type OpenBlackSite = ApiBody<'/api/v1/black-sites', 'post'>;
export type StrikeBlackSite = ApiBody<'/api/v1/black-sites/{id}/strike', 'post'>;
export type CloseBlackSite = ApiBody<'/api/v1/black-sites/{id}/close', 'post'>;
export type FiguresQuery = ApiQuery<'/api/v1/enforcement/figures', 'get'>;
export type CaseFilters = Omit<CaseListQuery, 'page' | 'pageSize'>;

export const enforcementApi = {
  cases: (query: Partial<CaseListQuery>) => http.get<CaseList>('/api/v1/cases', query),
  exportUrl: (filters: CaseFilters) => withQuery('/api/v1/cases/export', filters),
  getCase: (id: string) => http.get<EnforcementCase>(`/api/v1/cases/${id}`),
  openCase: (body: OpenCase) => http.post<EnforcementCase>('/api/v1/cases', body),
  decide: (id: string, body: DecideCase) => http.post<EnforcementCase>(`/api/v1/cases/${id}/decide`, body),
  close: (id: string, note: string) => http.post<EnforcementCase>(`/api/v1/cases/${id}/close`, { note }),
  publish: (id: string, summary: string) => http.post<EnforcementCase>(`/api/v1/cases/${id}/publish`, { summary }),
  documentUrl: (id: string, kind: 'correction-order' | 'penalty-decision') => `/api/v1/cases/${id}/documents/${kind}`,
  figures: (query: Partial<FiguresQuery>) => http.get<EnforcementFigures>('/api/v1/enforcement/figures', query),
  typical: () => http.get<TypicalCases>('/api/v1/public/typical-cases'),

  referrals: (query: Partial<ReferralListQuery>) => http.get<ReferralList>('/api/v1/referrals', query),
  sendReferral: (body: SendReferral) => http.post<Referral>('/api/v1/referrals', body),
  referralStep: (id: string, step: 'receive' | 'act', note?: string) =>
    http.post<Referral>(`/api/v1/referrals/${id}/${step}`, note ? { note } : {}),
  answerReferral: (id: string, answer: string) => http.post<Referral>(`/api/v1/referrals/${id}/answer`, { answer }),

  blacklist: (query: { active?: 'true' | 'false'; subjectType?: 'enterprise' | 'person' } = {}) =>
    http.get<BlacklistEntry[]>('/api/v1/blacklist', query),
  addToBlacklist: (body: AddToBlacklist) => http.post<BlacklistEntry>('/api/v1/blacklist', body),
  removeFromBlacklist: (id: string, reason: string) =>
    http.post<BlacklistEntry>(`/api/v1/blacklist/${id}/remove`, { reason }),
  blacklistFlags: (enterpriseIds: string[]) =>
    http.get<{ enterpriseIds: string[] }>('/api/v1/blacklist/flags', { enterpriseIds: enterpriseIds.join(',') }),

  blackSites: (query: Partial<BlackSiteListQuery>) => http.get<BlackSiteList>('/api/v1/black-sites', query),
  blackSite: (id: string) => http.get<BlackSite>(`/api/v1/black-sites/${id}`),
  openBlackSite: (body: OpenBlackSite) => http.post<BlackSite>('/api/v1/black-sites', body),
  strike: (id: string, body: StrikeBlackSite) => http.post<BlackSite>(`/api/v1/black-sites/${id}/strike`, body),
  closeBlackSite: (id: string, body: CloseBlackSite) => http.post<BlackSite>(`/api/v1/black-sites/${id}/close`, body),
};
