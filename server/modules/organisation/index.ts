export * from './organisation.table.ts';
export { createOrganisationService, type OrganisationService } from './organisation.service.ts';
export { createOrganisationRepository } from './organisation.repository.ts';
export { organisationRoutes } from './organisation.routes.ts';
export { scopeNotFound } from './organisation.errors.ts';
