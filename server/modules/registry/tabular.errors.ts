import { defineError } from '../../platform/errors.ts';

export const tabularKindNotFound = defineError(
  'registry.kind_not_found',
  404,
  'No such register kind for import or export',
);
export const importNoFile = defineError(
  'registry.import_no_file',
  400,
  'Send the file as multipart/form-data in a field named "file"',
);
export const importUnsupportedType = defineError(
  'registry.import_unsupported_type',
  415,
  'Only .xlsx and .csv files can be imported',
);
export const importFileTooLarge = defineError(
  'registry.import_file_too_large',
  413,
  'The file is larger than the import limit',
);
export const importTooManyRows = defineError(
  'registry.import_too_many_rows',
  413,
  'The file has more rows than one import may hold',
);
export const importUnreadable = defineError(
  'registry.import_unreadable',
  400,
  'The file could not be read as a spreadsheet',
);
export const importMissingColumns = defineError(
  'registry.import_missing_columns',
  400,
  'Required columns are missing from the header row',
);
export const importEmpty = defineError('registry.import_empty', 400, 'The file has no data rows');
export const importInvalid = defineError('registry.import_invalid', 422, 'Some rows are invalid; nothing was imported');
