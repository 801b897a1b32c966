/**
 * The candidate rule of 国办发〔2022〕22号 (城市燃气管道等老化更新改造实施方案, plan 四(二)1–2): which
 * pipes and facilities are to be renewed.
 * - every grey cast-iron pipe (灰口铸铁管道);
 * - ductile-iron pipe that does not meet the safety requirements (不满足安全运行要求的球墨铸铁管道);
 * - steel and PE pipe in service 20 years or more whose assessment finds a hazard (运行年限满20年，经评估
 *   存在安全隐患的钢质管道、聚乙烯管道);
 * - stations and risers (厂站和设施、立管) likewise: 20 years or more with a hazard found by the assessment.
 * Pure: the caller gives the facts it has; a fact it lacks (null) never makes a candidate.
 */
import type { PipeMaterial } from '../registry/registry.ts';

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

/** Service years from which an assessed hazard makes a steel or PE pipe, a station or a riser a candidate. */
export const RENEWAL_SERVICE_YEARS = 20;

export const renewalMaterials = ['grey_cast_iron', 'ductile_iron', 'steel', 'pe', 'other'] as const;
export type RenewalMaterial = (typeof renewalMaterials)[number];

export const renewalObjectKinds = ['pipe', 'station', 'riser'] as const;
export type RenewalObjectKind = (typeof renewalObjectKinds)[number];

export const candidateReasons = ['grey_cast_iron', 'ductile_iron_failing', 'aged_with_hazard'] as const;
export type CandidateReason = (typeof candidateReasons)[number];
export const candidateReasonLabels: Labels<CandidateReason> = {
  grey_cast_iron: { zh: '灰口铸铁管道（应全部更新）', en: 'Grey cast-iron pipe (all to be renewed)' },
  ductile_iron_failing: { zh: '球墨铸铁管道不满足安全运行要求', en: 'Ductile-iron pipe failing the requirements' },
  aged_with_hazard: {
    zh: '运行满 20 年且评估存在安全隐患',
    en: 'In service 20 years or more with a hazard found',
  },
};

export type CandidateFacts = {
  kind: RenewalObjectKind;
  /** For pipes. */
  material?: RenewalMaterial | null;
  /** Whole years in service (null: unknown). */
  serviceYears: number | null;
  /** For ductile iron: false when it fails the safety requirements (null: not assessed). */
  meetsRequirements?: boolean | null;
  /** The assessment found a hazard (null: not assessed). */
  hazardFound: boolean | null;
};

/** Why the object is a renewal candidate (empty: it is not one). */
export function renewalCandidateReasons(f: CandidateFacts): CandidateReason[] {
  const aged = f.serviceYears !== null && f.serviceYears >= RENEWAL_SERVICE_YEARS && f.hazardFound === true;
  if (f.kind !== 'pipe') return aged ? ['aged_with_hazard'] : [];
  switch (f.material) {
    case 'grey_cast_iron':
      return ['grey_cast_iron'];
    case 'ductile_iron':
      return f.meetsRequirements === false ? ['ductile_iron_failing'] : [];
    case 'steel':
    case 'pe':
      return aged ? ['aged_with_hazard'] : [];
    default:
      return [];
  }
}

/**
 * The register's pipe material in the rule's terms. The register records "铸铁管" without telling
 * grey from ductile iron; it is taken as grey cast iron (the conservative reading: every one is listed).
 * Stainless steel counts as steel.
 */
export function renewalMaterialOf(material: PipeMaterial): RenewalMaterial {
  switch (material) {
    case 'cast_iron':
      return 'grey_cast_iron';
    case 'steel':
    case 'stainless':
      return 'steel';
    case 'pe':
      return 'pe';
    default:
      return 'other';
  }
}
