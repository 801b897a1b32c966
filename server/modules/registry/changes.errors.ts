import { defineError } from '../../platform/errors.ts';

export const changeSubjectNotFound = defineError(
  'registry_changes.subject_not_found',
  404,
  'The object is not found or not yours to propose a change for',
);
export const changeNotFound = defineError('registry_changes.not_found', 404, 'Change request not found');
export const changeEditDirectly = defineError(
  'registry_changes.edit_directly',
  400,
  'A regulator changes these fields directly; proposals are for the supervised party',
);
export const changeNothing = defineError('registry_changes.no_change', 400, 'The proposal changes nothing');
export const changeRegionNotFound = defineError('registry_changes.region_not_found', 400, 'The region does not exist');
export const changePendingExists = defineError(
  'registry_changes.pending_exists',
  409,
  'A proposal for this object is already waiting for the regulator',
);
export const changeNotPending = defineError('registry_changes.not_pending', 409, 'The proposal has been decided');
export const changeSubjectArchived = defineError('registry_changes.subject_archived', 409, 'The object is archived');
export const changeNotDecider = defineError(
  'registry_changes.not_decider',
  403,
  'Only the regulator responsible decides a proposal',
);
export const changeNotProposer = defineError(
  'registry_changes.not_proposer',
  403,
  'Only the party that proposed it may withdraw a proposal',
);
