import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRebound, reboundOf, sampleSize, seededRandom, selectForFollowUp } from './follow-up.ts';
import type { Severity } from './limits.ts';

const hazards = fc.uniqueArray(fc.record({ id: fc.uuid(), severity: fc.constantFrom<Severity>('major', 'general') }), {
  selector: (h) => h.id,
  maxLength: 60,
});
const seed = fc.oneof(fc.integer(), fc.string());

describe('selectForFollowUp', () => {
  it('always includes every major hazard and draws the configured share of general ones', () => {
    fc.assert(
      fc.property(hazards, seed, fc.double({ min: 0, max: 1, noNaN: true }), (closed, s, share) => {
        const selected = selectForFollowUp(closed, { share, seed: s });
        const majors = closed.filter((h) => h.severity === 'major');
        for (const m of majors) expect(selected).toContain(m);
        const general = closed.length - majors.length;
        expect(selected.length - majors.length).toBe(sampleSize(general, share));
      }),
    );
  });

  it('is reproducible for a seed, whatever order the rows arrive in', () => {
    fc.assert(
      fc.property(hazards, seed, (closed, s) => {
        const first = selectForFollowUp(closed, { seed: s }).map((h) => h.id);
        const again = selectForFollowUp([...closed].reverse(), { seed: s }).map((h) => h.id);
        expect(new Set(again)).toEqual(new Set(first));
        expect(selectForFollowUp(closed, { seed: s }).map((h) => h.id)).toEqual(first);
      }),
    );
  });

  it('draws 20 % by default, at least one, and different samples for different seeds', () => {
    const general = Array.from({ length: 100 }, (_, i) => ({
      id: `h${String(i).padStart(3, '0')}`,
      severity: 'general' as const,
    }));
    expect(selectForFollowUp(general, { seed: 1 })).toHaveLength(20);
    expect(selectForFollowUp(general.slice(0, 3), { seed: 1 })).toHaveLength(1);
    expect(selectForFollowUp(general, { seed: 0, share: 0 })).toHaveLength(0);
    const a = selectForFollowUp(general, { seed: '2024-03 回头看' }).map((h) => h.id);
    const b = selectForFollowUp(general, { seed: '2024-04 回头看' }).map((h) => h.id);
    expect(a).not.toEqual(b);
  });

  it('refuses a share outside [0, 1]', () => {
    expect(() => selectForFollowUp([], { seed: 1, share: 1.5 })).toThrow(RangeError);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for the same seed and stays within [0, 1)', () => {
    const a = seededRandom('x');
    const b = seededRandom('x');
    for (let i = 0; i < 100; i++) {
      const v = a();
      expect(v).toBe(b());
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});

describe('isRebound', () => {
  const previous = { objectId: 'v1', itemId: 'venue.hose_length', closedAt: '2024-01-31' };
  const failure = (at: string, over: Partial<{ objectId: string; itemId: string | null }> = {}) => ({
    objectId: 'v1',
    itemId: 'venue.hose_length',
    at,
    ...over,
  });

  it('is the same item failing at the same object within six months of close-out', () => {
    expect(isRebound({ previous, failure: failure('2024-01-31') })).toBe(true);
    expect(isRebound({ previous, failure: failure('2024-07-31') })).toBe(true);
    expect(isRebound({ previous, failure: failure('2024-08-01') })).toBe(false);
    expect(isRebound({ previous, failure: failure('2024-01-30') })).toBe(false);
  });

  it('clamps the window to the end of a shorter month', () => {
    const aug = { ...previous, closedAt: '2024-08-31' };
    expect(isRebound({ previous: aug, failure: failure('2025-02-28') })).toBe(true);
    expect(isRebound({ previous: aug, failure: failure('2025-03-01') })).toBe(false);
  });

  it('needs the same object and the same item', () => {
    expect(isRebound({ previous, failure: failure('2024-03-01', { objectId: 'v2' }) })).toBe(false);
    expect(isRebound({ previous, failure: failure('2024-03-01', { itemId: 'venue.hose_age' }) })).toBe(false);
    expect(
      isRebound({ previous: { ...previous, itemId: null }, failure: failure('2024-03-01', { itemId: null }) }),
    ).toBe(false);
  });

  it('takes the window from the options', () => {
    expect(isRebound({ previous, failure: failure('2024-05-01') }, { windowMonths: 3 })).toBe(false);
  });

  it('links a failure to the most recently closed match', () => {
    const older = { ...previous, id: 'old', closedAt: '2023-12-01' };
    const newer = { ...previous, id: 'new', closedAt: '2024-02-15' };
    expect(reboundOf(failure('2024-03-01'), [older, newer])?.id).toBe('new');
    expect(reboundOf(failure('2025-03-01'), [older, newer])).toBeNull();
  });
});

describe('sampleSize', () => {
  it('rounds up, ignoring float noise, and draws at least one for any positive share', () => {
    expect(sampleSize(15, 0.2)).toBe(3);
    expect(sampleSize(16, 0.2)).toBe(4);
    expect(sampleSize(1, Number.MIN_VALUE)).toBe(1);
    expect(sampleSize(10, 0)).toBe(0);
    expect(sampleSize(0, 0.5)).toBe(0);
    expect(sampleSize(4, 1)).toBe(4);
  });
});
