import type { RananLimits } from '../../../domain/hazards/limits.ts';
import { enterpriseKinds, facilityKinds, pressureClasses, venueCategories } from '../../../domain/registry/registry.ts';
import { CYLINDER_ROOM_THRESHOLD_KG, venueRiskFlags } from '../../../domain/registry/venue-risk.ts';
import {
  BANNER_CODE,
  type LngLat,
  townshipCellsWithin,
  townshipSeats,
  wushenBoundaries,
} from '../../../domain/registry/wushen-boundaries.ts';
import type { Db } from '../../db/client.ts';
import { type Actor, requirePermission } from '../../platform/access.ts';
import { enterprisesTable, facilitiesTable, pipelineSegmentsTable } from './registry.table.ts';
import { registryFilter } from './registry.access.ts';
import { todayInChina } from './registry.helpers.ts';
import { createMapRepository } from './map.repository.ts';
import { type MapFeaturesQuery, type MapLayer, type MapRegionFeature, mapLayers } from './map.schemas.ts';

/** The outer ring of a Polygon, or of a MultiPolygon's largest part (shoelace area). */
function outerRing(g: MapRegionFeature['geometry']): LngLat[] {
  if (g.type === 'Polygon') return g.coordinates[0] as LngLat[];
  const area = (ring: [number, number][]) =>
    Math.abs(
      ring.reduce((a, p, i) => a + p[0] * ring[(i + 1) % ring.length]![1] - ring[(i + 1) % ring.length]![0] * p[1], 0),
    );
  return [...g.coordinates].map((poly) => poly[0]!).sort((a, b) => area(b) - area(a))[0] as LngLat[];
}
import { venueReadScope } from './venues.service.ts';

/** At most this many objects per layer in one answer; the answer says which layers were cut. */
export const MAP_LAYER_LIMIT = 5000;

const layerKinds: Record<MapLayer, readonly string[]> = {
  enterprises: enterpriseKinds,
  facilities: facilityKinds,
  venues: venueCategories,
  pipelines: pressureClasses,
};

type Feature = {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] };
  properties: {
    layer: MapLayer;
    name: string;
    kind: string;
    /** Enterprises: every business role (issue 11). */
    roles?: string[];
    flags: string[];
    enterpriseId?: string;
    approximate?: boolean;
  };
};

/** An object the map cannot place exactly: no coordinates (or a pipeline without a line). */
type Unlocated = {
  layer: MapLayer;
  id: string;
  name: string;
  kind: string;
  enterpriseId?: string;
  /** Drawn near its township's seat (venues only). */
  approximate: boolean;
};

/**
 * The k-th place of a golden-angle spiral around a seat (degrees; longitude widened by 1/cos(lat)):
 * neighbours ~300 m apart, so venues without a point do not pile on the seat.
 */
export function spiralAround([lng, lat]: [number, number], k: number): [number, number] {
  const r = 0.003 * Math.sqrt(k + 1);
  const a = k * 2.399963229728653;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return [round(lng + (r * Math.cos(a)) / Math.cos((lat * Math.PI) / 180)), round(lat + r * Math.sin(a))];
}

const point = (lng: number | null, lat: number | null) => ({
  type: 'Point' as const,
  coordinates: [lng!, lat!] as [number, number],
});

/** Venue flags use the ledger's configured cylinder-room threshold (HazardLimits), as the checklist does. */
export function createMapService({
  db,
  limits = { cylinderRoomThresholdKg: CYLINDER_ROOM_THRESHOLD_KG },
}: {
  db: Db;
  /** The limits in force (read at each use: the office may change them). */
  limits?: Pick<RananLimits, 'cylinderRoomThresholdKg'>;
}) {
  const repo = createMapRepository({ db });

  return {
    /**
     * The one map (一张图): enterprises, facilities, venues (points) and pipeline segments (lines)
     * in the actor's scope, filtered by region subtree and kinds; each layer capped at MAP_LAYER_LIMIT.
     */
    async features({ actor, query }: { actor: Actor; query: MapFeaturesQuery }) {
      requirePermission(actor, 'registry.read');
      const layers = new Set(query.layers?.length ? query.layers : mapLayers);
      const kindsOf = (layer: MapLayer): string[] | undefined | null => {
        if (!query.kind?.length) return undefined;
        const own = query.kind.filter((k) => layerKinds[layer].includes(k));
        return own.length ? own : null; // null: kinds were asked for, none of this layer's
      };
      const base = { regionId: query.regionId, limit: MAP_LAYER_LIMIT + 1 };
      const features: Feature[] = [];
      const truncated: MapLayer[] = [];
      const unlocated: Unlocated[] = [];
      const unlocatedBase = { ...base, located: false };
      const take = <T>(layer: MapLayer, rows: T[]) => {
        if (rows.length > MAP_LAYER_LIMIT) truncated.push(layer);
        return rows.slice(0, MAP_LAYER_LIMIT);
      };
      const run = async (layer: MapLayer, fn: (kinds: string[] | undefined) => Promise<void>) => {
        const kinds = kindsOf(layer);
        if (!layers.has(layer) || kinds === null) return;
        await fn(kinds);
      };

      await run('enterprises', async (kinds) => {
        const e = enterprisesTable;
        const scope = registryFilter(actor, 'registry.read', 'enterprise', {
          regionId: e.regionId,
          enterpriseId: e.id,
          enterpriseRoles: e.roles,
        });
        for (const r of take('enterprises', await repo.enterprises({ ...base, scope, kinds }))) {
          features.push({
            type: 'Feature',
            id: r.id,
            geometry: point(r.lng, r.lat),
            properties: { layer: 'enterprises', name: r.name, kind: r.kind, roles: r.roles, flags: [] },
          });
        }
        for (const r of await repo.enterprises({ ...unlocatedBase, scope, kinds }))
          unlocated.push({ layer: 'enterprises', id: r.id, name: r.name, kind: r.kind, approximate: false });
      });
      await run('facilities', async (kinds) => {
        const f = facilitiesTable;
        const scope = registryFilter(actor, 'registry.read', 'facility', {
          regionId: f.regionId,
          enterpriseId: f.enterpriseId,
        });
        for (const r of take('facilities', await repo.facilities({ ...base, scope, kinds }))) {
          features.push({
            type: 'Feature',
            id: r.id,
            geometry: point(r.lng, r.lat),
            properties: { layer: 'facilities', name: r.name, kind: r.kind, flags: [], enterpriseId: r.enterpriseId },
          });
        }
        for (const r of await repo.facilities({ ...unlocatedBase, scope, kinds }))
          unlocated.push({
            layer: 'facilities',
            id: r.id,
            name: r.name,
            kind: r.kind,
            enterpriseId: r.enterpriseId,
            approximate: false,
          });
      });
      await run('venues', async (kinds) => {
        const today = todayInChina();
        const flagsOf = (r: Awaited<ReturnType<typeof repo.venues>>[number]) => {
          const flags: string[] = venueRiskFlags(
            { ...r, storedLpgKg: r.storedLpgKg === null ? null : Number(r.storedLpgKg) },
            today,
            limits.cylinderRoomThresholdKg,
          );
          if (r.supplyStatus === 'suspended') flags.unshift('supply_suspended');
          return flags;
        };
        const scope = venueReadScope(actor);
        for (const r of take('venues', await repo.venues({ ...base, scope, kinds }))) {
          features.push({
            type: 'Feature',
            id: r.id,
            geometry: point(r.lng, r.lat),
            properties: { layer: 'venues', name: r.name, kind: r.category, flags: flagsOf(r) },
          });
        }
        // Venues without their own point: drawn near their township's seat, each on its own place of a
        // small spiral (in id order, so the same venue keeps its place), marked approximate; listed too.
        const placed = new Map<string, number>();
        for (const r of await repo.venues({ ...unlocatedBase, scope, kinds })) {
          const code = r.regionPath?.split('/').find((c) => c in townshipSeats);
          const seat = code ? townshipSeats[code]!.seat : null;
          unlocated.push({ layer: 'venues', id: r.id, name: r.name, kind: r.category, approximate: seat !== null });
          if (!seat || !code) continue;
          const k = placed.get(code) ?? 0;
          placed.set(code, k + 1);
          features.push({
            type: 'Feature',
            id: r.id,
            geometry: { type: 'Point', coordinates: spiralAround(seat, k) },
            properties: { layer: 'venues', name: r.name, kind: r.category, flags: flagsOf(r), approximate: true },
          });
        }
      });
      await run('pipelines', async (kinds) => {
        const p = pipelineSegmentsTable;
        const scope = registryFilter(actor, 'registry.read', 'pipeline', {
          regionId: p.regionId,
          enterpriseId: p.ownerEnterpriseId,
        });
        for (const r of take('pipelines', await repo.pipelines({ ...base, scope, kinds }))) {
          const coordinates = (r.geometry ?? [])
            .filter((c) => Array.isArray(c) && c.length >= 2)
            .map((c) => [Number(c[0]), Number(c[1])] as [number, number]);
          if (coordinates.length < 2) {
            unlocated.push({
              layer: 'pipelines',
              id: r.id,
              name: r.name || r.code,
              kind: r.pressureClass,
              approximate: false,
            });
            continue;
          }
          const flags = [
            r.encroached && 'encroached',
            r.confinedSpace && 'confined_space',
            r.renewalStatus !== 'not_needed' && r.renewalStatus !== 'done' && `renewal_${r.renewalStatus}`,
          ].filter((x): x is string => typeof x === 'string');
          features.push({
            type: 'Feature',
            id: r.id,
            geometry: { type: 'LineString', coordinates },
            properties: { layer: 'pipelines', name: r.name || r.code, kind: r.pressureClass, flags },
          });
        }
        for (const r of await repo.pipelines({ ...unlocatedBase, scope, kinds }))
          unlocated.push({
            layer: 'pipelines',
            id: r.id,
            name: r.name || r.code,
            kind: r.pressureClass,
            approximate: false,
          });
      });
      return {
        type: 'FeatureCollection' as const,
        features,
        truncated,
        unlocated: unlocated.slice(0, MAP_LAYER_LIMIT),
        unlocatedTotal: unlocated.length,
      };
    },

    /**
     * Boundaries: each county's REAL outline when it is stored (from the national county outlines,
     * taken when the county was set up), else 乌审旗's hand-drawn one; the township-level regions of
     * 乌审旗 as schematic cells within it (see wushen-boundaries.ts). `schematic` says which lines
     * are approximations.
     */
    async regions({ actor }: { actor: Actor }) {
      requirePermission(actor, 'registry.read');
      const counties = await repo.countiesWithOutlines();
      const features: MapRegionFeature[] = [];
      for (const c of counties) {
        const real = c.outline ?? null;
        if (!real && c.code !== BANNER_CODE) continue;
        const geometry = real ?? { type: 'Polygon' as const, coordinates: [wushenBoundaries[BANNER_CODE]!] };
        features.push({
          type: 'Feature',
          id: c.code,
          geometry,
          properties: {
            code: c.code,
            name: c.name,
            level: c.level,
            regionId: c.id,
            seat: null,
            schematic: !real,
            source: real ? (c.outlineSource ?? null) : null,
          },
        });
        if (c.code !== BANNER_CODE) continue;
        const cells = real ? townshipCellsWithin(outerRing(real)) : wushenBoundaries;
        const rows = await repo.regionsByCodes({ codes: Object.keys(townshipSeats) });
        const byCode = new Map(rows.map((r) => [r.code, r]));
        for (const code of Object.keys(townshipSeats)) {
          const r = byCode.get(code);
          if (!r || !cells[code]) continue;
          features.push({
            type: 'Feature',
            id: code,
            geometry: { type: 'Polygon', coordinates: [cells[code]!] },
            properties: {
              code,
              name: r.name,
              level: r.level,
              regionId: r.id,
              seat: townshipSeats[code]?.seat ?? null,
              schematic: true,
              source: null,
            },
          });
        }
      }
      return {
        type: 'FeatureCollection' as const,
        schematic: features.some((f) => f.properties.schematic),
        features,
      };
    },
  };
}
