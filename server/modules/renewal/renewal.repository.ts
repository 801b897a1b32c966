import { type SQL, and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { hazardsTable } from '../hazards/index.ts';
import { regionsTable } from '../organisation/index.ts';
import { enterprisesTable, pipelineSegmentsTable } from '../registry/index.ts';

const seg = pipelineSegmentsTable;
const h = hazardsTable;

export function createRenewalRepository({ db }: { db: Db }) {
  return {
    /**
     * Live pipeline segments in `scope` with their township, operator and whether a hazard found on
     * them is still open (the assessment's finding, from the ledger).
     */
    async segments({ where }: { where: SQL | undefined }) {
      return db
        .select({
          id: seg.id,
          code: seg.code,
          name: seg.name,
          material: seg.material,
          pressureClass: seg.pressureClass,
          lengthM: seg.lengthM,
          installedYear: seg.installedYear,
          renewalStatus: seg.renewalStatus,
          regionId: seg.regionId,
          regionName: regionsTable.name,
          operatorId: seg.ownerEnterpriseId,
          operatorName: enterprisesTable.name,
          openHazards: sql<number>`(select count(*)::int from ${h} where ${h.objectType} = 'pipeline' and ${h.objectId} = ${seg.id} and ${h.closedAt} is null)`,
        })
        .from(seg)
        .innerJoin(regionsTable, eq(regionsTable.id, seg.regionId))
        .leftJoin(enterprisesTable, eq(enterprisesTable.id, seg.ownerEnterpriseId))
        .where(and(isNull(seg.archivedAt), where))
        .orderBy(regionsTable.code, seg.code);
    },
  };
}
