import { describe, expect, it } from 'vitest';
import { PROTECTION_DISTANCE_M, distanceToPipeline, needsWorksHazard, segmentsWithinProtection } from './works.ts';

// 1 m of latitude is 1/111,195 degree.
const M = 1 / 111_195;
const pipe: [number, number][] = [
  [108.8, 38.6],
  [108.81, 38.6],
];

describe('protection distance', () => {
  it('measures a point to a pipe in metres', () => {
    expect(distanceToPipeline({ type: 'point', point: [108.805, 38.6 + 3 * M] }, pipe)).toBeCloseTo(3, 1);
    expect(distanceToPipeline({ type: 'point', point: [108.805, 38.6 - 40 * M] }, pipe)).toBeCloseTo(40, 0);
    // Beyond the pipe's end: the distance to its end point.
    const east = 10 / (111_195 * Math.cos((38.6 * Math.PI) / 180));
    expect(distanceToPipeline({ type: 'point', point: [108.81 + east, 38.6] }, pipe)).toBeCloseTo(10, 0);
  });

  it('is 0 for a polygon the pipe crosses, and the gap for one beside it', () => {
    const across = {
      type: 'polygon' as const,
      ring: [
        [108.804, 38.6 - 5 * M],
        [108.806, 38.6 - 5 * M],
        [108.806, 38.6 + 5 * M],
        [108.804, 38.6 + 5 * M],
      ] as [number, number][],
    };
    expect(distanceToPipeline(across, pipe)).toBe(0);
    const beside = {
      type: 'polygon' as const,
      ring: [
        [108.804, 38.6 + 12 * M],
        [108.806, 38.6 + 12 * M],
        [108.806, 38.6 + 30 * M],
        [108.804, 38.6 + 30 * M],
      ] as [number, number][],
    };
    expect(distanceToPipeline(beside, pipe)).toBeCloseTo(12, 0);
  });

  it('keeps the segments whose pressure class reaches the place (CJJ 51: 5, 15, 50 m)', () => {
    const place = { type: 'point' as const, point: [108.805, 38.6 + 10 * M] as [number, number] };
    const segs = [
      { id: 'low', pressureClass: 'medium_a' as const, geometry: pipe },
      { id: 'sub', pressureClass: 'sub_high_b' as const, geometry: pipe },
      { id: 'high', pressureClass: 'high_a' as const, geometry: pipe },
      { id: 'none', pressureClass: 'high_a' as const, geometry: null },
    ];
    expect(segmentsWithinProtection(place, segs).map((x) => x.segment.id)).toEqual(['sub', 'high']);
    expect(PROTECTION_DISTANCE_M.low).toBe(5);
  });
});

describe('the works hazard rule', () => {
  const base = { startOn: '2026-05-01', agreementSigned: false, segmentCount: 1, today: '2026-05-02' };
  it('needs a hazard when started near a pipe without an agreement', () => {
    expect(needsWorksHazard(base)).toBe(true);
    expect(needsWorksHazard({ ...base, agreementSigned: true })).toBe(false);
    expect(needsWorksHazard({ ...base, startOn: '2026-05-03' })).toBe(false);
    expect(needsWorksHazard({ ...base, segmentCount: 0 })).toBe(false);
  });
});
