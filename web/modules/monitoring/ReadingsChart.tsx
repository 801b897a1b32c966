import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useT } from '../../app/i18n.ts';
import type { ReadingsSeries } from './monitoring.api.ts';

echarts.use([LineChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** A sensor's readings (bucket means, with min and max in the tooltip) and its thresholds drawn as lines. */
export function ReadingsChart({ series }: { series: ReadingsSeries }) {
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
    const lines: { yAxis: number; name: string; lineStyle: { color: string; type: 'dashed' } }[] = [];
    for (const c of series.rules.conditions) {
      if (c.warning)
        lines.push({
          yAxis: c.warning.raise,
          name: t('monitoring.warningLine', { v: c.warning.raise }),
          lineStyle: { color: '#fa8c16', type: 'dashed' },
        });
      if (c.alarm)
        lines.push({
          yAxis: c.alarm.raise,
          name: t('monitoring.alarmLine', { v: c.alarm.raise }),
          lineStyle: { color: '#f5222d', type: 'dashed' },
        });
    }
    chart.current?.setOption(
      {
        grid: { left: 8, right: 70, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', name: series.unit },
        series: [
          {
            type: 'line',
            showSymbol: false,
            data: series.points.map((p) => [p.at, p.value]),
            markLine: { symbol: 'none', label: { formatter: '{b}', position: 'end' }, data: lines },
          },
        ],
      },
      true,
    );
  }, [series, t]);
  return <div ref={el} style={{ width: '100%', height: 320 }} data-testid="readings-chart" />;
}
