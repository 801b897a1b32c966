import type { CheckResult, HazardLimits, HazardState, Severity } from '../../../domain/hazards/index.ts';
import type {
  InspectionKind,
  InspectionObjectType,
  InspectionStatus,
  RecordedResult,
} from '../../../domain/inspections/inspections.ts';
import type { GasSource, HoseType, VenueFloor } from '../../../domain/registry/registry.ts';
import { http } from '../../app/http.ts';

// Mirrors server/modules/inspections/inspections.schemas.ts (the OpenAPI document is the truth).

export type Ref = { id: string; name: string };

export type MeasuredFacts = {
  floor?: VenueFloor;
  lpgBelowGround?: boolean;
  highRiseBuilding?: boolean;
  gasSources?: GasSource[];
  storedLpgKg?: number;
  hasCylinderRoom?: boolean;
  hoseInUse?: boolean;
  hoseType?: HoseType;
  hoseMarkedLifeYears?: number;
  hoseLengthM?: number;
  hoseInstalledOn?: string;
  detectorInstalled?: boolean;
  detectorWorking?: boolean;
  detectorInstalledOn?: string;
  detectorHeightM?: number;
  shutoffValveInstalled?: boolean;
  shutoffValveWorking?: boolean;
  shutoffValveInstalledOn?: string;
  regulatorInstalledOn?: string;
  longestDrivingHours?: number;
};

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
  'longestDrivingHours',
] as const satisfies readonly (keyof MeasuredFacts)[];

export type ObjectRef = { type: InspectionObjectType; id: string };

export type PlanInspectionBody = {
  kind: InspectionKind;
  object?: ObjectRef;
  followUpOfHazardId?: string;
  departmentIds?: string[];
  inspectingRegionId?: string;
  inspectingEnterpriseId?: string;
  plannedOn?: string;
  inspectorIds: string[];
  notes?: string;
};

export type ItemResultBody = {
  itemId: string;
  result?: RecordedResult;
  measured?: MeasuredFacts;
  note?: string;
  photoIds?: string[];
};

export type SubmissionBody = {
  clientId: string;
  inspectionId?: string;
  plan?: PlanInspectionBody;
  results: ItemResultBody[];
  facts?: MeasuredFacts;
  location?: { lng: number; lat: number } | null;
  visitedAt?: string;
  notes?: string;
  writtenNoticeGiven?: boolean;
};

export type InspectionOverlap = {
  id: string;
  kind: InspectionKind;
  status: InspectionStatus;
  plannedOn: string | null;
  visitedAt: string | null;
  departments: Ref[];
  inspectingRegion: Ref | null;
  joinable: boolean;
};

export type InspectionSummary = {
  id: string;
  clientId: string | null;
  kind: InspectionKind;
  status: InspectionStatus;
  object: { type: InspectionObjectType; id: string; name: string; address: string; kind: string };
  region: Ref;
  departments: Ref[];
  inspectingRegion: Ref | null;
  inspectingEnterprise: Ref | null;
  inspectors: (Ref & { signed: boolean })[];
  plannedOn: string | null;
  visitedAt: string | null;
  signedAt: string | null;
  failedCount: number;
  correctsInspectionId: string | null;
  followUpOfHazardId: string | null;
  createdAt: string;
};

export type InspectionResult = {
  itemId: string;
  result: RecordedResult;
  computed: boolean;
  measured: Record<string, unknown> | null;
  reason: { zh: string; en: string } | null;
  note: string;
  photoIds: string[];
};

export type InspectionSignature = {
  personId: string;
  name: string;
  userId: string;
  signedAt: string;
  contentHash: string;
  auditSeq: number;
  auditHash: string;
};

export type InspectionDetail = InspectionSummary & {
  checklistVersion: string;
  location: { lng: number; lat: number } | null;
  notes: string;
  writtenNoticeGiven: boolean | null;
  facts: Record<string, unknown> | null;
  /**
   * For a planned or in-progress record, what the register holds now about the object (floor, gas
   * sources, devices, contract, licences): the facts its computed items are decided from. Null once signed.
   */
  registeredFacts: Record<string, unknown> | null;
  /**
   * For a planned or in-progress record, the limits the server decides its computed items by
   * (RANAN_LIMITS over the defaults). Null once signed.
   */
  limits: HazardLimits | null;
  checklist: { itemId: string; computed: boolean; measureFields: string[]; result: CheckResult | null }[];
  results: InspectionResult[];
  missing: string[];
  signatures: InspectionSignature[];
  contentHash: string | null;
  hazards: {
    id: string;
    number: string;
    itemId: string | null;
    severity: Severity;
    status: HazardState | string;
    objectType: InspectionObjectType;
    objectId: string;
    reboundOfHazardId: string | null;
  }[];
  correctedBy: string[];
  overlaps: InspectionOverlap[];
  abilities: { record: boolean; sign: boolean; correct: boolean; join: boolean };
};

export type InspectionFilters = {
  kind?: InspectionKind;
  status?: InspectionStatus;
  objectType?: InspectionObjectType;
  objectId?: string;
  regionId?: string;
  departmentId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
};

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

/** A person of the register (GET /api/v1/people, /people/inspectors). */
export type PersonOption = {
  id: string;
  name: string;
  kind: string;
  phone: string;
  enterpriseId: string | null;
  enterprise: (Ref & { creditCode: string }) | null;
  venueId?: string | null;
  venue?: Ref | null;
  departmentId: string | null;
  department: Ref | null;
  regionId: string;
  region: Ref;
  userId: string | null;
  /** 先培训、后排查: derived from the training records. */
  mayInspect: boolean;
  trainingValidUntil: string | null;
};

export type StoredFile = { id: string; contentType: string; size: number; sha256: string; name: string };

/** A signing preview: the statement the signer confirms (domain/hazards/signature.ts). */
export type SignResult = InspectionDetail;

export const inspectionsApi = {
  list: (filters: InspectionFilters) => http.get<Paged<InspectionSummary>>('/api/v1/inspections', filters),
  get: (id: string) => http.get<InspectionDetail>(`/api/v1/inspections/${id}`),
  plan: (body: PlanInspectionBody) => http.post<InspectionDetail>('/api/v1/inspections', body),
  overlaps: (objectType: InspectionObjectType, objectId: string, on?: string) =>
    http.get<{ items: InspectionOverlap[]; windowDays: number }>('/api/v1/inspections/overlaps', {
      objectType,
      objectId,
      on,
    }),
  join: (id: string, inspectorIds?: string[]) =>
    http.post<InspectionDetail>(`/api/v1/inspections/${id}/join`, inspectorIds ? { inspectorIds } : {}),
  submit: (body: SubmissionBody) => http.post<InspectionDetail>('/api/v1/inspections/submissions', body),
  sign: (id: string, password: string, personId?: string) =>
    http.post<SignResult>(`/api/v1/inspections/${id}/sign`, personId ? { password, personId } : { password }),
  correct: (id: string, reason: string) =>
    http.post<InspectionDetail>(`/api/v1/inspections/${id}/corrections`, { reason }),
  /** Government inspectors in scope, trained or not (the form shows the untrained disabled). */
  inspectors: (q?: string) => http.get<Paged<PersonOption>>('/api/v1/people/inspectors', { q, pageSize: 100 }),
  /** Staff of an enterprise, for its self- or household inspections. */
  staff: (enterpriseId: string, q?: string) =>
    http.get<Paged<PersonOption>>('/api/v1/people', { enterpriseId, q, pageSize: 100 }),
  /** A venue's own staff, for its monthly self-inspection (每月一次全面自查). */
  venueStaff: (venueId: string, q?: string) =>
    http.get<Paged<PersonOption>>('/api/v1/people', { venueId, q, pageSize: 100 }),
  noticePdfUrl: (id: string) => `/api/v1/inspections/${id}/notice.pdf`,
  /** The ledger's configured limits (thresholds and deadlines), which the field form judges with. */
  limits: () => http.get<HazardLimits>('/api/v1/ledger/limits'),
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
