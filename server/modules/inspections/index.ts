// The inspections module's public surface (issue 4).
export {
  inspectionFileReader,
  ledgerDescriptor,
  ledgerScopeFilter,
  type LedgerScopeColumns,
} from './inspections.access.ts';
// The register's contract, under the name the ledger used first.
export { type LedgerObject, loadLedgerObject } from '../registry/index.ts';
export { createInspectionsService, type InspectionsService } from './inspections.service.ts';
export { inspectionsRoutes } from './inspections.routes.ts';
export {
  inspectionsTable,
  inspectionInspectorsTable,
  inspectionResultsTable,
  inspectionSignaturesTable,
} from './inspections.table.ts';
