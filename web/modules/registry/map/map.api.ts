import type { MapConfig, MapFeatures, MapRegions } from '../../../app/api-types.ts';
import { http } from '../../../app/http.ts';

// The types come from the server's OpenAPI document (web/app/api-types.ts, `npm run api:types`).
export type { MapFeatures, MapRegions };
export type MapFeature = MapFeatures['features'][number];
export type MapLayer = MapFeature['properties']['layer'];
export const mapLayers: MapLayer[] = ['enterprises', 'facilities', 'venues', 'pipelines'];
export type MapRegion = MapRegions['features'][number];
export type MapUnlocated = MapFeatures['unlocated'][number];

export const mapApi = {
  config: () => http.get<MapConfig>('/api/v1/map/config'),
  regions: () => http.get<MapRegions>('/api/v1/map/regions'),
  features: (query: { layers?: string; regionId?: string; kind?: string }) =>
    http.get<MapFeatures>('/api/v1/map/features', query),
};
