// Renewal of ageing pipelines (issue 16): routes, and the file reader for the projects' photos.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import { createProjectsService } from './projects.service.ts';
import { createRenewalFigures } from './renewal.figures.ts';
import { readScope } from './renewal.access.ts';
import { renewalProgressReportsTable, renewalProjectsTable } from './renewal.table.ts';

export { renewalRoutes } from './renewal.routes.ts';
export { renewalProjectsTable } from './renewal.table.ts';

/** The services the demo seed records its projects and targets through (the rules apply to the demo too). */
export function createDemoRenewal(db: Db) {
  const projects = createProjectsService({ db });
  return { projects, figures: createRenewalFigures({ db, projects }) };
}

/** Who may read a progress report's photos: whoever may read the project (the files platform's reader). */
export function renewalFileReader(actor: Actor, file: SQL): SQL {
  const r = renewalProgressReportsTable;
  return sql`exists (select 1 from ${r} join ${renewalProjectsTable} on ${renewalProjectsTable.id} = ${r.projectId} where ${r.photoFileIds} @> ${file} and ${readScope(actor)})`;
}
