import {
  type CylinderLimits,
  type FillRefusalCode,
  fillRefusalRules,
  inspectionDue,
  serviceLifeEnds,
} from '../../../domain/cylinders/cylinders.ts';
import type { cylinderBlacklistTable, cylinderEventsTable, cylindersTable } from './cylinders.table.ts';

export type CylinderRow = typeof cylindersTable.$inferSelect & { ownerName: string };

export function presentCylinder(r: CylinderRow, today: string, limits: CylinderLimits) {
  const due = inspectionDue(r, limits);
  return {
    id: r.id,
    code: r.code,
    ownerEnterpriseId: r.ownerEnterpriseId,
    ownerName: r.ownerName,
    model: r.model,
    phase: r.phase,
    manufacturer: r.manufacturer,
    serialNumber: r.serialNumber,
    batch: r.batch,
    manufacturedOn: r.manufacturedOn,
    designLifeYears: r.designLifeYears,
    serviceLifeEndsOn: serviceLifeEnds(r, limits),
    lastInspectedOn: r.lastInspectedOn,
    lastInspectionPassed: r.lastInspectionPassed,
    nextInspectionDue: due,
    inspectionOverdue: due < today,
    refurbished: r.refurbished,
    status: r.status,
    location: { type: r.locationType, id: r.locationId, label: r.locationLabel },
    lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
    retiredAt: r.retiredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export function presentEvent(e: typeof cylinderEventsTable.$inferSelect, retracted: boolean) {
  return {
    eventId: e.eventId,
    type: e.type,
    code: e.code,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    location: { type: e.locationType, id: e.locationId },
    stationId: e.stationId,
    lng: e.lng,
    lat: e.lat,
    reasons: e.reasons,
    note: e.note,
    details: e.details,
    correctsEventId: e.correctsEventId,
    retracted,
    actorName: e.actorName,
  };
}

/** The gate's reasons as the contract gives them: code and the Chinese text. */
export function presentReasons(codes: readonly FillRefusalCode[]) {
  return codes.map((code) => ({ code, message: fillRefusalRules[code].zh }));
}

export function presentBlacklistEntry(b: typeof cylinderBlacklistTable.$inferSelect, today: string) {
  return {
    id: b.id,
    manufacturer: b.manufacturer,
    model: b.model,
    batch: b.batch,
    producedFrom: b.producedFrom,
    producedTo: b.producedTo,
    basis: b.basis,
    listedOn: b.listedOn,
    removedOn: b.removedOn,
    removalReason: b.removalReason,
    active: b.listedOn <= today && (b.removedOn === null || b.removedOn > today),
  };
}
