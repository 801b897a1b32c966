import type {
  CreateWorksInput,
  StoredFile,
  Works,
  WorksDetail,
  WorksList,
  WorksMap,
  WorksNearbySegments,
} from '../../app/api-types.ts';
import { http, withQuery } from '../../app/http.ts';

export type WorksItem = Works;
export type { WorksDetail, WorksMap };
export type WorksInput = CreateWorksInput;
export type NearbySegment = WorksNearbySegments['items'][number];
export type WorksFilters = {
  q?: string;
  regionId?: string;
  status?: 'open' | 'withoutAgreement';
  from?: string;
  to?: string;
};

const base = '/api/v1/works';

export const worksApi = {
  list: (query: WorksFilters & { page: number; pageSize: number }) => http.get<WorksList>(base, query),
  get: (id: string) => http.get<WorksDetail>(`${base}/${id}`),
  create: (body: WorksInput) => http.post<WorksDetail>(base, body),
  update: (id: string, body: WorksInput) => http.put<WorksDetail>(`${base}/${id}`, body),
  addVisit: (
    id: string,
    body: { visitedOn: string; guardianName: string; measuresInPlace: boolean; note?: string | null },
  ) => http.post<WorksDetail>(`${base}/${id}/visits`, body),
  map: (query: WorksFilters = {}) => http.get<WorksMap>(`${base}/map`, query),
  nearby: (place: string) => http.get<WorksNearbySegments>(`${base}/nearby-segments`, { place }),
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return http.upload<StoredFile>('/api/v1/files', form);
  },
  exportUrl: (filters: WorksFilters) => withQuery(`${base}/export`, filters),
  fileUrl: (id: string) => `/api/v1/files/${id}`,
};
