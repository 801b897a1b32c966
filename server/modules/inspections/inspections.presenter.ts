import type { InspectedObject } from '../../../domain/hazards/index.ts';
import { inspectionNumber } from '../../../domain/inspections/inspections.ts';
import type { InspectionRow, ResultRow } from './inspections.repository.ts';

type Ref = { id: string; name: string };
export type Lookups = {
  departments: Map<string, string>;
  regions: Map<string, string>;
  enterprises: Map<string, string>;
  inspectors: Map<string, { id: string; name: string; signed: boolean }[]>;
};

const ref = (map: Map<string, string>, id: string | null): Ref | null =>
  id === null ? null : { id, name: map.get(id) ?? '' };

/** How the checklist sees the inspected object, from the kind copied onto the record. */
export function checklistObjectOf(row: Pick<InspectionRow, 'objectType' | 'objectKind'>): InspectedObject {
  switch (row.objectType) {
    case 'venue':
      return { type: 'venue', category: row.objectKind as never };
    case 'enterprise':
    case 'facility':
      return { type: 'enterprise', kind: row.objectKind as never };
    case 'pipeline':
      return { type: 'pipeline' };
    case 'vehicle':
      return { type: 'vehicle', kind: row.objectKind as never };
  }
}

/** Row → list item: the only place an inspection's summary fields are exposed. */
export function presentInspectionSummary(row: InspectionRow, failedCount: number, l: Lookups) {
  return {
    id: row.id,
    number: inspectionNumber(row.serial, row.createdAt),
    clientId: row.clientId,
    kind: row.kind,
    status: row.status,
    object: {
      type: row.objectType,
      id: row.objectId,
      name: row.objectName,
      address: row.objectAddress,
      kind: row.objectKind,
    },
    region: ref(l.regions, row.regionId)!,
    departments: row.departmentIds.map((id) => ref(l.departments, id)!),
    inspectingRegion: ref(l.regions, row.inspectingRegionId),
    inspectingEnterprise: ref(l.enterprises, row.inspectingEnterpriseId),
    inspectors: l.inspectors.get(row.id) ?? [],
    plannedOn: row.plannedOn,
    visitedAt: row.visitedAt?.toISOString() ?? null,
    signedAt: row.signedAt?.toISOString() ?? null,
    failedCount,
    correctsInspectionId: row.correctsInspectionId,
    followUpOfHazardId: row.followUpOfHazardId,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentResult(r: ResultRow) {
  return {
    itemId: r.itemId,
    result: r.result,
    computed: r.computed,
    measured: r.measured ?? null,
    reason: r.reason ?? null,
    note: r.note,
    photoIds: r.photoIds,
  };
}

/**
 * What the inspectors sign (谁检查、谁签字、谁负责): the content they answer for, in a fixed shape
 * that domain `canonicalRecord` turns into the hashed string. Workflow fields that change after
 * signing (status, timestamps of the row) are not part of it.
 */
export function recordContent(row: InspectionRow, inspectorIds: string[], results: ResultRow[]) {
  return {
    id: row.id,
    kind: row.kind,
    object: { type: row.objectType, id: row.objectId, name: row.objectName, address: row.objectAddress },
    regionId: row.regionId,
    departmentIds: [...row.departmentIds].sort(),
    inspectingRegionId: row.inspectingRegionId,
    inspectingEnterpriseId: row.inspectingEnterpriseId,
    inspectorIds: [...inspectorIds].sort(),
    checklistVersion: row.checklistVersion,
    plannedOn: row.plannedOn,
    visitedAt: row.visitedAt?.toISOString() ?? null,
    location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null,
    notes: row.notes,
    facts: row.facts ?? null,
    writtenNoticeGiven: row.writtenNoticeGiven,
    correctsInspectionId: row.correctsInspectionId,
    followUpOfHazardId: row.followUpOfHazardId,
    results: [...results]
      .sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
      .map((r) => ({
        itemId: r.itemId,
        result: r.result,
        computed: r.computed,
        measured: r.measured ?? null,
        note: r.note,
        photoIds: [...r.photoIds].sort(),
      })),
  };
}
