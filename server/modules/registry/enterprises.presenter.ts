import type { EnterpriseRow } from './enterprises.repository.ts';

export type LicenceSummary = {
  valid: number;
  suspended: number;
  revoked: number;
  expired: number;
  expiringSoon: number;
};

export const emptyLicenceSummary: LicenceSummary = { valid: 0, suspended: 0, revoked: 0, expired: 0, expiringSoon: 0 };

export function presentEnterprise(r: EnterpriseRow, summary: LicenceSummary = emptyLicenceSummary) {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    creditCode: r.creditCode,
    regionId: r.regionId,
    regionName: r.regionName,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    contactPhone: r.contactPhone,
    sellerChannel: r.sellerChannel,
    roles: r.roles.length ? r.roles : [r.kind],
    manualRoles: r.manualRoles,
    archived: r.archivedAt !== null,
    archivedAt: r.archivedAt ? r.archivedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    licenceSummary: summary,
    blacklisted: r.blacklisted === true,
  };
}

/** The fields an enterprise's audit entries snapshot. */
export function enterpriseSnapshot(
  r: Pick<
    EnterpriseRow,
    | 'kind'
    | 'name'
    | 'creditCode'
    | 'regionId'
    | 'address'
    | 'lng'
    | 'lat'
    | 'contactPhone'
    | 'sellerChannel'
    | 'manualRoles'
    | 'archivedAt'
  >,
) {
  return {
    kind: r.kind,
    name: r.name,
    creditCode: r.creditCode,
    regionId: r.regionId,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    contactPhone: r.contactPhone,
    sellerChannel: r.sellerChannel,
    manualRoles: r.manualRoles,
    archivedAt: r.archivedAt ? r.archivedAt.toISOString() : null,
  };
}
