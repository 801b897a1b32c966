import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { enterprisesTable, facilitiesTable } from '../registry/index.ts';
import { cylinderEventsTable, cylinderFillsTable, cylindersTable } from './cylinders.table.ts';

/**
 * What the public page reads for a code: the cylinder with its owner's name, its last fill that stands (when and
 * at which station; a retracted fill is not one) and a station to put the gate's question at (the owner's own first: the gate's
 * station reasons are dropped from the public verdict, so any station gives the same answer).
 */
export function createCylindersPublicRepository({ db }: { db: Db }) {
  return {
    async facts(code: string) {
      const c = cylindersTable;
      const [cylinder] = await db
        .select({
          id: c.id,
          code: c.code,
          ownerEnterpriseId: c.ownerEnterpriseId,
          ownerName: enterprisesTable.name,
          model: c.model,
          phase: c.phase,
          manufacturer: c.manufacturer,
          manufacturedOn: c.manufacturedOn,
          designLifeYears: c.designLifeYears,
          lastInspectedOn: c.lastInspectedOn,
          lastInspectionPassed: c.lastInspectionPassed,
          nextInspectionDue: c.nextInspectionDue,
          refurbished: c.refurbished,
          status: c.status,
        })
        .from(c)
        .innerJoin(enterprisesTable, eq(enterprisesTable.id, c.ownerEnterpriseId))
        .where(eq(c.code, code));
      if (!cylinder) return null;
      const f = cylinderFillsTable;
      const [lastFill] = await db
        .select({ at: f.filledAt, stationName: facilitiesTable.name })
        .from(f)
        .innerJoin(facilitiesTable, eq(facilitiesTable.id, f.stationId))
        // A fill the line retracted (a later event corrects it) was never made: the last fill is the last that stands.
        .where(
          and(
            eq(f.cylinderId, cylinder.id),
            sql`not exists (select 1 from ${cylinderEventsTable} as rx where rx.corrects_event_id = ${f.eventId})`,
          ),
        )
        .orderBy(desc(f.filledAt))
        .limit(1);
      const [station] = await db
        .select({ id: facilitiesTable.id })
        .from(facilitiesTable)
        .where(and(isNull(facilitiesTable.archivedAt)))
        .orderBy(sql`${facilitiesTable.enterpriseId} = ${cylinder.ownerEnterpriseId} desc`, facilitiesTable.id)
        .limit(1);
      return { cylinder, lastFill: lastFill ?? null, stationId: station?.id ?? null };
    },
  };
}
