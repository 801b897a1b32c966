import { describe, expect, it } from 'vitest';
import { type RenewalMaterial, renewalCandidateReasons, renewalMaterialOf } from './candidates.ts';

const pipe = (
  material: RenewalMaterial,
  serviceYears: number | null,
  hazardFound: boolean | null,
  meets?: boolean | null,
) => renewalCandidateReasons({ kind: 'pipe', material, serviceYears, hazardFound, meetsRequirements: meets });

describe('the renewal candidate rule (国办发〔2022〕22号)', () => {
  it('lists every grey cast-iron pipe, whatever its age or assessment', () => {
    expect(pipe('grey_cast_iron', 3, false)).toEqual(['grey_cast_iron']);
    expect(pipe('grey_cast_iron', null, null)).toEqual(['grey_cast_iron']);
    expect(pipe('grey_cast_iron', 40, true)).toEqual(['grey_cast_iron']);
  });
  it('lists ductile iron only when it fails the requirements', () => {
    expect(pipe('ductile_iron', 30, true, false)).toEqual(['ductile_iron_failing']);
    expect(pipe('ductile_iron', 5, null, false)).toEqual(['ductile_iron_failing']);
    expect(pipe('ductile_iron', 30, true, true)).toEqual([]);
    expect(pipe('ductile_iron', 30, true, null)).toEqual([]);
  });
  it('lists steel and PE from 20 years in service with a hazard found, not before, not without', () => {
    for (const m of ['steel', 'pe'] as const) {
      expect(pipe(m, 20, true)).toEqual(['aged_with_hazard']);
      expect(pipe(m, 35, true)).toEqual(['aged_with_hazard']);
      expect(pipe(m, 19, true)).toEqual([]);
      expect(pipe(m, 25, false)).toEqual([]);
      expect(pipe(m, 25, null)).toEqual([]);
      expect(pipe(m, null, true)).toEqual([]);
    }
    expect(pipe('other', 40, true)).toEqual([]);
  });
  it('treats stations and risers likewise: 20 years with a hazard', () => {
    for (const kind of ['station', 'riser'] as const) {
      expect(renewalCandidateReasons({ kind, serviceYears: 20, hazardFound: true })).toEqual(['aged_with_hazard']);
      expect(renewalCandidateReasons({ kind, serviceYears: 19, hazardFound: true })).toEqual([]);
      expect(renewalCandidateReasons({ kind, serviceYears: 30, hazardFound: false })).toEqual([]);
    }
  });
  it("reads the register's materials: cast iron as grey, stainless as steel", () => {
    expect(renewalMaterialOf('cast_iron')).toBe('grey_cast_iron');
    expect(renewalMaterialOf('stainless')).toBe('steel');
    expect(renewalMaterialOf('pe')).toBe('pe');
    expect(renewalMaterialOf('other')).toBe('other');
  });
});
