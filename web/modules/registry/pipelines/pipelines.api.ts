import type { PipeMaterial, PressureClass, RenewalStatus } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';

export type Ref = { id: string; name: string };

export type PipelineSegment = {
  id: string;
  code: string;
  name: string;
  ownerEnterpriseId: string | null;
  ownerEnterprise: (Ref & { creditCode: string }) | null;
  regionId: string;
  region: Ref;
  material: PipeMaterial;
  pressureClass: PressureClass;
  diameterMm: number | null;
  lengthM: number | null;
  installedYear: number | null;
  ageYears: number | null;
  encroached: boolean;
  confinedSpace: boolean;
  geometry: [number, number][] | null;
  renewalStatus: RenewalStatus;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type PipelineDetail = PipelineSegment & { abilities: { edit: boolean; archive: boolean } };

export type PipelineFilters = {
  regionId?: string;
  material?: PipeMaterial;
  pressureClass?: PressureClass;
  ownerEnterpriseId?: string;
  encroached?: boolean;
  confinedSpace?: boolean;
  renewalStatus?: RenewalStatus;
  minAge?: number;
  q?: string;
  archived?: boolean;
};

export type PipelineInput = {
  code: string;
  name: string;
  ownerEnterpriseId: string | null;
  regionId: string;
  material: PipeMaterial;
  pressureClass: PressureClass;
  diameterMm: number | null;
  lengthM: number | null;
  installedYear: number | null;
  encroached: boolean;
  confinedSpace: boolean;
  geometry: [number, number][] | null;
  renewalStatus: RenewalStatus;
};

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

const base = '/api/v1/pipeline-segments';

export const pipelinesApi = {
  list: (query: PipelineFilters & { page: number; pageSize: number }) => http.get<Page<PipelineSegment>>(base, query),
  get: (id: string) => http.get<PipelineDetail>(`${base}/${id}`),
  create: (body: PipelineInput) => http.post<PipelineDetail>(base, body),
  update: (id: string, body: Partial<PipelineInput>) => http.patch<PipelineDetail>(`${base}/${id}`, body),
  archive: (id: string) => http.post<PipelineDetail>(`${base}/${id}/archive`),
};
