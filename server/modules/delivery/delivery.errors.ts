import { type RefusalCode, refusalCodes, refusalLabels } from '../../../domain/delivery/delivery.ts';
import { type ErrorFactory, defineError } from '../../platform/errors.ts';

export const deliveryUserNotFound = defineError('delivery.user_not_found', 404, 'Gas user not found');
export const deliveryOrderNotFound = defineError('delivery.order_not_found', 404, 'Order not found');
export const deliveryZoneNotFound = defineError('delivery.zone_not_found', 404, 'Delivery zone not found');
export const deliveryFlagNotFound = defineError('delivery.flag_not_found', 404, 'Flag not found');
export const deliveryVehicleNotFound = defineError('delivery.vehicle_not_found', 404, 'Vehicle not found');
export const deliveryOperatorInvalid = defineError(
  'delivery.operator_invalid',
  400,
  'The operator is not a registered bottled-gas operator in your scope',
);
export const deliveryVenueInvalid = defineError(
  'delivery.venue_invalid',
  400,
  'A business user is a registered venue in your scope, not a household',
);
export const deliveryUserDuplicate = defineError(
  'delivery.user_duplicate',
  409,
  'This operator already has this user on file',
);
export const deliveryOtherSupplier = defineError(
  'delivery.other_supplier',
  409,
  'The user has a supply contract with another operator for this period (one supplier at a time)',
);
export const deliveryContractDatesInvalid = defineError(
  'delivery.contract_dates_invalid',
  400,
  'The contract ends before it starts, or has an end without a start',
);
export const deliveryZoneInvalid = defineError('delivery.zone_invalid', 400, 'The zone geometry is invalid');
export const deliveryZoneOutsideCounty = defineError(
  'delivery.zone_outside_county',
  400,
  "A corner of the zone lies outside the county's outline",
);
export const deliveryWorkerInvalid = defineError(
  'delivery.worker_invalid',
  400,
  "The worker is not one of the operator's delivery workers",
);
export const deliveryOrderState = defineError(
  'delivery.order_state',
  409,
  'The order is not in a state that allows this',
);
export const deliveryNotAssignedWorker = defineError(
  'delivery.not_assigned_worker',
  403,
  'Only the worker the order is assigned to may deliver it',
);
export const deliveryScanMissing = defineError(
  'delivery.scan_missing',
  400,
  'Scan every full cylinder handed over (as many as ordered)',
);
export const deliveryCheckIncomplete = defineError(
  'delivery.check_incomplete',
  400,
  'Every item of the door check needs an answer',
);
export const deliveryFileNotFound = defineError(
  'delivery.file_not_found',
  400,
  'A photo id names no file of your own uploads',
);
export const deliveryCheckDone = defineError('delivery.check_done', 409, 'The door check of this delivery is recorded');
export const deliverySubmissionConflict = defineError(
  'delivery.submission_conflict',
  409,
  'A different delivery was already sent under this id',
);
export const deliveryPublicUserUnknown = defineError(
  'delivery.public_user_unknown',
  404,
  'No user of this operator has this phone number',
);
export const deliveryFlagHasHazard = defineError('delivery.flag_has_hazard', 409, 'The flag is already a hazard');
export const positionOutsideChina = defineError(
  'delivery.position_outside_china',
  400,
  'A position lies outside China: a bad fix, not stored',
);
export const positionImpossibleSpeed = defineError(
  'delivery.position_impossible_speed',
  400,
  'A position implies a speed no road vehicle reaches: not stored',
);
export const positionFutureTime = defineError(
  'delivery.position_future_time',
  400,
  "A position's time is ahead of the server's clock: not stored",
);
export const positionVehicleUnknown = defineError(
  'delivery.position_vehicle_unknown',
  400,
  'The vehicle is not registered, or not yours to report',
);
export const positionVehicleNotBound = defineError(
  'delivery.position_vehicle_not_bound',
  403,
  "A driver's phone reports only the vehicle bound to the driver",
);

/**
 * One error per refusal reason: `delivery.<code>`, with the plain Chinese reason in the details. A
 * cylinder the gate refuses is 409 (the request is sound; the cylinder's state forbids it), with the
 * gate's reason codes in `cylinderReasons`.
 */
export const refusalErrors = Object.fromEntries(
  refusalCodes.map((code) => [
    code,
    defineError(`delivery.${code}`, code === 'cylinder_refused' ? 409 : 400, refusalLabels[code].en),
  ]),
) as Record<RefusalCode, ErrorFactory>;

export function refusal(code: RefusalCode, field: string, extra: Record<string, unknown> = {}) {
  return refusalErrors[code]({
    field,
    reason: code,
    reasonText: refusalLabels[code].zh,
    basis: refusalLabels[code].basis,
    ...extra,
  });
}
