import type { Permission } from '../../../domain/access/roles.ts';
import type { Actor } from '../../platform/access.ts';
import { type ScopeDescriptor, coordinatesCampaign, scopeFilter } from '../../platform/scope.ts';
import { facilitiesTable, registryDescriptor } from '../registry/index.ts';
import { cylinderAnomaliesTable, cylindersTable } from './cylinders.table.ts';

/**
 * Who sees which cylinders: the owner (产权单位, enterprise grants), townships by the owner's region,
 * departments by the owner's business roles (market regulation answers for fillers, plan 三(一)4–5),
 * the office everything. A filling line's token (a facility grant) reads no register: it only checks
 * and records at its station (`stationDescriptor`).
 */
export const cylinderDescriptor: ScopeDescriptor = registryDescriptor('licence', {
  regionId: cylindersTable.regionId,
  enterpriseId: cylindersTable.ownerEnterpriseId,
});

export const cylinderScope = (actor: Actor, permission: Permission) =>
  scopeFilter(actor, permission, cylinderDescriptor);

/** A filling station in scope: its enterprise's grants, its own token (facility grant), the departments answering for fillers. */
export const stationDescriptor: ScopeDescriptor = {
  ...registryDescriptor('facility', { regionId: facilitiesTable.regionId, enterpriseId: facilitiesTable.enterpriseId }),
  facilityId: facilitiesTable.id,
};

export const stationScope = (actor: Actor, permission: Permission) => scopeFilter(actor, permission, stationDescriptor);

export const anomalyDescriptor: ScopeDescriptor = registryDescriptor('licence', {
  regionId: cylinderAnomaliesTable.regionId,
  enterpriseId: cylinderAnomaliesTable.ownerEnterpriseId,
});

/**
 * Who may state a cylinder's inspection facts outside an inspection agency's record (last inspected,
 * result, next due — at registration or import): the regulator (market regulation, the campaign
 * office, a global grant) and the system; never the owner, whose gate they decide.
 */
export const declaresInspection = (actor: Actor) =>
  actor.type === 'system' ||
  actor.grants.some(
    (g) =>
      g.scopeType === 'global' ||
      (g.scopeType === 'department' &&
        (g.departmentCode === 'market_regulation' || coordinatesCampaign(g.departmentCode))),
  );
