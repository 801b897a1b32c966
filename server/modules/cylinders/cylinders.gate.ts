import { type SQL, sql } from 'drizzle-orm';
import {
  type CylinderLimits,
  type FillRefusalCode,
  defaultCylinderLimits,
  evaluateFillingGate,
  normaliseCylinderCode,
} from '../../../domain/cylinders/cylinders.ts';
import { chinaToday } from '../../../domain/dates.ts';
import type { Db } from '../../db/client.ts';
import { facilitiesTable, licencesTable } from '../registry/index.ts';
import { cylinderBlacklistTable, cylindersTable } from './cylinders.table.ts';

/** The SQL condition "this cylinder (alias c) matches an active blacklist entry" (plan 三(二)1). */
export function blacklistedSql(
  c: { manufacturer: SQL | string; model: SQL | string; batch: SQL | string; manufacturedOn: SQL | string },
  today: string,
): SQL {
  const b = cylinderBlacklistTable;
  return sql`exists (select 1 from ${b} where ${b.manufacturer} = ${c.manufacturer}
      and ${b.listedOn} <= ${today} and (${b.removedOn} is null or ${b.removedOn} > ${today})
      and (${b.model} is null or ${b.model} = ${c.model}) and (${b.batch} is null or ${b.batch} = ${c.batch})
      and (${b.producedFrom} is null or ${b.producedFrom} <= ${c.manufacturedOn})
      and (${b.producedTo} is null or ${b.producedTo} >= ${c.manufacturedOn}))`;
}

export type GateStation = { id: string; enterpriseId: string; regionId: string; name: string; licensed: boolean };
export type GateCylinderRow = typeof cylindersTable.$inferSelect;
export type GateOutcome = {
  station: GateStation;
  cylinder: GateCylinderRow | null;
  reasons: FillRefusalCode[];
};

/**
 * Everything the gate needs in one statement (one round trip): the station (within `stationScope`),
 * whether its enterprise holds a valid filling licence today (plan 三(一)4), the cylinder under the
 * code and whether it matches an active blacklist entry. Null when the station is unknown or out of scope.
 */
export async function evaluateGateAt(
  db: Db,
  {
    code,
    stationId,
    stationScope,
    today = chinaToday(),
    limits = defaultCylinderLimits,
  }: {
    code: string;
    stationId: string;
    stationScope: SQL;
    today?: string;
    limits?: CylinderLimits;
  },
): Promise<GateOutcome | null> {
  const f = facilitiesTable;
  const l = licencesTable;
  const normalised = normaliseCylinderCode(code);
  const result = (await db.execute(sql`select ${f.id} as station_id, ${f.enterpriseId} as station_enterprise_id,
      ${f.regionId} as station_region_id, ${f.name} as station_name,
      exists (select 1 from ${l} where ${l.enterpriseId} = ${f.enterpriseId} and ${l.kind} = 'cylinder_filling'
        and ${l.status} = 'valid' and ${l.archivedAt} is null
        and (${l.validFrom} is null or ${l.validFrom} <= ${today}) and (${l.validTo} is null or ${l.validTo} >= ${today})) as licensed,
      to_jsonb(c.*) as cylinder,
      case when c.id is null then false else ${blacklistedSql(
        {
          manufacturer: sql`c.manufacturer`,
          model: sql`c.model`,
          batch: sql`c.batch`,
          manufacturedOn: sql`c.manufactured_on`,
        },
        today,
      )} end as blacklisted
    from ${f} left join ${cylindersTable} c on c.code = ${normalised}
    where ${f.id} = ${stationId} and ${f.archivedAt} is null and ${stationScope}`)) as unknown as {
    rows: {
      station_id: string;
      station_enterprise_id: string;
      station_region_id: string;
      station_name: string;
      licensed: boolean;
      cylinder: Record<string, unknown> | null;
      blacklisted: boolean;
    }[];
  };
  const row = result.rows[0];
  if (!row) return null;
  const station: GateStation = {
    id: row.station_id,
    enterpriseId: row.station_enterprise_id,
    regionId: row.station_region_id,
    name: row.station_name,
    licensed: row.licensed,
  };
  const cylinder = row.cylinder ? cylinderFromJson(row.cylinder) : null;
  const reasons = evaluateFillingGate({
    cylinder,
    station: { enterpriseId: station.enterpriseId, licensed: station.licensed },
    blacklisted: row.blacklisted,
    today,
    limits,
  });
  return { station, cylinder, reasons };
}

/** A cylinders row from `to_jsonb(c.*)` (snake_case keys, dates as text). */
function cylinderFromJson(j: Record<string, unknown>): GateCylinderRow {
  const d = (k: string) => (j[k] == null ? null : new Date(String(j[k])));
  return {
    id: String(j.id),
    code: String(j.code),
    ownerEnterpriseId: String(j.owner_enterprise_id),
    regionId: String(j.region_id),
    model: j.model as GateCylinderRow['model'],
    phase: j.phase as GateCylinderRow['phase'],
    manufacturer: String(j.manufacturer),
    serialNumber: String(j.serial_number),
    batch: (j.batch as string | null) ?? null,
    manufacturedOn: String(j.manufactured_on),
    designLifeYears: (j.design_life_years as number | null) ?? null,
    lastInspectedOn: (j.last_inspected_on as string | null) ?? null,
    lastInspectionPassed: (j.last_inspection_passed as boolean | null) ?? null,
    nextInspectionDue: (j.next_inspection_due as string | null) ?? null,
    refurbished: j.refurbished === true,
    status: j.status as GateCylinderRow['status'],
    locationType: j.location_type as GateCylinderRow['locationType'],
    locationId: (j.location_id as string | null) ?? null,
    locationLabel: (j.location_label as string | null) ?? null,
    lastSeenAt: d('last_seen_at'),
    lastSeenLng: (j.last_seen_lng as number | null) ?? null,
    lastSeenLat: (j.last_seen_lat as number | null) ?? null,
    retiredAt: d('retired_at'),
    createdAt: d('created_at')!,
    updatedAt: d('updated_at')!,
  };
}
