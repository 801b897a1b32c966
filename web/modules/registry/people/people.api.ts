import type { PersonKind } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import type {
  ApiBody,
  Person as ApiPerson,
  PersonDetail as ApiPersonDetail,
  TrainingRecord as ApiTrainingRecord,
  PersonList,
  TrainingRecordList,
} from '../../../app/api-types.ts';

export type Ref = { id: string; name: string };

export type Person = ApiPerson;

export type PersonDetail = ApiPersonDetail;

export type TrainingRecord = ApiTrainingRecord;

export type PersonFilters = {
  kind?: PersonKind;
  enterpriseId?: string;
  venueId?: string;
  departmentId?: string;
  regionId?: string;
  mayInspect?: boolean;
  q?: string;
  archived?: boolean;
};

export type PersonInput = ApiBody<'/api/v1/people', 'post'>;

export type TrainingInput = ApiBody<'/api/v1/people/{id}/training-records', 'post'>;

const base = '/api/v1/people';

export const peopleApi = {
  list: (query: PersonFilters & { page: number; pageSize: number }) => http.get<PersonList>(base, query),
  /** Inspectors; eligible: only those who may inspect (先培训、后排查). */
  inspectors: (query: { eligible?: boolean; q?: string; page: number; pageSize: number }) =>
    http.get<PersonList>(`${base}/inspectors`, query),
  get: (id: string) => http.get<PersonDetail>(`${base}/${id}`),
  create: (body: PersonInput) => http.post<PersonDetail>(base, body),
  update: (id: string, body: Partial<PersonInput>) => http.patch<PersonDetail>(`${base}/${id}`, body),
  archive: (id: string) => http.post<PersonDetail>(`${base}/${id}/archive`),
  training: (id: string) => http.get<TrainingRecordList>(`${base}/${id}/training-records`),
  addTraining: (id: string, body: TrainingInput) => http.post<TrainingRecord>(`${base}/${id}/training-records`, body),
};
