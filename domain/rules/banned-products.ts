/**
 * The catalogue of banned and obsolete gas products (issue 10.4): which product, of what kind, banned by which
 * official catalogue or standard (its document number and date), how grave its use is, and the check item it
 * bears on. The entries are data the office edits (table `banned_products`, server/modules/rules); the seed below
 * holds only what the project's rules reference names with its source — nothing is added without a citation.
 * The reference names no entry of 应急管理部/工信部《淘汰落后安全技术装备目录》 or of any catalogue banning ordinary
 * rubber hoses (the plan promotes long-life hoses, 四(一)2), so no hose is seeded: an office that holds such a
 * catalogue adds its entries with their document number.
 */
import type { Severity } from '../hazards/limits.ts';

type Text = { zh: string; en: string };

export const bannedProductKinds = ['cylinder', 'regulator', 'hose', 'appliance', 'other'] as const;
export type BannedProductKind = (typeof bannedProductKinds)[number];
export const bannedProductKindLabels: Record<BannedProductKind, Text> = {
  cylinder: { zh: '气瓶', en: 'Cylinder' },
  regulator: { zh: '调压器', en: 'Regulator' },
  hose: { zh: '连接软管', en: 'Connecting hose' },
  appliance: { zh: '燃气燃烧器具', en: 'Gas appliance' },
  other: { zh: '其他', en: 'Other' },
};

/** The check items a catalogue entry may bear on (三(四)3 banned equipment; MOHURD art. 9 banned appliances and hoses). */
export const bannedProductCheckItems = [
  'venue.dual_phase_cylinder',
  'venue.adjustable_regulator',
  'venue.banned_hose',
  'venue.banned_appliance',
] as const;
export type BannedProductCheckItem = (typeof bannedProductCheckItems)[number];

export type BannedProductSeed = {
  name: string;
  kind: BannedProductKind;
  /** The catalogue or standard that bans it. */
  catalogue: string;
  documentNumber: string;
  /** The day the ban takes effect, where the source gives it. */
  effectiveOn: string | null;
  severity: Severity;
  checkItemId: BannedProductCheckItem | null;
  note: string;
};

/** From shared/plan/rules-reference.md ("Filling" and "Restaurants" tables) and plan 三(四)3 only. */
export const bannedProductSeeds: readonly BannedProductSeed[] = [
  {
    name: '50kg“气液双相”液化石油气钢瓶（原YSP118-II型）',
    kind: 'cylinder',
    catalogue: 'GB 5842-2023《液化石油气钢瓶》',
    documentNumber: 'GB 5842-2023',
    effectiveOn: '2023-12-01',
    severity: 'general',
    checkItemId: 'venue.dual_phase_cylinder',
    note: '自2023-12-01起不得制造；餐饮场所不得使用（方案三(四)3）',
  },
  {
    name: '可调节出口压力的瓶装液化石油气调压器',
    kind: 'regulator',
    catalogue: 'GB 35844-2018《瓶装液化石油气调压器》',
    documentNumber: 'GB 35844-2018',
    effectiveOn: null,
    severity: 'general',
    checkItemId: 'venue.adjustable_regulator',
    note: '餐饮场所不得使用（方案三(四)3）',
  },
];
