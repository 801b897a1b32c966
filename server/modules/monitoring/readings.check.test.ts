import { describe, expect, it } from 'vitest';
import { ReadingsBody } from './monitoring.schemas.ts';
import { plainReadingsBody } from './readings.check.ts';

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
