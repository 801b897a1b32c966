/**
 * Deciding check items. A computed item (one with a `measure`) is decided from recorded facts and
 * never from a tick; any other item takes the inspector's answer. An item that does not apply to
 * the object is `not_applicable`, whatever was ticked.
 */
import type {
  EnterpriseKind,
  FacilityKind,
  GasSource,
  HoseType,
  LicenceKind,
  LicenceStatus,
  PipeMaterial,
  PressureClass,
  RenewalStatus,
  VehicleKind,
  VenueCategory,
  VenueFloor,
} from '../registry/registry.ts';
import { departmentVenueCategories, inHighRiseBuilding } from '../registry/registry.ts';
import type { CheckItem, MeasureSpec, ObjectTarget, RegisterCheck, Text } from './checklist.ts';
import { addYears } from './dates.ts';
import { defaultLimits, type HazardLimits, type Severity } from './limits.ts';

/** An entry of the banned-products catalogue (table banned_products) as the verdict needs it. */
export type BannedCatalogueEntry = {
  id: string;
  name: string;
  catalogue: string;
  documentNumber: string;
  effectiveOn: string | null;
  severity: Severity;
  checkItemId: string | null;
  withdrawn: boolean;
};

/** Whether a catalogue entry is in force on a day: not withdrawn and, where it has one, past its effective day. */
export function bannedEntryInForce(entry: BannedCatalogueEntry, on: string): boolean {
  return !entry.withdrawn && (entry.effectiveOn === null || entry.effectiveOn <= on);
}

export const checkResults = ['pass', 'fail', 'not_applicable', 'unknown'] as const;
export type CheckResult = (typeof checkResults)[number];
/** What an inspector may tick for an item that is not computed. */
export type TickedResult = Exclude<CheckResult, 'unknown'>;

/**
 * A person of the register with the last day a passed training (or, for a principal or safety
 * manager, the assessment 考核合格) keeps them trained: null when none, '9999-12-31' when open-ended.
 */
export type RegisteredTrainee = { name: string; trainedUntil: string | null };
/** A special-equipment or filling operator of the register with the certificate held. */
export type RegisteredOperator = {
  name: string;
  certificateNumber: string | null;
  certificateExpiresOn: string | null;
};
/** What the register holds of a pipeline segment. */
export type RegisteredPipe = {
  material: PipeMaterial;
  pressureClass: PressureClass;
  installedYear: number | null;
  encroached: boolean;
  confinedSpace: boolean;
  renewalStatus: RenewalStatus;
};

/** Facts only the register holds (the inspector cannot record them; see register-authority.ts). */
export const registerOnlyFactKeys = [
  'licences',
  'staff',
  'managers',
  'operators',
  'vehiclePermit',
  'supplierLicence',
  'pipe',
  'usersOverdue',
] as const;

export type InspectedObject =
  | { type: 'venue'; category: VenueCategory }
  /** `roles`: every business role of the enterprise (issue 11); the items of each role apply. */
  | { type: 'enterprise'; kind: EnterpriseKind; roles?: readonly EnterpriseKind[] }
  | { type: 'pipeline' }
  | { type: 'vehicle'; kind: VehicleKind }
  /** A station or shop is checked against the items of the enterprise that runs it (all its roles). */
  | {
      type: 'facility';
      kind: FacilityKind;
      enterpriseKind: EnterpriseKind;
      enterpriseRoles?: readonly EnterpriseKind[];
    };

/**
 * What is known at an inspection: the object, the date, the facts recorded or taken from the
 * register, and the ticks. Absent or null facts are unknown.
 */
export type ChecklistFacts = {
  object: InspectedObject;
  /** Inspection date, 'YYYY-MM-DD' (China calendar); service lives are measured to it. */
  on: string;
  floor?: VenueFloor | null;
  /**
   * Found on site: bottled LPG is used or stored in a basement or semi-basement space, whatever the
   * venue's floor (cylinders kept in the basement of a ground-floor restaurant count).
   */
  lpgBelowGround?: boolean | null;
  /** The building is a high-rise civil building (GB 50016), for every floor of it. */
  highRiseBuilding?: boolean | null;
  gasSources?: readonly GasSource[] | null;
  storedLpgKg?: number | null;
  hasCylinderRoom?: boolean | null;
  /** False when no hose is used (e.g. a rigid connection); hose items then do not apply. */
  hoseInUse?: boolean | null;
  hoseType?: HoseType | null;
  /** The service life marked on a metal or long-life hose by its maker, years. */
  hoseMarkedLifeYears?: number | null;
  hoseLengthM?: number | null;
  hoseInstalledOn?: string | null;
  detectorInstalled?: boolean | null;
  detectorWorking?: boolean | null;
  detectorInstalledOn?: string | null;
  /** Height of the detector above the floor, metres. */
  detectorHeightM?: number | null;
  regulatorInstalledOn?: string | null;
  /** When the seal ring between the cylinder valve and the regulator was last replaced. */
  sealRingInstalledOn?: string | null;
  shutoffValveInstalled?: boolean | null;
  shutoffValveWorking?: boolean | null;
  shutoffValveInstalledOn?: string | null;
  /** From the register: a venue with no contract number has no contract. */
  hasSupplyContract?: boolean | null;
  /** Last day of the supply contract, or null for an open-ended one. */
  contractTo?: string | null;
  /** Licence state per kind ('none' when the enterprise holds none; see `licenceStatus` in the register). */
  licences?: Partial<Record<LicenceKind, LicenceStatus | 'none'>> | null;
  longestDrivingHours?: number | null;
  /** From the register: a venue's staff (people of the venue) and their training. */
  staff?: readonly RegisteredTrainee[] | null;
  /** From the register: an enterprise's principal and safety managers and their training or assessment. */
  managers?: readonly RegisteredTrainee[] | null;
  /** From the register: an enterprise's special-equipment and filling operators and their certificates. */
  operators?: readonly RegisteredOperator[] | null;
  /** From the register: a vehicle's hazardous-goods transport permit (null number = none). */
  vehiclePermit?: { number: string | null; validTo: string | null } | null;
  /** From the register: the gas operation licence of the venue's supplier; null when no supplier is registered. */
  supplierLicence?: LicenceStatus | 'none' | null;
  /** From the register: the pipeline segment. */
  pipe?: RegisteredPipe | null;
  /**
   * From the ledger: an operator's users and how many are overdue for their household inspection (never
   * inspected, or past their interval); null when not known.
   */
  usersOverdue?: { users: number; overdue: number } | null;
  /** The banned-products catalogue (every entry, withdrawn ones too), from the rules module; absent = empty. */
  bannedCatalogue?: readonly BannedCatalogueEntry[] | null;
  /** Found on site: the catalogue entries the inspector names (an empty list: none found). */
  bannedProductIds?: readonly string[] | null;
  /** Ticks for items that are not computed, by item id. */
  answers?: Readonly<Record<string, TickedResult>> | null;
};

export type ItemEvaluation = {
  result: CheckResult;
  reason?: Text;
  /** For a ticked item: the register decided it (see `registerVerdict`), whatever was ticked. */
  byRegister?: true;
  /** A failure whose grade and citation come from data (a banned-products catalogue entry), not from the item. */
  severity?: Severity;
  basis?: string;
  /** The catalogue entries found (banned_product items), as they stood when decided. */
  found?: readonly BannedCatalogueEntry[];
};

function has<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined;
}

/** The gas sources in use: LPG cylinders found below ground are bottled LPG in use, whatever was ticked. */
function sourcesInUse(facts: ChecklistFacts): readonly GasSource[] | null | undefined {
  const sources = facts.gasSources;
  if (facts.lpgBelowGround !== true) return sources;
  return sources?.includes('bottled_lpg') ? sources : [...(sources ?? []), 'bottled_lpg'];
}

/** Whether one target covers the object; gas sources that are not known do not exclude a venue. */
function targetCovers(target: ObjectTarget, facts: ChecklistFacts): boolean {
  const object = facts.object;
  switch (target.type) {
    case 'venue': {
      if (object.type !== 'venue') return false;
      if (target.categories && !target.categories.includes(object.category)) return false;
      if (target.withHose && facts.hoseInUse === false) return false;
      const sources = sourcesInUse(facts);
      if (target.gasSources && has(sources)) return target.gasSources.some((s) => sources.includes(s));
      return true;
    }
    case 'enterprise':
      if (object.type === 'facility')
        return target.kinds.some((k) => k === object.enterpriseKind || object.enterpriseRoles?.includes(k));
      return object.type === 'enterprise' && target.kinds.some((k) => k === object.kind || object.roles?.includes(k));
    case 'pipeline':
      return object.type === 'pipeline';
    case 'vehicle':
      return object.type === 'vehicle' && (!target.kinds || target.kinds.includes(object.kind));
  }
}

/** Whether the item applies to the object and what is known of it. */
export function itemApplies(item: CheckItem, facts: ChecklistFacts): boolean {
  return item.appliesTo.some((t) => targetCovers(t, facts));
}

/** The items of a checklist that an inspection of this object shows (gas sources may still be unknown). */
export function itemsFor(object: InspectedObject, items: readonly CheckItem[]): CheckItem[] {
  return items.filter((item) => itemApplies(item, { object, on: '1970-01-01' }));
}

/**
 * The department a hazard from this item goes to. The plan gives restaurants' own management
 * (三(四)5, 三(五)6) to industry and technology, whose remit is restaurants only; the closing
 * paragraph of 三(五) hands schools, hospitals, civil-affairs facilities and tourist sites to their
 * sector departments "按上述要求". Other venues (markets, mixed buildings, households) go to housing,
 * the gas authority. Every other item keeps the department of its clause.
 */
export function responsibleDepartment(item: CheckItem, object: InspectedObject): string {
  if (item.department !== 'industry_tech' || object.type !== 'venue' || object.category === 'restaurant') {
    return item.department;
  }
  for (const [department, categories] of Object.entries(departmentVenueCategories)) {
    if (department !== 'industry_tech' && categories.includes(object.category)) return department;
  }
  return 'housing';
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

const unknown = (zh: string, en: string): ItemEvaluation => ({ result: 'unknown', reason: { zh, en } });
const fail = (zh: string, en: string): ItemEvaluation => ({ result: 'fail', reason: { zh, en } });
const pass: ItemEvaluation = { result: 'pass' };

const numberNames: Record<'hoseLengthM' | 'longestDrivingHours' | 'detectorHeightM', { zh: string; en: string }> = {
  hoseLengthM: { zh: '连接软管长度', en: 'Hose length' },
  longestDrivingHours: { zh: '最长连续驾驶时间', en: 'Longest continuous driving' },
  detectorHeightM: { zh: '探测器距地面高度', en: 'Detector height above the floor' },
};
const unitNames: Record<'m' | 'h', { zh: string; en: string }> = {
  m: { zh: '米', en: 'm' },
  h: { zh: '小时', en: 'h' },
};
const dateNames: Record<string, { zh: string; en: string }> = {
  hoseInstalledOn: { zh: '连接软管', en: 'Hose' },
  detectorInstalledOn: { zh: '可燃气体探测器', en: 'Detector' },
  shutoffValveInstalledOn: { zh: '紧急切断阀', en: 'Shut-off valve' },
  regulatorInstalledOn: { zh: '调压器', en: 'Regulator' },
  sealRingInstalledOn: { zh: '密封圈', en: 'Seal ring' },
};

const hoseTypeNames: Record<HoseType, { zh: string; en: string }> = {
  rubber: { zh: '普通橡胶软管', en: 'Rubber hose' },
  long_life_rubber: { zh: '长寿命胶管', en: 'Long-life rubber hose' },
  metal: { zh: '金属软管', en: 'Metal hose' },
};

/** Past its life from the day after the anniversary: a 3-year life installed 2020-05-01 ends on 2023-05-01. */
function ageVerdict(name: { zh: string; en: string }, installedOn: string, years: number, on: string): ItemEvaluation {
  const endsOn = addYears(installedOn, years);
  return on > endsOn
    ? fail(
        `${name.zh}于 ${installedOn} 安装，已超过 ${fmt(years)} 年使用年限（至 ${endsOn}）`,
        `${name.en} installed ${installedOn}, past its ${fmt(years)}-year life (ended ${endsOn})`,
      )
    : pass;
}
const devices = {
  detector: {
    installed: 'detectorInstalled',
    working: 'detectorWorking',
    zh: '可燃气体探测器',
    en: 'combustible-gas detector',
  },
  shutoffValve: {
    installed: 'shutoffValveInstalled',
    working: 'shutoffValveWorking',
    zh: '紧急切断阀',
    en: 'emergency shut-off valve',
  },
} as const;

/**
 * A banned-products item (issue 10.4): not applicable with no catalogue entry in force for it; otherwise it
 * fails when the inspector names an entry in force for it, with the gravest named entry's severity and every
 * named entry's catalogue and document number as basis. A withdrawn entry, or one for another item, never fails it.
 */
export function bannedProductVerdict(
  checkItemId: string,
  facts: Pick<ChecklistFacts, 'on' | 'bannedCatalogue' | 'bannedProductIds'>,
): ItemEvaluation {
  const entries = (facts.bannedCatalogue ?? []).filter(
    (e) => e.checkItemId === checkItemId && bannedEntryInForce(e, facts.on),
  );
  if (entries.length === 0) return { result: 'not_applicable' };
  const named = facts.bannedProductIds;
  if (!has(named)) {
    return unknown(
      '未记录是否发现禁用产品目录所列产品',
      'Whether a catalogued banned product was found is not recorded',
    );
  }
  const found = entries.filter((e) => named.includes(e.id));
  if (found.length === 0) return pass;
  const cite = (e: BannedCatalogueEntry) =>
    e.catalogue.includes(e.documentNumber) ? e.catalogue : `${e.catalogue}（${e.documentNumber}）`;
  return {
    result: 'fail',
    reason: {
      zh: `发现${found.map((e) => `${cite(e)}禁用的“${e.name}”`).join('；')}`,
      en: `Found ${found.map((e) => `"${e.name}", banned by ${cite(e)}`).join('; ')}`,
    },
    severity: found.some((e) => e.severity === 'major') ? 'major' : 'general',
    basis: [...new Set(found.map(cite))].join('；'),
    found,
  };
}

function evaluateMeasure(measure: MeasureSpec, facts: ChecklistFacts, limits: HazardLimits): ItemEvaluation {
  const sources = sourcesInUse(facts);
  switch (measure.kind) {
    case 'banned_product':
      return bannedProductVerdict(measure.checkItemId, facts);
    case 'number': {
      const value = facts[measure.field];
      const limit = limits[measure.failAbove];
      const name = numberNames[measure.field];
      const unit = unitNames[measure.unit];
      if (!has(value) || !Number.isFinite(value)) return unknown(`未记录${name.zh}`, `${name.en} not recorded`);
      return value > limit
        ? fail(
            `${name.zh} ${fmt(value)} ${unit.zh}，超过 ${fmt(limit)} ${unit.zh}`,
            `${name.en} ${fmt(value)} ${unit.en}, over the ${fmt(limit)} ${unit.en} limit`,
          )
        : pass;
    }
    case 'age': {
      const installedOn = facts[measure.field];
      const years = limits[measure.failAfterYears];
      const name = dateNames[measure.field]!;
      // The age items of a device presuppose the device; without one the device item fails instead.
      if (measure.field === 'detectorInstalledOn' && facts.detectorInstalled === false) {
        return { result: 'not_applicable' };
      }
      if (measure.field === 'shutoffValveInstalledOn' && facts.shutoffValveInstalled === false) {
        return { result: 'not_applicable' };
      }
      if (!has(installedOn)) return unknown(`未记录${name.zh}安装日期`, `${name.en} installation date not recorded`);
      return ageVerdict(name, installedOn, years, facts.on);
    }
    case 'hose_age': {
      const installedOn = facts.hoseInstalledOn;
      if (!has(installedOn)) return unknown('未记录连接软管安装日期', 'Hose installation date not recorded');
      if (!has(facts.hoseType)) return unknown('未记录连接软管类型', 'Hose type not recorded');
      const name = hoseTypeNames[facts.hoseType];
      if (facts.hoseType === 'rubber') return ageVerdict(name, installedOn, limits.hoseLifeYearsRubber, facts.on);
      // Metal and long-life hoses last as their maker marks them.
      const marked = facts.hoseMarkedLifeYears;
      if (!has(marked) || !(marked > 0)) {
        return unknown(
          `未记录${name.zh}标示的使用年限`,
          `Service life marked on the ${name.en.toLowerCase()} not recorded`,
        );
      }
      return ageVerdict(name, installedOn, marked, facts.on);
    }
    case 'device': {
      const d = devices[measure.device];
      const installed = facts[d.installed];
      const working = facts[d.working];
      if (installed === false) return fail(`未安装${d.zh}`, `No ${d.en} installed`);
      if (working === false) return fail(`${d.zh}不能正常工作`, `The ${d.en} does not work`);
      // Working implies installed.
      if (working === true) return pass;
      return unknown(`未记录${d.zh}安装和工作状态`, `Whether the ${d.en} is installed and works is not recorded`);
    }
    case 'licence': {
      const status = facts.licences?.[measure.licence];
      if (!has(status)) return unknown('未记录许可证状态', 'Licence status not recorded');
      if (status === 'valid') return pass;
      const zh = { none: '未取得许可证', expired: '许可证已过期', suspended: '许可证已暂停', revoked: '许可证已吊销' };
      const en = {
        none: 'No licence held',
        expired: 'Licence expired',
        suspended: 'Licence suspended',
        revoked: 'Licence revoked',
      };
      return fail(zh[status], en[status]);
    }
    case 'lpg_below_ground': {
      // Where the cylinders are used or stored decides; a venue on a basement floor uses them there.
      if (facts.lpgBelowGround === true) {
        return fail(
          '在地下或半地下空间使用或存放瓶装液化石油气',
          'Bottled LPG used or stored in a basement or semi-basement space',
        );
      }
      if (!has(sources)) return unknown('未记录气源', 'Gas sources not recorded');
      if (!sources.includes('bottled_lpg')) return { result: 'not_applicable' };
      if (facts.floor === 'basement' || facts.floor === 'semi_basement') {
        return fail('在地下或半地下空间使用瓶装液化石油气', 'Bottled LPG used on a basement or semi-basement floor');
      }
      if (facts.lpgBelowGround === false) return pass;
      return unknown(
        '未记录气瓶是否在地下或半地下空间使用或存放',
        'Whether cylinders are used or stored below ground is not recorded',
      );
    }
    case 'lpg_high_rise': {
      if (!has(sources)) return unknown('未记录气源', 'Gas sources not recorded');
      if (!sources.includes('bottled_lpg')) return { result: 'not_applicable' };
      const highRise = inHighRiseBuilding(facts);
      if (highRise === null) {
        return unknown('未记录所在建筑是否为高层民用建筑', 'Whether the building is a high-rise is not recorded');
      }
      return highRise ? fail('在高层民用建筑内使用瓶装液化石油气', 'Bottled LPG in a high-rise civil building') : pass;
    }
    case 'cylinder_room': {
      const kg = facts.storedLpgKg;
      const limit = limits[measure.failFrom];
      if (!has(kg) || !Number.isFinite(kg)) return unknown('未记录存瓶重量', 'Stored LPG weight not recorded');
      // 100 kg or more (two 50 kg cylinders need a room).
      if (kg < limit) return pass;
      if (!has(facts.hasCylinderRoom))
        return unknown('未记录是否设置气瓶间', 'Whether there is a cylinder room is not recorded');
      return facts.hasCylinderRoom
        ? pass
        : fail(
            `存放气瓶 ${fmt(kg)} kg，达到 ${fmt(limit)} kg，未设置专用气瓶间`,
            `${fmt(kg)} kg stored, at least ${fmt(limit)} kg, without a cylinder room`,
          );
    }
    case 'single_gas_source': {
      if (!has(sources)) return unknown('未记录气源', 'Gas sources not recorded');
      // Industrial fuel is one fact with one hazard of its own (venue.industrial_fuel), not a second source.
      return sources.includes('piped') && sources.includes('bottled_lpg')
        ? fail('同时使用管道燃气和瓶装液化石油气', 'Piped gas and bottled LPG both in use')
        : pass;
    }
    case 'no_industrial_fuel': {
      if (!has(sources)) return unknown('未记录气源', 'Gas sources not recorded');
      return sources.includes('industrial_fuel') ? fail('使用工业燃料', 'Industrial fuel in use') : pass;
    }
    case 'supply_contract': {
      if (!has(facts.hasSupplyContract)) return unknown('未记录供用气合同', 'Supply contract not recorded');
      if (!facts.hasSupplyContract) return fail('未签订供用气合同', 'No supply contract');
      if (has(facts.contractTo) && facts.contractTo < facts.on) {
        return fail(`供用气合同已于 ${facts.contractTo} 到期`, `Supply contract expired on ${facts.contractTo}`);
      }
      return pass;
    }
  }
}

const names = (people: readonly { name: string }[]) => {
  const shown = people.slice(0, 3).map((p) => p.name);
  return people.length > 3 ? `${shown.join('、')} 等 ${people.length} 人` : shown.join('、');
};
const namesEn = (people: readonly { name: string }[]) => {
  const shown = people.slice(0, 3).map((p) => p.name);
  return people.length > 3 ? `${shown.join(', ')} and ${people.length - 3} more` : shown.join(', ');
};

/** Pressure classes of medium pressure and above (GB 50028); `low` is the only one below. */
export function mediumPressureOrAbove(pressureClass: PressureClass): boolean {
  return pressureClass !== 'low';
}

/**
 * What the register decides of a ticked item: a verdict when it knows the answer, null when it holds
 * nothing (the tick then decides). A pass here still gives way to a "fail" found on site.
 */
export function registerVerdict(check: RegisterCheck, facts: ChecklistFacts): ItemEvaluation | null {
  switch (check.kind) {
    case 'people_trained': {
      const people = check.group === 'staff' ? facts.staff : facts.managers;
      if (!has(people) || people.length === 0) return null;
      const untrained = people.filter((p) => p.trainedUntil === null || p.trainedUntil < facts.on);
      if (untrained.length === 0) return pass;
      return check.group === 'staff'
        ? fail(
            `人员登记中 ${names(untrained)} 无有效的培训记录`,
            `No valid training on record for ${namesEn(untrained)}`,
          )
        : fail(
            `人员登记中主要负责人或安全生产管理人员 ${names(untrained)} 无有效的培训考核记录`,
            `No valid training or assessment on record for the principal or safety manager ${namesEn(untrained)}`,
          );
    }
    case 'operators_certified': {
      const operators = facts.operators;
      if (!has(operators) || operators.length === 0) return null;
      const lacking = operators.filter(
        (p) => !p.certificateNumber?.trim() || (p.certificateExpiresOn !== null && p.certificateExpiresOn < facts.on),
      );
      if (lacking.length === 0) return pass;
      return fail(
        `人员登记中作业人员 ${names(lacking)} 无证书或证书已过期`,
        `No certificate, or an expired one, on record for the operators ${namesEn(lacking)}`,
      );
    }
    case 'vehicle_permit': {
      const permit = facts.vehiclePermit;
      if (!has(permit)) return null;
      if (!permit.number?.trim()) return fail('车辆登记中无道路运输证', 'No transport permit on record');
      if (permit.validTo !== null && permit.validTo < facts.on) {
        return fail(`道路运输证已于 ${permit.validTo} 到期`, `Transport permit expired on ${permit.validTo}`);
      }
      return pass;
    }
    case 'supplier_licence': {
      const status = facts.supplierLicence;
      if (!has(status)) return null;
      if (status === 'valid') return pass;
      const zh = {
        none: '未取得燃气经营许可证',
        expired: '燃气经营许可证已过期',
        suspended: '燃气经营许可证已暂停',
        revoked: '燃气经营许可证已吊销',
      };
      const en = {
        none: 'holds no gas operation licence',
        expired: 'gas operation licence expired',
        suspended: 'gas operation licence suspended',
        revoked: 'gas operation licence revoked',
      };
      return fail(`登记的供气企业${zh[status]}`, `The registered supplier ${en[status]}`);
    }
    case 'pipe_flag': {
      const pipe = facts.pipe;
      if (!has(pipe)) return null;
      if (check.pressure) {
        const mediumUp = mediumPressureOrAbove(pipe.pressureClass);
        if (mediumUp !== (check.pressure === 'medium_or_above')) return { result: 'not_applicable' };
      }
      if (!pipe[check.flag]) return pass;
      return check.flag === 'encroached'
        ? fail('管道登记为被建（构）筑物占压', 'The register records the pipeline as built over')
        : fail('管道登记为穿越密闭空间', 'The register records the pipeline as passing through a confined space');
    }
    case 'users_inspected': {
      const u = facts.usersOverdue;
      if (!has(u) || u.users === 0) return null;
      if (u.overdue === 0) return pass;
      return fail(
        `${u.users} 户用户中 ${u.overdue} 户未按周期入户安检（非居民用户每年、居民用户每两年）`,
        `${u.overdue} of ${u.users} users overdue for their household inspection (non-residential yearly, residential every two years)`,
      );
    }
    case 'pipe_ageing': {
      const pipe = facts.pipe;
      if (!has(pipe)) return null;
      if (pipe.material === 'cast_iron') {
        return fail('灰口铸铁管道，应更新改造', 'Grey cast-iron pipe, to be renewed');
      }
      if (pipe.renewalStatus === 'planned' || pipe.renewalStatus === 'in_progress') {
        return fail('管道登记为待更新改造，仍在运行', 'The register holds the pipeline for renewal; still in service');
      }
      // Ductile iron failing its requirements, and steel or PE of 20 years or more with a hazard found
      // by assessment, are decided by the assessment (the inspector's tick); the register cannot pass them.
      return null;
    }
  }
}

/**
 * The register fact a "fail" found on site contradicts, where the register passes the item (the site's fail counts,
 * issue 10.1): a pipeline's flag (built over, through a confined space), which opens a correction of the segment;
 * and the records of their own an item is decided from — people's training (`staff`, `managers`), operators'
 * certificates (`operators`), a vehicle's permit (`vehiclePermit`), a venue's supplier's licence (`supplierLicence`),
 * an operator's household inspections (`usersOverdue`) — which are corrected where they are kept (the people and
 * vehicle registers, the licences, the household inspections), so the record names them. Null otherwise.
 */
export function siteContradictsRegister(item: CheckItem, facts: ChecklistFacts): string | null {
  const check = item.register;
  if (!check || facts.answers?.[item.id] !== 'fail') return null;
  const verdict = registerVerdict(check, facts);
  if (verdict?.result !== 'pass') return null;
  switch (check.kind) {
    case 'pipe_flag':
      return check.flag;
    case 'people_trained':
      return check.group;
    case 'operators_certified':
      return 'operators';
    case 'vehicle_permit':
      return 'vehiclePermit';
    case 'supplier_licence':
      return 'supplierLicence';
    case 'users_inspected':
      return 'usersOverdue';
    case 'pipe_ageing':
      // The register never passes ageing (an assessment decides it): nothing to contradict.
      return null;
  }
}

/**
 * The result of one item for one object: not_applicable when the item does not apply; for a
 * computed item, the rule's verdict on the facts (unknown when a needed fact is missing); for any
 * other item, the inspector's tick (unknown when not ticked).
 */
export function evaluateItem(
  item: CheckItem,
  facts: ChecklistFacts,
  limits: HazardLimits = defaultLimits,
): ItemEvaluation {
  if (!itemApplies(item, facts)) return { result: 'not_applicable' };
  if (item.measure) return evaluateMeasure(item.measure, facts, limits);
  const ticked = facts.answers?.[item.id];
  const known = item.register ? registerVerdict(item.register, facts) : null;
  if (known) {
    // What the register records as a defect, or rules out, decides; a defect found on site still fails.
    if (known.result !== 'pass' || ticked !== 'fail') return { ...known, byRegister: true };
  }
  return ticked ? { result: ticked } : { result: 'unknown' };
}

export type ChecklistEvaluation = ItemEvaluation & { itemId: string };

/** Every item's result, in the checklist's order. */
export function evaluateChecklist(
  items: readonly CheckItem[],
  facts: ChecklistFacts,
  limits: HazardLimits = defaultLimits,
): ChecklistEvaluation[] {
  return items.map((item) => ({ itemId: item.id, ...evaluateItem(item, facts, limits) }));
}

/** The facts a computed item needs recorded (what the form asks for), for the web and the server schema. */
export function measureFields(measure: MeasureSpec): (keyof ChecklistFacts)[] {
  switch (measure.kind) {
    case 'number':
    case 'age':
      return [measure.field];
    case 'hose_age':
      return ['hoseInstalledOn', 'hoseType', 'hoseMarkedLifeYears'];
    case 'device':
      return [devices[measure.device].installed, devices[measure.device].working];
    case 'licence':
      return ['licences'];
    case 'lpg_below_ground':
      return ['gasSources', 'floor', 'lpgBelowGround'];
    case 'lpg_high_rise':
      return ['gasSources', 'highRiseBuilding', 'floor'];
    case 'cylinder_room':
      return ['storedLpgKg', 'hasCylinderRoom'];
    case 'single_gas_source':
    case 'no_industrial_fuel':
      return ['gasSources'];
    case 'supply_contract':
      return ['hasSupplyContract', 'contractTo'];
    case 'banned_product':
      return ['bannedProductIds'];
  }
}
