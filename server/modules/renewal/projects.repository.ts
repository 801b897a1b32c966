import { type SQL, and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regionsTable } from '../organisation/index.ts';
import { enterprisesTable, facilitiesTable, pipelineSegmentsTable } from '../registry/index.ts';
import { inRegionSubtree } from '../../platform/sql.ts';
import {
  renewalProgressReportsTable,
  renewalProjectFacilitiesTable,
  renewalProjectFundsTable,
  renewalProjectMilestonesTable,
  renewalProjectSegmentsTable,
  renewalProjectsTable,
  renewalTargetsTable,
} from './renewal.table.ts';

const p = renewalProjectsTable;
const seg = pipelineSegmentsTable;
const links = renewalProjectSegmentsTable;
const funds = renewalProjectFundsTable;
const ms = renewalProjectMilestonesTable;

export type ProjectRow = Awaited<ReturnType<ReturnType<typeof createProjectsRepository>['projects']>>[number];

export function createProjectsRepository({ db }: { db: Db }) {
  return {
    /** Projects matching `where`, with township and operator names, newest plan year first. */
    async projects({ where }: { where: SQL | undefined }) {
      return db
        .select({
          project: p,
          regionName: regionsTable.name,
          operatorName: enterprisesTable.name,
          segmentCount: sql<number>`(select count(*)::int from ${links} where ${links.projectId} = ${p.id})`,
        })
        .from(p)
        .innerJoin(regionsTable, eq(regionsTable.id, p.regionId))
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, p.operatorId))
        .where(where)
        .orderBy(desc(p.planYear), asc(p.code));
    },

    async funds(projectIds: string[]) {
      if (projectIds.length === 0) return [];
      return db.select().from(funds).where(inArray(funds.projectId, projectIds));
    },

    async milestones(projectIds: string[]) {
      if (projectIds.length === 0) return [];
      return db.select().from(ms).where(inArray(ms.projectId, projectIds));
    },

    async segmentsOf(projectId: string) {
      return db
        .select({
          id: seg.id,
          code: seg.code,
          name: seg.name,
          material: seg.material,
          lengthM: seg.lengthM,
          renewalStatus: seg.renewalStatus,
          priorStatus: links.priorStatus,
        })
        .from(links)
        .innerJoin(seg, eq(seg.id, links.segmentId))
        .where(eq(links.projectId, projectId))
        .orderBy(seg.code);
    },

    async facilitiesOf(projectId: string) {
      return db
        .select({ id: facilitiesTable.id, name: facilitiesTable.name, kind: facilitiesTable.kind })
        .from(renewalProjectFacilitiesTable)
        .innerJoin(facilitiesTable, eq(facilitiesTable.id, renewalProjectFacilitiesTable.facilityId))
        .where(eq(renewalProjectFacilitiesTable.projectId, projectId))
        .orderBy(facilitiesTable.name);
    },

    async reportsOf(projectId: string) {
      return db
        .select()
        .from(renewalProgressReportsTable)
        .where(eq(renewalProgressReportsTable.projectId, projectId))
        .orderBy(desc(renewalProgressReportsTable.reportedOn), desc(renewalProgressReportsTable.createdAt));
    },

    /** Of these segments, the live ones of the operator within the township, with their status and project. */
    async eligibleSegments(ids: string[], operatorId: string, regionId: string) {
      if (ids.length === 0) return [];
      return db
        .select({ id: seg.id, lengthM: seg.lengthM, renewalStatus: seg.renewalStatus, projectId: links.projectId })
        .from(seg)
        .leftJoin(links, eq(links.segmentId, seg.id))
        .where(
          and(
            inArray(seg.id, ids),
            isNull(seg.archivedAt),
            eq(seg.ownerEnterpriseId, operatorId),
            inRegionSubtree(seg.regionId, regionId),
          ),
        );
    },

    async eligibleFacilities(ids: string[], operatorId: string) {
      if (ids.length === 0) return [];
      return db
        .select({ id: facilitiesTable.id })
        .from(facilitiesTable)
        .where(and(inArray(facilitiesTable.id, ids), eq(facilitiesTable.enterpriseId, operatorId)));
    },

    async setSegmentStatus(ids: string[], status: typeof seg.$inferSelect.renewalStatus) {
      if (ids.length === 0) return;
      await db.update(seg).set({ renewalStatus: status, updatedAt: new Date() }).where(inArray(seg.id, ids));
    },

    async targets() {
      return db.select().from(renewalTargetsTable).orderBy(renewalTargetsTable.year);
    },
  };
}
