import { describe, expect, it } from 'vitest';
import { ReadingsBody } from './monitoring.schemas.ts';
import { isoMillis, millisOf, plainReadingsBody } from './readings.check.ts';

const body = (r: Record<string, unknown>) => ({
  readings: [{ sensorCode: 'MH-1', at: '2026-12-07T08:00:00+08:00', value: 1, ...r }],
});

describe('the hand check of a readings body (ingest path)', () => {
  const samples: unknown[] = [
    body({}),
    body({ at: '2026-12-07T00:00:00Z' }),
    body({ at: '2026-12-07T00:00:00.123456Z' }),
    body({ at: '2024-02-29T00:00:00Z' }),
    body({ at: '2026-02-29T00:00:00Z' }),
    body({ at: '2026-04-31T00:00:00Z' }),
    body({ at: '2026-13-01T00:00:00Z' }),
    body({ at: '2026-12-07T24:00:00Z' }),
    body({ at: '2026-12-07T23:60:00Z' }),
    body({ at: '2026-12-07T23:00:60Z' }),
    body({ at: '2026-12-07T23:00:00+24:00' }),
    body({ at: '2026-12-07T23:00:00' }),
    body({ at: '2026-12-07 23:00:00Z' }),
    body({ at: '1800-01-01T00:00:00Z' }),
    body({ at: '2300-01-01T00:00:00Z' }),
    // toISOString's form, read by hand (isoMillis) before the regular expression.
    body({ at: '2026-12-07T00:00:00.000Z' }),
    body({ at: '2026-02-29T00:00:00.000Z' }),
    body({ at: '2024-02-29T23:59:59.999Z' }),
    body({ at: '1900-01-01T00:00:00.000Z' }),
    body({ at: '1899-12-31T23:59:59.999Z' }),
    body({ at: '2200-12-31T23:59:59.999Z' }),
    body({ at: '2201-01-01T00:00:00.000Z' }),
    body({ at: '2026-12-07T23:59:60.000Z' }),
    body({ at: 1_765_000_000_000 }),
    body({ value: '1' }),
    body({ value: null }),
    body({ sensorCode: '' }),
    body({ sensorCode: 'x'.repeat(65) }),
    body({ extra: 1 }),
    { readings: [] },
    { readings: [null] },
    { readings: {} },
    { readings: [{ sensorCode: 'A', at: '2026-12-07T00:00:00Z' }] },
    { readings: body({}).readings, gateway: 'g' },
    { readings: Array.from({ length: 5_001 }, () => body({}).readings[0]) },
    null,
    [],
  ];

  it('accepts only what ReadingsBody accepts, and the common form itself', () => {
    for (const sample of samples) {
      if (plainReadingsBody(sample)) expect(ReadingsBody.safeParse(sample).success, JSON.stringify(sample)).toBe(true);
    }
    expect(plainReadingsBody(body({}))).toBe(true);
    expect(plainReadingsBody(body({ at: '2024-02-29T00:00:00.5Z' }))).toBe(true);
    expect(plainReadingsBody(body({ at: '2026-02-29T00:00:00Z' }))).toBe(false);
    expect(plainReadingsBody(body({ extra: 1 }))).toBe(false);
  });
});

describe('a reading time read by hand (isoMillis)', () => {
  it('reads toISOString’s form to the same milliseconds as Date, and refuses every other text (NaN)', () => {
    // Every day of four years (a leap one and 2100, not leap), at varied times of day.
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 86_400_000 + 3_723_457) {
      const text = new Date(ms).toISOString();
      expect(isoMillis(text)).toBe(ms);
      expect(millisOf(text)).toBe(ms);
    }
    const endOf2100Feb = new Date(Date.UTC(2100, 1, 28, 23, 59, 59, 999)).toISOString();
    expect(isoMillis(endOf2100Feb)).toBe(Date.parse(endOf2100Feb));
    for (const bad of [
      '2026-12-07T00:00:00Z',
      '2026-12-07T08:00:00.000+08:00',
      '2026-12-07T00:00:00.0000Z',
      '2026-02-29T00:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-00-01T00:00:00.000Z',
      '2026-12-00T00:00:00.000Z',
      '2026-12-07T24:00:00.000Z',
      '2026-12-07T23:60:00.000Z',
      '2026-12-07T23:00:60.000Z',
      '2026-12-07 00:00:00.000Z',
      '2026-12-07T0a:00:00.000Z',
      '0099-12-07T00:00:00.000Z',
      '',
    ])
      expect(isoMillis(bad), bad).toBeNaN();
    // Any other accepted form is parsed as a Date.
    expect(millisOf('2026-12-07T08:00:00+08:00')).toBe(Date.UTC(2026, 11, 7));
  });
});
