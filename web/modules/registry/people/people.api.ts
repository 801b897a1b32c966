import type { PersonKind } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';

export type Ref = { id: string; name: string };

export type Person = {
  id: string;
  name: string;
  kind: PersonKind;
  phone: string;
  enterpriseId: string | null;
  enterprise: (Ref & { creditCode: string }) | null;
  venueId: string | null;
  venue: (Ref & { address: string }) | null;
  departmentId: string | null;
  department: Ref | null;
  regionId: string;
  region: Ref;
  certificateNumber: string | null;
  certificateExpiresOn: string | null;
  certificateExpired: boolean;
  assessmentPassedOn: string | null;
  userId: string | null;
  mayInspect: boolean;
  trainingValidUntil: string | null;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type PersonDetail = Person & { abilities: { edit: boolean; archive: boolean; addTraining: boolean } };

export type TrainingRecord = {
  id: string;
  personId: string;
  course: string;
  trainedOn: string;
  passed: boolean;
  validUntil: string | null;
  current: boolean;
  createdAt: string;
};

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

export type PersonInput = {
  name: string;
  kind: PersonKind;
  phone: string;
  enterpriseId?: string | null;
  venueId?: string | null;
  departmentId?: string | null;
  regionId?: string;
  userId?: string | null;
  certificateNumber?: string | null;
  certificateExpiresOn?: string | null;
  assessmentPassedOn?: string | null;
};

export type TrainingInput = { course: string; trainedOn: string; passed: boolean; validUntil?: string | null };

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const base = '/api/v1/people';

export const peopleApi = {
  list: (query: PersonFilters & { page: number; pageSize: number }) => http.get<Page<Person>>(base, query),
  /** Inspectors; eligible: only those who may inspect (先培训、后排查). */
  inspectors: (query: { eligible?: boolean; q?: string; page: number; pageSize: number }) =>
    http.get<Page<Person>>(`${base}/inspectors`, query),
  get: (id: string) => http.get<PersonDetail>(`${base}/${id}`),
  create: (body: PersonInput) => http.post<PersonDetail>(base, body),
  update: (id: string, body: Partial<PersonInput>) => http.patch<PersonDetail>(`${base}/${id}`, body),
  archive: (id: string) => http.post<PersonDetail>(`${base}/${id}/archive`),
  training: (id: string) => http.get<{ items: TrainingRecord[] }>(`${base}/${id}/training-records`),
  addTraining: (id: string, body: TrainingInput) => http.post<TrainingRecord>(`${base}/${id}/training-records`, body),
};
