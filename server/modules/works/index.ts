// Third-party works near gas facilities (第三方施工, issue 16): routes, the agreement files' reader, the tables.
export { worksRoutes } from './works.routes.ts';
export { worksFileReader, worksReadScope } from './works.access.ts';
export * from './works.table.ts';
/** The register's use cases (the demo seed records its works through them, raising hazards by the same rule). */
export { createWorksService } from './works.service.ts';
