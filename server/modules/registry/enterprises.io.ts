import { CREDIT_CODE_PATTERN } from '../../../domain/registry/credit-code.ts';
import { CHINA_BOUNDS } from '../../../domain/registry/places.ts';
import {
  type EnterpriseKind,
  type SellerChannel,
  enterpriseKindLabels,
  sellerChannelLabels,
} from '../../../domain/registry/registry.ts';
import { AppError } from '../../platform/errors.ts';
import type { RegionRef } from './registry.helpers.ts';
import { findRegionByCodeOrName, memo } from './registry.helpers.ts';
import { EnterpriseFiltersQuery } from './enterprises.schemas.ts';
import { type EnterpriseValues, createEnterprisesService } from './enterprises.service.ts';
import { RowRejected } from './tabular.ts';
import { type CellErrors, enumOptions, parseEnum, parseNumber, parsePattern, parseText } from './tabular.cells.ts';
import type { TabularColumn, TabularKind } from './tabular.types.ts';

const PHONE = /^[0-9+\- ]{5,20}$/;

export const enterpriseColumns: TabularColumn[] = [
  {
    key: 'name',
    header: '企业名称',
    headerEn: 'Name',
    required: true,
    example: '乌审旗示例燃气有限公司',
    hint: '营业执照上的全称',
    width: 30,
  },
  {
    key: 'kind',
    header: '企业类型',
    headerEn: 'Kind',
    required: true,
    example: '瓶装液化气经营企业',
    options: enumOptions(enterpriseKindLabels),
    width: 22,
  },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    headerEn: 'Credit code',
    required: true,
    example: '91150626MA0N1B2C3D',
    hint: '18 位，字母大写；企业的唯一标识，重复导入时按此更新',
    width: 24,
  },
  {
    key: 'region',
    header: '所在区划',
    headerEn: 'Region',
    required: true,
    example: '嘎鲁图镇',
    hint: '苏木镇或社区的名称，或区划代码（如 150626100）',
    width: 16,
  },
  { key: 'address', header: '地址', headerEn: 'Address', example: '嘎鲁图镇萨如拉街 18 号', width: 32 },
  {
    key: 'lng',
    header: '经度',
    headerEn: 'Longitude',
    example: '108.84',
    hint: 'WGS-84 经度，与纬度同时填写',
    width: 12,
  },
  {
    key: 'lat',
    header: '纬度',
    headerEn: 'Latitude',
    example: '38.60',
    hint: 'WGS-84 纬度，与经度同时填写',
    width: 12,
  },
  { key: 'contactPhone', header: '联系电话', headerEn: 'Phone', example: '0477-7512345', width: 16 },
  {
    key: 'sellerChannel',
    header: '销售渠道',
    headerEn: 'Sales channel',
    options: enumOptions(sellerChannelLabels),
    hint: '仅燃气具销售企业填写，且必须填写',
    width: 14,
  },
  { key: 'licences', header: '许可证情况', headerEn: 'Licences', exportOnly: true, width: 28 },
  { key: 'archived', header: '已归档', headerEn: 'Archived', exportOnly: true, width: 8 },
];

const headerOf = Object.fromEntries(enterpriseColumns.map((c) => [c.key, c.header]));
const regionMemo = new WeakMap<object, Map<string, RegionRef | 'ambiguous' | undefined>>();

/** Resolves an import's region text once per file (the transaction handle identifies the file). */
export async function resolveRegion(db: Parameters<typeof findRegionByCodeOrName>[0], text: string) {
  const cache = memo(regionMemo, db);
  if (!cache.has(text)) cache.set(text, await findRegionByCodeOrName(db, text));
  return cache.get(text);
}

/** Region cell → region, or an error on the column. */
export async function parseRegion(
  errors: CellErrors,
  db: Parameters<typeof findRegionByCodeOrName>[0],
  column: string,
  text: string,
) {
  if (text === '') {
    errors.push({ column, message: `${headerOf.region ?? '所在区划'}不能为空`, code: 'import.required' });
    return undefined;
  }
  const region = await resolveRegion(db, text);
  if (region === 'ambiguous') errors.push({ column, message: `区划名称“${text}”对应多个区划，请填写区划代码` });
  else if (!region) errors.push({ column, message: `区划“${text}”不存在`, code: 'import.reference_not_found' });
  else return region;
  return undefined;
}

/** Chinese row messages for the errors an enterprise write can raise. */
function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'enterprises.outside_scope':
        throw new RowRejected(
          '该企业的区划或类型不在您的管理范围内',
          (err.details as { field?: string })?.field === 'kind' ? 'kind' : 'region',
          'import.outside_scope',
        );
      case 'enterprises.credit_code_taken':
        throw new RowRejected('统一社会信用代码已被其他企业使用', 'creditCode', 'import.duplicate_record');
      case 'enterprises.region_not_found':
        throw new RowRejected('区划不存在', 'region', 'import.reference_not_found');
      case 'enterprises.seller_channel_invalid':
        throw new RowRejected('燃气具销售企业必须填写销售渠道，其他类型企业不填', 'sellerChannel');
      case 'enterprises.archived':
        throw new RowRejected('该企业已归档，不能通过导入修改', 'creditCode', 'import.archived');
      case 'registry.regulator_fields': {
        const field = (err.details as { field?: string })?.field;
        throw new RowRejected(
          '企业名称、所在区划和企业类型由监管部门变更，不能通过导入修改；请在企业详情中提交变更申请',
          field === 'kind' || field === 'name' ? field : 'region',
        );
      }
    }
  }
  throw err;
}

function summaryText(s: {
  valid: number;
  suspended: number;
  revoked: number;
  expired: number;
  expiringSoon: number;
}): string {
  const parts = [
    s.valid ? `有效 ${s.valid}` : '',
    s.expiringSoon ? `其中临期 ${s.expiringSoon}` : '',
    s.expired ? `过期 ${s.expired}` : '',
    s.suspended ? `暂停 ${s.suspended}` : '',
    s.revoked ? `吊销 ${s.revoked}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('，') : '无';
}

/** 燃气企业 for import and export: natural key the unified social credit code. */
export const enterprisesTabular: TabularKind<EnterpriseValues> = {
  kind: 'enterprises',
  title: '燃气企业',
  columns: enterpriseColumns,

  async parseRow(raw, { db }) {
    const errors: CellErrors = [];
    const name = parseText(errors, 'name', '企业名称', raw.name ?? '', { required: true, max: 100 });
    const kind = parseEnum<EnterpriseKind>(errors, 'kind', '企业类型', enterpriseKindLabels, raw.kind ?? '', true);
    const creditCode = parsePattern(
      errors,
      'creditCode',
      '统一社会信用代码',
      (raw.creditCode ?? '').toUpperCase(),
      CREDIT_CODE_PATTERN,
      { required: true, hint: '18 位，不含 I、O、S、V、Z' },
    );
    const region = await parseRegion(errors, db, 'region', raw.region ?? '');
    const address = parseText(errors, 'address', '地址', raw.address ?? '', { max: 200 });
    const lng = parseNumber(errors, 'lng', '经度', raw.lng ?? '', {
      min: CHINA_BOUNDS.lngMin,
      max: CHINA_BOUNDS.lngMax,
    });
    const lat = parseNumber(errors, 'lat', '纬度', raw.lat ?? '', {
      min: CHINA_BOUNDS.latMin,
      max: CHINA_BOUNDS.latMax,
    });
    if (lng !== undefined && lat !== undefined && (lng === null) !== (lat === null)) {
      errors.push({ column: lng === null ? 'lng' : 'lat', message: '经度和纬度须同时填写' });
    }
    const contactPhone = parsePattern(errors, 'contactPhone', '联系电话', raw.contactPhone ?? '', PHONE, {
      hint: '数字、+、- 和空格，5 到 20 位',
    });
    const sellerChannel = parseEnum<SellerChannel>(
      errors,
      'sellerChannel',
      '销售渠道',
      sellerChannelLabels,
      raw.sellerChannel ?? '',
      false,
    );
    if (kind && sellerChannel !== undefined) {
      if (kind === 'appliance_seller' && sellerChannel === null)
        errors.push({ column: 'sellerChannel', message: '燃气具销售企业须填写销售渠道' });
      if (kind !== 'appliance_seller' && sellerChannel !== null)
        errors.push({ column: 'sellerChannel', message: '只有燃气具销售企业填写销售渠道' });
    }
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        name: name!,
        kind: kind!,
        creditCode: creditCode!,
        regionId: region!.id,
        address: address ?? '',
        lng: lng ?? null,
        lat: lat ?? null,
        contactPhone: contactPhone ?? null,
        sellerChannel: sellerChannel ?? null,
      },
    };
  },

  naturalKey: (v) => v.creditCode,

  async upsert(value, { db, actor }) {
    try {
      const outcome = await createEnterprisesService({ db }).upsert({ actor, tx: db, values: value });
      if (outcome === 'outside_scope')
        throw new RowRejected(
          '该统一社会信用代码已登记为您管理范围以外的企业',
          'creditCode',
          'import.duplicate_record',
        );
      return outcome;
    } catch (err) {
      return rejectionOf(err);
    }
  },

  async *exportRows(query, { db, actor }) {
    const filters = EnterpriseFiltersQuery.parse(query);
    for await (const { row, summary } of createEnterprisesService({ db }).exportRows({ actor, filters })) {
      yield {
        name: row.name,
        kind: enterpriseKindLabels[row.kind].zh,
        creditCode: row.creditCode,
        region: row.regionName,
        address: row.address,
        lng: row.lng,
        lat: row.lat,
        contactPhone: row.contactPhone,
        sellerChannel: row.sellerChannel ? sellerChannelLabels[row.sellerChannel].zh : null,
        licences: summaryText(summary),
        archived: row.archivedAt !== null,
      };
    }
  },
};
