import { LinesChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { BANNER_CODE, townshipSeats, wushenBoundaries } from '../../../domain/registry/wushen-boundaries.ts';
import { mapApi } from '../registry/index.ts';

echarts.use([GeoComponent, LinesChart, ScatterChart, TooltipComponent, CanvasRenderer]);

const MAP_NAME = 'ranan-delivery';
type LngLat = [number, number];
type Geometry = { type: 'Polygon'; coordinates: LngLat[][] } | { type: 'MultiPolygon'; coordinates: LngLat[][][] };

let registered: Promise<void> | null = null;

/**
 * The county's map as the platform draws it (no outside tiles): the county outline and township
 * cells of `GET /api/v1/map/regions` (the map page's), or — for an account without the register —
 * the townships' schematic outlines of the public pages. Registered once per page load.
 */
function registerMap(): Promise<void> {
  registered ??= mapApi
    .regions()
    .then((r) => {
      const townships = r.features.filter((f) => f.properties.level === 'township');
      return (townships.length ? townships : r.features.filter((f) => f.properties.level === 'county')).map((f) => ({
        type: 'Feature',
        id: f.id,
        properties: { name: f.properties.name },
        geometry: f.geometry,
      }));
    })
    .catch(() =>
      Object.entries(wushenBoundaries)
        .filter(([code]) => code !== BANNER_CODE && townshipSeats[code])
        .map(([code, ring]) => ({
          type: 'Feature',
          id: code,
          properties: { name: townshipSeats[code]!.name },
          geometry: { type: 'Polygon', coordinates: [ring] },
        })),
    )
    .then((features) => {
      echarts.registerMap(MAP_NAME, { type: 'FeatureCollection', features } as unknown as Parameters<
        typeof echarts.registerMap
      >[1]);
    });
  return registered;
}

/** The outer rings of a zone's geometry (a MultiPolygon's every part). */
export function zoneRings(g: unknown): LngLat[][] {
  const geometry = g as Geometry | null;
  if (!geometry) return [];
  return geometry.type === 'Polygon' ? [geometry.coordinates[0]!] : geometry.coordinates.map((p) => p[0]!);
}

export type MapPoint = { lng: number; lat: number; label: string; color?: string; id?: string };

/**
 * The delivery system's map: the operators' zones as outlines, vehicles as points (live), a day's
 * track as a line, and a zone being drawn (its corners and the ring closing back to the first). A
 * click on the map reports the point (lng, lat) to `onPick`.
 */
export function DeliveryMap({
  zones = [],
  selectedZoneId,
  points = [],
  track = [],
  drawing,
  onPick,
  height = 420,
  testId,
}: {
  zones?: { id: string; name: string; geometry: unknown }[];
  selectedZoneId?: string | null;
  points?: MapPoint[];
  track?: LngLat[];
  drawing?: LngLat[] | null;
  onPick?: (p: { lng: number; lat: number }) => void;
  height?: number;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const [ready, setReady] = useState(0);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void registerMap().then(() => {
      if (disposed || !el.current) return;
      const instance = echarts.init(el.current);
      chart.current = instance;
      instance.setOption({
        tooltip: { trigger: 'item' },
        geo: {
          map: MAP_NAME,
          roam: true,
          label: { show: true, fontSize: 10, color: '#667' },
          itemStyle: { areaColor: '#f3f7fb', borderColor: '#9bb7d6' },
          emphasis: { itemStyle: { areaColor: '#e6eef8' }, label: { show: true } },
          select: { disabled: true },
        },
      });
      instance.getZr().on('click', (e) => {
        if (!pick.current) return;
        const p = instance.convertFromPixel('geo', [e.offsetX, e.offsetY]) as number[] | undefined;
        if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return;
        pick.current({ lng: Number(p[0]!.toFixed(6)), lat: Number(p[1]!.toFixed(6)) });
      });
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(el.current);
      setReady((n) => n + 1);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    // `ready` counts the chart's creation: the series are set again once the map is registered.
    if (!instance || ready === 0) return;
    const ring = drawing && drawing.length > 1 ? [...drawing, drawing[0]!] : (drawing ?? []);
    instance.setOption(
      {
        series: [
          {
            id: 'zones',
            type: 'lines',
            coordinateSystem: 'geo',
            polyline: true,
            silent: true,
            data: zones.flatMap((z) =>
              zoneRings(z.geometry).map((coords) => ({
                name: z.name,
                coords,
                lineStyle: {
                  color: z.id === selectedZoneId ? '#f08c00' : '#0b5cad',
                  width: z.id === selectedZoneId ? 3 : 2,
                },
              })),
            ),
          },
          {
            id: 'track',
            type: 'lines',
            coordinateSystem: 'geo',
            polyline: true,
            silent: true,
            lineStyle: { color: '#e8453c', width: 3 },
            data: track.length > 1 ? [{ coords: track }] : [],
          },
          {
            id: 'drawing',
            type: 'lines',
            coordinateSystem: 'geo',
            polyline: true,
            silent: true,
            lineStyle: { color: '#f08c00', width: 2, type: 'dashed' },
            data: ring.length > 1 ? [{ coords: ring }] : [],
          },
          {
            id: 'corners',
            type: 'scatter',
            coordinateSystem: 'geo',
            symbolSize: 8,
            itemStyle: { color: '#f08c00' },
            data: (drawing ?? []).map((p) => p),
          },
          {
            id: 'points',
            type: 'scatter',
            coordinateSystem: 'geo',
            symbolSize: 12,
            label: { show: true, position: 'right', fontSize: 11, formatter: '{b}' },
            tooltip: { formatter: (p: { name: string }) => p.name },
            data: points.map((p) => ({
              id: p.id,
              name: p.label,
              value: [p.lng, p.lat],
              itemStyle: { color: p.color ?? '#2f9e44' },
            })),
          },
        ],
      },
      { replaceMerge: ['series'] },
    );
  }, [ready, zones, selectedZoneId, points, track, drawing]);

  return (
    <div
      ref={el}
      data-testid={testId}
      style={{ width: '100%', height, touchAction: 'none', cursor: onPick ? 'crosshair' : undefined }}
    />
  );
}
