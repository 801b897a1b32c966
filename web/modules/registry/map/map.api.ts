import { http } from '../../../app/http.ts';

export type MapLayer = 'enterprises' | 'facilities' | 'venues' | 'pipelines';
export const mapLayers: MapLayer[] = ['enterprises', 'facilities', 'venues', 'pipelines'];

export type MapFeature = {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] };
  properties: { layer: MapLayer; name: string; kind: string; flags: string[]; enterpriseId?: string };
};

export type MapFeatures = { type: 'FeatureCollection'; features: MapFeature[]; truncated: MapLayer[] };

export type MapRegion = {
  type: 'Feature';
  id: string;
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  properties: { code: string; name: string; level: string; regionId: string; seat: [number, number] | null };
};

export type MapRegions = { type: 'FeatureCollection'; schematic: boolean; features: MapRegion[] };

export const mapApi = {
  config: () => http.get<{ tileUrl: string | null }>('/api/v1/map/config'),
  regions: () => http.get<MapRegions>('/api/v1/map/regions'),
  features: (query: { layers?: string; regionId?: string; kind?: string }) =>
    http.get<MapFeatures>('/api/v1/map/features', query),
};
