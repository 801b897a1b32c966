import { defineError } from '../../platform/errors.ts';

export const hazardNotFound = defineError('hazards.not_found', 404, 'Hazard not found');
export const hazardTransitionNotAllowed = defineError(
  'hazards.transition_not_allowed',
  409,
  'The hazard does not accept this event in its current state',
);
export const hazardEvidenceRequired = defineError(
  'hazards.evidence_required',
  400,
  'A submission needs evidence: a note or photos',
);
export const hazardReasonRequired = defineError('hazards.reason_required', 400, 'A reason is required');
export const hazardMeasureRequired = defineError(
  'hazards.measure_required',
  400,
  'An interim control measure is required',
);
export const hazardMethodRequired = defineError(
  'hazards.method_required',
  400,
  'A verification method (on_site or evidence) is required',
);
export const hazardInterimControlRequired = defineError(
  'hazards.interim_control_required',
  400,
  'A major hazard that is not fixed at once needs an interim control measure (管控措施)',
);
export const hazardObjectNotFound = defineError('hazards.object_not_found', 400, 'The object is not in the register');
export const hazardObjectOutsideScope = defineError(
  'hazards.object_outside_scope',
  403,
  'The object lies outside your scope',
);
export const hazardItemNotFound = defineError('hazards.item_not_found', 400, 'No such check item');
export const hazardItemNotApplicable = defineError(
  'hazards.item_not_applicable',
  400,
  'The check item does not apply to this kind of object',
);
export const hazardSeverityRequired = defineError(
  'hazards.severity_required',
  400,
  'A hazard without a check item needs a severity',
);
export const hazardDepartmentNotFound = defineError(
  'hazards.department_not_found',
  400,
  'The department does not exist',
);
export const hazardPersonNotFound = defineError(
  'hazards.person_not_found',
  400,
  'The responsible person does not exist',
);
export const hazardFileNotFound = defineError('hazards.file_not_found', 400, 'A photo id names no stored file');
export const hazardDatesInvalid = defineError(
  'hazards.dates_invalid',
  400,
  'The deadline is before the day found or more than two years ahead, or the day found is in the future',
);
export const hazardDeadlineReasonRequired = defineError(
  'hazards.deadline_reason_required',
  400,
  'Moving a deadline needs a reason',
);
export const hazardClosed = defineError('hazards.closed', 409, 'A closed hazard cannot be changed');
export const hazardNotSuspendable = defineError(
  'hazards.supply_suspension_not_allowed',
  409,
  'Supply can be suspended only for an open hazard of a venue that is major or whose rectification is refused',
);
export const hazardSupplyResumeBlocked = defineError(
  'hazards.supply_resume_blocked',
  409,
  'Supply resumes only when the hazards that stopped it are closed, or by the office with a recorded reason',
);
export const hazardNotMajor = defineError(
  'hazards.treatment_plan_major_only',
  409,
  'A treatment plan (治理方案) is for an open major hazard',
);
export const hazardTreatmentPlanRequired = defineError(
  'hazards.treatment_plan_required',
  409,
  'A major hazard is closed only with its treatment plan (治理方案) on file',
);
export const hazardOnSiteRequired = defineError(
  'hazards.on_site_verification_required',
  400,
  'A major hazard is verified on site before it is closed (销号)',
);
export const hazardTreatmentDeadlineInvalid = defineError(
  'hazards.treatment_plan_deadline_invalid',
  400,
  'The treatment deadline lies between the day found and the hazard’s deadline',
);
export const hazardPhaseNotFound = defineError('hazards.phase_not_found', 400, 'No campaign phase with this code');
export const hazardBadCursor = defineError('hazards.bad_cursor', 400, 'The page cursor is not valid for this sort');
export const hazardInspectionNotFound = defineError('hazards.inspection_not_found', 404, 'Inspection not found');
export const hazardImportFileTooLarge = defineError(
  'hazards.import_file_too_large',
  413,
  'The file is larger than the import limit (10 MB)',
);
export const hazardImportNoFile = defineError(
  'hazards.import_no_file',
  400,
  'Upload one .xlsx file in the field "file"',
);
export const hazardImportMissingColumns = defineError(
  'hazards.import_missing_columns',
  400,
  'The ledger lacks required columns (隐患单位, 隐患描述)',
);
export const hazardFollowUpRangeRequired = defineError(
  'hazards.follow_up_range_required',
  400,
  'Give a campaign phase or a date range (from, to)',
);
