import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
import type { Ingest } from '../../platform/ingest/index.ts';
import { createSensorsService } from './sensors.service.ts';

/**
 * The demo's monitoring simulator (issue 13; only when the installation holds the demo): demo sensors on the
 * demo's restaurants (kitchen detectors), pipelines (pressure, and methane in the manholes beside them)
 * and stations (pressure), and a loop that sends them plausible readings every `intervalMs` through the
 * same path as a gateway (`ingestReadings`: checks, the ingest stream, alarm evaluation). Now and then a
 * leak builds up in one kitchen or manhole and fades after a few minutes, and one sensor stays silent, so
 * warnings, alarms and an offline alarm appear and can be handled.
 */
export const SIMULATOR_PREFIX = 'SIM-';

const simulatorActor: Actor = {
  type: 'system',
  id: null,
  name: 'simulator',
  grants: [],
  permissions: new Set(),
};

/** Creates the demo sensors once (a few hundred), in bulk. Returns how many exist. */
export async function seedSimulatedSensors(db: Db, limits = { kitchens: 200, pipelines: 120, stations: 30 }) {
  await db.execute(sql`insert into sensors (code, name, kind, object_type, object_id, object_kind, object_name, region_id,
      owner_enterprise_id, venue_id, lng, lat, address, interval_seconds)
    select ${SIMULATOR_PREFIX} || 'KG-' || row_number() over (order by v.id), v.name || ' 厨房报警器', 'kitchen_gas', 'venue', v.id,
      v.category, v.name, v.region_id, v.supplier_enterprise_id, v.id, v.lng, v.lat, v.address, 30
    from (select * from venues where category = 'restaurant' and archived_at is null order by id limit ${limits.kitchens}) v
    on conflict (code) do nothing`);
  await db.execute(sql`insert into sensors (code, name, kind, object_type, object_id, object_kind, object_name, region_id,
      owner_enterprise_id, pressure_class, lng, lat, interval_seconds)
    select ${SIMULATOR_PREFIX} || 'P-' || row_number() over (order by p.id), p.name || ' 压力', 'pipeline_pressure', 'pipeline', p.id,
      'pipeline', p.name, p.region_id, p.owner_enterprise_id, p.pressure_class,
      (p.geometry -> 0 ->> 0)::float8, (p.geometry -> 0 ->> 1)::float8, 60
    from (select * from pipeline_segments where archived_at is null order by id limit ${limits.pipelines}) p
    on conflict (code) do nothing`);
  await db.execute(sql`insert into sensors (code, name, kind, object_type, object_id, object_kind, object_name, region_id,
      owner_enterprise_id, lng, lat, interval_seconds)
    select ${SIMULATOR_PREFIX} || 'MH-' || row_number() over (order by p.id), p.name || ' 窨井甲烷', 'manhole_methane', 'pipeline', p.id,
      'pipeline', p.name, p.region_id, p.owner_enterprise_id,
      (p.geometry -> -1 ->> 0)::float8, (p.geometry -> -1 ->> 1)::float8, 60
    from (select * from pipeline_segments where archived_at is null order by id limit ${Math.floor(limits.pipelines / 2)}) p
    on conflict (code) do nothing`);
  await db.execute(sql`insert into sensors (code, name, kind, object_type, object_id, object_kind, object_name, region_id,
      owner_enterprise_id, pressure_class, lng, lat, address, interval_seconds)
    select ${SIMULATOR_PREFIX} || 'ST-' || row_number() over (order by f.id), f.name || ' 出站压力', 'pipeline_pressure', 'facility', f.id,
      e.kind, f.name, f.region_id, f.enterprise_id, 'medium_b', f.lng, f.lat, f.address, 60
    from (select * from facilities where archived_at is null order by id limit ${limits.stations}) f
    join enterprises e on e.id = f.enterprise_id
    on conflict (code) do nothing`);
  await db.execute(sql`insert into sensor_states (sensor_id) select id from sensors on conflict do nothing`);
  const r = (await db.execute(
    sql`select count(*)::int as n from sensors where code like ${`${SIMULATOR_PREFIX}%`}`,
  )) as unknown as { rows: { n: number }[] };
  return r.rows[0]!.n;
}

type SimSensor = { code: string; kind: string; pressure_class: string | null };

/** A plausible value for a sensor at a moment, with the current leak's share added. */
function value(s: SimSensor, leak: number): number {
  const noise = (Math.random() - 0.5) * 2;
  switch (s.kind) {
    case 'kitchen_gas':
    case 'manhole_methane':
      return Math.min(100, Math.max(0, Math.round((1 + noise + leak) * 10) / 10));
    case 'pipeline_pressure': {
      const base = s.pressure_class === 'low' ? 2.5 : s.pressure_class === 'medium_a' ? 300 : 150;
      return Math.round(base * (1 + noise * 0.03) * 100) / 100;
    }
    default:
      return 0;
  }
}

/** Starts the loop; returns a stop function. */
export function startSimulator({
  db,
  ingest,
  intervalMs = 30_000,
  log = () => {},
}: {
  db: Db;
  ingest: Ingest;
  intervalMs?: number;
  log?: (message: string, err?: unknown) => void;
}): () => Promise<void> {
  const sensors = createSensorsService({ db, ingest });
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let list: SimSensor[] = [];
  let silent: string | null = null;
  let leak: { code: string; started: number } | null = null;

  async function tick() {
    if (list.length === 0) {
      const r = (await db.execute(
        sql`select code, kind, pressure_class from sensors where code like ${`${SIMULATOR_PREFIX}%`} and archived_at is null order by code`,
      )) as unknown as { rows: SimSensor[] };
      list = r.rows;
      // One detector stays silent (its gateway is unplugged): an offline alarm, a hazard after a day.
      silent = list.find((s) => s.kind === 'kitchen_gas')?.code ?? null;
    }
    const now = Date.now();
    // About one leak an hour, lasting ~8 minutes: rises to ~60 %LEL, then fades.
    if (!leak && Math.random() < intervalMs / 3_600_000) {
      const candidates = list.filter((s) => s.kind === 'kitchen_gas' || s.kind === 'manhole_methane');
      const pick = candidates[Math.floor(Math.random() * candidates.length)];
      if (pick) leak = { code: pick.code, started: now };
    }
    if (leak && now - leak.started > 8 * 60_000) leak = null;
    const at = new Date(now).toISOString();
    const readings = list
      .filter((s) => s.code !== silent)
      .map((s) => {
        const minutes = leak?.code === s.code ? (now - leak.started) / 60_000 : -1;
        const share = minutes < 0 ? 0 : minutes < 4 ? minutes * 15 : Math.max(0, 60 - (minutes - 4) * 20);
        return { sensorCode: s.code, at, value: value(s, share) };
      });
    for (let i = 0; i < readings.length; i += 5_000)
      await sensors.ingestReadings(simulatorActor, readings.slice(i, i + 5_000));
  }

  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(tick).catch((err: unknown) => log('monitoring simulator: a round failed', err));
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
