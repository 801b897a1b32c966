import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';
import type { ChartMap } from './useCountyMap.ts';

/** The chart's element holds its instance, so that the option it draws can be read from the page. */
export type ChartElement = HTMLDivElement & { echarts?: ECharts };

/**
 * ECharts with the chart types and components these pages use (echarts.ts), loaded on first use: a page's figures and
 * tables render without waiting for ECharts to be fetched and evaluated, and its charts are drawn when it is.
 */
export const loadECharts = () => import('./echarts.ts').then((m) => m.echarts);

/**
 * One ECharts instance over a div, resized with it; `option` replaces the chart's option. The div (its size fixed
 * from the start, so nothing moves when the chart is drawn) is marked `data-chart={name}` and, once ECharts is loaded,
 * holds the instance (`el.echarts.getOption()`): the browser tests compare what each chart draws with the API's
 * figures (e2e/dashboard.e2e.ts).
 */
export function EChart({
  option,
  height,
  theme,
  name,
  map = null,
}: {
  option: EChartsCoreOption;
  height: number | string;
  theme?: 'dark';
  name?: string;
  /** A map the option draws on (`useCountyMap`), registered before the option is set. */
  map?: ChartMap | null;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  // The latest option, for the instance created when ECharts has loaded.
  const latest = useRef({ option, map });
  latest.current = { option, map };
  const lib = useRef<Awaited<ReturnType<typeof loadECharts>> | null>(null);
  useEffect(() => {
    let live = true;
    let dispose = () => {};
    loadECharts()
      .then((echarts) => {
        if (!live || !el.current) return;
        lib.current = echarts;
        const host: ChartElement = el.current;
        const instance = echarts.init(host, theme);
        chart.current = instance;
        host.echarts = instance;
        draw(echarts, instance, latest.current.option, latest.current.map);
        const observer = new ResizeObserver(() => instance.resize());
        observer.observe(host);
        dispose = () => {
          observer.disconnect();
          instance.dispose();
          chart.current = null;
          delete host.echarts;
        };
      })
      .catch(() => {
        // The chunk failed to load (offline without it cached): the chart stays empty, the figures do not depend on it.
      });
    return () => {
      live = false;
      dispose();
    };
  }, [theme]);
  useEffect(() => {
    if (chart.current && lib.current) draw(lib.current, chart.current, option, map);
  }, [option, map]);
  return <div ref={el} data-chart={name} style={{ width: '100%', height }} />;
}

function draw(
  echarts: Awaited<ReturnType<typeof loadECharts>>,
  instance: ECharts,
  option: EChartsCoreOption,
  map: ChartMap | null,
) {
  if (map && !echarts.getMap(map.name)) {
    echarts.registerMap(map.name, map.outlines as unknown as Parameters<typeof echarts.registerMap>[1]);
  }
  instance.setOption(option, true);
}
