import { defineError } from '../../platform/errors.ts';

/**
 * What puts a party under supervision is the regulator's to change (issue 9): the region, category and kind
 * of a supervised object and every licence field. A supervised party (a venue or enterprise manager) that
 * tries is refused with the fields named; it may propose the change instead.
 */
export const regulatorFieldsOnly = defineError(
  'registry.regulator_fields',
  403,
  'Only a regulator changes these fields; propose the change instead',
);
