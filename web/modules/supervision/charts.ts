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
    tooltip: { formatter: (p: { data: [number, number, string, string] }) => `${p.data[2]}<br/>${p.data[3]}` },
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
      {
        type: 'scatter',
        symbolSize: 14,
        data: pts.map((h) => [h.lng, h.lat, h.objectName, h.number]),
        itemStyle: { color: (p: { dataIndex: number }) => (pts[p.dataIndex]?.overdue ? '#f5222d' : '#fa8c16') },
      },
    ],
  };
}
