import type { BannedCatalogueEntry } from '../../../domain/hazards/evaluate.ts';
import type {
  ApiBody,
  ApiQuery,
  ApiResponse,
  InspectionDetail,
  InspectionOverlap,
  InspectionSubmissionInput,
  InspectionSummary,
  LedgerLimits,
  MeasuredFactsInput,
  Person,
  PlanInspectionInput,
  StoredFile,
} from '../../app/api-types.ts';
import { http } from '../../app/http.ts';

// The types come from the server's OpenAPI document (web/app/api-types.ts, `npm run api:types`).
export type { InspectionDetail, InspectionOverlap, InspectionSummary, StoredFile };

export type Ref = { id: string; name: string };
export type MeasuredFacts = MeasuredFactsInput;
/** The fact fields the server accepts as measured on site. */
export const measuredFactKeys = [
  'floor',
  'lpgBelowGround',
  'highRiseBuilding',
  'gasSources',
  'storedLpgKg',
  'hasCylinderRoom',
  'hoseInUse',
  'hoseType',
  'hoseMarkedLifeYears',
  'hoseLengthM',
  'hoseInstalledOn',
  'detectorInstalled',
  'detectorWorking',
  'detectorInstalledOn',
  'detectorHeightM',
  'shutoffValveInstalled',
  'shutoffValveWorking',
  'shutoffValveInstalledOn',
  'regulatorInstalledOn',
  'sealRingInstalledOn',
  'longestDrivingHours',
  'bannedProductIds',
] as const satisfies readonly (keyof MeasuredFacts)[];

export type PlanInspectionBody = PlanInspectionInput;
export type ObjectRef = NonNullable<PlanInspectionBody['object']>;
export type SubmissionBody = InspectionSubmissionInput;
export type ItemResultBody = SubmissionBody['results'][number];
export type InspectionResult = InspectionDetail['results'][number];
export type InspectionSignature = InspectionDetail['signatures'][number];
export type InspectionFilters = ApiQuery<'/api/v1/inspections', 'get'>;
export type InspectionList = ApiResponse<'/api/v1/inspections', 'get'>;

/** A person of the register (GET /api/v1/people, /people/inspectors). */
export type PersonOption = Person;
export type PersonList = ApiResponse<'/api/v1/people', 'get'>;

/** A signing's answer: the record with the signature added. */
export type SignResult = ApiResponse<'/api/v1/inspections/{id}/sign', 'post'>;
export type SignBody = ApiBody<'/api/v1/inspections/{id}/sign', 'post'>;

export const inspectionsApi = {
  list: (filters: InspectionFilters) => http.get<InspectionList>('/api/v1/inspections', filters),
  get: (id: string) => http.get<InspectionDetail>(`/api/v1/inspections/${id}`),
  plan: (body: PlanInspectionBody) => http.post<InspectionDetail>('/api/v1/inspections', body),
  overlaps: (objectType: ObjectRef['type'], objectId: string, on?: string) =>
    http.get<ApiResponse<'/api/v1/inspections/overlaps', 'get'>>('/api/v1/inspections/overlaps', {
      objectType,
      objectId,
      on,
    }),
  join: (id: string, inspectorIds?: string[]) =>
    http.post<InspectionDetail>(`/api/v1/inspections/${id}/join`, inspectorIds ? { inspectorIds } : {}),
  submit: (body: SubmissionBody) => http.post<InspectionDetail>('/api/v1/inspections/submissions', body),
  sign: (id: string, password: SignBody['password'], personId?: string) =>
    http.post<SignResult>(`/api/v1/inspections/${id}/sign`, personId ? { password, personId } : { password }),
  correct: (id: string, reason: string) =>
    http.post<InspectionDetail>(`/api/v1/inspections/${id}/corrections`, { reason }),
  /** Government inspectors in scope, trained or not (the form shows the untrained disabled). */
  inspectors: (q?: string) => http.get<PersonList>('/api/v1/people/inspectors', { q, pageSize: 100 }),
  /** Staff of an enterprise, for its self- or household inspections. */
  staff: (enterpriseId: string, q?: string) =>
    http.get<PersonList>('/api/v1/people', { enterpriseId, q, pageSize: 100 }),
  /** A venue's own staff, for its monthly self-inspection (每月一次全面自查). */
  venueStaff: (venueId: string, q?: string) => http.get<PersonList>('/api/v1/people', { venueId, q, pageSize: 100 }),
  noticePdfUrl: (id: string) => `/api/v1/inspections/${id}/notice.pdf`,
  /** The ledger's configured limits (thresholds and deadlines), which the field form judges with. */
  limits: () => http.get<LedgerLimits>('/api/v1/ledger/limits'),
  /** The banned-products catalogue (every entry; the form offers those in force for an item). */
  bannedProducts: () => http.get<{ items: BannedCatalogueEntry[] }>('/api/v1/rules/banned-products'),
};

export const filesApi = {
  url: (id: string) => `/api/v1/files/${id}`,
  /** Uploads one file (multipart, field "file"); throws ApiError / NetworkError like the JSON client. */
  upload(blob: Blob, name: string): Promise<StoredFile> {
    const form = new FormData();
    form.append('file', blob, name);
    return http.upload<StoredFile>('/api/v1/files', form);
  },
};
