import { defineError } from '../../platform/errors.ts';

export const vehicleNotFound = defineError('vehicles.not_found', 404, 'Vehicle not found');
export const vehiclePlateTaken = defineError(
  'vehicles.plate_taken',
  409,
  'A vehicle with this plate is already registered',
);
export const vehicleArchived = defineError('vehicles.archived', 409, 'The vehicle is archived');
export const vehicleEnterpriseNotFound = defineError(
  'vehicles.enterprise_not_found',
  400,
  'The enterprise does not exist',
);
export const vehicleEnterpriseKindInvalid = defineError(
  'vehicles.enterprise_kind_invalid',
  400,
  'A hazardous-goods vehicle belongs to a hazardous-goods carrier or a bottled gas operator',
);
export const vehiclePermitRequired = defineError(
  'vehicles.permit_required',
  400,
  'A hazardous-goods vehicle needs its transport permit number',
);
export const vehicleOutsideScope = defineError(
  'vehicles.outside_scope',
  403,
  'You may not register a vehicle for this enterprise',
);
export const vehicleWorkerInvalid = defineError(
  'vehicles.worker_invalid',
  400,
  'Only a delivery worker of the vehicle’s enterprise can be bound to it',
);
export const vehicleWorkerAlreadyBound = defineError(
  'vehicles.worker_already_bound',
  409,
  'The worker is bound to another vehicle; bind with replace to move them',
);
export const vehicleNotBound = defineError('vehicles.not_bound', 409, 'No worker is bound to this vehicle');
export const vehicleUnbindFirst = defineError(
  'vehicles.unbind_first',
  409,
  'The vehicle has a bound worker of its enterprise: unbind before moving it to another enterprise',
);
