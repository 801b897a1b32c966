import { defineError } from '../../platform/errors.ts';

export const worksNotFound = defineError('works.not_found', 404, 'Works not found');
export const worksBuilderInvalid = defineError(
  'works.builder_invalid',
  400,
  'The builder must be a live enterprise of the register',
);
export const worksRegionInvalid = defineError('works.region_invalid', 400, 'The township does not exist');
export const worksOutsideScope = defineError(
  'works.outside_scope',
  400,
  'The works lies outside the area you record for',
);
export const worksPlaceInvalid = defineError(
  'works.place_invalid',
  400,
  'A place is a point or a polygon of at least three distinct corners, in the county',
);
export const worksSegmentInvalid = defineError(
  'works.segment_invalid',
  400,
  'A chosen pipeline segment does not exist, or has a geometry (those are computed from the map)',
);
export const worksNotNearPipeline = defineError(
  'works.not_near_pipeline',
  400,
  'No pipeline segment lies within its protection distance of this place; choose the segments if they are not on the map',
);
export const worksDatesInvalid = defineError(
  'works.dates_invalid',
  400,
  'The end cannot be before the start, nor the agreement without being signed',
);
export const worksAgreementFileInvalid = defineError(
  'works.agreement_file_invalid',
  400,
  'The agreement file is not a file you uploaded or can read',
);
export const worksNotOperator = defineError(
  'works.not_operator',
  403,
  'Only an operator of a pipeline near the works records its guardian visits',
);
