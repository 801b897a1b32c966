// Stored files (photos, scanned documents): upload, download, and the table.
export { filesTable, storedFileContentTypes } from './files.table.ts';
export { FILE_LIMITS, sniffContentType } from './files.magic.ts';
export { createFilesService, readableFileIds } from './files.service.ts';
export { filesRoutes } from './files.routes.ts';
