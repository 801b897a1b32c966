import { defineError } from '../../platform/errors.ts';

export const inspectionNotFound = defineError('inspections.not_found', 404, 'Inspection not found');
export const inspectionObjectNotFound = defineError(
  'inspections.object_not_found',
  404,
  'The object to inspect does not exist or is outside your scope',
);
export const inspectionKindInvalid = defineError(
  'inspections.kind_invalid',
  400,
  'This kind of inspection does not fit the object or the inspecting parties',
);
export const inspectionDepartmentNotFound = defineError(
  'inspections.department_not_found',
  400,
  'An inspecting department does not exist',
);
export const inspectionRegionInvalid = defineError(
  'inspections.inspecting_region_invalid',
  400,
  'The inspecting township is unknown, outside your scope, or the object lies in it',
);
export const inspectorNotFound = defineError(
  'inspections.inspector_not_found',
  400,
  'An assigned person does not exist',
);
export const inspectorUntrained = defineError(
  'inspections.inspector_untrained',
  400,
  'A person without a passed, unexpired training may not be assigned to inspect (先培训、后排查)',
);
export const inspectorNotEligible = defineError(
  'inspections.inspector_not_eligible',
  400,
  'This person cannot inspect in this kind of inspection',
);
export const inspectionSignedImmutable = defineError(
  'inspections.signed_immutable',
  409,
  'The record has been signed and can no longer be changed; make a correction instead',
);
export const inspectionNotSigned = defineError(
  'inspections.not_signed',
  409,
  'Only a signed record is corrected; change this one directly',
);
export const inspectionNotJoinable = defineError(
  'inspections.not_joinable',
  409,
  'Only a planned department or joint inspection can be joined',
);
export const inspectionJoinNeedsDepartment = defineError(
  'inspections.join_requires_department',
  400,
  'Joining adds your department: sign in with a department grant',
);
export const inspectionUnknownItem = defineError(
  'inspections.unknown_item',
  400,
  'A check item is not in the checklist for this object',
);
export const inspectionMeasureInvalid = defineError(
  'inspections.measure_invalid',
  400,
  'A measured value does not belong to this check item',
);
export const inspectionMeasureImpossible = defineError(
  'inspections.measure_impossible',
  400,
  'A measured value cannot be true (an installation date after the visit)',
);
export const inspectionPhotoNotFound = defineError(
  'inspections.photo_not_found',
  400,
  'A photo does not exist or was not uploaded by you',
);
export const inspectionIncomplete = defineError(
  'inspections.incomplete',
  409,
  'The record is not complete: every applicable check item needs a result before signing',
);
export const submissionConflict = defineError(
  'inspections.submission_conflict',
  409,
  'A different submission with this client id was already stored',
);
export const submissionTargetInvalid = defineError(
  'inspections.submission_target_invalid',
  400,
  'A submission names either a planned inspection or a new object to inspect',
);
export const notAssignedInspector = defineError(
  'inspections.not_assigned_inspector',
  403,
  'Only an inspector assigned to this inspection, linked to your account, can sign it',
);
export const notAssignedRecorder = defineError(
  'inspections.not_assigned_recorder',
  403,
  'Only an inspector assigned to this inspection, linked to your account, can record, submit or correct it',
);
export const signaturePasswordInvalid = defineError(
  'inspections.signature_password_invalid',
  403,
  'The password does not match: the signature was not made',
);
export const alreadySigned = defineError('inspections.already_signed', 409, 'You have already signed this record');
export const inspectionVisitTimeInvalid = defineError(
  'inspections.visit_time_invalid',
  400,
  'The time of the visit is in the future',
);
export const inspectionPlannedOnInvalid = defineError(
  'inspections.planned_on_invalid',
  400,
  'An inspection is planned for today or a day within the next year',
);
export const followUpHazardInvalid = defineError(
  'inspections.follow_up_hazard_invalid',
  400,
  'A follow-up review needs a closed hazard of the same object',
);
