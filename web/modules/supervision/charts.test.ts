import { describe, expect, it } from 'vitest';
import { wushenBoundaries } from '../../../domain/registry/wushen-boundaries.ts';
import { majorMapOption } from './charts.ts';
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
