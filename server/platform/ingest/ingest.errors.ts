import { defineError } from '../errors.ts';

export const ingestStreamNotFound = defineError('ingest.stream_not_found', 404, 'No such stream');
export const ingestTooManyRows = defineError(
  'ingest.too_many_rows',
  400,
  'More rows in one request than the stream accepts at once',
);
export const ingestQueueFull = defineError('ingest.queue_full', 429, 'The stream is busy; send again after a while');
export const ingestShuttingDown = defineError('ingest.shutting_down', 503, 'The server is shutting down; send again');
export const ingestWriteFailed = defineError(
  'ingest.write_failed',
  503,
  'The rows could not be stored; send them again (rows already stored are not stored twice)',
);
