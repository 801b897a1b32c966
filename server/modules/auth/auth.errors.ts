import { defineError } from '../../platform/errors.ts';

// One answer for an unknown user, a wrong password, a locked and a disabled account: none is revealed.
export const invalidCredentials = defineError(
  'auth.invalid_credentials',
  401,
  'Wrong username or password, or the account is locked for a while after repeated failures',
);
export const accountLocked = defineError(
  'auth.account_locked',
  429,
  'Too many failed attempts; the account is locked for a while',
);
export const wrongCurrentPassword = defineError('auth.wrong_current_password', 400, 'The current password is wrong');
export const weakPassword = defineError('auth.weak_password', 400, 'The new password is too weak');
export const machineTokenNotFound = defineError('machine_tokens.not_found', 404, 'Machine token not found');
export const machineTokenInvalidRole = defineError(
  'machine_tokens.invalid_role',
  400,
  'This role cannot be given to a machine token',
);
export const passwordChangeRequired = defineError(
  'auth.password_change_required',
  403,
  'Change your password before doing anything else',
);
