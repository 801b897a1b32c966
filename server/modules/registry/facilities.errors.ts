import { defineError } from '../../platform/errors.ts';

export const facilityNotFound = defineError('facilities.not_found', 404, 'Facility not found');
export const facilityNameTaken = defineError(
  'facilities.name_taken',
  409,
  'The enterprise already has a facility with this name',
);
export const facilityRegionNotFound = defineError('facilities.region_not_found', 400, 'The region does not exist');
export const facilityEnterpriseNotFound = defineError(
  'facilities.enterprise_not_found',
  400,
  'The enterprise does not exist',
);
export const facilityOutsideScope = defineError(
  'facilities.outside_scope',
  403,
  'The facility would lie outside the region or enterprises you manage',
);
export const facilityArchived = defineError('facilities.archived', 409, 'The facility is archived');
export const facilityEnterpriseArchived = defineError(
  'facilities.enterprise_archived',
  409,
  'The enterprise is archived',
);
