import type { ApiQuery, ApiResponse } from '../../../app/api-types.ts';
import { http, withQuery } from '../../../app/http.ts';

export type MonthlySelfQuery = ApiQuery<'/api/v1/inspections/cadence/monthly-self', 'get'>;
export type MonthlySelfList = ApiResponse<'/api/v1/inspections/cadence/monthly-self', 'get'>;
export type MonthlySelfRow = MonthlySelfList['items'][number] & { id: string };
export type UserInspectionsQuery = ApiQuery<'/api/v1/inspections/cadence/user-inspections', 'get'>;
export type UserInspectionsList = ApiResponse<'/api/v1/inspections/cadence/user-inspections', 'get'>;
export type UserInspectionRow = UserInspectionsList['items'][number] & { id: string };

/** 月度自查 and 入户安检 cadence lists (issue 10, 15) and their .xlsx exports. */
export const cadenceApi = {
  monthlySelf: async (q: MonthlySelfQuery): Promise<Omit<MonthlySelfList, 'items'> & { items: MonthlySelfRow[] }> => {
    const l = await http.get<MonthlySelfList>('/api/v1/inspections/cadence/monthly-self', q);
    // Keyed by venue (the list table's row key).
    return { ...l, items: l.items.map((r) => ({ ...r, id: r.venueId })) };
  },
  monthlySelfExportUrl: (q: Omit<MonthlySelfQuery, 'page' | 'pageSize'>) =>
    withQuery('/api/v1/inspections/cadence/monthly-self/export', q),
  userInspections: async (
    q: UserInspectionsQuery,
  ): Promise<Omit<UserInspectionsList, 'items'> & { items: UserInspectionRow[] }> => {
    const l = await http.get<UserInspectionsList>('/api/v1/inspections/cadence/user-inspections', q);
    return { ...l, items: l.items.map((r) => ({ ...r, id: r.venueId })) };
  },
  userInspectionsExportUrl: (q: Omit<UserInspectionsQuery, 'page' | 'pageSize'>) =>
    withQuery('/api/v1/inspections/cadence/user-inspections/export', q),
};
