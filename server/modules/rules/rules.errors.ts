import { defineError } from '../../platform/errors.ts';

export const limitValueInvalid = defineError(
  'rules.limit_invalid',
  400,
  'A limit has a value of the wrong type or outside its range',
);
export const limitVersionNotFound = defineError('rules.version_not_found', 404, 'No such limits version');
export const limitsUnchanged = defineError('rules.limits_unchanged', 400, 'The new version changes no limit');
export const limitsEffectiveFromInvalid = defineError(
  'rules.effective_from_invalid',
  400,
  'A new version takes effect today or later, and not before the latest version',
);
export const bannedProductNotFound = defineError('rules.banned_product_not_found', 404, 'No such catalogue entry');
