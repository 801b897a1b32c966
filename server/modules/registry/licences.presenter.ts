import { daysBetween } from '../../../domain/dates.ts';
import { licenceStatus } from '../../../domain/registry/registry.ts';
import type { LicenceRow } from './licences.repository.ts';

/** A licence as the API shows it: the status is computed for `today` (expired is never stored). */
export function presentLicence(r: LicenceRow, today: string) {
  return {
    id: r.id,
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterpriseName,
    enterpriseCreditCode: r.enterpriseCreditCode,
    regionId: r.regionId,
    regionName: r.regionName,
    kind: r.kind,
    number: r.number,
    scope: r.scope,
    categories: r.categories,
    issuingBody: r.issuingBody,
    validFrom: r.validFrom,
    validTo: r.validTo,
    status: licenceStatus(r.status, r.validTo, today),
    storedStatus: r.status,
    statusReason: r.statusReason,
    daysToExpiry: r.validTo ? daysBetween(today, r.validTo) : null,
    archived: r.archivedAt !== null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The licence's fields that its history and audit snapshot (before / after a change). */
export function licenceSnapshot(
  r: Pick<
    LicenceRow,
    | 'enterpriseId'
    | 'kind'
    | 'number'
    | 'scope'
    | 'issuingBody'
    | 'validFrom'
    | 'validTo'
    | 'status'
    | 'statusReason'
    | 'archivedAt'
  >,
) {
  return {
    enterpriseId: r.enterpriseId,
    kind: r.kind,
    number: r.number,
    scope: r.scope,
    issuingBody: r.issuingBody,
    validFrom: r.validFrom,
    validTo: r.validTo,
    status: r.status,
    statusReason: r.statusReason,
    archivedAt: r.archivedAt ? r.archivedAt.toISOString() : null,
  };
}
