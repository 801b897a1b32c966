import { defineError } from '../errors.ts';

export const fileNotFound = defineError('files.not_found', 404, 'File not found');
export const fileMissing = defineError(
  'files.no_file',
  400,
  'Send the file as multipart/form-data in a field named "file"',
);
export const fileEmpty = defineError('files.empty', 400, 'The file is empty');
export const fileTooLarge = defineError('files.too_large', 413, 'The file is larger than the upload limit');
export const fileUnsupportedType = defineError(
  'files.unsupported_type',
  415,
  'Only JPEG, PNG and WebP photos and PDF documents can be uploaded',
);
