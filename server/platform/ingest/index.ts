// Machine rows in bulk: streams, their bounded queues and multi-row inserts (platform/ingest).
export {
  COLUMNS_DIGEST_FORM,
  type Ingest,
  type IngestOptions,
  type IngestResult,
  type StreamDefinition,
  createIngest,
} from './ingest.ts';
export { ingestRoutes } from './ingest.routes.ts';
export { reportBrokerStart, startEmbeddedBroker } from './ingest.broker.ts';
