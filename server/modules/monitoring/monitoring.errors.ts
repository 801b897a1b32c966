import { defineError } from '../../platform/errors.ts';

export const sensorNotFound = defineError('monitoring.sensor_not_found', 404, 'Sensor not found');
export const sensorCodeTaken = defineError('monitoring.sensor_code_taken', 409, 'A sensor with this code exists');
export const sensorObjectNotFound = defineError(
  'monitoring.object_not_found',
  400,
  'The watched object is not in the register (or not in your scope)',
);
export const sensorRegionRequired = defineError(
  'monitoring.region_required',
  400,
  'Say where the sensor is: a watched object, an owner enterprise or a region',
);
export const sensorOutsideScope = defineError(
  'monitoring.outside_scope',
  403,
  'The sensor would lie outside your scope',
);
export const sensorValveInvalid = defineError(
  'monitoring.valve_invalid',
  400,
  'The interlocked valve must be a valve_state sensor you can see',
);
export const alarmNotFound = defineError('monitoring.alarm_not_found', 404, 'Alarm not found');
export const alarmStepNotAllowed = defineError(
  'monitoring.step_not_allowed',
  409,
  'The alarm does not accept this step in its current status',
);
export const alarmObjectMissing = defineError(
  'monitoring.alarm_without_object',
  409,
  'The alarm’s sensor watches no register object, so it cannot become a hazard',
);
export const readingsTooMany = defineError('monitoring.too_many_readings', 400, 'At most 5,000 readings a batch');
export const rulesInvalid = defineError(
  'monitoring.rules_invalid',
  400,
  'The rules do not hold: a condition this sensor kind does not have, given twice, a clear level beyond its raise level, or a warning beyond the alarm',
);
