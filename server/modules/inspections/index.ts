// The inspections module's public surface (issue 4).
export {
  inspectionFileReader,
  ledgerDescriptor,
  ledgerScopeFilter,
  type LedgerScopeColumns,
} from './inspections.access.ts';
export { type LedgerObject, loadLedgerObject } from './inspections.objects.ts';
export { createInspectionsService, type InspectionsService } from './inspections.service.ts';
export { inspectionsRoutes } from './inspections.routes.ts';
export {
  inspectionsTable,
  inspectionInspectorsTable,
  inspectionResultsTable,
  inspectionSignaturesTable,
} from './inspections.table.ts';
