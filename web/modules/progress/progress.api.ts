import type { HazardState } from '../../../domain/hazards/index.ts';
import type { InspectionObjectType } from '../../../domain/inspections/inspections.ts';
import { http } from '../../app/http.ts';

// Mirrors server/modules/hazards/hazards.progress.ts and hazards.accountability.ts.

export type ProgressGrouping = 'region' | 'department' | 'objectKind' | 'phase';

export type Figures = {
  registered: number;
  inspected: number;
  coverageRate: number | null;
  coveragePercent: number | null;
  found: number;
  closed: number;
  open: number;
  overdue: number;
  majorOpen: number;
  closureRate: number | null;
  medianDaysToClose: number | null;
  byStatus: Record<HazardState, number>;
};

export type ProgressSummary = {
  groupBy: ProgressGrouping;
  asOf: string;
  groups: (Figures & { key: string; label: string })[];
  total: Figures;
};

export type ProgressQuery = {
  groupBy: ProgressGrouping;
  regionId?: string;
  departmentId?: string;
  objectType?: InspectionObjectType;
  phase?: 'intensive' | 'consolidation' | 'long_term';
  from?: string;
  to?: string;
  asOf?: string;
};

type Signer = { personId: string; name: string; signedAt: string; contentHash: string };

export type Accountability = {
  object: { type: InspectionObjectType; id: string; name: string; address: string };
  windowDays: number;
  inspections: {
    id: string;
    kind: string;
    status: string;
    day: string | null;
    signedAt: string | null;
    contentHash: string | null;
    signers: Signer[];
    failedItems: string[];
    passedItems: number;
    hazardNumbers: string[];
  }[];
  hazards: {
    id: string;
    number: string;
    itemId: string | null;
    itemText: string | null;
    severity: string;
    status: string;
    source: string;
    sourceInspectionId: string | null;
    foundOn: string;
    deadline: string;
    closedOn: string | null;
    deadlineOutcome: 'kept' | 'missed' | 'pending';
    daysToClose: number | null;
    escalationLevel: number;
  }[];
  missed: {
    hazardId: string;
    number: string;
    itemId: string;
    itemText: string | null;
    foundOn: string;
    foundByInspectionId: string | null;
    earlierInspectionId: string;
    earlierInspectionDay: string;
    daysBefore: number;
    earlierSigners: Signer[];
  }[];
  timeline: { day: string; kind: string; text: string; refId: string }[];
};

export const progressApi = {
  summary: (query: ProgressQuery) => http.get<ProgressSummary>('/api/v1/progress', query),
  accountability: (type: InspectionObjectType, id: string, windowDays?: number) =>
    http.get<Accountability>(`/api/v1/accountability/${type}/${id}`, { windowDays }),
};
