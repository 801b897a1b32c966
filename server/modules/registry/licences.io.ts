import { CREDIT_CODE_PATTERN } from '../../../domain/registry/credit-code.ts';
import { type LicenceKind, licenceKindLabels, licenceStatusLabels } from '../../../domain/registry/registry.ts';
import { AppError } from '../../platform/errors.ts';
import { LicenceFiltersQuery } from './licences.schemas.ts';
import { type LicenceValues, createLicencesService } from './licences.service.ts';
import { RowRejected } from './tabular.ts';
import { type CellErrors, enumOptions, parseDate, parseEnum, parsePattern, parseText } from './tabular.cells.ts';
import type { TabularColumn, TabularKind } from './tabular.types.ts';

export const licenceColumns: TabularColumn[] = [
  { key: 'enterpriseName', header: '持证企业', headerEn: 'Holder', exportOnly: true, width: 30 },
  {
    key: 'enterpriseCreditCode',
    header: '持证企业统一社会信用代码',
    headerEn: 'Holder credit code',
    required: true,
    example: '91150626MA0N1B2C3D',
    hint: '须为已登记的企业',
    width: 26,
  },
  {
    key: 'kind',
    header: '许可证类型',
    headerEn: 'Kind',
    required: true,
    example: '燃气经营许可证',
    options: enumOptions(licenceKindLabels),
    width: 22,
  },
  {
    key: 'number',
    header: '许可证编号',
    headerEn: 'Number',
    required: true,
    example: '蒙202306260001L',
    hint: '同一类型内唯一；重复导入时按“类型 + 编号”更新',
    width: 22,
  },
  { key: 'scope', header: '许可范围', headerEn: 'Scope', example: '液化石油气（瓶装）', width: 24 },
  { key: 'issuingBody', header: '发证机关', headerEn: 'Issued by', example: '鄂尔多斯市住房和城乡建设局', width: 24 },
  {
    key: 'validFrom',
    header: '有效期自',
    headerEn: 'Valid from',
    example: '2023-06-26',
    hint: '日期，如 2023-06-26',
    width: 14,
  },
  {
    key: 'validTo',
    header: '有效期至',
    headerEn: 'Valid to',
    required: true,
    example: '2026-06-25',
    hint: '日期，不早于有效期自',
    width: 14,
  },
  { key: 'status', header: '状态', headerEn: 'Status', exportOnly: true, width: 10 },
  { key: 'statusReason', header: '状态原因', headerEn: 'Status reason', exportOnly: true, width: 24 },
  { key: 'region', header: '所在区划', headerEn: 'Region', exportOnly: true, width: 14 },
];

type LicenceImportRow = LicenceValues & { enterpriseCreditCode: string };

function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'licences.number_taken':
        throw new RowRejected('同类许可证中已有该编号', 'number', 'import.duplicate_record');
      case 'licences.dates_invalid':
        throw new RowRejected('有效期自不能晚于有效期至', 'validTo');
    }
  }
  throw err;
}

/** 许可证 for import and export: natural key (kind, number); the holder is named by its credit code. */
export const licencesTabular: TabularKind<LicenceImportRow> = {
  kind: 'licences',
  title: '许可证',
  columns: licenceColumns,

  async parseRow(raw) {
    const errors: CellErrors = [];
    const enterpriseCreditCode = parsePattern(
      errors,
      'enterpriseCreditCode',
      '持证企业统一社会信用代码',
      (raw.enterpriseCreditCode ?? '').toUpperCase(),
      CREDIT_CODE_PATTERN,
      { required: true, hint: '18 位' },
    );
    const kind = parseEnum<LicenceKind>(errors, 'kind', '许可证类型', licenceKindLabels, raw.kind ?? '', true);
    const number = parseText(errors, 'number', '许可证编号', raw.number ?? '', { required: true, max: 60 });
    const scope = parseText(errors, 'scope', '许可范围', raw.scope ?? '', { max: 500 });
    const issuingBody = parseText(errors, 'issuingBody', '发证机关', raw.issuingBody ?? '', { max: 100 });
    const validFrom = parseDate(errors, 'validFrom', '有效期自', raw.validFrom ?? '');
    const validTo = parseDate(errors, 'validTo', '有效期至', raw.validTo ?? '');
    if (validTo === null) errors.push({ column: 'validTo', message: '有效期至不能为空', code: 'import.required' });
    if (validFrom && validTo && validFrom > validTo)
      errors.push({ column: 'validTo', message: '有效期自不能晚于有效期至' });
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        enterpriseCreditCode: enterpriseCreditCode!,
        kind: kind!,
        number: number!,
        scope: scope ?? '',
        issuingBody: issuingBody ?? '',
        validFrom: validFrom ?? null,
        validTo: validTo!,
      },
    };
  },

  naturalKey: (v) => `${licenceKindLabels[v.kind].zh} ${v.number}`,

  async upsert(value, { db, actor }) {
    const { enterpriseCreditCode, ...values } = value;
    try {
      const outcome = await createLicencesService({ db }).upsert({ actor, tx: db, enterpriseCreditCode, values });
      if (typeof outcome === 'object') throw new RowRejected(outcome.refused, outcome.column);
      return outcome;
    } catch (err) {
      return rejectionOf(err);
    }
  },

  async *exportRows(query, { db, actor }) {
    const filters = LicenceFiltersQuery.parse(query);
    for await (const l of createLicencesService({ db }).exportRows({ actor, filters })) {
      yield {
        enterpriseName: l.enterpriseName,
        enterpriseCreditCode: l.enterpriseCreditCode,
        kind: licenceKindLabels[l.kind].zh,
        number: l.number,
        scope: l.scope,
        issuingBody: l.issuingBody,
        validFrom: l.validFrom,
        validTo: l.validTo,
        status: licenceStatusLabels[l.status].zh,
        statusReason: l.statusReason,
        region: l.regionName,
      };
    }
  },
};
