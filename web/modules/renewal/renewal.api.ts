import { http, withQuery } from '../../app/http.ts';
import type {
  ApiBody,
  RenewalCandidate,
  RenewalCandidateList,
  RenewalFigures,
  RenewalProject,
  RenewalProjectDetail,
  RenewalProjectList,
} from '../../app/api-types.ts';
import type { ProjectStatus } from '../../../domain/renewal/projects.ts';
import type { CandidateReason } from '../../../domain/renewal/candidates.ts';

export type Candidate = RenewalCandidate;
export type CandidateList = RenewalCandidateList;
export type CandidateFilters = { regionId?: string; operatorId?: string; reason?: CandidateReason };

const base = '/api/v1/renewal/candidates';

export const renewalApi = {
  candidates: (query: CandidateFilters & { page: number; pageSize: number }) => http.get<CandidateList>(base, query),
  exportUrl: (filters: CandidateFilters) => withQuery(`${base}/export`, filters),
};

export type Project = RenewalProject;
export type ProjectDetail = RenewalProjectDetail;
export type Figures = RenewalFigures;
export type ProjectInput = ApiBody<'/api/v1/renewal/projects', 'post'>;
export type ProjectPatch = ApiBody<'/api/v1/renewal/projects/{id}', 'patch'>;
export type ProgressInput = ApiBody<'/api/v1/renewal/projects/{id}/progress', 'post'>;
export type ProjectFilters = {
  regionId?: string;
  operatorId?: string;
  planYear?: number;
  status?: ProjectStatus;
  behindSchedule?: 'true' | 'false';
  q?: string;
};

const projects = '/api/v1/renewal/projects';

export const projectsApi = {
  list: (query: ProjectFilters & { page: number; pageSize: number }) => http.get<RenewalProjectList>(projects, query),
  get: (id: string) => http.get<ProjectDetail>(`${projects}/${id}`),
  create: (body: ProjectInput) => http.post<ProjectDetail>(projects, body),
  update: (id: string, body: ProjectPatch) => http.patch<ProjectDetail>(`${projects}/${id}`, body),
  report: (id: string, body: ProgressInput) => http.post<ProjectDetail>(`${projects}/${id}/progress`, body),
  exportUrl: (filters: ProjectFilters) => withQuery(`${projects}/export`, filters),
  figures: (planYear?: number) => http.get<Figures>('/api/v1/renewal/figures', planYear ? { planYear } : {}),
  figuresExportUrl: (planYear?: number) => withQuery('/api/v1/renewal/figures/export', planYear ? { planYear } : {}),
  setTarget: (year: number, targetKm: number) =>
    http.put<{ year: number; targetKm: number }>(`/api/v1/renewal/targets/${year}`, { targetKm }),
};
