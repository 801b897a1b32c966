import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  certificateExpired,
  chinaToday,
  geometryProblem,
  isValidPlate,
  normalisePlate,
  parseGeometryText,
  trainingValidUntil,
} from './pipelines-people-vehicles.ts';
import { TRAINING_VALID_DAYS, mayInspect, pipelineAge } from './registry.ts';

describe('dates in China', () => {
  it('takes the calendar date at UTC+8', () => {
    expect(chinaToday(new Date('2024-03-31T15:59:59Z'))).toBe('2024-03-31');
    expect(chinaToday(new Date('2024-03-31T16:00:00Z'))).toBe('2024-04-01');
  });
  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(trainingValidUntil('2023-08-15')).toBe(addDays('2023-08-15', TRAINING_VALID_DAYS));
  });
});

describe('先培训、后排查', () => {
  it('a training lets a person inspect until its validity ends, and only if passed', () => {
    const until = trainingValidUntil('2023-08-15');
    expect(mayInspect([{ passed: true, validUntil: until }], until)).toBe(true);
    expect(mayInspect([{ passed: true, validUntil: until }], addDays(until, 1))).toBe(false);
    expect(mayInspect([{ passed: false, validUntil: until }], '2023-08-16')).toBe(false);
    expect(mayInspect([], '2023-08-16')).toBe(false);
  });
  it('a certificate past its expiry date is expired', () => {
    expect(certificateExpired('2024-01-01', '2024-01-01')).toBe(false);
    expect(certificateExpired('2024-01-01', '2024-01-02')).toBe(true);
    expect(certificateExpired(null, '2024-01-02')).toBe(false);
  });
});

describe('pipelines', () => {
  it('computes age from the installation year', () => {
    expect(pipelineAge(1995, '2024-06-01')).toBe(29);
    expect(pipelineAge(null, '2024-06-01')).toBeNull();
  });
  it('accepts a line of two or more points in China, refuses the rest', () => {
    expect(
      geometryProblem([
        [108.84, 38.6],
        [108.85, 38.61],
      ]),
    ).toBeNull();
    expect(geometryProblem([[108.84, 38.6]])).toBe('at_least_two_points');
    expect(
      geometryProblem([
        [190, 38.6],
        [108.85, 38.61],
      ]),
    ).toBe('lng_out_of_range');
    expect(
      geometryProblem([
        [38.6, 108.84],
        [38.61, 108.85],
      ]),
    ).toBe('lng_out_of_range');
    expect(
      geometryProblem([
        [108.84, 60],
        [108.85, 38.61],
      ]),
    ).toBe('lat_out_of_range');
  });
  it('reads "lng,lat" per line and names the bad line', () => {
    expect(parseGeometryText('108.84,38.60\n\n108.85，38.61 \n')).toEqual({
      ok: true,
      points: [
        [108.84, 38.6],
        [108.85, 38.61],
      ],
    });
    expect(parseGeometryText('')).toEqual({ ok: true, points: [] });
    expect(parseGeometryText('108.84,38.60\nabc')).toEqual({ ok: false, line: 2, reason: 'not_a_pair' });
    expect(parseGeometryText('108.84,38.60\n200,38')).toEqual({ ok: false, line: 2, reason: 'lng_out_of_range' });
    expect(parseGeometryText('108.84,38.60')).toMatchObject({ ok: false, reason: 'at_least_two_points' });
  });
  it('round-trips any valid line through the text form', () => {
    const point = fc.tuple(
      fc.double({ min: 73.5, max: 135, noNaN: true }),
      fc.double({ min: 4, max: 53.5, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(point, { minLength: 2, maxLength: 20 }), (points) => {
        const text = points.map(([a, b]) => `${a},${b}`).join('\n');
        expect(parseGeometryText(text)).toEqual({ ok: true, points });
      }),
    );
  });
});

describe('licence plates', () => {
  it('accepts ordinary, new-energy and trailer plates', () => {
    for (const p of ['蒙K12345', '蒙KD12345', '蒙K12345D', '蒙K1234挂', '京A0000警', '蒙k 12345', '蒙K·12345'])
      expect(isValidPlate(p), p).toBe(true);
  });
  it('refuses what is not a plate', () => {
    for (const p of ['', 'AB12345', '蒙K1234', '蒙KI2345', '蒙KO2345', '蒙K1234567', 'XK12345', '蒙112345'])
      expect(isValidPlate(p), p).toBe(false);
  });
  it('normalises case and separators', () => {
    expect(normalisePlate(' 蒙k·12345 ')).toBe('蒙K12345');
  });
});
