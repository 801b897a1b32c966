import { CREDIT_CODE_PATTERN } from '../../../domain/registry/credit-code.ts';
import { CHINA_BOUNDS } from '../../../domain/registry/places.ts';
import { type FacilityKind, facilityKindLabels } from '../../../domain/registry/registry.ts';
import { AppError } from '../../platform/errors.ts';
import { parseRegion } from './enterprises.io.ts';
import { FacilityFiltersQuery } from './facilities.schemas.ts';
import { type FacilityValues, createFacilitiesService } from './facilities.service.ts';
import { RowRejected } from './tabular.ts';
import { type CellErrors, enumOptions, parseEnum, parseNumber, parsePattern, parseText } from './tabular.cells.ts';
import type { TabularColumn, TabularKind } from './tabular.types.ts';

export const facilityColumns: TabularColumn[] = [
  { key: 'enterpriseName', header: '所属企业', headerEn: 'Enterprise', exportOnly: true, width: 30 },
  {
    key: 'enterpriseCreditCode',
    header: '所属企业统一社会信用代码',
    headerEn: 'Enterprise credit code',
    required: true,
    example: '91150626MA0N1B2C3D',
    hint: '须为已登记的企业',
    width: 26,
  },
  {
    key: 'name',
    header: '设施名称',
    headerEn: 'Name',
    required: true,
    example: '萨如拉瓶装液化气供应点',
    hint: '同一企业内唯一；重复导入时按“企业 + 名称”更新',
    width: 28,
  },
  {
    key: 'kind',
    header: '设施类型',
    headerEn: 'Kind',
    required: true,
    example: '瓶装供应点',
    options: enumOptions(facilityKindLabels),
    width: 16,
  },
  {
    key: 'region',
    header: '所在区划',
    headerEn: 'Region',
    required: true,
    example: '嘎鲁图镇',
    hint: '苏木镇或社区的名称，或区划代码',
    width: 16,
  },
  { key: 'address', header: '地址', headerEn: 'Address', example: '嘎鲁图镇萨如拉街 20 号', width: 30 },
  {
    key: 'lng',
    header: '经度',
    headerEn: 'Longitude',
    example: '108.85',
    hint: 'WGS-84 经度，与纬度同时填写',
    width: 12,
  },
  {
    key: 'lat',
    header: '纬度',
    headerEn: 'Latitude',
    example: '38.61',
    hint: 'WGS-84 纬度，与经度同时填写',
    width: 12,
  },
];

type FacilityImportRow = FacilityValues & { enterpriseCreditCode: string };

function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'facilities.outside_scope':
        throw new RowRejected('该设施的区划或所属企业不在您的管理范围内', 'region', 'import.outside_scope');
      case 'facilities.name_taken':
        throw new RowRejected('该企业已有同名设施', 'name', 'import.duplicate_record');
      case 'facilities.region_not_found':
        throw new RowRejected('区划不存在', 'region', 'import.reference_not_found');
    }
  }
  throw err;
}

/** 场站设施 for import and export: natural key (enterprise credit code, name). */
export const facilitiesTabular: TabularKind<FacilityImportRow> = {
  kind: 'facilities',
  title: '场站设施',
  columns: facilityColumns,

  async parseRow(raw, { db }) {
    const errors: CellErrors = [];
    const enterpriseCreditCode = parsePattern(
      errors,
      'enterpriseCreditCode',
      '所属企业统一社会信用代码',
      (raw.enterpriseCreditCode ?? '').toUpperCase(),
      CREDIT_CODE_PATTERN,
      { required: true, hint: '18 位' },
    );
    const name = parseText(errors, 'name', '设施名称', raw.name ?? '', { required: true, max: 100 });
    const kind = parseEnum<FacilityKind>(errors, 'kind', '设施类型', facilityKindLabels, raw.kind ?? '', true);
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
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        enterpriseCreditCode: enterpriseCreditCode!,
        name: name!,
        kind: kind!,
        regionId: region!.id,
        address: address ?? '',
        lng: lng ?? null,
        lat: lat ?? null,
      },
    };
  },

  naturalKey: (v) => `${v.enterpriseCreditCode} ${v.name}`,

  async upsert(value, { db, actor }) {
    const { enterpriseCreditCode, ...values } = value;
    try {
      const outcome = await createFacilitiesService({ db }).upsert({ actor, tx: db, enterpriseCreditCode, values });
      if (typeof outcome === 'object') throw new RowRejected(outcome.refused, outcome.column);
      return outcome;
    } catch (err) {
      return rejectionOf(err);
    }
  },

  async *exportRows(query, { db, actor }) {
    const filters = FacilityFiltersQuery.parse(query);
    for await (const f of createFacilitiesService({ db }).exportRows({ actor, filters })) {
      yield {
        enterpriseName: f.enterpriseName,
        enterpriseCreditCode: f.enterpriseCreditCode,
        name: f.name,
        kind: facilityKindLabels[f.kind].zh,
        region: f.regionName,
        address: f.address,
        lng: f.lng,
        lat: f.lat,
      };
    }
  },
};
