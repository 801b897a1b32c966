import { townshipSeats, wushenBoundaries } from '../../../domain/registry/wushen-boundaries.ts';
import type { Dashboard } from './supervision.api.ts';

type T = (k: 'sv.found' | 'sv.closed' | 'sv.overdue' | 'sv.open' | 'sv.majorOpen') => string;

export function trendOption(d: Dashboard, t: T, dark = false) {
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('sv.found'), t('sv.closed')], ...(dark ? { textStyle: { color: '#cfe3ff' } } : {}) },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: d.trend.map((w) => w.week.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        id: 'found',
        name: t('sv.found'),
        type: 'line',
        smooth: true,
        data: d.trend.map((w) => w.found),
        itemStyle: { color: '#f5222d' },
      },
      {
        id: 'closed',
        name: t('sv.closed'),
        type: 'line',
        smooth: true,
        data: d.trend.map((w) => w.closed),
        itemStyle: { color: '#52c41a' },
      },
    ],
  };
}

export function townshipOption(d: Dashboard, t: T, dark = false) {
  const rows = [...d.townships].sort((a, b) => a.overdue - b.overdue);
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [t('sv.overdue'), t('sv.open')], ...(dark ? { textStyle: { color: '#cfe3ff' } } : {}) },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.label) },
    series: [
      {
        id: 'overdue',
        name: t('sv.overdue'),
        type: 'bar',
        data: rows.map((r) => r.overdue),
        itemStyle: { color: '#f5222d' },
        label: { show: true, position: 'right' },
      },
      { id: 'open', name: t('sv.open'), type: 'bar', data: rows.map((r) => r.open), itemStyle: { color: '#fa8c16' } },
    ],
  };
}

/**
 * Open major hazards on the county's map: over the platform's own outlines (`GET /api/v1/map/regions`: the
 * county's real outline, stored by `ranan seed --county`, cut into its townships' schematic cells — the
 * map the register's 一张图 draws) when `geoMap` names them registered (`registerOutlines`); else on lng/lat
 * axes over the banner's schematic township lines. No tiles either way: the wall works offline.
 */
export function majorMapOption(d: Dashboard, dark = false, geoMap: string | null = null) {
  const pts = d.majorHazards.filter((h) => h.lng !== null && h.lat !== null);
  if (geoMap) return geoMapOption(pts, dark, geoMap);
  return {
    backgroundColor: 'transparent',
    tooltip: {
      formatter: (p: { seriesType: string; data: [number, number, string, string?] }) =>
        p.data[3] ? `${p.data[2]}<br/>${p.data[3]}` : p.data[2],
    },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      scale: true,
      name: 'E',
      splitLine: { lineStyle: { type: 'dashed', color: dark ? '#1f3b63' : '#eee' } },
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: 'N',
      splitLine: { lineStyle: { type: 'dashed', color: dark ? '#1f3b63' : '#eee' } },
    },
    series: [
      // The basemap: the townships' outlines (schematic, domain/registry/wushen-boundaries.ts: no tile
      // service is reachable and no surveyed boundary is in the repository yet), with their names.
      ...Object.entries(wushenBoundaries).map(([code, ring]) => ({
        type: 'line',
        name: townshipSeats[code]?.name ?? code,
        silent: true,
        symbol: 'none',
        lineStyle: { width: 1, color: dark ? '#2f5e96' : '#b7c6d9' },
        areaStyle: undefined,
        data: [...ring, ring[0]!].map(([lng, lat]) => [lng, lat]),
        markPoint: undefined,
      })),
      {
        type: 'scatter',
        silent: true,
        symbolSize: 0,
        label: { show: true, formatter: '{@[2]}', color: dark ? '#7fa8d6' : '#8c8c8c', fontSize: 11 },
        data: Object.values(townshipSeats).map((t) => [t.seat[0], t.seat[1], t.name]),
      },
      {
        id: 'majors',
        type: 'scatter',
        symbolSize: 14,
        data: pts.map((h) => [h.lng, h.lat, h.objectName, h.number]),
        itemStyle: { color: (p: { dataIndex: number }) => (pts[p.dataIndex]?.overdue ? '#f5222d' : '#fa8c16') },
        z: 3,
      },
    ],
  };
}

type MajorPoint = Dashboard['majorHazards'][number];
const pointColor = (pts: MajorPoint[]) => (p: { dataIndex: number }) =>
  pts[p.dataIndex]?.overdue ? '#f5222d' : '#fa8c16';

function geoMapOption(pts: MajorPoint[], dark: boolean, geoMap: string) {
  return {
    backgroundColor: 'transparent',
    tooltip: {
      formatter: (p: { seriesType: string; data?: { value: [number, number]; name: string; number: string } }) =>
        p.data ? `${p.data.name}<br/>${p.data.number}` : '',
    },
    geo: {
      map: geoMap,
      roam: false,
      // The county fills the panel's height (it is taller than wide).
      top: 8,
      bottom: 8,
      silent: true,
      label: { show: true, fontSize: 11, color: dark ? '#7fa8d6' : '#8c8c8c' },
      itemStyle: {
        areaColor: dark ? '#0f2744' : '#f3f7fc',
        borderColor: dark ? '#2f5e96' : '#9db5d3',
        borderWidth: 1,
      },
    },
    series: [
      {
        id: 'majors',
        type: 'scatter',
        coordinateSystem: 'geo',
        symbolSize: 14,
        data: pts.map((h) => ({ value: [h.lng, h.lat], name: h.objectName, number: h.number })),
        itemStyle: { color: pointColor(pts) },
        z: 3,
      },
    ],
  };
}

/** The outlines as `GET /api/v1/map/regions` gives them (GeoJSON features with a level). */
export type Outlines = {
  type: 'FeatureCollection';
  features: { properties: { level: string; name: string } }[];
};

/**
 * The map the dashboard draws: the townships' cells when the county has them (they fill the county's
 * real outline), else the county's outline alone — the register map's choice (MapPage). Null when there
 * is nothing to draw.
 */
export function dashboardOutlines(regions: Outlines | null): Outlines | null {
  if (!regions) return null;
  const townships = regions.features.filter((f) => f.properties.level === 'township');
  const features = townships.length ? townships : regions.features.filter((f) => f.properties.level === 'county');
  return features.length ? { type: 'FeatureCollection', features } : null;
}
