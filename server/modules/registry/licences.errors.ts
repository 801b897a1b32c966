import { defineError } from '../../platform/errors.ts';

export const licenceNotFound = defineError('licences.not_found', 404, 'Licence not found');
export const licenceNumberTaken = defineError(
  'licences.number_taken',
  409,
  'A licence of this kind with this number is already registered',
);
export const licenceDatesInvalid = defineError('licences.dates_invalid', 400, 'validFrom must not be after validTo');
export const licenceEnterpriseNotFound = defineError(
  'licences.enterprise_not_found',
  400,
  'The enterprise does not exist',
);
export const licenceOutsideScope = defineError(
  'licences.outside_scope',
  403,
  "The licence's enterprise lies outside what you manage",
);
export const licenceArchived = defineError('licences.archived', 409, 'The licence is archived');
export const licenceEnterpriseArchived = defineError('licences.enterprise_archived', 409, 'The enterprise is archived');
export const licenceInvalidTransition = defineError(
  'licences.invalid_transition',
  409,
  "Not possible in the licence's current status",
);
export const licenceStatusChangeForbidden = defineError(
  'licences.status_change_forbidden',
  403,
  'Only a supervising department or township may suspend, revoke or reinstate a licence',
);
export const licenceCategoriesInvalid = defineError(
  'licences.categories_invalid',
  400,
  'Business categories (经营类别) belong to gas operation licences only',
);
