import { ScatterChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { BANNER_CODE, townshipSeats, wushenBoundaries } from '../../../domain/registry/wushen-boundaries.ts';

echarts.use([GeoComponent, ScatterChart, TooltipComponent, CanvasRenderer]);

const MAP_NAME = 'ranan-public-townships';
let registered = false;

/** The townships' schematic outlines (no third-party tiles: works offline), registered once. */
function register() {
  if (registered) return;
  const features = Object.entries(wushenBoundaries)
    .filter(([code]) => code !== BANNER_CODE && townshipSeats[code])
    .map(([code, ring]) => ({
      type: 'Feature',
      id: code,
      properties: { name: townshipSeats[code]!.name },
      geometry: { type: 'Polygon', coordinates: [ring] },
    }));
  echarts.registerMap(MAP_NAME, { type: 'FeatureCollection', features } as unknown as Parameters<
    typeof echarts.registerMap
  >[1]);
  registered = true;
}

/**
 * A schematic township map of the banner: a tap places the point (lng, lat) of a public tip; the
 * address field stays beside it for what the map cannot say.
 */
export function PlacePicker({
  value,
  onChange,
  height = 280,
}: {
  value: { lng: number; lat: number } | null;
  onChange: (place: { lng: number; lat: number }) => void;
  height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    if (!el.current) return;
    register();
    const instance = echarts.init(el.current);
    chart.current = instance;
    instance.setOption({
      geo: {
        map: MAP_NAME,
        roam: true,
        label: { show: true, fontSize: 10, color: '#555' },
        itemStyle: { areaColor: '#eef4fb', borderColor: '#7aa6d8' },
        emphasis: { itemStyle: { areaColor: '#dbe9f8' }, label: { show: true } },
        select: { disabled: true },
      },
      series: [{ type: 'scatter', coordinateSystem: 'geo', symbolSize: 16, itemStyle: { color: '#e8453c' }, data: [] }],
    });
    instance.getZr().on('click', (e) => {
      const p = instance.convertFromPixel('geo', [e.offsetX, e.offsetY]) as number[] | undefined;
      if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return;
      change.current({ lng: Number(p[0]!.toFixed(6)), lat: Number(p[1]!.toFixed(6)) });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ series: [{ data: value ? [[value.lng, value.lat]] : [] }] });
  }, [value]);

  return <div ref={el} data-testid="tip-place-map" style={{ width: '100%', height, touchAction: 'none' }} />;
}
