import { describe, expect, it } from 'vitest';
import { addMonths, addYears, daysBetween, isYmd } from './dates.ts';
import { defaultLimits, resolveLimits } from './limits.ts';

describe('resolveLimits', () => {
  it('accepts the defaults and sensible overrides', () => {
    expect(resolveLimits()).toEqual({ ok: true, limits: defaultLimits });
    const r = resolveLimits({ hoseMaxM: 1.5, deadlineDaysGeneral: 10 });
    expect(r.ok && r.limits.hoseMaxM).toBe(1.5);
  });

  it('names the overrides that make no sense', () => {
    expect(
      resolveLimits({
        hoseMaxM: -1,
        deadlineDaysMajor: 0,
        escalateLevel2AfterDays: 1.5,
        followUpShare: 2,
        interimControlSeverities: ['urgent' as 'major'],
      }),
    ).toEqual({
      ok: false,
      errors: ['hoseMaxM', 'escalateLevel2AfterDays', 'deadlineDaysMajor', 'followUpShare', 'interimControlSeverities'],
    });
  });

  it('keeps the plan and rules-reference defaults', () => {
    expect(defaultLimits).toMatchObject({
      hoseMaxM: 2,
      cylinderRoomThresholdKg: 100,
      detectorLifeYears: 3,
      hoseLifeYearsRubber: 2,
      lpgDetectorMaxHeightM: 0.3,
      shutoffValveLifeYears: 10,
      fatigueDrivingHours: 4,
      fatigueRestMinutes: 20,
      reboundWindowMonths: 6,
    });
  });
});

describe('dates', () => {
  it('recognises real calendar dates only', () => {
    expect(isYmd('2024-02-29')).toBe(true);
    expect(isYmd('2023-02-29')).toBe(false);
    expect(isYmd('2023-9-1')).toBe(false);
  });

  it('adds months and years clamping to the month end', () => {
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2023-11-15', 3)).toBe('2024-02-15');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('counts days across months and years', () => {
    expect(daysBetween('2023-12-25', '2024-01-05')).toBe(11);
    expect(daysBetween('2024-01-05', '2023-12-25')).toBe(-11);
  });
});
