import { defineError } from '../../platform/errors.ts';

export const sessionNotFound = defineError('training.session_not_found', 404, 'Training session not found');
export const trainingUnitRequired = defineError(
  'training.unit_required',
  400,
  'Say which township, department, enterprise or venue ran the training',
);
export const trainingUnitNotFound = defineError(
  'training.unit_not_found',
  400,
  'The organising township, department, enterprise or venue does not exist',
);
export const trainingUnitOutsideScope = defineError(
  'training.unit_outside_scope',
  400,
  'The organising unit lies outside your scope',
);
export const trainingDatesInvalid = defineError(
  'training.dates_invalid',
  400,
  'A session cannot be in the future, and its certificates cannot expire before it',
);
export const attendeeNotFound = defineError(
  'training.attendee_not_found',
  400,
  'An attendee is not a live person of the register in your scope',
);
export const attendeeDuplicate = defineError(
  'training.attendee_duplicate',
  409,
  'This person is already an attendee of the session',
);
export const signInSheetInvalid = defineError(
  'training.sign_in_sheet_invalid',
  400,
  'Some rows of the sign-in sheet have errors; nothing was imported',
);
export const signInSheetMissingColumns = defineError(
  'training.sign_in_sheet_missing_columns',
  400,
  'The sign-in sheet lacks the name, phone or result column; use the template',
);
export const signInSheetEmpty = defineError('training.sign_in_sheet_empty', 400, 'The sign-in sheet has no rows');
export const signInSheetNoFile = defineError(
  'training.sign_in_sheet_no_file',
  400,
  'Send the sign-in sheet as multipart field "file"',
);
export const signInSheetTooLarge = defineError(
  'training.sign_in_sheet_too_large',
  413,
  'The sign-in sheet is too large',
);
