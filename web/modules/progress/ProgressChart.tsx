import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useT } from '../../app/i18n.ts';
import type { ProgressSummary } from './progress.api.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** Coverage % and closure rate % per group, as paired horizontal bars (readable on a phone). */
export function ProgressChart({ groups }: { groups: ProgressSummary['groups'] }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const rows = [...groups].reverse();
    chart.current?.setOption(
      {
        grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
        legend: { top: 0, data: [t('progress.coverage'), t('progress.closureRate')] },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v: unknown) => (v == null ? '—' : `${v}%`),
        },
        xAxis: {
          type: 'value',
          max: 100,
          axisLabel: { formatter: '{value}%' },
          splitLine: { lineStyle: { type: 'dashed' } },
        },
        yAxis: { type: 'category', data: rows.map((g) => g.label), axisTick: { show: false } },
        series: [
          {
            name: t('progress.coverage'),
            type: 'bar',
            barMaxWidth: 14,
            itemStyle: { color: '#0b5cad', borderRadius: [0, 3, 3, 0] },
            label: {
              show: true,
              position: 'right',
              formatter: (p: { value: number | null }) => (p.value == null ? '' : `${p.value}%`),
            },
            data: rows.map((g) => g.coveragePercent ?? pct(g.coverageRate)),
          },
          {
            name: t('progress.closureRate'),
            type: 'bar',
            barMaxWidth: 14,
            itemStyle: { color: '#52a447', borderRadius: [0, 3, 3, 0] },
            label: {
              show: true,
              position: 'right',
              formatter: (p: { value: number | null }) => (p.value == null ? '' : `${p.value}%`),
            },
            data: rows.map((g) => pct(g.closureRate)),
          },
        ],
      },
      true,
    );
  }, [groups, t]);

  return (
    <div
      ref={el}
      style={{ width: '100%', height: Math.max(220, groups.length * 46 + 60) }}
      data-testid="progress-chart"
    />
  );
}
