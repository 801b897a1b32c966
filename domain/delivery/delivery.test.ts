import { describe, expect, it } from 'vitest';
import { checkItem } from '../hazards/checklist.ts';
import {
  type UserFacts,
  crewRefusals,
  failedDoorItems,
  periodsOverlap,
  refusalCodes,
  refusalLabels,
  userRefusals,
} from './delivery.ts';
import {
  type Fix,
  type TrackFlag,
  type ZoneGeometry,
  continueTrackFlags,
  emptyTrackState,
  positionProblems,
  pointInZone,
  trackFlags,
  zoneGeometryProblem,
} from './tracking.ts';

const base: UserFacts = {
  kind: 'household',
  operatorId: 'op',
  belowGround: 'none',
  highRiseBuilding: false,
  contractOperatorId: 'op',
  contractFrom: '2026-01-01',
  contractTo: null,
  venue: { category: 'household', floor: 'ground', highRiseBuilding: null, supplyStatus: 'normal' },
  inZone: true,
};

describe('refusals', () => {
  it('cite the basis of the check item naming the same defect (issue 10.9): one basis, from the checklist', () => {
    expect(refusalLabels.high_rise).toMatchObject({ itemId: 'bottled.supplies_high_rise' });
    expect(refusalLabels.high_rise.basis.split('；')[0]).toBe('GB 50016-2014（2018年版）5.4.16');
    expect(refusalLabels.industrial_fuel.basis).toContain('安委〔2023〕3号');
    expect(refusalLabels.restaurant_dual_phase.basis).toContain('GB 5842-2023');
    for (const code of refusalCodes) {
      const { itemId, basis } = refusalLabels[code];
      if (itemId) expect(basis.startsWith(`${checkItem(itemId)!.basis}；`), code).toBe(true);
    }
  });

  it('takes the worse of the user file and the register', () => {
    expect(userRefusals(base, null, '2026-06-01')).toEqual([]);
    expect(userRefusals({ ...base, venue: { ...base.venue!, floor: 'basement' } }, null, '2026-06-01')).toEqual([
      'below_ground',
    ]);
    expect(userRefusals({ ...base, venue: { ...base.venue!, floor: 'high_rise' } }, null, '2026-06-01')).toEqual([
      'high_rise',
    ]);
    expect(userRefusals({ ...base, inZone: null }, null, '2026-06-01')).toEqual(['outside_zone']);
    expect(userRefusals({ ...base, contractTo: '2026-05-31' }, null, '2026-06-01')).toEqual(['no_contract']);
  });
  it('refuses the dual-phase cylinder only to restaurants, industrial fuel to everyone', () => {
    const restaurant = { ...base, kind: 'business' as const, venue: { ...base.venue!, category: 'restaurant' } };
    expect(userRefusals(restaurant, { spec: 'ysp118_ii', fuel: 'lpg' }, '2026-06-01')).toEqual([
      'restaurant_dual_phase',
    ]);
    expect(userRefusals(base, { spec: 'ysp118_ii', fuel: 'lpg' }, '2026-06-01')).toEqual([]);
    expect(userRefusals(base, { spec: 'ysp35', fuel: 'alcohol_fuel' }, '2026-06-01')).toEqual(['industrial_fuel']);
  });
  it('needs a current training or certificate, the bound vehicle and a permit in date', () => {
    const crew = {
      training: [{ passed: true, validUntil: '2026-12-31' }],
      certificateNumber: null,
      certificateExpiresOn: null,
      vehicleBoundPersonId: 'w',
      workerId: 'w',
      vehiclePermitValidTo: null,
    };
    expect(crewRefusals(crew, '2026-06-01')).toEqual([]);
    expect(crewRefusals({ ...crew, training: [{ passed: true, validUntil: '2026-05-31' }] }, '2026-06-01')).toEqual([
      'worker_untrained',
    ]);
    expect(
      crewRefusals(
        { ...crew, training: [], certificateNumber: 'C1', certificateExpiresOn: '2027-01-01' },
        '2026-06-01',
      ),
    ).toEqual([]);
    expect(crewRefusals({ ...crew, vehicleBoundPersonId: 'x' }, '2026-06-01')).toEqual(['vehicle_not_bound']);
    expect(crewRefusals({ ...crew, vehiclePermitValidTo: '2026-05-31' }, '2026-06-01')).toEqual([
      'vehicle_permit_expired',
    ]);
  });
  it('overlaps contract periods with open ends', () => {
    expect(periodsOverlap({ from: '2026-01-01', to: null }, { from: '2030-01-01', to: null })).toBe(true);
    expect(periodsOverlap({ from: '2026-01-01', to: '2026-06-30' }, { from: '2026-07-01', to: null })).toBe(false);
  });
  it('decides the hose length from the measurement and asks businesses for detector and valve', () => {
    expect(failedDoorItems('household', { hose_length: 'pass' }, { hoseLengthM: 2.5 }, { hoseMaxM: 2 })).toEqual([
      'hose_length',
    ]);
    expect(failedDoorItems('household', { hose_length: 'fail' }, { hoseLengthM: 1.5 }, { hoseMaxM: 2 })).toEqual([]);
    expect(failedDoorItems('household', { detector: 'fail' }, {}, { hoseMaxM: 2 })).toEqual([]);
    expect(failedDoorItems('business', { detector: 'fail' }, {}, { hoseMaxM: 2 })).toEqual(['detector']);
  });
});

describe('tracking', () => {
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      [
        [4, 4],
        [6, 4],
        [6, 6],
        [4, 6],
        [4, 4],
      ],
    ] as [number, number][][],
  };
  it('places points in polygons with holes and checks rings', () => {
    expect(pointInZone(1, 1, square)).toBe(true);
    expect(pointInZone(5, 5, square)).toBe(false);
    expect(pointInZone(11, 1, square)).toBe(false);
    expect(
      zoneGeometryProblem({
        type: 'Polygon',
        coordinates: [
          [
            [108, 38],
            [109, 38],
            [109, 39],
            [108, 38],
          ],
        ],
      }),
    ).toBeNull();
    expect(
      zoneGeometryProblem({
        type: 'Polygon',
        coordinates: [
          [
            [1, 1],
            [2, 1],
            [2, 2],
            [1, 1],
          ],
        ],
      }),
    ).toBe('outside_china');
  });

  const at = (min: number) => new Date(Date.UTC(2026, 5, 1, 0, 0) + min * 60_000);
  it('refuses fixes outside China, ahead of the clock, and jumps', () => {
    const now = at(100);
    const fixes = [
      { index: 0, at: at(1), lat: 38.6, lng: 108.8, speedKmh: 30 },
      { index: 1, at: at(2), lat: 39.6, lng: 108.8, speedKmh: 30 },
      { index: 2, at: at(3), lat: 10, lng: 0, speedKmh: 30 },
      { index: 3, at: at(200), lat: 38.6, lng: 108.8, speedKmh: 30 },
      { index: 4, at: at(4), lat: 38.6, lng: 108.8, speedKmh: 300 },
    ];
    expect(positionProblems(fixes, null, now)).toEqual([
      { index: 1, problem: 'impossible_speed' },
      { index: 2, problem: 'outside_china' },
      { index: 3, problem: 'future_time' },
      { index: 4, problem: 'impossible_speed' },
    ]);
  });

  it('flags over 4 hours of driving without a 20-minute rest, and not when the driver rested', () => {
    const limits = { speedLimitKmh: 60, fatigueDrivingHours: 4, fatigueRestMinutes: 20 };
    const driving = (from: number, to: number): Fix[] =>
      Array.from({ length: (to - from) / 5 + 1 }, (_, i) => ({
        at: at(from + i * 5),
        lat: 38.6,
        lng: 108.8,
        speedKmh: 40,
      }));
    const tired = trackFlags(driving(0, 260), [], limits);
    expect(tired.map((f) => f.kind)).toEqual(['fatigue']);
    expect(tired[0]!.startedAt).toEqual(at(0));
    const rested = [
      ...driving(0, 180),
      ...Array.from({ length: 5 }, (_, i) => ({ at: at(185 + i * 5), lat: 38.6, lng: 108.8, speedKmh: 0 })),
      ...driving(210, 300),
    ];
    expect(trackFlags(rested, [], limits)).toEqual([]);
    // A gap without fixes (terminal off) of the rest's length is a rest too.
    expect(trackFlags([...driving(0, 180), ...driving(205, 300)], [], limits)).toEqual([]);
    const fast = trackFlags(
      [...driving(0, 10), { at: at(15), lat: 38.6, lng: 108.8, speedKmh: 80 }, ...driving(20, 30)],
      [],
      limits,
    );
    expect(fast).toEqual([{ kind: 'speeding', startedAt: at(15), endedAt: at(15), maxSpeedKmh: 80 }]);
  });

  it('continues a track batch by batch to the same flags as the whole day at once', () => {
    const limits = { speedLimitKmh: 60, fatigueDrivingHours: 4, fatigueRestMinutes: 20 };
    const zone: ZoneGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [108.7, 38.5],
          [108.9, 38.5],
          [108.9, 38.7],
          [108.7, 38.7],
          [108.7, 38.5],
        ],
      ],
    };
    // Five hours of driving: speeding stretches, a trip out of the zone, no rest (fatigue after 4 h).
    const day: Fix[] = Array.from({ length: 301 }, (_, i) => ({
      at: at(i),
      lat: 38.6,
      lng: i % 50 >= 40 ? 108.65 : 108.8,
      speedKmh: i % 30 >= 25 ? 90 : 40,
    }));
    const whole = trackFlags(day, [zone], limits);
    expect(new Set(whole.map((f) => f.kind))).toEqual(new Set(['left_zone', 'speeding', 'fatigue']));
    for (const size of [1, 7, 100]) {
      let state = emptyTrackState();
      const stored = new Map<string, TrackFlag>();
      for (let i = 0; i < day.length; i += size) {
        const step = continueTrackFlags(state, day.slice(i, i + size), [zone], limits);
        state = JSON.parse(JSON.stringify(step.state));
        for (const f of step.flags) stored.set(`${f.kind}|${f.startedAt.toISOString()}`, { ...f });
      }
      const key = (f: TrackFlag) => `${f.kind}|${f.startedAt.toISOString()}`;
      expect([...stored.values()].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        [...whole].sort((a, b) => key(a).localeCompare(key(b))),
      );
    }
  });
});
