import { and, asc, eq, isNull } from 'drizzle-orm';
import { addDays, chinaToday } from '../../domain/registry/pipelines-people-vehicles.ts';
import type {
  EnterpriseKind,
  PersonKind,
  PipeMaterial,
  PressureClass,
  RenewalStatus,
} from '../../domain/registry/registry.ts';
import type { Db } from '../db/client.ts';
import { departmentsTable, regionsTable } from '../modules/organisation/organisation.table.ts';
import { createPeopleService } from '../modules/registry/people.service.ts';
import { createPipelinesService } from '../modules/registry/pipelines.service.ts';
import { enterprisesTable, peopleTable, venuesTable } from '../modules/registry/registry.table.ts';
import { createVehiclesService } from '../modules/registry/vehicles.service.ts';
import { usersTable } from '../modules/users/users.table.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { DEMO_IDS, DEMO_PERSON_NAMES } from './demo-ids.ts';

/**
 * The demo's pipeline network, people and vehicles (issue 3): segments of every age in 嘎鲁图镇 and
 * 苏里格经济开发区, inspectors of departments and townships with and without a valid training,
 * enterprise key persons and staff, vehicles bound to delivery workers. All names are fictional.
 * Deterministic: the same rows on every machine (dates are counted back from the day it runs).
 */

type LngLat = [number, number];

type SegmentSpec = {
  code: string;
  name: string;
  township: '150626100' | '150626410';
  material: PipeMaterial;
  pressure: PressureClass;
  diameter: number;
  year: number;
  encroached?: boolean;
  confined?: boolean;
  renewal?: RenewalStatus;
  /** Offsets from the township seat in thousandths of a degree. */
  path: [number, number][];
};

const seats: Record<SegmentSpec['township'], LngLat> = { '150626100': [108.84, 38.6], '150626410': [108.95, 38.75] };

/** 1990s steel to recent PE: the ageing network the plan wants renewed (三(三)1, 四(二)). */
export const demoSegments: SegmentSpec[] = [
  {
    code: 'GLT-ZY-001',
    name: '萨如拉街中压主管（西段）',
    township: '150626100',
    material: 'steel',
    pressure: 'medium_a',
    diameter: 219,
    year: 1994,
    encroached: true,
    renewal: 'planned',
    path: [
      [-14, 0],
      [-8, 0.2],
      [-2, 0.1],
      [4, 0.3],
    ],
  },
  {
    code: 'GLT-ZY-002',
    name: '萨如拉街中压主管（东段）',
    township: '150626100',
    material: 'steel',
    pressure: 'medium_a',
    diameter: 219,
    year: 1996,
    renewal: 'planned',
    path: [
      [4, 0.3],
      [10, 0.4],
      [16, 0.2],
    ],
  },
  {
    code: 'GLT-ZY-003',
    name: '乌审大街中压管',
    township: '150626100',
    material: 'steel',
    pressure: 'medium_b',
    diameter: 159,
    year: 1999,
    confined: true,
    renewal: 'in_progress',
    path: [
      [-2, -10],
      [-1.9, -4],
      [-2.1, 2],
      [-2, 8],
    ],
  },
  {
    code: 'GLT-DY-004',
    name: '团结路低压管',
    township: '150626100',
    material: 'cast_iron',
    pressure: 'low',
    diameter: 100,
    year: 1992,
    encroached: true,
    renewal: 'in_progress',
    path: [
      [-8, 4],
      [-2, 4.2],
      [4, 4.1],
    ],
  },
  {
    code: 'GLT-DY-005',
    name: '新华街低压庭院管',
    township: '150626100',
    material: 'steel',
    pressure: 'low',
    diameter: 89,
    year: 2001,
    renewal: 'planned',
    path: [
      [-8, -4],
      [-4, -4.1],
      [0, -3.9],
    ],
  },
  {
    code: 'GLT-ZY-006',
    name: '阳光路中压管',
    township: '150626100',
    material: 'pe',
    pressure: 'medium_a',
    diameter: 160,
    year: 2010,
    path: [
      [4, -10],
      [4.1, -4],
      [4, 2],
    ],
  },
  {
    code: 'GLT-ZY-007',
    name: '文化路中压管',
    township: '150626100',
    material: 'pe',
    pressure: 'medium_a',
    diameter: 160,
    year: 2012,
    path: [
      [10, -8],
      [10.2, -2],
      [10.1, 4],
      [10, 10],
    ],
  },
  {
    code: 'GLT-DY-008',
    name: '振兴路低压管',
    township: '150626100',
    material: 'pe',
    pressure: 'low',
    diameter: 110,
    year: 2015,
    path: [
      [4, 8],
      [10, 8.1],
      [16, 8],
    ],
  },
  {
    code: 'GLT-ZY-009',
    name: '朝阳街中压管（更新改造）',
    township: '150626100',
    material: 'pe',
    pressure: 'medium_a',
    diameter: 200,
    year: 2023,
    renewal: 'done',
    path: [
      [-14, 8],
      [-8, 8.2],
      [-2, 8.1],
    ],
  },
  {
    code: 'GLT-DY-010',
    name: '察汗淖尔路低压管',
    township: '150626100',
    material: 'pe',
    pressure: 'low',
    diameter: 90,
    year: 2018,
    confined: true,
    path: [
      [-8, -10],
      [-8.1, -6],
      [-8, -2],
    ],
  },
  {
    code: 'GLT-CG-011',
    name: '门站至城区调压站次高压管',
    township: '150626100',
    material: 'steel',
    pressure: 'sub_high_b',
    diameter: 273,
    year: 2006,
    path: [
      [-30, -18],
      [-24, -14],
      [-18, -10],
      [-14, 0],
    ],
  },
  {
    code: 'GLT-DY-012',
    name: '苏力德街老旧小区庭院管',
    township: '150626100',
    material: 'steel',
    pressure: 'low',
    diameter: 57,
    year: 1993,
    encroached: true,
    renewal: 'planned',
    path: [
      [10, -4],
      [13, -4.2],
      [16, -4],
    ],
  },
  {
    code: 'GLT-ZY-013',
    name: '萨如拉东路中压管',
    township: '150626100',
    material: 'pe',
    pressure: 'medium_b',
    diameter: 160,
    year: 2020,
    path: [
      [16, 0.2],
      [22, 0.5],
      [28, 1],
    ],
  },
  {
    code: 'SLG-CG-002',
    name: '开发区次高压环网（北段）',
    township: '150626410',
    material: 'steel',
    pressure: 'sub_high_a',
    diameter: 323,
    year: 2008,
    path: [
      [0, 0],
      [8, 4],
      [16, 4],
      [22, 0],
    ],
  },
  {
    code: 'SLG-CG-003',
    name: '开发区次高压环网（南段）',
    township: '150626410',
    material: 'steel',
    pressure: 'sub_high_a',
    diameter: 323,
    year: 2009,
    path: [
      [22, 0],
      [16, -5],
      [8, -5],
      [0, 0],
    ],
  },
  {
    code: 'SLG-ZY-004',
    name: '苏里格大道中压管',
    township: '150626410',
    material: 'pe',
    pressure: 'medium_a',
    diameter: 250,
    year: 2013,
    path: [
      [2, -2],
      [8, -2.2],
      [14, -2.1],
      [20, -2],
    ],
  },
  {
    code: 'SLG-ZY-005',
    name: '开发区一路中压管',
    township: '150626410',
    material: 'pe',
    pressure: 'medium_a',
    diameter: 200,
    year: 2016,
    encroached: true,
    path: [
      [8, -5],
      [8.2, 0],
      [8.1, 4],
    ],
  },
  {
    code: 'SLG-ZY-006',
    name: '气田路中压管',
    township: '150626410',
    material: 'steel',
    pressure: 'medium_a',
    diameter: 219,
    year: 1997,
    renewal: 'planned',
    path: [
      [14, -5],
      [14.1, -10],
      [14, -15],
    ],
  },
  {
    code: 'SLG-DY-007',
    name: '查汗庙街低压管',
    township: '150626410',
    material: 'pe',
    pressure: 'low',
    diameter: 110,
    year: 2021,
    path: [
      [-4, -6],
      [0, -6.2],
      [4, -6],
    ],
  },
  {
    code: 'SLG-ZY-008',
    name: '工业园区支线',
    township: '150626410',
    material: 'steel',
    pressure: 'medium_b',
    diameter: 159,
    year: 2002,
    confined: true,
    renewal: 'in_progress',
    path: [
      [16, 4],
      [20, 8],
      [24, 12],
    ],
  },
];

export function segmentGeometry(spec: SegmentSpec): LngLat[] {
  const [lng0, lat0] = seats[spec.township];
  return spec.path.map(([dx, dy]) => [
    Math.round((lng0 + dx / 1000) * 1e6) / 1e6,
    Math.round((lat0 + dy / 1000) * 1e6) / 1e6,
  ]);
}

/** Length along the line in metres (haversine; the demo's lengths agree with the drawn lines). */
export function lineLength(points: LngLat[]): number {
  const R = 6_371_000;
  const rad = (d: number) => (d * Math.PI) / 180;
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const [lng1, lat1] = points[i - 1]!;
    const [lng2, lat2] = points[i]!;
    const a =
      Math.sin(rad(lat2 - lat1) / 2) ** 2 +
      Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
    total += 2 * R * Math.asin(Math.sqrt(a));
  }
  return Math.round(total * 10) / 10;
}

// Fictional names: Mongolian and Han given names over common surnames, alternating.
const mongolian = [
  '巴特尔',
  '乌日娜',
  '其其格',
  '格日乐图',
  '宝音',
  '额尔德尼',
  '萨仁',
  '苏日娜',
  '朝鲁',
  '那木罕',
  '图雅',
  '阿拉坦',
  '斯琴',
  '敖登',
  '孟和',
  '乌力吉',
  '吉日嘎拉',
  '哈斯',
  '达来',
  '娜仁花',
  '呼和',
  '赛罕',
  '阿古拉',
  '塔娜',
];
const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '周',
  '徐',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '梁',
  '宋',
  '郑',
  '谢',
  '韩',
  '唐',
  '冯',
];
const given = [
  '建国',
  '海峰',
  '丽娟',
  '志刚',
  '秀英',
  '晓东',
  '春梅',
  '俊杰',
  '玉兰',
  '文斌',
  '红霞',
  '永强',
  '桂芳',
  '立新',
  '雪梅',
  '宏伟',
  '淑珍',
  '国庆',
  '艳玲',
  '振华',
  '福生',
  '月琴',
  '长青',
  '金凤',
  '德明',
];

/** The n-th fictional name (deterministic, no two alike for the counts the demo uses). */
export function demoName(n: number): string {
  if (n % 3 === 0) return mongolian[(n / 3) % mongolian.length]!;
  return `${surnames[n % surnames.length]}${given[(n * 7) % given.length]}`;
}

type InspectorSpec = {
  unit: { department: string } | { township: string };
  training: 'valid' | 'expired' | 'failed' | 'none';
  user?: string;
  name?: string;
};

/** About twenty inspectors: most trained and valid; some untrained, expired or failed (先培训、后排查). */
const inspectorSpecs: InspectorSpec[] = [
  { unit: { township: '150626100' }, training: 'valid', user: 'inspector1', name: DEMO_PERSON_NAMES.inspector1 },
  {
    unit: { department: 'market_regulation' },
    training: 'valid',
    user: 'inspector2',
    name: DEMO_PERSON_NAMES.inspector2,
  },
  { unit: { department: 'housing' }, training: 'valid' },
  { unit: { department: 'housing' }, training: 'valid' },
  { unit: { department: 'housing' }, training: 'none' },
  { unit: { department: 'market_regulation' }, training: 'valid' },
  { unit: { department: 'market_regulation' }, training: 'expired' },
  { unit: { department: 'urban_enforcement' }, training: 'valid' },
  { unit: { department: 'urban_enforcement' }, training: 'failed' },
  { unit: { department: 'fire_rescue' }, training: 'valid' },
  { unit: { department: 'transport' }, training: 'valid' },
  { unit: { department: 'emergency' }, training: 'none' },
  { unit: { township: '150626100' }, training: 'valid' },
  { unit: { township: '150626100' }, training: 'valid' },
  { unit: { township: '150626100' }, training: 'expired' },
  { unit: { township: '150626100' }, training: 'none' },
  { unit: { township: '150626102' }, training: 'valid' },
  { unit: { township: '150626102' }, training: 'none' },
  { unit: { township: '150626410' }, training: 'valid' },
  { unit: { township: '150626410' }, training: 'expired' },
  { unit: { township: '150626101' }, training: 'valid' },
  { unit: { township: '150626104' }, training: 'none' },
];

const COURSE = '城镇燃气安全隐患排查专题培训';

export type DemoNetworkCounts = { segments: number; people: number; trainingRecords: number; vehicles: number };

/**
 * Seeds the network, people and vehicles; idempotent (natural keys: code, name + phone, plate;
 * training records only for people it creates). Runs after the enterprises seed and looks the
 * enterprises up by kind: without pipeline operators the segments have no owner, without bottled
 * operators there are no delivery workers or vehicles.
 */
export async function seedDemoNetwork(
  db: Db,
  { today = chinaToday() }: { today?: string } = {},
): Promise<DemoNetworkCounts> {
  const actor = systemActor;
  const pipelines = createPipelinesService({ db, today: () => today });
  const people = createPeopleService({ db, today: () => today });
  const vehicles = createVehiclesService({ db, today: () => today });
  const counts: DemoNetworkCounts = { segments: 0, people: 0, trainingRecords: 0, vehicles: 0 };

  const regionId = async (code: string) => {
    const [r] = await db.select({ id: regionsTable.id }).from(regionsTable).where(eq(regionsTable.code, code));
    return r?.id;
  };
  const enterprises = await db
    .select()
    .from(enterprisesTable)
    .where(isNull(enterprisesTable.archivedAt))
    .orderBy(asc(enterprisesTable.creditCode));
  const ofKind = (kind: EnterpriseKind) => enterprises.filter((e) => e.kind === kind);
  const operators = ofKind('pipeline_operator');

  // Pipeline segments.
  for (const s of demoSegments) {
    const region = await regionId(s.township);
    if (!region) continue;
    const geometry = segmentGeometry(s);
    const owner = s.township === '150626410' ? (operators[1] ?? operators[0]) : operators[0];
    const outcome = await pipelines.upsertByCode({
      actor,
      via: 'seed',
      value: {
        code: s.code,
        name: s.township === '150626410' ? `苏里格${s.name}` : `嘎鲁图镇${s.name}`,
        ownerEnterpriseId: owner?.id ?? null,
        regionId: region,
        material: s.material,
        pressureClass: s.pressure,
        diameterMm: s.diameter,
        lengthM: lineLength(geometry),
        installedYear: Math.min(s.year, Number(today.slice(0, 4))),
        encroached: s.encroached ?? false,
        confinedSpace: s.confined ?? false,
        renewalStatus: s.renewal ?? 'not_needed',
        geometry,
      },
    });
    if (outcome === 'created') counts.segments++;
  }

  // People: a fixed phone number per demo person, so name + phone stays the same on every run.
  const userIdOf = async (username: string | undefined) => {
    if (!username) return null;
    const [u] = await db.select({ id: usersTable.id }).from(usersTable).where(eq(usersTable.username, username));
    return u?.id ?? null;
  };
  const departments = new Map((await db.select().from(departmentsTable)).map((d) => [d.code, d]));

  async function person(
    value: {
      name: string;
      kind: PersonKind;
      phone: string;
      enterpriseId?: string;
      venueId?: string;
      departmentId?: string;
      regionId?: string;
      certificateNumber?: string;
      certificateExpiresOn?: string;
      assessmentPassedOn?: string | null;
      userId?: string | null;
    },
    training?: InspectorSpec['training'],
    trainedDaysAgo = 30,
    course = COURSE,
  ) {
    const outcome = await people.upsertByNamePhone({ actor, via: 'seed', value });
    const [row] = await db
      .select({ id: peopleTable.id })
      .from(peopleTable)
      .where(and(eq(peopleTable.name, value.name), eq(peopleTable.phone, value.phone)));
    if (outcome !== 'created' || !row) return row?.id;
    counts.people++;
    if (training && training !== 'none') {
      const trainedOn = addDays(today, training === 'expired' ? -(400 + trainedDaysAgo) : -trainedDaysAgo);
      await people.addTraining({ actor, id: row.id, course, trainedOn, passed: training !== 'failed' });
      counts.trainingRecords++;
    }
    // A second, older record for some: the history is append-only.
    if (training === 'valid' && trainedDaysAgo % 2 === 0) {
      await people.addTraining({
        actor,
        id: row.id,
        course: '燃气安全法律法规及检查表使用培训',
        trainedOn: addDays(today, -trainedDaysAgo - 3),
        passed: true,
      });
      counts.trainingRecords++;
    }
    return row.id;
  }

  for (const [i, spec] of inspectorSpecs.entries()) {
    const name = spec.name ?? demoName(i + 1);
    const phone = `1384770${String(1001 + i).padStart(4, '0')}`;
    const unit =
      'department' in spec.unit
        ? { departmentId: departments.get(spec.unit.department)?.id }
        : { regionId: await regionId(spec.unit.township) };
    if (!unit.departmentId && !('regionId' in unit && unit.regionId)) continue;
    await person(
      { name, kind: 'inspector', phone, ...unit, userId: await userIdOf(spec.user) },
      spec.training,
      10 + ((i * 17) % 180),
    );
  }

  // Enterprise key persons (主要负责人、安全生产管理人员) with their assessment (考核合格) — one of each not yet passed.
  for (const [i, e] of enterprises.slice(0, 30).entries()) {
    const base = 100 + i * 10;
    await person({
      name: demoName(base),
      kind: 'principal',
      phone: `1394770${String(base).padStart(4, '0')}`,
      enterpriseId: e.id,
      assessmentPassedOn: i % 5 === 3 ? null : addDays(today, -(200 + i * 11)),
    });
    await person({
      name: demoName(base + 1),
      kind: 'safety_manager',
      phone: `1394770${String(base + 1).padStart(4, '0')}`,
      enterpriseId: e.id,
      assessmentPassedOn: i % 4 === 2 ? null : addDays(today, -(150 + i * 7)),
    });
  }

  // The demo restaurant's own staff (venue1 is its manager, 周建国): they do its monthly self-inspection
  // (每月一次全面自查, plan 五(一)2) after the training the plan asks of 餐饮单位 (三(五)6); the kitchen
  // helper is not trained yet, so the form shows who may not be assigned.
  const [restaurant] = await db
    .select({ id: venuesTable.id })
    .from(venuesTable)
    .where(eq(venuesTable.id, DEMO_IDS.restaurant));
  if (restaurant) {
    const venueCourse = '瓶装液化石油气安全、消防安全常识和应急处置技能培训';
    await person(
      {
        name: DEMO_PERSON_NAMES.venue1,
        kind: 'principal',
        phone: '13847701801',
        venueId: restaurant.id,
        userId: await userIdOf('venue1'),
      },
      'valid',
      40,
      venueCourse,
    );
    await person(
      { name: '刘桂英', kind: 'safety_manager', phone: '13847701802', venueId: restaurant.id },
      'valid',
      55,
      venueCourse,
    );
    await person({ name: '白小龙', kind: 'other_staff', phone: '13847701803', venueId: restaurant.id }, 'none');
  }

  // Staff: delivery workers of bottled operators, filling operators and certified operators of fillers.
  const workersOf = new Map<string, { id: string; name: string }[]>();
  const driverUser = await userIdOf('driver1');
  for (const [i, e] of ofKind('bottled_operator').entries()) {
    const list: { id: string; name: string }[] = [];
    for (let k = 0; k < 3; k++) {
      const n = 600 + i * 10 + k;
      // driver1 is the demo bottled operator's first worker (named once, DEMO_PERSON_NAMES).
      const isDriver = k === 0 && driverUser !== null && e.id === DEMO_IDS.bottledOperator;
      const name = isDriver ? DEMO_PERSON_NAMES.driver1 : demoName(n);
      const id = await person({
        name,
        kind: 'delivery_worker',
        phone: `1354770${String(n).padStart(4, '0')}`,
        enterpriseId: e.id,
        userId: isDriver ? driverUser : null,
      });
      if (id) list.push({ id, name });
    }
    workersOf.set(e.id, list);
  }
  for (const [i, e] of ofKind('filling_enterprise').entries()) {
    // Filling operators hold a certificate (气瓶充装 P) and a valid training; the first filler's second
    // operator has no training yet, so the filling gate refuses fills recorded under that name (先培训、后上岗).
    for (let k = 0; k < 2; k++) {
      const n = 800 + i * 10 + k;
      await person(
        {
          name: demoName(n),
          kind: 'filling_operator',
          phone: `1364770${String(n).padStart(4, '0')}`,
          enterpriseId: e.id,
          certificateNumber: `TS6215062${String(2020 + i).slice(-2)}${String(n).padStart(4, '0')}`,
          certificateExpiresOn: addDays(today, 900 + i * 30),
        },
        i === 0 && k === 1 ? 'none' : 'valid',
        40 + k,
        '气瓶充装安全操作培训',
      );
    }
    const n = 800 + i * 10 + 5;
    await person({
      name: demoName(n),
      kind: 'special_equipment_operator',
      phone: `1364770${String(n).padStart(4, '0')}`,
      enterpriseId: e.id,
      certificateNumber: `TS6215062${String(2019 + i).slice(-2)}${String(n).padStart(4, '0')}`,
      // One certificate already expired: the web warns about it.
      certificateExpiresOn: i === 0 ? addDays(today, -20) : addDays(today, 700 + i * 30),
    });
  }

  // Vehicles: two delivery vehicles per bottled operator, bound to its first two workers (the third
  // stays unbound); the first operator also carries its own LPG with a permitted vehicle.
  let plateSeq = 0;
  const delivery = () => `蒙K5${String(1001 + plateSeq++).slice(-4)}`;
  async function vehicle(value: Parameters<typeof vehicles.upsertByPlate>[0]['value'], personId: string | null) {
    const outcome = await vehicles.upsertByPlate({ actor, via: 'seed', value, personId });
    if (outcome === 'created') counts.vehicles++;
  }
  for (const [i, e] of ofKind('bottled_operator').entries()) {
    const workers = workersOf.get(e.id) ?? [];
    for (let k = 0; k < 2; k++) {
      await vehicle(
        { plate: delivery(), kind: 'delivery', enterpriseId: e.id, permitNumber: null, permitValidTo: null },
        workers[k]?.id ?? null,
      );
    }
    if (i === 0) {
      await vehicle(
        {
          plate: '蒙K8D021',
          kind: 'hazardous_transport',
          enterpriseId: e.id,
          permitNumber: '蒙交运管许可鄂字150626000121号',
          permitValidTo: addDays(today, 400),
        },
        null,
      );
    }
  }
  for (const [i, e] of ofKind('hazardous_carrier').entries()) {
    await vehicle(
      {
        plate: `蒙K8${String(2001 + i * 2).slice(-4)}`,
        kind: 'hazardous_transport',
        enterpriseId: e.id,
        permitNumber: `蒙交运管许可鄂字15062600${String(201 + i).padStart(4, '0')}号`,
        permitValidTo: addDays(today, 250 + i * 60),
      },
      null,
    );
    // A semi-trailer (挂车) whose permit runs out in a month.
    await vehicle(
      {
        plate: `蒙K9${String(101 + i).padStart(3, '0')}挂`,
        kind: 'hazardous_transport',
        enterpriseId: e.id,
        permitNumber: `蒙交运管许可鄂字15062600${String(301 + i).padStart(4, '0')}号`,
        permitValidTo: addDays(today, 30),
      },
      null,
    );
  }

  if (counts.segments + counts.people + counts.vehicles > 0) {
    const banner = await regionId('150626');
    await db.transaction((tx) =>
      recordAudit(tx, {
        actor,
        action: 'seed.demo_network',
        subject: { type: 'deployment' },
        regionId: banner ?? null,
        details: { ...counts },
      }),
    );
  }
  return counts;
}
