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
        name: t('sv.found'),
        type: 'line',
        smooth: true,
        data: d.trend.map((w) => w.found),
        itemStyle: { color: '#f5222d' },
      },
      {
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
        name: t('sv.overdue'),
        type: 'bar',
        data: rows.map((r) => r.overdue),
        itemStyle: { color: '#f5222d' },
        label: { show: true, position: 'right' },
      },
      { name: t('sv.open'), type: 'bar', data: rows.map((r) => r.open), itemStyle: { color: '#fa8c16' } },
    ],
  };
}

/** Open major hazards as points on lng/lat axes (no tiles needed: the wall works offline). */
export function majorMapOption(d: Dashboard, dark = false) {
  const pts = d.majorHazards.filter((h) => h.lng !== null && h.lat !== null);
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
        type: 'scatter',
        symbolSize: 14,
        data: pts.map((h) => [h.lng, h.lat, h.objectName, h.number]),
        itemStyle: { color: (p: { dataIndex: number }) => (pts[p.dataIndex]?.overdue ? '#f5222d' : '#fa8c16') },
        z: 3,
      },
    ],
  };
}
