import type { RegionLevel } from '../../../domain/organisation/regions.ts';
import { http } from '../../app/http.ts';

export type Region = {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  level: RegionLevel;
  parentId: string | null;
  path: string;
  /** Archived regions stay listed (regulated records are never deleted) but take no changes. */
  archived?: boolean;
  abilities: { edit: boolean; archive: boolean; addChild: boolean };
};

export type DepartmentKind = 'leading_group' | 'office' | 'department';

export type Department = {
  id: string;
  code: string;
  name: string;
  shortName: string;
  nameEn: string | null;
  kind: DepartmentKind;
};

export type TaskDepartment = { id: string; name: string; shortName: string; nameEn: string | null };

export type PlanTask = {
  ref: string;
  section: string;
  sectionTitle: string;
  sectionTitleEn: string | null;
  title: string;
  titleEn: string | null;
  text: string;
  summaryEn: string | null;
  townshipsImplement: boolean;
  leadDepartments: TaskDepartment[];
  supportDepartments: TaskDepartment[];
};

export type CampaignPhaseCode = 'intensive' | 'consolidation' | 'long_term';

export type Campaign = {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  regionId: string | null;
  phases: {
    id: string;
    code: CampaignPhaseCode;
    name: string;
    nameEn: string | null;
    startsOn: string;
    endsOn: string | null;
  }[];
};

export type CampaignPatch = {
  name?: string;
  nameEn?: string;
  phases?: { code: CampaignPhaseCode; name: string; nameEn?: string; startsOn: string; endsOn: string | null }[];
};

export const organisationApi = {
  regions: () => http.get<Region[]>('/api/v1/regions'),
  createRegion: (body: { parentId: string; code: string; name: string; nameEn?: string }) =>
    http.post<Region>('/api/v1/regions', body),
  updateRegion: (id: string, body: { name?: string; nameEn?: string }) =>
    http.patch<Region>(`/api/v1/regions/${encodeURIComponent(id)}`, body),
  archiveRegion: (id: string) => http.post<Region>(`/api/v1/regions/${encodeURIComponent(id)}/archive`),
  departments: () => http.get<Department[]>('/api/v1/departments'),
  /** Every task of the plan (45), or those of one area such as '三(一)'. */
  planTasks: (section?: string) => http.get<PlanTask[]>('/api/v1/plan/tasks', { section }),
  campaigns: () => http.get<Campaign[]>('/api/v1/campaigns'),
  updateCampaign: (id: string, body: CampaignPatch) =>
    http.patch<Campaign>(`/api/v1/campaigns/${encodeURIComponent(id)}`, body),
};
