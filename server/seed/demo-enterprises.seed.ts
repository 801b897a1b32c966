import { and, eq, inArray } from 'drizzle-orm';
import { withCheckChar } from '../../domain/registry/credit-code.ts';
import {
  type EnterpriseKind,
  type FacilityKind,
  type LicenceKind,
  type SellerChannel,
  type StoredLicenceStatus,
  searchTokens,
} from '../../domain/registry/registry.ts';
import type { Db } from '../db/client.ts';
import { regionsTable } from '../modules/organisation/organisation.table.ts';
import { addDays, todayInChina } from '../modules/registry/registry.helpers.ts';
import {
  enterprisesTable,
  facilitiesTable,
  licenceHistoryTable,
  licencesTable,
} from '../modules/registry/registry.table.ts';
import { systemActor } from '../platform/access.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { DEMO_IDS } from './demo-ids.ts';

type DemoLicence = {
  kind: LicenceKind;
  number: string;
  scope: string;
  issuingBody: string;
  /** validTo relative to the day the seed runs, so "expiring soon" stays true on a fresh demo. */
  expiresInDays: number;
  status?: StoredLicenceStatus;
  statusReason?: string;
};

type DemoFacility = { kind: FacilityKind; name: string; address: string; at: [number, number]; regionCode?: string };

type DemoEnterprise = {
  id?: string;
  name: string;
  kind: EnterpriseKind;
  /** The 9 characters of the organisation code; the seed adds the prefix, 150626 and the check character. */
  org: string;
  /** 91 for companies (the default), 92 for individual businesses (个体工商户). */
  prefix?: '91' | '92';
  regionCode: string;
  address: string;
  at: [number, number];
  phone: string;
  sellerChannel?: SellerChannel;
  licences: DemoLicence[];
  facilities: DemoFacility[];
};

/** 燃气经营许可证: issued by the city's gas authority (plan 四(四)1: 市住建局). */
export const GAS_LICENCE_ISSUER = '鄂尔多斯市住房和城乡建设局';
/** 气瓶充装许可证: issued by the region's market regulation (plan 四(四)2; TSG 07). */
export const FILLING_LICENCE_ISSUER = '内蒙古自治区市场监督管理局';
/** 道路危险货物运输许可: issued at city level (道路危险货物运输管理规定 art. 10: 设区的市级交通运输主管部门). */
export const TRANSPORT_PERMIT_ISSUER = '鄂尔多斯市交通运输局';
/** 危险化学品安全生产许可证: issued by the region's emergency management (危险化学品生产企业安全生产许可证实施办法). */
export const HAZCHEM_LICENCE_ISSUER = '内蒙古自治区应急管理厅';
const ZJJ = GAS_LICENCE_ISSUER;
const SCJG = '鄂尔多斯市市场监督管理局';
const JTJ = TRANSPORT_PERMIT_ISSUER;

/**
 * A believable, fictional 乌审旗: every kind of enterprise the plan names, spread over the
 * townships, with licences (four expiring within 60 days, one revoked, one expired) and facilities.
 * Names, numbers and codes are invented; the credit codes pass the GB 32100 format and check.
 */
export const demoEnterprises: DemoEnterprise[] = [
  {
    id: DEMO_IDS.bottledOperator,
    name: '乌审旗安达燃气有限公司',
    kind: 'bottled_operator',
    org: 'MA0NAD001',
    regionCode: '150626100',
    address: '嘎鲁图镇萨如拉街 18 号',
    at: [108.842, 38.603],
    phone: '0477-7512301',
    licences: [
      {
        kind: 'gas_operation',
        number: '蒙202106260012L',
        scope: '液化石油气（瓶装）',
        issuingBody: ZJJ,
        expiresInDays: 620,
      },
    ],
    facilities: [
      {
        kind: 'storage_station',
        name: '安达燃气嘎鲁图液化气储配站',
        address: '嘎鲁图镇工业园区纬二路',
        at: [108.872, 38.588],
      },
      {
        kind: 'bottle_shop',
        name: '安达燃气萨如拉瓶装供应点',
        address: '嘎鲁图镇萨如拉街 20 号',
        at: [108.839, 38.606],
      },
      { kind: 'bottle_shop', name: '安达燃气团结路瓶装供应点', address: '嘎鲁图镇团结路 56 号', at: [108.851, 38.596] },
    ],
  },
  {
    name: '乌审旗蒙源管道燃气有限责任公司',
    kind: 'pipeline_operator',
    org: 'MA0NMY002',
    regionCode: '150626100',
    address: '嘎鲁图镇乌审大街 99 号',
    at: [108.846, 38.598],
    phone: '0477-7512302',
    licences: [
      { kind: 'gas_operation', number: '蒙202008150003G', scope: '管道天然气', issuingBody: ZJJ, expiresInDays: 410 },
    ],
    facilities: [
      { kind: 'gate_station', name: '蒙源燃气嘎鲁图门站', address: '嘎鲁图镇西环路', at: [108.815, 38.611] },
      {
        kind: 'pressure_station',
        name: '蒙源燃气萨如拉区域调压站',
        address: '嘎鲁图镇萨如拉街东段',
        at: [108.858, 38.605],
      },
    ],
  },
  {
    name: '鄂尔多斯市苏里格天然气管道有限公司',
    kind: 'pipeline_operator',
    org: 'MA0NGL003',
    regionCode: '150626410',
    address: '苏里格经济开发区苏里格大道 8 号',
    at: [108.953, 38.752],
    phone: '0477-7512303',
    licences: [
      { kind: 'gas_operation', number: '蒙202006300021G', scope: '管道天然气', issuingBody: ZJJ, expiresInDays: 25 },
    ],
    facilities: [
      {
        kind: 'gate_station',
        name: '苏里格开发区天然气门站',
        address: '苏里格经济开发区气田路',
        at: [108.961, 38.744],
      },
    ],
  },
  {
    name: '乌审旗图克镇利民液化气有限公司',
    kind: 'bottled_operator',
    org: 'MA0NLM004',
    regionCode: '150626102',
    address: '图克镇图克大街 35 号',
    at: [109.352, 38.948],
    phone: '0477-7512304',
    licences: [
      {
        kind: 'gas_operation',
        number: '蒙202204180007L',
        scope: '液化石油气（瓶装）',
        issuingBody: ZJJ,
        expiresInDays: 700,
        status: 'revoked',
        statusReason: '向无燃气经营许可的单位供应瓶装液化气，拒不改正',
      },
    ],
    facilities: [
      { kind: 'bottle_shop', name: '利民液化气图克供应点', address: '图克镇梅林庙路 12 号', at: [109.346, 38.953] },
    ],
  },
  {
    name: '乌审旗宏达气瓶充装有限公司',
    kind: 'filling_enterprise',
    org: 'MA0NHD005',
    regionCode: '150626100',
    address: '嘎鲁图镇工业园区经三路 6 号',
    at: [108.878, 38.584],
    phone: '0477-7512305',
    licences: [
      {
        kind: 'cylinder_filling',
        number: 'TS4215062-2027',
        scope: '液化石油气钢瓶充装',
        issuingBody: FILLING_LICENCE_ISSUER,
        expiresInDays: 40,
      },
      {
        kind: 'gas_operation',
        number: '蒙202109010015L',
        scope: '液化石油气（瓶装）',
        issuingBody: ZJJ,
        expiresInDays: 900,
      },
    ],
    facilities: [
      {
        kind: 'filling_station',
        name: '宏达液化气充装站',
        address: '嘎鲁图镇工业园区经三路 6 号',
        at: [108.879, 38.583],
      },
    ],
  },
  {
    name: '乌审召镇祥和液化气充装站有限公司',
    kind: 'filling_enterprise',
    org: 'MA0NXH006',
    regionCode: '150626101',
    address: '乌审召镇召镇大街 21 号',
    at: [109.048, 39.083],
    phone: '0477-7512306',
    licences: [
      {
        kind: 'cylinder_filling',
        number: 'TS4215062-2022',
        scope: '液化石油气钢瓶充装',
        issuingBody: FILLING_LICENCE_ISSUER,
        expiresInDays: -20,
      },
    ],
    facilities: [
      { kind: 'filling_station', name: '祥和液化气充装站', address: '乌审召镇巴音敖包路 3 号', at: [109.041, 39.077] },
    ],
  },
  {
    name: '内蒙古毛乌素能源化工有限公司',
    kind: 'lpg_producer',
    org: 'MA0NMW007',
    regionCode: '150626410',
    address: '苏里格经济开发区化工园区纬一路',
    at: [108.982, 38.731],
    phone: '0477-7512307',
    licences: [
      {
        kind: 'hazchem_safety',
        number: '(蒙)WH安许证字〔2022〕0031号',
        scope: '液化石油气、丙烷生产',
        issuingBody: HAZCHEM_LICENCE_ISSUER,
        expiresInDays: 500,
      },
    ],
    facilities: [
      {
        kind: 'storage_station',
        name: '毛乌素能源液化气球罐区',
        address: '苏里格经济开发区化工园区',
        at: [108.987, 38.728],
      },
    ],
  },
  {
    name: '乌审旗绿源生物质燃料有限公司',
    kind: 'industrial_fuel_producer',
    org: 'MA0NLY008',
    regionCode: '150626104',
    address: '无定河镇河南路 7 号',
    at: [108.652, 37.853],
    phone: '0477-7512308',
    licences: [],
    facilities: [],
  },
  {
    name: '鄂尔多斯市安运危险货物运输有限公司',
    kind: 'hazardous_carrier',
    org: 'MA0NAY009',
    regionCode: '150626100',
    address: '嘎鲁图镇振兴路 88 号',
    at: [108.83, 38.592],
    phone: '0477-7512309',
    licences: [
      {
        kind: 'hazardous_transport',
        number: '蒙交运管许可鄂字150600000123号',
        scope: '危险货物运输（2类1项）',
        issuingBody: JTJ,
        expiresInDays: 55,
      },
    ],
    facilities: [],
  },
  {
    // An appliance maker: held to product standards and CCC, not to a special-equipment licence.
    name: '乌审旗金盾燃气具制造有限公司',
    kind: 'appliance_maker',
    org: 'MA0NJD010',
    regionCode: '150626103',
    address: '乌兰陶勒盖镇陶勒盖大街 15 号',
    at: [108.752, 38.252],
    phone: '0477-7512310',
    licences: [],
    facilities: [],
  },
  {
    // A special-equipment maker (pressure-piping components): needs the TSG 07 manufacturing licence.
    name: '乌审旗恒压燃气管件制造有限公司',
    kind: 'special_equipment_maker',
    org: 'MA0NJD028',
    regionCode: '150626103',
    address: '乌兰陶勒盖镇工业园区纬三路 6 号',
    at: [108.761, 38.247],
    phone: '0477-7512318',
    licences: [
      {
        kind: 'manufacturing',
        number: 'TS2715123-2029',
        scope: '压力管道元件（燃气用聚乙烯管件）',
        issuingBody: '内蒙古自治区市场监督管理局',
        expiresInDays: 800,
      },
    ],
    facilities: [],
  },
  {
    name: '乌审旗万家燃气具商行',
    kind: 'appliance_seller',
    org: 'L0B2C4W8K',
    prefix: '92',
    regionCode: '150626100',
    address: '嘎鲁图镇新华街 40 号',
    at: [108.836, 38.6],
    phone: '0477-7512311',
    sellerChannel: 'shop',
    licences: [],
    facilities: [],
  },
  {
    name: '乌审旗易购燃气具电子商务有限公司',
    kind: 'appliance_seller',
    org: 'MA0NYG012',
    regionCode: '150626200',
    address: '苏力德苏木苏力德街 9 号',
    at: [108.552, 38.898],
    phone: '0477-7512312',
    sellerChannel: 'online',
    licences: [],
    facilities: [],
  },
  {
    name: '鄂尔多斯市特种设备检验所乌审分所',
    kind: 'inspection_agency',
    org: 'MB0NTJ013',
    regionCode: '150626100',
    address: '嘎鲁图镇文化路 5 号',
    at: [108.848, 38.609],
    phone: '0477-7512313',
    licences: [
      {
        kind: 'inspection_qualification',
        number: 'TS7115062-2028',
        scope: '气瓶定期检验（液化石油气钢瓶）',
        issuingBody: SCJG,
        expiresInDays: 1100,
      },
    ],
    facilities: [],
  },
  {
    name: '无定河镇惠民液化气供应站',
    kind: 'bottled_operator',
    org: 'MA0NHM014',
    regionCode: '150626104',
    address: '无定河镇无定河大街 66 号',
    at: [108.648, 37.849],
    phone: '0477-7512314',
    licences: [
      {
        kind: 'gas_operation',
        number: '蒙202006120009L',
        scope: '液化石油气（瓶装）',
        issuingBody: ZJJ,
        expiresInDays: 12,
      },
    ],
    facilities: [
      {
        kind: 'supply_station',
        name: '惠民液化气无定河供应站',
        address: '无定河镇萨拉乌苏路 2 号',
        at: [108.641, 37.856],
      },
    ],
  },
];

/** The full credit code of a demo enterprise: prefix, 乌审旗's division code 150626, organisation code, check character. */
export function demoCreditCode(d: Pick<DemoEnterprise, 'org' | 'prefix'>): string {
  return withCheckChar(`${d.prefix ?? '91'}150626${d.org}`);
}

/**
 * The demo enterprises with their licences and facilities. Idempotent: an enterprise is found by
 * its credit code, a licence by (kind, number), a facility by (enterprise, name); only what is
 * missing is added. Run after seedDemo (the regions and the demo accounts that point at
 * DEMO_IDS.bottledOperator) and before the venues and network seeds (they look enterprises up).
 */
export async function seedDemoEnterprises(
  db: Db,
): Promise<{ enterprises: number; licences: number; facilities: number }> {
  const today = todayInChina();
  return db.transaction(async (tx) => {
    const codes = [
      ...new Set(
        demoEnterprises.flatMap((e) => [e.regionCode, ...e.facilities.map((f) => f.regionCode ?? e.regionCode)]),
      ),
    ];
    const regions = new Map(
      (
        await tx
          .select({ id: regionsTable.id, code: regionsTable.code })
          .from(regionsTable)
          .where(inArray(regionsTable.code, codes))
      ).map((r) => [r.code, r.id]),
    );
    const counts = { enterprises: 0, licences: 0, facilities: 0 };
    for (const d of demoEnterprises) {
      const regionId = regions.get(d.regionCode);
      if (!regionId) continue;
      const creditCode = demoCreditCode(d);
      let [enterprise] = await tx
        .select({ id: enterprisesTable.id })
        .from(enterprisesTable)
        .where(eq(enterprisesTable.creditCode, creditCode));
      if (!enterprise && d.id)
        [enterprise] = await tx
          .select({ id: enterprisesTable.id })
          .from(enterprisesTable)
          .where(eq(enterprisesTable.id, d.id));
      if (!enterprise) {
        [enterprise] = await tx
          .insert(enterprisesTable)
          .values({
            ...(d.id ? { id: d.id } : {}),
            name: d.name,
            kind: d.kind,
            creditCode,
            regionId,
            address: d.address,
            lng: d.at[0],
            lat: d.at[1],
            contactPhone: d.phone,
            sellerChannel: d.sellerChannel ?? null,
            searchTokens: searchTokens(d.name, creditCode, d.address),
          })
          .returning({ id: enterprisesTable.id });
        counts.enterprises++;
      }
      const enterpriseId = enterprise!.id;

      for (const l of d.licences) {
        const [existing] = await tx
          .select({ id: licencesTable.id })
          .from(licencesTable)
          .where(and(eq(licencesTable.kind, l.kind), eq(licencesTable.number, l.number)));
        if (existing) continue;
        const validTo = addDays(today, l.expiresInDays);
        const values = {
          enterpriseId,
          kind: l.kind,
          number: l.number,
          scope: l.scope,
          issuingBody: l.issuingBody,
          validFrom: addDays(validTo, -(3 * 365) + 1),
          validTo,
          status: l.status ?? 'valid',
          statusReason: l.statusReason ?? null,
        };
        const [row] = await tx.insert(licencesTable).values(values).returning({ id: licencesTable.id });
        const { enterpriseId: _, ...snapshot } = values;
        await tx.insert(licenceHistoryTable).values({
          licenceId: row!.id,
          action: 'create',
          before: null,
          after: { enterpriseId, ...snapshot },
          actorName: systemActor.name,
        });
        counts.licences++;
      }

      for (const f of d.facilities) {
        const [existing] = await tx
          .select({ id: facilitiesTable.id })
          .from(facilitiesTable)
          .where(and(eq(facilitiesTable.enterpriseId, enterpriseId), eq(facilitiesTable.name, f.name)));
        if (existing) continue;
        const facilityRegion = regions.get(f.regionCode ?? d.regionCode);
        if (!facilityRegion) continue;
        await tx.insert(facilitiesTable).values({
          enterpriseId,
          kind: f.kind,
          name: f.name,
          regionId: facilityRegion,
          address: f.address,
          lng: f.at[0],
          lat: f.at[1],
          searchTokens: searchTokens(f.name, f.address),
        });
        counts.facilities++;
      }
    }
    if (counts.enterprises + counts.licences + counts.facilities > 0) {
      await recordAudit(tx, {
        actor: systemActor,
        action: 'seed.demo_enterprises',
        subject: { type: 'deployment' },
        details: counts,
      });
    }
    return counts;
  });
}
