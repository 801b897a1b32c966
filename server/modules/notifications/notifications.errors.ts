import { defineError } from '../../platform/errors.ts';

export const notificationNotFound = defineError('notifications.not_found', 404, 'Notification not found');
export const channelNotFound = defineError('notifications.channel_not_found', 404, 'Channel not found');
export const channelOwnerForbidden = defineError(
  'notifications.channel_owner_forbidden',
  403,
  "Only the organisation's user administrators set its channel",
);
export const channelUrlInvalid = defineError(
  'notifications.channel_url_invalid',
  400,
  'The webhook address must be an http or https URL without credentials',
);
export const channelUrlInternal = defineError(
  'notifications.channel_url_internal',
  400,
  'The webhook address must not be a loopback, private or link-local address (WEBHOOK_ALLOW_INTERNAL allows it)',
);
