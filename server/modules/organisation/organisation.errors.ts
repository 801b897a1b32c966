import { defineError } from '../../platform/errors.ts';

export const regionNotFound = defineError('regions.not_found', 404, 'Region not found');
export const regionCodeTaken = defineError('regions.code_taken', 409, 'A region with this code already exists');
export const regionNameTaken = defineError(
  'regions.name_taken',
  409,
  'A region with this name already exists at the same place',
);
export const regionParentInvalid = defineError(
  'regions.parent_invalid',
  400,
  'A community must be created under a township',
);
export const regionHasChildren = defineError('regions.has_children', 409, 'Archive the regions below this one first');
export const departmentNotFound = defineError('departments.not_found', 404, 'Department not found');
export const campaignNotFound = defineError('campaigns.not_found', 404, 'Campaign not found');
export const phaseDatesInvalid = defineError(
  'campaigns.phase_dates_invalid',
  400,
  'Phase dates must be in order and must not overlap',
);
export const scopeNotFound = defineError('scopes.not_found', 400, 'The scope of the grant does not exist');
