import { z } from 'zod';
import {
  MIN_INSTALLED_YEAR,
  chinaToday,
  parseGeometryText,
} from '../../../domain/registry/pipelines-people-vehicles.ts';
import {
  type PipeMaterial,
  type PressureClass,
  type RenewalStatus,
  pipeMaterialLabels,
  pressureClassLabels,
  renewalStatusLabels,
} from '../../../domain/registry/registry.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { PipelineFilterQuery } from './pipelines.schemas.ts';
import type { CreatePipelineInput } from './pipelines.schemas.ts';
import { createPipelinesService } from './pipelines.service.ts';
import { enterpriseCell, regionCell, yesNo } from './registry.refs.ts';
import { RowRejected } from './tabular.ts';
import { type CellErrors, enumOptions, parseBool, parseEnum, parseNumber, parseText } from './tabular.cells.ts';
import type { TabularColumn, TabularKind } from './tabular.types.ts';

export const pipelineColumns: TabularColumn[] = [
  {
    key: 'code',
    header: '管段编号',
    headerEn: 'Code',
    required: true,
    example: 'GLT-ZY-0101',
    hint: '管段的唯一编号，重复导入时按此更新',
    width: 18,
  },
  { key: 'name', header: '管段名称', headerEn: 'Name', required: true, example: '萨如拉街中压主管', width: 26 },
  {
    key: 'owner',
    header: '权属企业统一社会信用代码',
    headerEn: 'Owner credit code',
    example: '91150626MA0N1B2C3D',
    hint: '须为已登记的管道燃气经营企业；无主管道留空',
    width: 24,
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
  {
    key: 'material',
    header: '管材',
    headerEn: 'Material',
    required: true,
    example: '钢管',
    options: enumOptions(pipeMaterialLabels),
    width: 12,
  },
  {
    key: 'pressureClass',
    header: '压力级制',
    headerEn: 'Pressure class',
    required: true,
    example: '中压A',
    options: enumOptions(pressureClassLabels),
    width: 12,
  },
  { key: 'diameterMm', header: '管径(mm)', headerEn: 'Diameter (mm)', example: '160', width: 10 },
  { key: 'lengthM', header: '长度(m)', headerEn: 'Length (m)', example: '1250.5', width: 10 },
  {
    key: 'installedYear',
    header: '建设年份',
    headerEn: 'Installed',
    example: '1998',
    hint: `${MIN_INSTALLED_YEAR} 年至今；管龄由此计算`,
    width: 10,
  },
  { key: 'encroached', header: '是否被占压', headerEn: 'Encroached', example: '否', options: ['是', '否'], width: 10 },
  {
    key: 'confinedSpace',
    header: '是否穿越密闭空间',
    headerEn: 'Through confined space',
    example: '否',
    options: ['是', '否'],
    width: 14,
  },
  {
    key: 'renewalStatus',
    header: '更新改造状态',
    headerEn: 'Renewal',
    example: '无需改造',
    options: enumOptions(renewalStatusLabels),
    width: 12,
  },
  {
    key: 'geometry',
    header: '走向坐标',
    headerEn: 'Geometry',
    example: '108.8401,38.6012;108.8452,38.6031',
    hint: '经度,纬度，各点之间用分号分隔，至少两点；可留空',
    width: 40,
  },
  { key: 'ageYears', header: '管龄(年)', headerEn: 'Age (years)', exportOnly: true, width: 10 },
  { key: 'owner_name', header: '权属企业', headerEn: 'Owner', exportOnly: true, width: 24 },
  { key: 'archived', header: '已归档', headerEn: 'Archived', exportOnly: true, width: 8 },
];

/** Chinese row messages for the errors a segment write can raise. */
function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'pipelines.outside_scope':
        throw new RowRejected('该管段的区划或权属企业不在您的管理范围内', 'region', 'import.outside_scope');
      case 'pipelines.code_taken':
        throw new RowRejected('该管段编号已登记在您的管理范围以外', 'code', 'import.duplicate_record');
      case 'pipelines.archived':
        throw new RowRejected('该管段已归档，不能通过导入修改', 'code', 'import.archived');
      case 'pipelines.owner_not_pipeline_operator':
        throw new RowRejected('权属企业须为管道燃气经营企业', 'owner');
      case 'pipelines.owner_not_found':
        throw new RowRejected('权属企业未登记', 'owner', 'import.reference_not_found');
      case 'pipelines.region_not_found':
        throw new RowRejected('区划不存在', 'region', 'import.reference_not_found');
    }
  }
  throw err;
}

/** The list's filters; other query keys (paging, sorting) are ignored by an export. */
const ExportQuery = z.object(PipelineFilterQuery.shape);

/** 燃气管网 for import and export: natural key the segment code. */
export const pipelinesTabular: TabularKind<CreatePipelineInput> = {
  kind: 'pipeline-segments',
  title: '燃气管网',
  columns: pipelineColumns,

  async parseRow(raw, { db }) {
    const errors: CellErrors = [];
    const code = parseText(errors, 'code', '管段编号', raw.code ?? '', { required: true, max: 50 });
    if (code && /\s/.test(code)) errors.push({ column: 'code', message: '管段编号不能包含空格' });
    const name = parseText(errors, 'name', '管段名称', raw.name ?? '', { required: true, max: 100 });
    const owner = await enterpriseCell(errors, db, 'owner', '权属企业', raw.owner ?? '', false);
    if (owner && owner.kind !== 'pipeline_operator')
      errors.push({ column: 'owner', message: `“${owner.name}”不是管道燃气经营企业` });
    const region = await regionCell(errors, db, 'region', '所在区划', raw.region ?? '', true);
    const material = parseEnum<PipeMaterial>(errors, 'material', '管材', pipeMaterialLabels, raw.material ?? '', true);
    const pressureClass = parseEnum<PressureClass>(
      errors,
      'pressureClass',
      '压力级制',
      pressureClassLabels,
      raw.pressureClass ?? '',
      true,
    );
    const diameterMm = parseNumber(errors, 'diameterMm', '管径', raw.diameterMm ?? '', {
      min: 1,
      max: 3000,
      integer: true,
    });
    const lengthM = parseNumber(errors, 'lengthM', '长度', raw.lengthM ?? '', { min: 0.1, max: 99_999_999 });
    const installedYear = parseNumber(errors, 'installedYear', '建设年份', raw.installedYear ?? '', {
      min: MIN_INSTALLED_YEAR,
      max: Number(chinaToday().slice(0, 4)),
      integer: true,
    });
    const encroached = parseBool(errors, 'encroached', '是否被占压', raw.encroached ?? '');
    const confinedSpace = parseBool(errors, 'confinedSpace', '是否穿越密闭空间', raw.confinedSpace ?? '');
    const renewalStatus = parseEnum<RenewalStatus>(
      errors,
      'renewalStatus',
      '更新改造状态',
      renewalStatusLabels,
      raw.renewalStatus ?? '',
      false,
    );
    const geometry = parseGeometryText((raw.geometry ?? '').replace(/[;；]/g, '\n'));
    if (!geometry.ok) {
      const why: Record<string, string> = {
        at_least_two_points: '至少需要两个点',
        not_a_pair: '每个点应写成“经度,纬度”',
        lng_out_of_range: '经度超出范围',
        lat_out_of_range: '纬度超出范围',
        too_many_points: '点数过多',
      };
      errors.push({
        column: 'geometry',
        message: `走向坐标第 ${geometry.line} 个点有误：${why[geometry.reason] ?? geometry.reason}`,
      });
    }
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        code: code!,
        name: name!,
        ownerEnterpriseId: owner?.id ?? null,
        regionId: region!.id,
        material: material!,
        pressureClass: pressureClass!,
        diameterMm: diameterMm ?? null,
        lengthM: lengthM ?? null,
        installedYear: installedYear ?? null,
        encroached: encroached ?? false,
        confinedSpace: confinedSpace ?? false,
        renewalStatus: renewalStatus ?? 'not_needed',
        geometry: geometry.ok && geometry.points.length ? geometry.points : null,
      },
    };
  },

  naturalKey: (v) => v.code,

  async upsert(value, { db, actor }) {
    try {
      return await createPipelinesService({ db }).upsertByCode({ actor, value });
    } catch (err) {
      return rejectionOf(err);
    }
  },

  async *exportRows(query, { db, actor }) {
    const parsed = ExportQuery.safeParse(query);
    if (!parsed.success)
      throw validationFailed({
        issues: parsed.error.issues.map((i) => ({
          path: ['querystring', ...i.path.map(String)],
          code: i.code,
          message: i.message,
        })),
      });
    for await (const s of createPipelinesService({ db }).iterate({ actor, ...parsed.data })) {
      yield {
        code: s.code,
        name: s.name,
        owner: s.ownerEnterprise?.creditCode ?? null,
        owner_name: s.ownerEnterprise?.name ?? null,
        region: s.region.name,
        material: pipeMaterialLabels[s.material].zh,
        pressureClass: pressureClassLabels[s.pressureClass].zh,
        diameterMm: s.diameterMm,
        lengthM: s.lengthM,
        installedYear: s.installedYear,
        encroached: yesNo(s.encroached),
        confinedSpace: yesNo(s.confinedSpace),
        renewalStatus: renewalStatusLabels[s.renewalStatus].zh,
        geometry: s.geometry ? s.geometry.map(([lng, lat]) => `${lng},${lat}`).join(';') : null,
        ageYears: s.ageYears,
        archived: yesNo(s.archived),
      };
    }
  },
};
