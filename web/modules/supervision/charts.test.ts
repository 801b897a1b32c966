import { describe, expect, it } from 'vitest';
import { wushenBoundaries } from '../../../domain/registry/wushen-boundaries.ts';
import { type Outlines, dashboardOutlines, majorMapOption } from './charts.ts';
import type { Dashboard } from './supervision.api.ts';

describe('the open majors map', () => {
  it('draws the townships outlines as its basemap under the hazards', () => {
    const d = {
      majorHazards: [{ lng: 108.84, lat: 38.6, objectName: '饭店', number: 'YH-1', overdue: true }],
    } as unknown as Dashboard;
    const o = majorMapOption(d);
    const lines = o.series.filter((s) => s.type === 'line');
    expect(lines).toHaveLength(Object.keys(wushenBoundaries).length);
    expect(lines.map((l) => ('name' in l ? l.name : null))).toContain('嘎鲁图镇');
    const hazards = o.series.at(-1)!;
    expect(hazards.data).toEqual([[108.84, 38.6, '饭店', 'YH-1']]);
  });
});

describe("the open majors map over the county's own outlines", () => {
  const d = {
    majorHazards: [
      { lng: 108.84, lat: 38.6, objectName: '饭店', number: 'YH-1', overdue: true },
      { lng: null, lat: null, objectName: '无坐标', number: 'YH-2', overdue: false },
    ],
  } as unknown as Dashboard;
  const feature = (level: string, name: string) => ({ type: 'Feature', properties: { level, name }, geometry: {} });

  it('draws the hazards on the registered county map (no axes, no tiles)', () => {
    const o = majorMapOption(d, false, 'ranan-dashboard-county') as unknown as {
      geo: { map: string };
      series: { coordinateSystem: string; data: { value: number[]; number: string }[] }[];
      xAxis?: unknown;
    };
    expect(o.geo.map).toBe('ranan-dashboard-county');
    expect(o.xAxis).toBeUndefined();
    expect(o.series).toHaveLength(1);
    expect(o.series[0]!.coordinateSystem).toBe('geo');
    expect(o.series[0]!.data).toEqual([{ value: [108.84, 38.6], name: '饭店', number: 'YH-1' }]);
  });

  it("takes the townships' cells when the county has them, else the county's outline, else nothing", () => {
    const county = feature('county', '乌审旗');
    const towns = [feature('township', '嘎鲁图镇'), feature('township', '乌审召镇')];
    const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features }) as unknown as Outlines;
    expect(dashboardOutlines(fc([county, ...towns]))!.features.map((f) => f.properties.name)).toEqual([
      '嘎鲁图镇',
      '乌审召镇',
    ]);
    expect(dashboardOutlines(fc([county]))!.features.map((f) => f.properties.name)).toEqual(['乌审旗']);
    expect(dashboardOutlines(fc([]))).toBeNull();
    expect(dashboardOutlines(null)).toBeNull();
  });
});
