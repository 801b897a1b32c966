import { type SQL, and, asc, eq, inArray, isNotNull, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regionOutlinesTable, regionsTable } from '../organisation/index.ts';
import { enterprisesTable, facilitiesTable, pipelineSegmentsTable, venuesTable } from './registry.table.ts';
import { rolesOverlap } from './registry.access.ts';
import { inRegionSubtree } from './registry.helpers.ts';

/** `located: false` asks for the objects WITHOUT coordinates (the map lists them apart, issue 9). */
type LayerQuery = { scope: SQL; regionId?: string; kinds?: string[]; limit: number; located?: boolean };

type Lng = Parameters<typeof isNull>[0];
/** Both coordinates present, or (located = false) at least one missing. */
const hasPoint = (lng: Lng, lat: Lng, located = true) =>
  located ? and(isNotNull(lng), isNotNull(lat)) : or(isNull(lng), isNull(lat));

const kindIn = (column: Parameters<typeof inArray>[0], kinds?: string[]) =>
  kinds ? inArray(column, kinds) : undefined;

/** The map's queries: lean rows with coordinates, live objects only, capped per layer. */
export function createMapRepository({ db }: { db: Db }) {
  return {
    async enterprises({ scope, regionId, kinds, limit, located }: LayerQuery) {
      return db
        .select({
          id: enterprisesTable.id,
          name: enterprisesTable.name,
          kind: enterprisesTable.kind,
          roles: enterprisesTable.roles,
          lng: enterprisesTable.lng,
          lat: enterprisesTable.lat,
        })
        .from(enterprisesTable)
        .where(
          and(
            scope,
            isNull(enterprisesTable.archivedAt),
            hasPoint(enterprisesTable.lng, enterprisesTable.lat, located),
            regionId ? inRegionSubtree(enterprisesTable.regionId, regionId) : undefined,
            // By business role (issue 11): a filler that also delivers shows in both kinds' layers.
            kinds ? rolesOverlap(enterprisesTable.roles, kinds) : undefined,
          ),
        )
        .orderBy(asc(enterprisesTable.id))
        .limit(limit);
    },

    async facilities({ scope, regionId, kinds, limit, located }: LayerQuery) {
      return db
        .select({
          id: facilitiesTable.id,
          name: facilitiesTable.name,
          kind: facilitiesTable.kind,
          lng: facilitiesTable.lng,
          lat: facilitiesTable.lat,
          enterpriseId: facilitiesTable.enterpriseId,
        })
        .from(facilitiesTable)
        .where(
          and(
            scope,
            isNull(facilitiesTable.archivedAt),
            hasPoint(facilitiesTable.lng, facilitiesTable.lat, located),
            regionId ? inRegionSubtree(facilitiesTable.regionId, regionId) : undefined,
            kindIn(facilitiesTable.kind, kinds),
          ),
        )
        .orderBy(asc(facilitiesTable.id))
        .limit(limit);
    },

    async venues({ scope, regionId, kinds, limit, located }: LayerQuery) {
      const v = venuesTable;
      return db
        .select({
          id: v.id,
          name: v.name,
          category: v.category,
          lng: v.lng,
          lat: v.lat,
          floor: v.floor,
          gasSources: v.gasSources,
          storedLpgKg: v.storedLpgKg,
          hasCylinderRoom: v.hasCylinderRoom,
          detectorInstalled: v.detectorInstalled,
          shutoffValveInstalled: v.shutoffValveInstalled,
          contractNumber: v.contractNumber,
          contractTo: v.contractTo,
          supplyStatus: v.supplyStatus,
          /** The venue's region path (codes), to find its township's seat when it has no point. */
          regionPath: regionsTable.path,
        })
        .from(v)
        .leftJoin(regionsTable, eq(regionsTable.id, v.regionId))
        .where(
          and(
            scope,
            isNull(v.archivedAt),
            hasPoint(v.lng, v.lat, located),
            regionId ? inRegionSubtree(v.regionId, regionId) : undefined,
            kindIn(v.category, kinds),
          ),
        )
        .orderBy(asc(v.id))
        .limit(limit);
    },

    async pipelines({ scope, regionId, kinds, limit, located }: LayerQuery) {
      const p = pipelineSegmentsTable;
      return db
        .select({
          id: p.id,
          name: p.name,
          code: p.code,
          pressureClass: p.pressureClass,
          material: p.material,
          installedYear: p.installedYear,
          encroached: p.encroached,
          confinedSpace: p.confinedSpace,
          renewalStatus: p.renewalStatus,
          geometry: p.geometry,
        })
        .from(p)
        .where(
          and(
            scope,
            isNull(p.archivedAt),
            located === false ? isNull(p.geometry) : isNotNull(p.geometry),
            regionId ? inRegionSubtree(p.regionId, regionId) : undefined,
            kindIn(p.pressureClass, kinds),
          ),
        )
        .orderBy(asc(p.id))
        .limit(limit);
    },

    /** The banner and its township-level regions (live), for the boundary layer. */
    /** The counties at the top of the region tree, with their stored real outline (null when none). */
    async countiesWithOutlines() {
      return db
        .select({
          id: regionsTable.id,
          code: regionsTable.code,
          name: regionsTable.name,
          level: regionsTable.level,
          outline: regionOutlinesTable.geometry,
          outlineSource: regionOutlinesTable.source,
        })
        .from(regionsTable)
        .leftJoin(regionOutlinesTable, eq(regionOutlinesTable.regionId, regionsTable.id))
        .where(and(eq(regionsTable.level, 'county'), isNull(regionsTable.parentId), isNull(regionsTable.archivedAt)))
        .orderBy(asc(regionsTable.code));
    },

    async regionsByCodes({ codes }: { codes: string[] }) {
      return db
        .select({ id: regionsTable.id, code: regionsTable.code, name: regionsTable.name, level: regionsTable.level })
        .from(regionsTable)
        .where(and(inArray(regionsTable.code, codes), isNull(regionsTable.archivedAt)));
    },

    async regionCode({ id }: { id: string }) {
      const [row] = await db
        .select({ code: regionsTable.code, path: regionsTable.path })
        .from(regionsTable)
        .where(eq(regionsTable.id, id));
      return row;
    },
  };
}
