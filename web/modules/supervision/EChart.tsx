import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  ScatterChart,
  GeoComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** The chart's element holds its instance, so that the option it draws can be read from the page. */
export type ChartElement = HTMLDivElement & { echarts?: echarts.ECharts };

/**
 * One ECharts instance over a div, resized with it; `option` replaces the chart's option. The div is marked
 * `data-chart={name}` and holds the instance (`el.echarts.getOption()`): the browser tests compare what each
 * chart draws with the API's figures (e2e/dashboard.e2e.ts).
 */
export function EChart({
  option,
  height,
  theme,
  name,
}: {
  option: echarts.EChartsCoreOption;
  height: number | string;
  theme?: 'dark';
  name?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const host: ChartElement = el.current;
    const instance = echarts.init(host, theme);
    chart.current = instance;
    host.echarts = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
      delete host.echarts;
    };
  }, [theme]);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} data-chart={name} style={{ width: '100%', height }} />;
}
