import { defineError } from '../../platform/errors.ts';

export const caseNotFound = defineError('enforcement.case_not_found', 404, 'Case not found');
export const referralNotFound = defineError('enforcement.referral_not_found', 404, 'Referral not found');
export const blacklistNotFound = defineError('enforcement.blacklist_not_found', 404, 'Blacklist entry not found');
export const caseSubjectNotFound = defineError(
  'enforcement.subject_not_found',
  400,
  'The subject is not in the register',
);
export const caseSubjectRequired = defineError(
  'enforcement.subject_required',
  400,
  'Name the subject (an object of the register or a person)',
);
export const caseSourceNotFound = defineError(
  'enforcement.source_not_found',
  400,
  'The hazard, tip or inspection is not in your scope',
);
export const caseDepartmentRequired = defineError(
  'enforcement.department_required',
  400,
  'Name the issuing department',
);
export const caseOutsideScope = defineError('enforcement.outside_scope', 403, 'The department or place is not yours');
export const caseTransitionNotAllowed = defineError(
  'enforcement.transition_not_allowed',
  409,
  'The case or referral does not accept this step now',
);
export const caseMeasureInvalid = defineError(
  'enforcement.measure_invalid',
  400,
  "A measure lacks what it needs (date, amount, the subject's licence)",
);
export const caseDocumentNotIssued = defineError(
  'enforcement.document_not_issued',
  404,
  'The case has no such document',
);
export const referralTargetRequired = defineError(
  'enforcement.referral_target_required',
  400,
  'Send to a department or to discipline inspection',
);
export const referralDeadlineInvalid = defineError(
  'enforcement.deadline_invalid',
  400,
  'The deadline lies before today',
);
export const caseNotDecided = defineError(
  'enforcement.case_not_decided',
  409,
  'Only a decided or closed case is published',
);
export const linkNotFound = defineError(
  'enforcement.link_not_found',
  400,
  'The case, tip or hazard linked is not in your scope',
);
export const blackSiteNotFound = defineError('enforcement.black_site_not_found', 404, 'Black site not found');
export const blackSiteTipInvalid = defineError(
  'enforcement.black_site_tip_invalid',
  400,
  'A reported black site comes from a tip of category black_cylinder in your scope (and a found one from none)',
);
export const dateInvalid = defineError('enforcement.date_invalid', 400, 'The date lies in the future');
