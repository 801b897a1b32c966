import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cylinderEventTypes, cylinderLocationTypes } from '../../../domain/cylinders/cylinders.ts';
import { canonicalJson } from '../../platform/audit/audit-entry.ts';
import { type CylinderEventContent, eventCanonicalJson } from './cylinders.log.ts';

/** The reference: what the content hash was computed over before the fast writer (the generic canonicalJson). */
function reference(e: CylinderEventContent): string {
  return canonicalJson({
    eventId: e.eventId,
    type: e.type,
    code: e.code,
    occurredAt: e.occurredAt.toISOString(),
    locationType: e.locationType ?? null,
    locationId: e.locationId ?? null,
    stationId: e.stationId ?? null,
    lng: e.lng ?? null,
    lat: e.lat ?? null,
    reasons: e.reasons ?? [],
    note: e.note ?? null,
    details: e.details ?? {},
    correctsEventId: e.correctsEventId ?? null,
  });
}

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const detailValue = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.array(fc.string()))),
);
const event: fc.Arbitrary<CylinderEventContent> = fc.record({
  eventId: fc.string({ minLength: 1 }),
  type: fc.constantFrom(...cylinderEventTypes),
  code: fc.string({ minLength: 1 }),
  occurredAt: fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
  locationType: opt(fc.constantFrom(...cylinderLocationTypes)),
  locationId: opt(fc.option(fc.uuid(), { nil: null })),
  stationId: opt(fc.option(fc.uuid(), { nil: null })),
  lng: opt(fc.option(fc.double({ min: -180, max: 180, noNaN: true }), { nil: null })),
  lat: opt(fc.option(fc.double({ min: -90, max: 90, noNaN: true }), { nil: null })),
  reasons: opt(fc.array(fc.string(), { maxLength: 5 })),
  note: opt(fc.option(fc.string(), { nil: null })),
  details: opt(fc.dictionary(fc.string(), detailValue)),
  correctsEventId: opt(fc.option(fc.string(), { nil: null })),
});

describe('cylinder event content hash', () => {
  it('writes exactly the canonical JSON the stored hashes were computed over', () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(eventCanonicalJson(e)).toBe(reference(e));
      }),
      { numRuns: 2000 },
    );
  });
});
