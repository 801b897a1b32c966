import { describe, expect, it } from 'vitest';
import {
  BANNER_CODE,
  type LngLat,
  pointInRing,
  townshipAt,
  townshipSeats,
  wushenBoundaries,
} from './wushen-boundaries.ts';

const area = (ring: LngLat[]) =>
  Math.abs(
    ring.reduce((a, p, i) => a + p[0] * ring[(i + 1) % ring.length]![1] - ring[(i + 1) % ring.length]![0] * p[1], 0) /
      2,
  );

describe('schematic boundaries of 乌审旗', () => {
  it('has a closed ring for the banner and each of its 7 township-level regions', () => {
    expect(Object.keys(wushenBoundaries).sort()).toEqual([BANNER_CODE, ...Object.keys(townshipSeats)].sort());
    for (const ring of Object.values(wushenBoundaries)) {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring.at(-1));
    }
  });

  it('puts each township seat in its own area and in the banner', () => {
    for (const [code, { seat }] of Object.entries(townshipSeats)) {
      expect(townshipAt(seat)).toBe(code);
      expect(pointInRing(seat, wushenBoundaries[BANNER_CODE]!)).toBe(true);
    }
  });

  it('partitions the banner: the township areas add up to the banner area', () => {
    const sum = Object.keys(townshipSeats).reduce((a, code) => a + area(wushenBoundaries[code]!), 0);
    expect(sum).toBeCloseTo(area(wushenBoundaries[BANNER_CODE]!), 3);
  });

  it('finds no township outside the banner', () => {
    expect(townshipAt([110.5, 40])).toBeNull();
  });
});
