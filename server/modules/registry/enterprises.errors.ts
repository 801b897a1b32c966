import { defineError } from '../../platform/errors.ts';

export const enterpriseNotFound = defineError('enterprises.not_found', 404, 'Enterprise not found');
export const creditCodeTaken = defineError(
  'enterprises.credit_code_taken',
  409,
  'An enterprise with this unified social credit code is already registered',
);
export const enterpriseRegionNotFound = defineError('enterprises.region_not_found', 400, 'The region does not exist');
export const enterpriseOutsideScope = defineError(
  'enterprises.outside_scope',
  403,
  'The enterprise would lie outside the region or kinds you manage',
);
export const enterpriseArchived = defineError('enterprises.archived', 409, 'The enterprise is archived');
export const sellerChannelInvalid = defineError(
  'enterprises.seller_channel_invalid',
  400,
  'A sales channel is required for appliance sellers and only for them',
);
