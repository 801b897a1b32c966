import { defineError } from '../../platform/errors.ts';

export const personNotFound = defineError('people.not_found', 404, 'Person not found');
export const personNameTaken = defineError(
  'people.name_phone_taken',
  409,
  'A person with this name and phone is already registered',
);
export const personArchived = defineError('people.archived', 409, 'The person is archived');
export const personRegionNotFound = defineError('people.region_not_found', 400, 'The region does not exist');
export const personDepartmentNotFound = defineError(
  'people.department_not_found',
  400,
  'The department does not exist',
);
export const personEnterpriseNotFound = defineError(
  'people.enterprise_not_found',
  400,
  'The enterprise does not exist',
);
export const personUserNotFound = defineError('people.user_not_found', 400, 'The user account does not exist');
export const personEnterpriseRequired = defineError(
  'people.enterprise_required',
  400,
  'Enterprise staff must name their enterprise',
);
export const personUnitRequired = defineError(
  'people.unit_required',
  400,
  'An inspector belongs to a department or a township: give departmentId or regionId',
);
export const personCertificateRequired = defineError(
  'people.certificate_required',
  400,
  'A special-equipment operator needs a certificate number and its expiry date',
);
export const personFieldNotApplicable = defineError(
  'people.field_not_applicable',
  400,
  'This field does not apply to this kind of person',
);
export const personOutsideScope = defineError('people.outside_scope', 403, 'You may not register a person there');
export const personBoundToVehicle = defineError(
  'people.bound_to_vehicle',
  409,
  'The person is bound to a vehicle as its delivery worker: unbind the vehicle first',
);
export const trainingDatesInvalid = defineError(
  'people.training_dates_invalid',
  400,
  'A training cannot be in the future, and its validity cannot end before it',
);
export const personVenueNotFound = defineError('people.venue_not_found', 400, 'The venue does not exist');
export const personEmployerConflict = defineError(
  'people.employer_conflict',
  400,
  'A person is staff of an enterprise or of a venue, not both',
);
export const personKindNotForVenue = defineError(
  'people.kind_not_for_venue',
  400,
  'A venue registers its principal, safety manager, special-equipment operators and other staff; delivery and filling staff belong to a gas enterprise',
);
export const personUserLinkForbidden = defineError(
  'people.user_link_forbidden',
  403,
  'Only a user administrator links another account to a person; you may link your own',
);
