import { defineError } from '../../platform/errors.ts';

export const pipelineNotFound = defineError('pipelines.not_found', 404, 'Pipeline segment not found');
export const pipelineCodeTaken = defineError(
  'pipelines.code_taken',
  409,
  'A pipeline segment with this code already exists',
);
export const pipelineArchived = defineError('pipelines.archived', 409, 'The pipeline segment is archived');
export const pipelineRegionNotFound = defineError('pipelines.region_not_found', 400, 'The region does not exist');
export const pipelineOwnerNotFound = defineError(
  'pipelines.owner_not_found',
  400,
  'The owner enterprise does not exist',
);
export const pipelineOwnerNotOperator = defineError(
  'pipelines.owner_not_pipeline_operator',
  400,
  'The owner of a pipeline segment must be a pipeline gas operator',
);
export const pipelineOutsideScope = defineError(
  'pipelines.outside_scope',
  403,
  'You may not register a pipeline segment there',
);
