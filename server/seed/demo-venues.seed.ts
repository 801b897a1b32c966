import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import { type GasSource, type VenueCategory, type VenueFloor, searchTokens } from '../../domain/registry/registry.ts';
import { townshipSeats } from '../../domain/registry/wushen-boundaries.ts';
import type { Db } from '../db/client.ts';
import { regionsTable } from '../modules/organisation/organisation.table.ts';
import { enterprisesTable, venuesTable } from '../modules/registry/registry.table.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { todayInChina } from '../modules/registry/registry.helpers.ts';
import { DEMO_IDS } from './demo-ids.ts';

/** mulberry32: a small seeded PRNG, so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
function weighted<T>(rng: Rng, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let r = rng() * total;
  for (const [v, w] of entries) {
    r -= w;
    if (r < 0) return v;
  }
  return entries.at(-1)![0];
}
const chance = (rng: Rng, p: number) => rng() < p;

/** How many venues each township gets (嘎鲁图镇, the banner seat, the most). */
const townshipWeights: [string, number][] = [
  ['150626100', 140],
  ['150626102', 45],
  ['150626101', 38],
  ['150626410', 45],
  ['150626104', 32],
  ['150626103', 32],
  ['150626200', 28],
];

const streets: Record<string, string[]> = {
  '150626100': [
    '萨如拉街',
    '团结路',
    '新华街',
    '阳光路',
    '乌审大街',
    '察汗淖尔路',
    '苏力德街',
    '文化路',
    '振兴路',
    '朝阳街',
  ],
  '150626102': ['图克大街', '梅林庙路', '工业园一路', '呼和淖尔街'],
  '150626101': ['召镇大街', '巴音敖包路', '敖包街'],
  '150626410': ['苏里格大道', '开发区一路', '气田路', '查汗庙街'],
  '150626104': ['无定河大街', '河南路', '萨拉乌苏路'],
  '150626103': ['陶勒盖大街', '巴音温都尔路', '沙漠路'],
  '150626200': ['苏力德街', '沙尔利格路', '牧民新村路'],
};

const restaurantPrefixes = [
  '草原人家',
  '蒙源',
  '乌审',
  '毛乌素',
  '巴音',
  '苏力德',
  '萨拉乌苏',
  '金驼',
  '银泉',
  '福满园',
  '聚贤',
  '德顺',
  '兴旺',
  '额吉',
  '牧人',
  '塞北',
  '河套',
  '陕北',
  '老街',
  '敖包',
  '查干',
  '那达慕',
  '马头琴',
  '红柳',
  '沙柳',
  '驼铃',
  '长青',
  '宏达',
  '鑫源',
  '双喜',
];
const restaurantKinds = [
  '手把肉馆',
  '羊肉馆',
  '烧烤店',
  '火锅店',
  '面馆',
  '饺子馆',
  '奶茶馆',
  '烩菜馆',
  '家常菜馆',
  '铁锅炖',
  '羊杂碎店',
  '饸饹面馆',
  '包子铺',
  '川菜馆',
  '砂锅店',
  '蒙餐厅',
  '快餐店',
  '涮肉坊',
  '炒鸡店',
  '酒楼',
];
const familyNames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '孙',
  '乌',
  '巴',
  '包',
  '白',
  '额',
  '那',
  '宝',
];
const givenNames = [
  '桂兰',
  '建国',
  '秀英',
  '志强',
  '玉梅',
  '海军',
  '其其格',
  '巴图',
  '萨仁',
  '文华',
  '丽娜',
  '国庆',
  '苏和',
  '娜仁',
];

const suspendReasons = [
  '地下空间使用瓶装液化气，整改完成前暂停供气',
  '存瓶超量且无专用气瓶间，整改完成前暂停供气',
  '使用两种气源，整改完成前暂停供气',
];

type NewVenue = typeof venuesTable.$inferInsert;

function dateIn(rng: Rng, fromYear: number, toYear: number): string {
  const y = fromYear + Math.floor(rng() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(rng() * 12);
  const d = 1 + Math.floor(rng() * 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function addYears(ymd: string, years: number): string {
  return `${Number(ymd.slice(0, 4)) + years}${ymd.slice(4)}`;
}

/** A point near a township seat: uniform in a disc of the given radius (degrees; longitude widened by 1/cos(lat)). */
function near(rng: Rng, [lng, lat]: [number, number], radius: number): [number, number] {
  const r = radius * Math.sqrt(rng());
  const a = rng() * 2 * Math.PI;
  return [Math.round((lng + (r * Math.cos(a)) / 0.78) * 1e6) / 1e6, Math.round((lat + r * Math.sin(a)) * 1e6) / 1e6];
}

/** The development zone (苏里格经济开发区): an industrial park that runs no school, kindergarten, clinic or market. */
export const DEVELOPMENT_ZONE_CODE = '150626410';

/**
 * Names for the crowded venues of one township (schools, hospitals, canteens, …); the banner seat
 * gets the banner-level ones. The development zone gets the venues an industrial park has:
 * workplace and building-site canteens and a hotel, no school, kindergarten, clinic or market.
 */
function crowdedNames(town: string, seat: boolean, zone: boolean): [VenueCategory, string][] {
  if (zone)
    return [
      ['workplace_canteen', '苏里格工业园区职工食堂'],
      ['workplace_canteen', `${town}管委会机关食堂`],
      ['construction_canteen', '苏里格气田集气站扩建项目工地食堂'],
      ['construction_canteen', '开发区标准化厂房项目工地食堂'],
      ['hotel', '苏里格宾馆'],
      ['mixed_building', '苏里格商务综合楼'],
      ['mixed_building', '开发区职工公寓底商'],
      ['other', '苏里格加气站便利店'],
    ];
  const list: [VenueCategory, string][] = [
    ['school', `${town}中心小学`],
    ['school', `${town}中心幼儿园`],
    ['hospital', `${town}卫生院`],
    ['farmers_market', `${town}农贸市场`],
    ['elderly_care', `${town}敬老院`],
    ['civil_affairs_facility', `${town}便民服务中心食堂`],
    ['mixed_building', `${town}商住综合楼`],
    ['workplace_canteen', `${town}政府机关食堂`],
    ['hotel', `${town}宾馆`],
  ];
  if (seat) {
    list.push(
      ['school', '嘎鲁图镇第二小学'],
      ['school', '嘎鲁图镇第三小学'],
      ['school', '乌审旗第一中学'],
      ['school', '乌审旗民族中学'],
      ['school', '乌审旗职业技术学校'],
      ['hospital', '乌审旗中心医院'],
      ['hospital', '乌审旗蒙中医院'],
      ['hospital', '嘎鲁图镇社区卫生服务中心'],
      ['farmers_market', '嘎鲁图镇东区农贸市场'],
      ['mixed_building', '萨如拉商住楼A座'],
      ['mixed_building', '萨如拉商住楼B座'],
      ['mixed_building', '新华商厦'],
      ['mixed_building', '阳光花园底商'],
      ['elderly_care', '乌审旗颐养中心'],
      ['civil_affairs_facility', '乌审旗救助管理站'],
      ['civil_affairs_facility', '乌审旗儿童福利院'],
      ['tourist_site', '毛乌素沙漠生态旅游区游客中心'],
      ['tourist_site', '巴音淖尔湖景区餐厅'],
      ['hotel', '乌审旗萨如拉酒店'],
      ['workplace_canteen', '乌审旗人民医院职工食堂'],
      ['construction_canteen', '嘎鲁图镇棚户区改造项目工地食堂'],
      ['other', '乌审旗客运站餐厅'],
    );
  }
  if (town === '无定河镇') list.push(['tourist_site', '萨拉乌苏河谷景区游客中心'], ['farmstay', '河南村牧家乐']);
  if (town === '乌审召镇')
    list.push(['tourist_site', '乌审召草原旅游区'], ['farmstay', '巴音淖尔牧家乐'], ['religious_site', '乌审召庙']);
  if (town === '苏力德苏木') list.push(['farmstay', '沙尔利格牧家乐'], ['religious_site', '苏力德苏木敖包祭祀点']);
  if (town === '图克镇') list.push(['construction_canteen', '图克工业园区项目工地食堂']);
  return list;
}

type Suppliers = { piped: string[]; bottled: string[] };

/** The gas-use profile of one venue: sources, floor, storage, devices, contract, supply status. */
function profile(
  rng: Rng,
  category: VenueCategory,
  townCode: string,
  suppliers: Suppliers,
  year: number,
): Omit<NewVenue, 'name' | 'category' | 'regionId' | 'address'> {
  const hasPipes = townCode === '150626100' || townCode === '150626410' || townCode === '150626102';
  let gasSources: GasSource[];
  if (category === 'household') gasSources = hasPipes && chance(rng, 0.7) ? ['piped'] : ['bottled_lpg'];
  else {
    gasSources = weighted<GasSource[]>(rng, [
      [['piped'], hasPipes ? 45 : 8],
      [['bottled_lpg'], hasPipes ? 38 : 80],
      [['piped', 'bottled_lpg'], 8],
      [['industrial_fuel'], 3],
      [['bottled_lpg', 'industrial_fuel'], 1],
    ]);
  }
  const floor = weighted<VenueFloor>(
    rng,
    category === 'household'
      ? [
          ['ground', 40],
          ['upper', 40],
          ['high_rise', 20],
        ]
      : [
          ['ground', 74],
          ['upper', 13],
          ['semi_basement', 6],
          ['basement', 4],
          ['high_rise', 3],
        ],
  );
  const bottled = gasSources.includes('bottled_lpg');
  const piped = gasSources.includes('piped');
  const storedLpgKg = bottled
    ? category === 'household'
      ? 15
      : weighted(rng, [
          [15, 10],
          [30, 25],
          [45, 20],
          [60, 15],
          [100, 10],
          [150, 10],
          [250, 6],
          [400, 4],
        ] as const)
    : null;
  const hasCylinderRoom = storedLpgKg !== null && storedLpgKg > 100 ? chance(rng, 0.55) : false;
  const crowded = category !== 'household';
  const detectorInstalled = crowded ? chance(rng, 0.9) : chance(rng, 0.2);
  const shutoffValveInstalled = crowded ? chance(rng, 0.85) : false;
  const supplierPool = piped && !bottled ? suppliers.piped : bottled ? suppliers.bottled : [];
  const supplierEnterpriseId = supplierPool.length > 0 && (piped || bottled) ? pick(rng, supplierPool) : null;
  const signed = supplierEnterpriseId !== null && chance(rng, 0.93);
  // Contracts signed in the last two years for 1–5 years: most current, some lapsed.
  const contractFrom = signed ? dateIn(rng, year - 2, year - 1) : null;
  const contractTo = contractFrom
    ? addYears(
        contractFrom,
        weighted(rng, [
          [1, 1],
          [3, 4],
          [5, 5],
        ] as const),
      )
    : null;
  const suspended = bottled && chance(rng, 0.03);
  return {
    floor,
    gasSources,
    storedLpgKg,
    hasCylinderRoom,
    detectorInstalled,
    detectorInstalledOn: detectorInstalled ? dateIn(rng, 2020, 2024) : null,
    shutoffValveInstalled,
    shutoffValveInstalledOn: shutoffValveInstalled ? dateIn(rng, 2020, 2024) : null,
    supplierEnterpriseId,
    contractNumber: signed
      ? `GYQ-${contractFrom!.slice(0, 4)}-${String(Math.floor(rng() * 100_000)).padStart(5, '0')}`
      : null,
    contractFrom,
    contractTo,
    supplyStatus: suspended ? 'suspended' : 'normal',
    supplyStatusReason: suspended ? pick(rng, suspendReasons) : null,
    contactName: `${pick(rng, familyNames)}${pick(rng, givenNames)}`,
    contactPhone: `1${pick(rng, ['38', '39', '47', '50', '51', '52', '58', '82', '87', '89'])}${String(Math.floor(rng() * 1e8)).padStart(8, '0')}`,
  };
}

/** The demo's venues as rows (pure, deterministic): the fixed-id demo restaurant first, then about 360 more. */
export function demoVenueRows({
  regions,
  suppliers,
  today = todayInChina(),
}: {
  regions: { id: string; code: string; parentCode: string | null }[];
  suppliers: Suppliers & { demoBottled: string | null };
  /** Today (YYYY-MM-DD): contract dates are set relative to it so the demo stays current. */
  today?: string;
}): NewVenue[] {
  const year = Number(today.slice(0, 4));
  const rng = seededRandom(20_230_801);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const communitiesOf = (code: string) => regions.filter((r) => r.parentCode === code);
  const rows: NewVenue[] = [];
  const seen = new Set<string>();
  const add = (row: NewVenue) => {
    const key = `${row.name}|${row.address}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push({ ...row, searchTokens: searchTokens(row.name, row.address) });
  };

  const galutu = byCode.get('150626100');
  if (galutu) {
    // The demo venue manager (venue1) is scoped to this restaurant; its supplier's manager (enterprise1) sees it.
    add({
      id: DEMO_IDS.restaurant,
      name: '草原人家手把肉馆',
      category: 'restaurant',
      regionId: communitiesOf('150626100')[0]?.id ?? galutu.id,
      address: '嘎鲁图镇萨如拉街18号',
      lng: 108.8412,
      lat: 38.6035,
      floor: 'ground',
      gasSources: ['bottled_lpg'],
      supplierEnterpriseId: suppliers.demoBottled ?? suppliers.bottled[0] ?? null,
      contractNumber: `GYQ-${year - 1}-00018`,
      contractFrom: `${year - 1}-03-01`,
      contractTo: `${year + 2}-02-28`,
      storedLpgKg: 120,
      hasCylinderRoom: false,
      detectorInstalled: true,
      detectorInstalledOn: '2023-06-12',
      shutoffValveInstalled: false,
      supplyStatus: 'normal',
      contactName: '周建国',
      contactPhone: '13904770018',
    });
  }

  for (const [code, weight] of townshipWeights) {
    const township = byCode.get(code);
    const seat = townshipSeats[code];
    if (!township || !seat) continue;
    const town = seat.name;
    const communities = communitiesOf(code);
    // Town venues sit in the town's residents' communities (居委会, codes …001–199), not in the villages (村委会).
    const urban = communities.filter((c) => Number(c.code.slice(-3)) < 200);
    const pool = urban.length > 0 ? urban : communities;
    const regionFor = () => (pool.length > 0 && chance(rng, 0.6) ? pick(rng, pool).id : township.id);
    const address = () => `${town}${pick(rng, streets[code]!)}${1 + Math.floor(rng() * 220)}号`;
    const radius = code === '150626100' ? 0.035 : 0.02;

    for (const [category, name] of crowdedNames(town, code === '150626100', code === DEVELOPMENT_ZONE_CODE)) {
      const [lng, lat] = near(rng, seat.seat, radius);
      add({
        name,
        category,
        regionId: regionFor(),
        address: address(),
        lng,
        lat,
        ...profile(rng, category, code, suppliers, year),
      });
    }
    const households = Math.round(weight * 0.08);
    for (let i = 0; i < households; i++) {
      const owner = `${pick(rng, familyNames)}${pick(rng, givenNames)}`;
      const [lng, lat] = near(rng, seat.seat, radius);
      const addr = `${town}${pick(rng, streets[code]!)}${1 + Math.floor(rng() * 40)}号楼${1 + Math.floor(rng() * 4)}单元${1 + Math.floor(rng() * 6)}0${1 + Math.floor(rng() * 2)}`;
      add({
        name: `居民用户${owner}`,
        category: 'household',
        regionId: regionFor(),
        address: addr,
        lng,
        lat,
        ...profile(rng, 'household', code, suppliers, year),
      });
    }
    const restaurants = weight - households - 8;
    for (let i = 0; i < restaurants; i++) {
      const name = `${pick(rng, restaurantPrefixes)}${pick(rng, restaurantKinds)}`;
      const [lng, lat] = near(rng, seat.seat, radius);
      add({
        name,
        category: 'restaurant',
        regionId: regionFor(),
        address: address(),
        lng,
        lat,
        ...profile(rng, 'restaurant', code, suppliers, year),
      });
    }
  }
  return rows;
}

/**
 * Demo venues over the seven townships (deterministic, idempotent: rows whose name + address
 * already exist are left alone). Run after the enterprises' demo seed: suppliers are looked up by
 * kind now. Returns how many venues it added.
 */
export async function seedDemoVenues(db: Db): Promise<{ venues: number }> {
  return db.transaction(async (tx) => {
    const regionRows = await tx
      .select({ id: regionsTable.id, code: regionsTable.code, path: regionsTable.path })
      .from(regionsTable)
      .where(and(like(regionsTable.path, '150626/%'), isNull(regionsTable.archivedAt)));
    const codeOfPath = new Map(regionRows.map((r) => [r.path, r.code]));
    const regions = regionRows.map((r) => ({
      id: r.id,
      code: r.code,
      parentCode: codeOfPath.get(r.path.replace(/[^/]+\/$/, '')) ?? null,
    }));
    const operators = await tx
      .select({ id: enterprisesTable.id, kind: enterprisesTable.kind })
      .from(enterprisesTable)
      .where(
        and(
          inArray(enterprisesTable.kind, ['pipeline_operator', 'bottled_operator']),
          isNull(enterprisesTable.archivedAt),
        ),
      )
      .orderBy(enterprisesTable.creditCode);
    const suppliers = {
      piped: operators.filter((o) => o.kind === 'pipeline_operator').map((o) => o.id),
      bottled: operators.filter((o) => o.kind === 'bottled_operator').map((o) => o.id),
      demoBottled: operators.some((o) => o.id === DEMO_IDS.bottledOperator) ? DEMO_IDS.bottledOperator : null,
    };
    const rows = demoVenueRows({ regions, suppliers });
    if (rows.length === 0) return { venues: 0 };
    const [existing] = await tx
      .select({ id: venuesTable.id })
      .from(venuesTable)
      .where(eq(venuesTable.id, DEMO_IDS.restaurant));
    const fresh = existing ? rows.filter((r) => r.id !== DEMO_IDS.restaurant) : rows;
    let inserted = 0;
    for (let i = 0; i < fresh.length; i += 200) {
      const done = await tx
        .insert(venuesTable)
        .values(fresh.slice(i, i + 200))
        .onConflictDoNothing()
        .returning({ id: venuesTable.id });
      inserted += done.length;
    }
    if (inserted > 0) {
      await recordAudit(tx, {
        actor: systemActor,
        action: 'seed.demo_venues',
        subject: { type: 'deployment' },
        details: { venues: inserted },
      });
    }
    return { venues: inserted };
  });
}
