// Renewal of ageing pipelines (issue 16): routes, and the file reader for the projects' photos.
import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access.ts';
import { readScope } from './renewal.access.ts';
import { renewalProgressReportsTable, renewalProjectsTable } from './renewal.table.ts';

export { renewalRoutes } from './renewal.routes.ts';

/** Who may read a progress report's photos: whoever may read the project (the files platform's reader). */
export function renewalFileReader(actor: Actor, file: SQL): SQL {
  const r = renewalProgressReportsTable;
  return sql`exists (select 1 from ${r} join ${renewalProjectsTable} on ${renewalProjectsTable.id} = ${r.projectId} where ${r.photoFileIds} @> ${file} and ${readScope(actor)})`;
}
