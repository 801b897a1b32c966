// Every table of the platform, for drizzle-kit and the typed client. Modules own their tables.
export * from '../platform/audit/audit.table.ts';
export * from '../modules/auth/auth.table.ts';
export * from '../modules/organisation/organisation.table.ts';
export * from '../modules/users/users.table.ts';
export * from '../modules/registry/registry.table.ts';
export * from '../platform/files/files.table.ts';
export * from '../modules/inspections/inspections.table.ts';
export * from '../modules/hazards/hazards.table.ts';
export * from '../platform/installation/installation.table.ts';
export * from '../platform/jobs/jobs.table.ts';
export * from '../platform/events/events.table.ts';
export * from '../modules/tips/tips.table.ts';
export * from '../modules/delivery/delivery.table.ts';
export * from '../modules/monitoring/monitoring.table.ts';
export * from '../modules/registry/changes.table.ts';
export * from '../modules/supervision/supervision.table.ts';
export * from '../modules/enforcement/enforcement.table.ts';
