import { defineError } from '../../platform/errors.ts';

export const bulletinNotFound = defineError('supervision.bulletin_not_found', 404, 'Bulletin not found');
export const bulletinAsOfFuture = defineError(
  'supervision.as_of_future',
  400,
  'A bulletin is taken on a day that has begun (asOf is not after today)',
);
export const orderNotFound = defineError('supervision.order_not_found', 404, 'Supervision order not found');
export const orderTargetInvalid = defineError(
  'supervision.target_invalid',
  400,
  'The order goes to one township (targetRegionId) or one department (targetDepartmentId)',
);
export const orderSubjectInvalid = defineError(
  'supervision.subject_invalid',
  400,
  'The subject does not match its type (a hazard in the scope, a region, a task of the plan)',
);
export const orderDueInvalid = defineError('supervision.due_invalid', 400, 'The due date is before the day of issue');
export const orderStateInvalid = defineError(
  'supervision.order_state',
  409,
  'The order does not accept this step in its current state',
);
export const orderNotAddressee = defineError(
  'supervision.not_addressee',
  403,
  'Only the township or department the order is addressed to answers it',
);
export const actionNotFound = defineError('supervision.action_not_found', 404, 'Record not found');
export const accidentNotFound = defineError('supervision.accident_not_found', 404, 'Accident not found');
export const accidentStateInvalid = defineError(
  'supervision.accident_state',
  409,
  'The accident does not accept this step in its current state',
);
