import { defineError } from '../../platform/errors.ts';

export const userNotFound = defineError('users.not_found', 404, 'User not found');
export const usernameTaken = defineError('users.username_taken', 409, 'This username is already taken');
export const invalidGrant = defineError(
  'users.invalid_grant',
  400,
  'A grant names a role or scope that cannot be given',
);
export const cannotDisableSelf = defineError('users.cannot_disable_self', 400, 'You cannot disable your own account');
