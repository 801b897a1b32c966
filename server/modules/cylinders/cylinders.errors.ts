import { defineError } from '../../platform/errors.ts';

export const cylinderNotFound = defineError('cylinders.not_found', 404, 'Cylinder not found');
export const cylinderCodeTaken = defineError(
  'cylinders.code_taken',
  409,
  'A cylinder with this code is already registered (a scrapped code is retired, never reused)',
);
export const cylinderCodeInvalid = defineError(
  'cylinders.code_invalid',
  400,
  'The code must be 4 to 64 letters, digits, "-", "_" or "." once trimmed',
);
export const cylinderModelInvalid = defineError(
  'cylinders.model_invalid',
  400,
  'Unknown cylinder model (YSP-5/10/15/50 or the GB 5842-2023 names YSP4.7, YSP12, YSP26.2, YSP35.5, YSP118, YSP118-II)',
);
export const cylinderInspectionNotDeclarable = defineError(
  'cylinders.inspection_not_declarable',
  403,
  "A cylinder's inspection (last inspected, result, next due) comes from the inspection agency's record or the regulator, not from its owner",
);
export const cylinderOwnerNotFound = defineError(
  'cylinders.owner_not_found',
  400,
  'The owner enterprise does not exist',
);
export const cylinderOwnerOutsideScope = defineError(
  'cylinders.owner_outside_scope',
  403,
  'You may register cylinders only for an enterprise you manage',
);
export const cylinderDatesInvalid = defineError(
  'cylinders.dates_invalid',
  400,
  'The dates do not fit together (made after today, inspected before it was made, …)',
);
export const stationNotFound = defineError('cylinders.station_not_found', 404, 'Filling station not found');
export const fillRefused = defineError('cylinders.fill_refused', 409, 'The filling gate refuses this cylinder');
export const eventConflict = defineError(
  'cylinders.event_conflict',
  409,
  'An event with this id is already stored with other content',
);
export const eventOutsideScope = defineError(
  'cylinders.event_outside_scope',
  403,
  'The event concerns a cylinder or station outside your scope',
);
export const cylinderStateInvalid = defineError(
  'cylinders.state_invalid',
  409,
  'The cylinder is not in a state that allows this step',
);
export const retractTargetNotFound = defineError(
  'cylinders.retract_target_not_found',
  400,
  'The event to retract does not exist for this cylinder',
);
export const blacklistEntryNotFound = defineError('cylinders.blacklist_not_found', 404, 'Blacklist entry not found');
export const blacklistRemoved = defineError('cylinders.blacklist_removed', 409, 'The entry is already removed');
export const blacklistNotRegulator = defineError(
  'cylinders.blacklist_not_regulator',
  403,
  'The product blacklist is kept by market regulation and the campaign office',
);
export const blacklistDatesInvalid = defineError(
  'cylinders.blacklist_dates_invalid',
  400,
  'producedFrom must not be after producedTo, removal not before listing',
);
export const agencyNotFound = defineError('cylinders.agency_not_found', 400, 'The inspection agency does not exist');
export const notTheAgency = defineError(
  'cylinders.not_the_agency',
  403,
  'Only the inspection agency holding the cylinder records its inspection or scrapping',
);
export const seizureRegionNotFound = defineError(
  'cylinders.region_not_found',
  400,
  'The region of the seizure does not exist',
);
export const seizurePhotoNotFound = defineError(
  'cylinders.photo_not_found',
  400,
  'A photo is not a file you uploaded or may read',
);
export const operatorNotFound = defineError(
  'cylinders.operator_not_found',
  400,
  "The operator is not a filling operator (充装人员) of the station's enterprise in the register",
);
export const operatorUntrained = defineError(
  'cylinders.operator_untrained',
  409,
  'The filling operator has no valid training or no valid certificate (先培训、后上岗, 持证上岗)',
);
export const fillPeriodInvalid = defineError(
  'cylinders.period_invalid',
  400,
  'The period ends before it starts (from must not be after to)',
);
