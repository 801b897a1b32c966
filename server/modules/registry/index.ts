// The register's public surface (issue 3): what other modules and the app may use.
export { registryRoutes } from './registry.routes.ts';
export {
  type LedgerObject,
  type RegisterObject,
  type RegisteredFacts,
  loadLedgerObject,
  loadRegisterObject,
} from './registry.objects.ts';
export {
  enterpriseHasRole,
  registryDescriptor,
  registryFilter,
  rolesOverlap,
  type RegistryObjectType,
  type ScopeColumns,
} from './registry.access.ts';
export { createVenuesService } from './venues.service.ts';
/** Licence status changes (suspend, revoke) for the enforcement module's decisions, in its transaction. */
export { createLicencesService } from './licences.service.ts';
export { VenueResponse } from './venues.schemas.ts';
export { hasCurrentTraining } from './people.repository.ts';
export { findRegionById, findRegionByCodeOrName, type RegionRef } from './registry.helpers.ts';
export {
  IMPORT_LIMITS,
  RowRejected,
  attachmentHeader,
  buildTemplate,
  readTable,
  runImport,
  streamExport,
} from './tabular.ts';
/** The register's import/export machinery, for other modules' own kinds (monitoring's sensors). */
export type { ImportRowCode, TabularColumn, TabularKind } from './tabular.types.ts';
export { exportColumn } from './tabular.types.ts';
export { type CellErrors, enumOptions, parseDate, parseEnum, parseNumber, parseText } from './tabular.cells.ts';
export { VENUE_CELL_SEPARATOR, enterpriseCell, pipelineCell, regionCell, venueCell } from './registry.refs.ts';
export { ImportReportResponse, ownTabularRoutes, uploadedFile } from './tabular.routes.ts';
/** Whether a unit (region, department, enterprise, venue) lies within the actor's register scope. */
export { withinScope } from './registry.query.ts';
export * from './registry.table.ts';
export { registryChangeDeciders, registryChangeLink, registryChangeTodos } from './changes.service.ts';
export { registryChangeRequestsTable } from './changes.table.ts';
/** Register corrections opened by a signed inspection's site findings (app.ts wires it into the signing). */
export { openSiteCorrections, type SignedInspection } from './changes.corrections.ts';
// The enforcement module's blacklist, flagged on the register's enterprises (app.ts wires it in).
export { registerEnterpriseBlacklist } from './enterprises.repository.ts';
