import { defineError } from '../../platform/errors.ts';

// The QR label sheet (GET /api/v1/cylinders/labels.pdf).
export const labelsNothingAsked = defineError(
  'cylinders.labels_nothing_asked',
  400,
  'Give either codes (comma-separated) or a prefix with the first number and a count',
);
export const labelsTooMany = defineError('cylinders.labels_too_many', 400, 'At most 1000 labels in one sheet');
