import {
  type VenueCategory,
  type HoseType,
  type VenueFloor,
  gasSourceLabels,
  hoseTypeLabels,
  supplyStatusLabels,
  venueCategoryLabels,
  venueFloorLabels,
} from '../../../domain/registry/registry.ts';
import { parseGasSources, venueRiskFlagInfo, venueRiskFlags } from '../../../domain/registry/venue-risk.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { todayInChina } from './registry.helpers.ts';
import { enterpriseCell, regionCell, yesNo } from './registry.refs.ts';
import { RowRejected } from './tabular.ts';
import {
  type CellErrors,
  enumOptions,
  parseBool,
  parseDate,
  parseEnum,
  parseNumber,
  parsePattern,
  parseText,
} from './tabular.cells.ts';
import type { TabularColumn, TabularKind } from './tabular.types.ts';
import { createVenuesRepository } from './venues.repository.ts';
import { ListVenuesQuery } from './venues.schemas.ts';
import { type CreateVenueInput, GAS_OPERATOR_KINDS, createVenuesService, venueReadScope } from './venues.service.ts';

const yesNoOptions = ['是', '否'];

export const venueColumns: TabularColumn[] = [
  {
    key: 'name',
    header: '场所名称',
    headerEn: 'Name',
    required: true,
    example: '蒙源羊肉馆',
    hint: '名称 + 地址相同的场所视为同一场所，重复导入时更新',
    width: 24,
  },
  {
    key: 'category',
    header: '场所类别',
    headerEn: 'Category',
    required: true,
    example: '餐饮单位',
    options: enumOptions(venueCategoryLabels),
    width: 14,
  },
  {
    key: 'region',
    header: '所在区划',
    headerEn: 'Region',
    required: true,
    example: '嘎鲁图镇',
    hint: '苏木镇或社区的名称，或区划代码',
    width: 14,
  },
  {
    key: 'address',
    header: '详细地址',
    headerEn: 'Address',
    required: true,
    example: '嘎鲁图镇萨如拉街18号',
    width: 30,
  },
  { key: 'lng', header: '经度', headerEn: 'Longitude', example: '108.8412', width: 11 },
  { key: 'lat', header: '纬度', headerEn: 'Latitude', example: '38.6035', width: 11 },
  {
    key: 'floor',
    header: '所在楼层',
    headerEn: 'Floor',
    example: '地上一层',
    options: enumOptions(venueFloorLabels),
    width: 14,
  },
  {
    key: 'gasSources',
    header: '用气类型',
    headerEn: 'Gas sources',
    example: '瓶装液化气',
    hint: `${Object.values(gasSourceLabels)
      .map((l) => l.zh)
      .join('、')}，多种用“、”或“,”分隔；未用气留空`,
    width: 22,
  },
  {
    key: 'supplier',
    header: '供气企业统一社会信用代码',
    headerEn: 'Supplier credit code',
    example: '91150626MA0N1B2C3D',
    hint: '须为已登记的管道燃气或瓶装液化气经营企业',
    width: 24,
  },
  {
    key: 'contractNumber',
    header: '供用气合同编号',
    headerEn: 'Contract number',
    example: 'GYQ-2023-00018',
    width: 18,
  },
  { key: 'contractFrom', header: '合同起始日期', headerEn: 'Contract from', example: '2023-03-01', width: 13 },
  { key: 'contractTo', header: '合同截止日期', headerEn: 'Contract to', example: '2026-02-28', width: 13 },
  {
    key: 'storedLpgKg',
    header: '存放气瓶总重量(kg)',
    headerEn: 'Stored LPG (kg)',
    example: '120',
    hint: '净重达到 100kg 及以上须设置专用气瓶间',
    width: 14,
  },
  {
    key: 'hasCylinderRoom',
    header: '是否设置专用气瓶间',
    headerEn: 'Cylinder room',
    example: '否',
    options: yesNoOptions,
    width: 12,
  },
  {
    key: 'detectorInstalled',
    header: '是否安装可燃气体探测器',
    headerEn: 'Detector installed',
    example: '是',
    options: yesNoOptions,
    width: 12,
  },
  {
    key: 'detectorInstalledOn',
    header: '探测器安装日期',
    headerEn: 'Detector installed on',
    example: '2023-06-12',
    width: 13,
  },
  {
    key: 'shutoffValveInstalled',
    header: '是否安装紧急切断阀',
    headerEn: 'Shut-off valve installed',
    example: '否',
    options: yesNoOptions,
    width: 12,
  },
  {
    key: 'shutoffValveInstalledOn',
    header: '切断阀安装日期',
    headerEn: 'Shut-off valve installed on',
    example: '',
    width: 13,
  },
  { key: 'contactName', header: '联系人', headerEn: 'Contact', example: '周建国', width: 10 },
  { key: 'contactPhone', header: '联系电话', headerEn: 'Phone', example: '13904770018', width: 14 },
  {
    key: 'highRiseBuilding',
    header: '是否高层民用建筑',
    headerEn: 'High-rise building',
    example: '否',
    hint: '建筑整体是否为高层民用建筑（GB 50016），与所在楼层无关；不清楚留空',
    options: yesNoOptions,
    width: 14,
  },
  {
    key: 'hoseType',
    header: '连接软管类型',
    headerEn: 'Hose type',
    example: '金属软管（波纹管）',
    options: enumOptions(hoseTypeLabels),
    width: 16,
  },
  { key: 'supplierName', header: '供气企业', headerEn: 'Supplier', exportOnly: true, width: 24 },
  { key: 'supplyStatus', header: '供气状态', headerEn: 'Supply status', exportOnly: true, width: 16 },
  { key: 'supplyStatusReason', header: '暂停供气原因', headerEn: 'Suspension reason', exportOnly: true, width: 24 },
  { key: 'riskFlags', header: '风险提示', headerEn: 'Risk flags', exportOnly: true, width: 36 },
  { key: 'archived', header: '已归档', headerEn: 'Archived', exportOnly: true, width: 8 },
];

/** Chinese row messages for the errors a venue write can raise. */
function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'venues.outside_scope':
        throw new RowRejected('该场所的区划或类别不在您的管理范围内', 'region', 'import.outside_scope');
      case 'venues.not_found':
        throw new RowRejected('名称和地址相同的场所已登记在您的管理范围以外', 'name', 'import.duplicate_record');
      case 'venues.archived':
        throw new RowRejected('该场所已归档，不能通过导入修改', 'name', 'import.archived');
      case 'venues.contract_fields_only':
        throw new RowRejected('供气企业只能修改其用户的供用气合同信息', null);
      case 'venues.duplicate':
        throw new RowRejected('名称和地址相同的场所已存在', 'name', 'import.duplicate_record');
      case 'venues.supplier_not_gas_operator':
        throw new RowRejected('供气企业须为管道燃气或瓶装液化气经营企业', 'supplier');
      case 'venues.supplier_not_found':
        throw new RowRejected('供气企业未登记', 'supplier', 'import.reference_not_found');
      case 'venues.region_not_found':
        throw new RowRejected('区划不存在', 'region', 'import.reference_not_found');
      case 'venues.contract_dates_reversed':
        throw new RowRejected('合同截止日期早于起始日期', 'contractTo');
      case 'venues.install_date_without_device':
        throw new RowRejected('未安装的设备不能填写安装日期', null);
      case 'auth.forbidden':
        throw new RowRejected('您没有修改该场所的权限', 'name', 'import.outside_scope');
      case 'registry.regulator_fields': {
        // The region, the category and the facts that decide the risk flags (venueRegulatorFields).
        const field = (err.details as { field?: string })?.field;
        throw new RowRejected(
          '所在区划、场所类别和决定风险提示的燃气设施情况由监管部门变更，不能通过导入修改；请在场所详情中提交变更申请',
          !field || field === 'regionId' ? 'region' : field,
        );
      }
    }
  }
  throw err;
}

/** The list's filters; paging and sorting are ignored by an export. */
const ExportQuery = ListVenuesQuery.pick({
  regionId: true,
  category: true,
  floor: true,
  gasSource: true,
  supplierEnterpriseId: true,
  supplyStatus: true,
  q: true,
  archived: true,
});

/** 场所 (venues and gas users) for import and export; natural key name + address. */
export const venuesTabular: TabularKind<CreateVenueInput> = {
  kind: 'venues',
  title: '用气场所',
  columns: venueColumns,

  async parseRow(raw, { db }) {
    const errors: CellErrors = [];
    const name = parseText(errors, 'name', '场所名称', raw.name ?? '', { required: true, max: 100 });
    const category = parseEnum<VenueCategory>(
      errors,
      'category',
      '场所类别',
      venueCategoryLabels,
      raw.category ?? '',
      true,
    );
    const region = await regionCell(errors, db, 'region', '所在区划', raw.region ?? '', true);
    const address = parseText(errors, 'address', '详细地址', raw.address ?? '', { required: true, max: 200 });
    const lng = parseNumber(errors, 'lng', '经度', raw.lng ?? '', { min: -180, max: 180 });
    const lat = parseNumber(errors, 'lat', '纬度', raw.lat ?? '', { min: -90, max: 90 });
    if ((lng === null) !== (lat === null))
      errors.push({ column: lng === null ? 'lng' : 'lat', message: '经度和纬度须同时填写' });
    const floor = parseEnum<VenueFloor>(errors, 'floor', '所在楼层', venueFloorLabels, raw.floor ?? '', false);
    const highRiseBuilding = parseBool(errors, 'highRiseBuilding', '是否高层民用建筑', raw.highRiseBuilding ?? '');
    const hoseType = parseEnum<HoseType>(errors, 'hoseType', '连接软管类型', hoseTypeLabels, raw.hoseType ?? '', false);
    const sources = parseGasSources(raw.gasSources ?? '');
    if (!sources.ok)
      errors.push({
        column: 'gasSources',
        message: `用气类型“${sources.unknown.join('、')}”无效，可选：管道燃气、瓶装液化气、工业燃料`,
      });
    const supplier = await enterpriseCell(errors, db, 'supplier', '供气企业', raw.supplier ?? '', false);
    if (supplier && !(GAS_OPERATOR_KINDS as readonly string[]).includes(supplier.kind)) {
      errors.push({ column: 'supplier', message: `“${supplier.name}”不是管道燃气或瓶装液化气经营企业` });
    }
    const contractNumber = parseText(errors, 'contractNumber', '供用气合同编号', raw.contractNumber ?? '', { max: 60 });
    const contractFrom = parseDate(errors, 'contractFrom', '合同起始日期', raw.contractFrom ?? '');
    const contractTo = parseDate(errors, 'contractTo', '合同截止日期', raw.contractTo ?? '');
    if (contractFrom && contractTo && contractFrom > contractTo)
      errors.push({ column: 'contractTo', message: '合同截止日期早于起始日期' });
    const storedLpgKg = parseNumber(errors, 'storedLpgKg', '存放气瓶总重量', raw.storedLpgKg ?? '', {
      min: 0,
      max: 9_999_999,
    });
    const hasCylinderRoom = parseBool(errors, 'hasCylinderRoom', '是否设置专用气瓶间', raw.hasCylinderRoom ?? '');
    const detectorInstalled = parseBool(
      errors,
      'detectorInstalled',
      '是否安装可燃气体探测器',
      raw.detectorInstalled ?? '',
    );
    const detectorInstalledOn = parseDate(
      errors,
      'detectorInstalledOn',
      '探测器安装日期',
      raw.detectorInstalledOn ?? '',
    );
    const shutoffValveInstalled = parseBool(
      errors,
      'shutoffValveInstalled',
      '是否安装紧急切断阀',
      raw.shutoffValveInstalled ?? '',
    );
    const shutoffValveInstalledOn = parseDate(
      errors,
      'shutoffValveInstalledOn',
      '切断阀安装日期',
      raw.shutoffValveInstalledOn ?? '',
    );
    // "A date only when installed": a date with 否 is refused; a date with an empty cell means installed.
    const detector = detectorInstalled ?? Boolean(detectorInstalledOn);
    const valve = shutoffValveInstalled ?? Boolean(shutoffValveInstalledOn);
    if (!detector && detectorInstalledOn)
      errors.push({ column: 'detectorInstalledOn', message: '未安装探测器时不能填写安装日期' });
    if (!valve && shutoffValveInstalledOn)
      errors.push({ column: 'shutoffValveInstalledOn', message: '未安装切断阀时不能填写安装日期' });
    const contactName = parseText(errors, 'contactName', '联系人', raw.contactName ?? '', { max: 50 });
    const contactPhone = parsePattern(errors, 'contactPhone', '联系电话', raw.contactPhone ?? '', /^[0-9+\- ]{5,20}$/, {
      hint: '例如 13904770018',
    });
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        name: name!,
        category: category!,
        regionId: region!.id,
        address: address!,
        lng: lng ?? null,
        lat: lat ?? null,
        floor: floor ?? 'ground',
        highRiseBuilding: highRiseBuilding ?? null,
        gasSources: sources.ok ? sources.value : [],
        supplierEnterpriseId: supplier?.id ?? null,
        contractNumber: contractNumber || null,
        contractFrom: contractFrom ?? null,
        contractTo: contractTo ?? null,
        storedLpgKg: storedLpgKg ?? null,
        hasCylinderRoom: hasCylinderRoom ?? false,
        hoseType: hoseType ?? null,
        detectorInstalled: detector,
        detectorInstalledOn: detectorInstalledOn ?? null,
        shutoffValveInstalled: valve,
        shutoffValveInstalledOn: shutoffValveInstalledOn ?? null,
        contactName: contactName || null,
        contactPhone: contactPhone ?? null,
      },
    };
  },

  naturalKey: (v) => `${v.name}\u0000${v.address}`,

  async upsert(value, { db, actor }) {
    try {
      return await createVenuesService({ db }).upsertInTransaction(db, actor, value);
    } catch (err) {
      return rejectionOf(err);
    }
  },

  async *exportRows(query, ctx) {
    const { db, actor } = ctx;
    const parsed = ExportQuery.safeParse(query);
    if (!parsed.success) {
      throw validationFailed({
        issues: parsed.error.issues.map((i) => ({
          path: ['querystring', ...i.path.map(String)],
          code: i.code,
          message: i.message,
        })),
      });
    }
    const today = todayInChina();
    for await (const v of createVenuesRepository({ db }).iterate({
      scope: venueReadScope(actor),
      filters: parsed.data,
    })) {
      const storedLpgKg = v.storedLpgKg === null ? null : Number(v.storedLpgKg);
      yield {
        name: v.name,
        category: venueCategoryLabels[v.category].zh,
        region: v.regionName,
        address: v.address,
        lng: v.lng,
        lat: v.lat,
        floor: venueFloorLabels[v.floor].zh,
        highRiseBuilding: v.highRiseBuilding === null ? null : yesNo(v.highRiseBuilding),
        gasSources: v.gasSources.map((s) => gasSourceLabels[s as keyof typeof gasSourceLabels]?.zh ?? s).join('、'),
        supplier: v.supplierCreditCode,
        contractNumber: v.contractNumber,
        contractFrom: v.contractFrom,
        contractTo: v.contractTo,
        storedLpgKg,
        hasCylinderRoom: yesNo(v.hasCylinderRoom),
        hoseType: v.hoseType ? hoseTypeLabels[v.hoseType].zh : null,
        detectorInstalled: yesNo(v.detectorInstalled),
        detectorInstalledOn: v.detectorInstalledOn,
        shutoffValveInstalled: yesNo(v.shutoffValveInstalled),
        shutoffValveInstalledOn: v.shutoffValveInstalledOn,
        contactName: v.contactName,
        contactPhone: v.contactPhone,
        supplierName: v.supplierName,
        supplyStatus: supplyStatusLabels[v.supplyStatus].zh,
        supplyStatusReason: v.supplyStatusReason,
        riskFlags: venueRiskFlags({ ...v, storedLpgKg }, today, ctx.cylinderRoomThresholdKg)
          .map((f) => {
            // The cylinder-room flag names the configured threshold, not the default 100 kg.
            const text =
              f === 'cylinder_room_missing' && ctx.cylinderRoomThresholdKg !== undefined
                ? venueRiskFlagInfo[f].zh.replace(/\d+kg/, `${ctx.cylinderRoomThresholdKg}kg`)
                : venueRiskFlagInfo[f].zh;
            return `${text}（${venueRiskFlagInfo[f].ref}）`;
          })
          .join('；'),
        archived: yesNo(v.archivedAt !== null),
      };
    }
  },
};
