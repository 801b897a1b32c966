import { describe, expect, it } from 'vitest';
import { doorReasonTexts, doorVerdict, gateReasonCodes } from './verdict.ts';

describe('doorVerdict', () => {
  it('accepts a cylinder the gate finds nothing against', () => {
    const v = doorVerdict({ reasons: [] });
    expect(v.level).toBe('safe');
    expect(v.headline.zh).toBe('可以接收');
    expect(v.reasons).toEqual([]);
    expect(v.caution).toBeNull();
  });

  it('refuses with every reason about the cylinder, in the gate’s order, and leaves the station’s reasons out', () => {
    const v = doorVerdict({ reasons: ['NOT_OWNED', 'INSPECTION_OVERDUE', 'STATION_NOT_LICENSED', 'SEIZED'] });
    expect(v.level).toBe('unsafe');
    expect(v.headline.zh).toBe('不安全，请勿接收');
    expect(v.reasons.map((r) => r.code)).toEqual(['INSPECTION_OVERDUE', 'SEIZED']);
    expect(v.reasons[0]!.text.zh).toContain('超期未检');
  });

  it('a cylinder refused only for station reasons is safe at the door', () => {
    expect(doorVerdict({ reasons: ['NOT_OWNED', 'STATION_NOT_LICENSED'] }).level).toBe('safe');
  });

  it('an unknown code is its own verdict', () => {
    const v = doorVerdict({ reasons: ['CYLINDER_UNKNOWN'] });
    expect(v.level).toBe('unknown');
    expect(v.advice.zh).toContain('12345');
  });

  it('warns about a legacy dual-phase cylinder whatever the gate says', () => {
    expect(doorVerdict({ reasons: [], legacyDualPhase: true }).caution?.zh).toContain('餐饮场所不得使用');
  });

  it('has a Chinese and an English text for every reason about the cylinder', () => {
    const cylinderReasons = gateReasonCodes.filter((c) => c !== 'NOT_OWNED' && c !== 'STATION_NOT_LICENSED');
    expect(Object.keys(doorReasonTexts).sort()).toEqual([...cylinderReasons].sort());
    for (const t of Object.values(doorReasonTexts)) {
      expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(t.en).toMatch(/^[A-Z]/);
    }
  });
});
