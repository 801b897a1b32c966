import { contractValid } from '../../../domain/delivery/delivery.ts';
import type { CheckRow, GasUserJoined, OrderRow } from './delivery.repository.ts';
import type { deliveryScansTable, deliveryZonesTable } from './delivery.table.ts';

const iso = <T extends Date | null>(d: T) => (d ? d.toISOString() : null) as T extends Date ? string : string | null;

/** Row → response: the only place the delivery records' fields are chosen for the API. */
export function presentUser(j: GasUserJoined, refusals: string[], today: string) {
  const u = j.user;
  return {
    id: u.id,
    operatorId: u.operatorEnterpriseId,
    operatorName: j.operatorName,
    kind: u.kind,
    venueId: u.venueId,
    venueName: j.venueName,
    venueCategory: j.venueCategory,
    holderName: u.holderName,
    holderPhone: u.holderPhone,
    regionId: u.regionId,
    regionName: j.regionName,
    address: u.address,
    lng: u.lng,
    lat: u.lat,
    cylinderFloor: u.cylinderFloor,
    belowGround: u.belowGround,
    highRiseBuilding: u.highRiseBuilding,
    contractNumber: u.contractNumber,
    contractFrom: u.contractFrom,
    contractTo: u.contractTo,
    contractValid: contractValid(
      {
        operatorId: u.operatorEnterpriseId,
        contractOperatorId: u.contractFrom ? u.operatorEnterpriseId : null,
        contractFrom: u.contractFrom,
        contractTo: u.contractTo,
      },
      today,
    ),
    refusals,
    createdAt: iso(u.createdAt),
    updatedAt: iso(u.updatedAt),
  };
}

export function presentZone(r: { zone: typeof deliveryZonesTable.$inferSelect; operatorName: string }) {
  return {
    id: r.zone.id,
    operatorId: r.zone.operatorEnterpriseId,
    operatorName: r.operatorName,
    name: r.zone.name,
    geometry: r.zone.geometry,
    updatedAt: iso(r.zone.updatedAt),
  };
}

export function presentCheck(c: CheckRow, hazardNumbers: Map<string, string>) {
  return {
    id: c.id,
    checkedAt: iso(c.checkedAt),
    answers: c.answers,
    hoseLengthM: c.hoseLengthM,
    photoIds: c.photoIds,
    failedItems: c.failedItems,
    hazards: c.hazardIds.map((id) => ({ id, number: hazardNumbers.get(id) ?? '' })),
    noticeText: c.noticeText,
  };
}

export function presentOrder(
  r: {
    order: OrderRow;
    operatorName: string;
    user: GasUserJoined['user'];
    venueCategory: string;
    regionName: string;
    workerName: string | null;
    plate: string | null;
  },
  scans: (typeof deliveryScansTable.$inferSelect)[],
  check: ReturnType<typeof presentCheck> | null,
) {
  const o = r.order;
  return {
    id: o.id,
    number: o.number,
    operatorId: o.operatorEnterpriseId,
    operatorName: r.operatorName,
    userId: o.userId,
    userKind: r.user.kind,
    holderName: r.user.holderName,
    holderPhone: r.user.holderPhone,
    address: r.user.address,
    lng: r.user.lng,
    lat: r.user.lat,
    venueCategory: r.venueCategory,
    regionName: r.regionName,
    channel: o.channel,
    spec: o.spec,
    quantity: o.quantity,
    fuel: o.fuel,
    note: o.note,
    status: o.status,
    workerPersonId: o.workerPersonId,
    workerName: r.workerName,
    vehicleId: o.vehicleId,
    plate: r.plate,
    placedAt: iso(o.placedAt),
    assignedAt: iso(o.assignedAt),
    deliveredAt: iso(o.deliveredAt),
    cancelReason: o.cancelReason,
    checkDueAt: iso(o.checkDueAt),
    checkOverdue: o.checkOverdueAt !== null && !check,
    scans: scans.map((s) => ({ cylinderCode: s.cylinderCode, direction: s.direction })),
    check,
  };
}
