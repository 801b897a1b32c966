import { http } from '../../app/http.ts';
import type { CampaignPhaseCode } from '../organisation/index.ts';

export type Overview = {
  regions: number;
  departments: number;
  tasks: number;
  /** null when the caller may not read users. */
  users: number | null;
  campaign: {
    id: string;
    name: string;
    nameEn: string | null;
    phases: {
      code: CampaignPhaseCode;
      name: string;
      nameEn: string | null;
      startsOn: string;
      endsOn: string | null;
      current: boolean;
    }[];
  } | null;
  tasksBySection: { section: string; sectionTitle: string; sectionTitleEn: string | null; count: number }[];
};

export const overviewApi = {
  get: () => http.get<Overview>('/api/v1/overview'),
};
