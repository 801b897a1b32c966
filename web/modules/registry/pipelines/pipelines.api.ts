import type { PipeMaterial, PressureClass, RenewalStatus } from '../../../../domain/registry/registry.ts';
import { http } from '../../../app/http.ts';
import type {
  ApiBody,
  PipelineSegment as ApiPipelineSegment,
  PipelineSegmentDetail,
  PipelineSegmentList,
} from '../../../app/api-types.ts';

export type Ref = { id: string; name: string };

export type PipelineSegment = ApiPipelineSegment;

export type PipelineDetail = PipelineSegmentDetail;

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

export type PipelineInput = ApiBody<'/api/v1/pipeline-segments', 'post'>;

const base = '/api/v1/pipeline-segments';

export const pipelinesApi = {
  list: (query: PipelineFilters & { page: number; pageSize: number }) => http.get<PipelineSegmentList>(base, query),
  get: (id: string) => http.get<PipelineDetail>(`${base}/${id}`),
  create: (body: PipelineInput) => http.post<PipelineDetail>(base, body),
  update: (id: string, body: Partial<PipelineInput>) => http.patch<PipelineDetail>(`${base}/${id}`, body),
  archive: (id: string) => http.post<PipelineDetail>(`${base}/${id}/archive`),
};
