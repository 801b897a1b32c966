import { defineError } from '../../platform/errors.ts';

export const projectNotFound = defineError('renewal.project_not_found', 404, 'Renewal project not found');
export const projectCodeTaken = defineError(
  'renewal.project_code_taken',
  409,
  'Another renewal project has this number',
);
export const receivedOverBudget = defineError(
  'renewal.received_over_budget',
  400,
  'The funds received exceed the budget: record the reason (overBudgetReason)',
);
export const milestoneOutOfOrder = defineError(
  'renewal.milestone_out_of_order',
  400,
  'A milestone is done only after the one before it, and not after today',
);
export const segmentNotEligible = defineError(
  'renewal.segment_not_eligible',
  400,
  "A covered segment must be a live segment of the project's operator in its township",
);
export const segmentInOtherProject = defineError(
  'renewal.segment_in_other_project',
  409,
  'A covered segment already belongs to another renewal project',
);
export const facilityNotEligible = defineError(
  'renewal.facility_not_eligible',
  400,
  "A covered station must be a facility of the project's operator",
);
export const operatorNotFound = defineError(
  'renewal.operator_not_found',
  400,
  'The operator is not a registered enterprise in your scope',
);
export const regionNotTownship = defineError('renewal.region_not_found', 400, 'The township does not exist');
export const regulatorFieldsOnly = defineError(
  'renewal.regulator_fields_only',
  403,
  "The operator reports progress and photos; the budget, funds, scope and acceptance are the office's and the housing department's",
);
export const photoNotReadable = defineError('renewal.photo_not_found', 400, 'A photo is not an uploaded file of yours');
export const targetOfficeOnly = defineError(
  'renewal.target_office_only',
  403,
  "The plan's yearly target is set by the campaign office",
);
