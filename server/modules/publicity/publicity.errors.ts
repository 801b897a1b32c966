import { defineError } from '../../platform/errors.ts';

export const publicityRegionRequired = defineError(
  'publicity.region_required',
  400,
  'Say in which township (苏木镇) it took place',
);
export const publicityRegionInvalid = defineError('publicity.region_invalid', 400, 'The township does not exist');
export const publicityOutsideScope = defineError(
  'publicity.outside_scope',
  400,
  'The township lies outside the area you record for',
);
export const publicityDateInvalid = defineError(
  'publicity.date_invalid',
  400,
  'The date cannot be in the future, and a period cannot end before it starts',
);
export const publicityActivityNotFound = defineError('publicity.activity_not_found', 404, 'No such publicity activity');
export const publicityConversionNotFound = defineError(
  'publicity.conversion_not_found',
  404,
  'No such conversion record',
);
