import type { FacilityRow } from './facilities.repository.ts';

export function presentFacility(r: FacilityRow) {
  return {
    id: r.id,
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterpriseName,
    enterpriseCreditCode: r.enterpriseCreditCode,
    kind: r.kind,
    name: r.name,
    regionId: r.regionId,
    regionName: r.regionName,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    archived: r.archivedAt !== null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function facilitySnapshot(
  r: Pick<FacilityRow, 'enterpriseId' | 'kind' | 'name' | 'regionId' | 'address' | 'lng' | 'lat' | 'archivedAt'>,
) {
  return {
    enterpriseId: r.enterpriseId,
    kind: r.kind,
    name: r.name,
    regionId: r.regionId,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    archivedAt: r.archivedAt ? r.archivedAt.toISOString() : null,
  };
}
