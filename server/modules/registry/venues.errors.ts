import { defineError } from '../../platform/errors.ts';

export const venueNotFound = defineError('venues.not_found', 404, 'Venue not found');
export const venueDuplicate = defineError('venues.duplicate', 409, 'A venue with this name and address already exists');
export const venueRegionNotFound = defineError('venues.region_not_found', 400, 'The region does not exist');
export const venueSupplierNotFound = defineError(
  'venues.supplier_not_found',
  400,
  'The supplier enterprise does not exist',
);
export const venueSupplierNotGasOperator = defineError(
  'venues.supplier_not_gas_operator',
  400,
  'The supplier must be a pipeline or bottled gas operator',
);
export const venueContractDatesReversed = defineError(
  'venues.contract_dates_reversed',
  400,
  'The contract ends before it starts',
);
export const venueInstallDateWithoutDevice = defineError(
  'venues.install_date_without_device',
  400,
  'An install date is given for a device that is not installed',
);
export const venueOutsideScope = defineError('venues.outside_scope', 403, 'This venue would be outside your scope');
export const venueContractFieldsOnly = defineError(
  'venues.contract_fields_only',
  403,
  'A supplier may edit only the supply contract of its customers',
);
export const venueArchived = defineError('venues.archived', 409, 'The venue is archived');
export const venueSupplyAlreadySuspended = defineError(
  'venues.supply_already_suspended',
  409,
  'Supply is already suspended',
);
export const venueSupplyNotSuspended = defineError('venues.supply_not_suspended', 409, 'Supply is not suspended');
