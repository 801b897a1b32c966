import { defineError } from '../../platform/errors.ts';

export const tipNotFound = defineError('tips.not_found', 404, 'Tip not found');
export const tipTransitionNotAllowed = defineError(
  'tips.transition_not_allowed',
  409,
  'The tip does not accept this step in its current state',
);
export const tipProofRequired = defineError(
  'tips.proof_required',
  429,
  'Too many tips from this client without a proof-of-work; solve the challenge and send it',
);
export const tipProofInvalid = defineError('tips.proof_invalid', 400, 'The proof-of-work is wrong, expired or spent');
export const tipPhotoNotFound = defineError('tips.photo_not_found', 400, 'A photo was not uploaded here or is taken');
export const tipPhotoType = defineError('tips.photo_type', 415, 'Only JPEG, PNG or WebP photos are accepted');
export const tipPhotoTooLarge = defineError('tips.photo_too_large', 413, 'The photo is too large');
export const tipPhotoMissing = defineError('tips.photo_missing', 400, 'Send the photo as multipart field "file"');
export const tipPlaceRequired = defineError('tips.place_required', 400, 'Give the place on the map or as an address');
export const tipPlaceOutside = defineError('tips.place_outside', 400, 'The place lies outside the county');
export const tipDepartmentNotFound = defineError('tips.department_not_found', 400, 'No such department');
export const tipRegionNotFound = defineError('tips.region_not_found', 400, 'No such township in the county');
export const tipGradeRequired = defineError('tips.grade_required', 400, 'A founded tip needs its verified grade');
export const tipResultRequired = defineError(
  'tips.result_required',
  400,
  'A founded tip becomes a hazard (an object of the register) or names the hazard already in the ledger',
);
export const tipHazardNotFound = defineError('tips.hazard_not_found', 400, 'No such hazard in your scope');
export const tipMergeTarget = defineError(
  'tips.merge_target_invalid',
  400,
  'A tip merges into an earlier, unmerged tip of the same category',
);
export const tipRewardNotAllowed = defineError(
  'tips.reward_transition_not_allowed',
  409,
  'The reward is not in a state for this step',
);
export const tipRewardOutOfTier = defineError(
  'tips.reward_out_of_tier',
  400,
  "The approved amount lies outside the reward tier of the tip's grade",
);
export const tipRoutingInvalid = defineError(
  'tips.routing_invalid',
  400,
  'A category is routed to no known department',
);
