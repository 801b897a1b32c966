// The inspections module's public surface (issue 4).
export {
  inspectionFileReader,
  inspectionReadable,
  ledgerDescriptor,
  ledgerScopeFilter,
  type LedgerScopeColumns,
} from './inspections.access.ts';
// The register's contract, under the name the ledger used first.
export { type LedgerObject, loadLedgerObject } from '../registry/index.ts';
export {
  createInspectionsService,
  type InspectionFailure,
  type InspectionsService,
  type OnInspectionSigned,
} from './inspections.service.ts';
export type { InspectionRow } from './inspections.repository.ts';
export { planFollowUpInspection } from './inspections.follow-up.ts';
export { inspectionsRoutes } from './inspections.routes.ts';
export {
  inspectionsTable,
  inspectionInspectorsTable,
  inspectionResultsTable,
  inspectionSignaturesTable,
} from './inspections.table.ts';
export { inspectionTodos } from './inspections.todos.ts';
