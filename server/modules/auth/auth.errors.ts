import { defineError } from '../../platform/errors.ts';

export const invalidCredentials = defineError('auth.invalid_credentials', 401, 'Wrong username or password');
export const accountLocked = defineError(
  'auth.account_locked',
  429,
  'Too many failed attempts; the account is locked for a while',
);
export const accountDisabled = defineError('auth.account_disabled', 403, 'This account is disabled');
export const wrongCurrentPassword = defineError('auth.wrong_current_password', 400, 'The current password is wrong');
export const weakPassword = defineError('auth.weak_password', 400, 'The new password is too weak');
export const machineTokenNotFound = defineError('machine_tokens.not_found', 404, 'Machine token not found');
export const machineTokenInvalidRole = defineError(
  'machine_tokens.invalid_role',
  400,
  'This role cannot be given to a machine token',
);
