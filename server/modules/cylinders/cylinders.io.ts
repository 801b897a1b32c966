import { eq } from 'drizzle-orm';
import {
  CYLINDER_CODE_PATTERN,
  type CylinderLimits,
  type CylinderPhase,
  cylinderLocationLabels,
  cylinderModels,
  cylinderPhaseLabels,
  cylinderStatusLabels,
  defaultCylinderLimits,
  normaliseCylinderCode,
  normaliseCylinderModel,
} from '../../../domain/cylinders/cylinders.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { AppError } from '../../platform/errors.ts';
import {
  type CellErrors,
  RowRejected,
  type TabularColumn,
  type TabularKind,
  enterpriseCell,
  enterprisesTable,
  enumOptions,
  parseDate,
  parseEnum,
  parseNumber,
  parseText,
} from '../registry/index.ts';
import { cylinderScope } from './cylinders.access.ts';
import { type CreateCylinderInput, CylinderFiltersQuery } from './cylinders.schemas.ts';
import { createCylindersService } from './cylinders.service.ts';
import { cylindersTable } from './cylinders.table.ts';

const YES_NO = ['是', '否'];

export const cylinderColumns: TabularColumn[] = [
  {
    key: 'code',
    header: '气瓶编码',
    headerEn: 'Code',
    required: true,
    example: 'WS-LPG-000001',
    hint: '气瓶上印制或钢印的追溯码（4–64 位字母、数字及 - _ .，不区分大小写）；已登记的编码不再导入',
    width: 20,
  },
  {
    key: 'owner',
    header: '产权单位统一社会信用代码',
    headerEn: 'Owner credit code',
    required: true,
    example: '91150626MA0000000X',
    hint: '气瓶产权单位（充装单位），须为已登记的企业且在您的管理范围内',
    width: 24,
  },
  {
    key: 'model',
    header: '型号',
    headerEn: 'Model',
    required: true,
    example: 'YSP35.5',
    options: [...cylinderModels, 'YSP-5', 'YSP-10', 'YSP-15', 'YSP-50'],
    hint: 'GB 5842-2023 型号（YSP4.7、YSP12、YSP26.2、YSP35.5、YSP118、YSP118-II）或常用名 YSP-5/10/15/50',
    width: 12,
  },
  {
    key: 'phase',
    header: '气相/液相',
    headerEn: 'Phase',
    options: enumOptions(cylinderPhaseLabels),
    hint: '不填时：YSP118-II 为气液双相，其余为液相',
    width: 16,
  },
  {
    key: 'manufacturer',
    header: '制造单位',
    headerEn: 'Manufacturer',
    required: true,
    example: '某某气瓶厂',
    width: 20,
  },
  {
    key: 'serialNumber',
    header: '出厂编号',
    headerEn: 'Serial number',
    required: true,
    example: 'A2301234',
    width: 16,
  },
  { key: 'batch', header: '批号', headerEn: 'Batch', width: 12 },
  {
    key: 'manufacturedOn',
    header: '制造日期',
    headerEn: 'Manufactured on',
    required: true,
    example: '2023-05-01',
    width: 12,
  },
  {
    key: 'designLifeYears',
    header: '设计使用年限（年）',
    headerEn: 'Design life (years)',
    hint: '按钢印；不填时按规则参数的默认年限',
    width: 12,
  },
  {
    key: 'lastInspectedOn',
    header: '上次检验日期',
    headerEn: 'Last inspected on',
    hint: '检验信息只能由市场监管部门或专项办填写（产权单位不能自行声明）',
    width: 12,
  },
  {
    key: 'lastInspectionPassed',
    header: '上次检验合格',
    headerEn: 'Last inspection passed',
    options: YES_NO,
    width: 10,
  },
  { key: 'nextInspectionDue', header: '下次检验日期', headerEn: 'Next inspection due', width: 12 },
  { key: 'refurbished', header: '翻新/改装', headerEn: 'Refurbished', options: YES_NO, example: '否', width: 10 },
  { key: 'ownerName', header: '产权单位', headerEn: 'Owner', exportOnly: true, width: 24 },
  { key: 'status', header: '状态', headerEn: 'Status', exportOnly: true, width: 8 },
  { key: 'inspectionOverdue', header: '超期未检', headerEn: 'Inspection overdue', exportOnly: true, width: 8 },
  { key: 'serviceLifeEndsOn', header: '使用年限截止', headerEn: 'Service life ends', exportOnly: true, width: 12 },
  { key: 'location', header: '当前位置', headerEn: 'Location', exportOnly: true, width: 20 },
  { key: 'lastSeenAt', header: '最近出现', headerEn: 'Last seen', exportOnly: true, width: 20 },
];

/** 是/否 (or yes/no, true/false, 1/0) → boolean; empty → null. */
function parseYesNo(errors: CellErrors, column: string, header: string, text: string): boolean | null | undefined {
  if (text === '') return null;
  const t = text.toLowerCase();
  if (['是', 'yes', 'true', '1', 'y'].includes(t)) return true;
  if (['否', 'no', 'false', '0', 'n'].includes(t)) return false;
  errors.push({ column, message: `${header}“${text}”无效，请填“是”或“否”`, code: 'import.invalid_boolean' });
  return undefined;
}

/** The register's refusals of one row, on the column at fault (the service names the field). */
function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    const field = (err.details as { field?: string } | undefined)?.field ?? null;
    const column = field === 'ownerEnterpriseId' ? 'owner' : field;
    const messages: Record<string, string> = {
      'cylinders.code_taken': '该编码的气瓶已登记（报废的编码不再使用）',
      'cylinders.code_invalid': '气瓶编码须为 4–64 位字母、数字及 - _ .',
      'cylinders.model_invalid': '型号无效',
      'cylinders.owner_not_found': '产权单位未登记',
      'cylinders.owner_outside_scope': '只能为您管理的企业登记气瓶',
      'cylinders.dates_invalid': '日期相互矛盾（晚于今天、早于制造日期，或填了检验结论却没有检验日期）',
      'cylinders.inspection_not_declarable': '检验信息由检验机构记录或监管部门填写，产权单位不能自行声明',
    };
    const message = messages[err.code];
    if (message) throw new RowRejected(message, column, err.code);
  }
  throw err;
}

/**
 * 气瓶 for the register's import/export machinery (template, .xlsx/.csv import all-or-nothing or the clean
 * rows only, filtered export): natural key the code. An import registers new cylinders through the same
 * rules as `POST /api/v1/cylinders`; a code already registered to the same owner is left as it is
 * (`unchanged`: a cylinder's facts change through its events, never by a sheet), to another owner refused.
 */
export function cylindersTabular(
  limits: CylinderLimits = defaultCylinderLimits,
): TabularKind<CreateCylinderInput, Record<string, unknown>> {
  return {
    kind: 'cylinders',
    title: '气瓶',
    columns: cylinderColumns,

    async parseRow(raw, { db }) {
      const errors: CellErrors = [];
      const codeText = parseText(errors, 'code', '气瓶编码', raw.code ?? '', { required: true, max: 100 });
      const code = codeText ? normaliseCylinderCode(codeText) : undefined;
      if (code && !CYLINDER_CODE_PATTERN.test(code))
        errors.push({ column: 'code', message: '气瓶编码须为 4–64 位字母、数字及 - _ .' });
      const owner = await enterpriseCell(
        errors,
        db,
        'owner',
        '产权单位统一社会信用代码',
        (raw.owner ?? '').toUpperCase(),
        true,
      );
      const modelText = parseText(errors, 'model', '型号', raw.model ?? '', { required: true, max: 20 });
      const model = modelText ? normaliseCylinderModel(modelText) : null;
      if (modelText && !model)
        errors.push({ column: 'model', message: `型号“${modelText}”无效，可选：${cylinderModels.join('、')}` });
      const phase = parseEnum<CylinderPhase>(errors, 'phase', '气相/液相', cylinderPhaseLabels, raw.phase ?? '', false);
      const manufacturer = parseText(errors, 'manufacturer', '制造单位', raw.manufacturer ?? '', {
        required: true,
        max: 100,
      });
      const serialNumber = parseText(errors, 'serialNumber', '出厂编号', raw.serialNumber ?? '', {
        required: true,
        max: 60,
      });
      const batch = parseText(errors, 'batch', '批号', raw.batch ?? '', { max: 60 });
      const manufacturedOn = parseDate(errors, 'manufacturedOn', '制造日期', raw.manufacturedOn ?? '');
      if (manufacturedOn === null)
        errors.push({ column: 'manufacturedOn', message: '制造日期不能为空', code: 'import.required' });
      if (manufacturedOn && manufacturedOn > chinaToday())
        errors.push({ column: 'manufacturedOn', message: '制造日期不能晚于今天' });
      const designLifeYears = parseNumber(errors, 'designLifeYears', '设计使用年限（年）', raw.designLifeYears ?? '', {
        min: 1,
        max: 50,
        integer: true,
      });
      const lastInspectedOn = parseDate(errors, 'lastInspectedOn', '上次检验日期', raw.lastInspectedOn ?? '');
      const lastInspectionPassed = parseYesNo(
        errors,
        'lastInspectionPassed',
        '上次检验合格',
        raw.lastInspectionPassed ?? '',
      );
      const nextInspectionDue = parseDate(errors, 'nextInspectionDue', '下次检验日期', raw.nextInspectionDue ?? '');
      const refurbished = parseYesNo(errors, 'refurbished', '翻新/改装', raw.refurbished ?? '');
      if (errors.length > 0 || !code || !owner || !model || !manufacturer || !serialNumber || !manufacturedOn)
        return { ok: false, errors };
      return {
        ok: true,
        value: {
          code,
          ownerEnterpriseId: owner.id,
          model,
          manufacturer,
          serialNumber,
          manufacturedOn,
          ...(phase ? { phase } : {}),
          ...(batch ? { batch } : {}),
          ...(designLifeYears ? { designLifeYears } : {}),
          ...(lastInspectedOn ? { lastInspectedOn } : {}),
          ...(lastInspectionPassed !== null && lastInspectionPassed !== undefined ? { lastInspectionPassed } : {}),
          ...(nextInspectionDue ? { nextInspectionDue } : {}),
          ...(refurbished !== null && refurbished !== undefined ? { refurbished } : {}),
        },
      };
    },

    naturalKey: (value) => value.code,

    async upsert(value, { db, actor }) {
      const c = cylindersTable;
      const [known] = await db
        .select({ owner: c.ownerEnterpriseId, readable: cylinderScope(actor, 'cylinder.read').mapWith(Boolean) })
        .from(c)
        .where(eq(c.code, value.code));
      if (known) {
        if (known.readable && known.owner === value.ownerEnterpriseId) return 'unchanged';
        throw new RowRejected(
          '该编码的气瓶已登记在其他产权单位名下（报废的编码不再使用）',
          'code',
          'import.duplicate_record',
        );
      }
      try {
        await createCylindersService({ db, limits }).register({ actor, ...value });
        return 'created';
      } catch (err) {
        return rejectionOf(err);
      }
    },

    async *exportRows(query, { db, actor }) {
      const filters = CylinderFiltersQuery.parse(query);
      // The owner's credit code, so that an export can be imported elsewhere as it is.
      const creditCodes = new Map<string, string | null>();
      const creditCodeOf = async (id: string) => {
        if (!creditCodes.has(id)) {
          const [e] = await db
            .select({ creditCode: enterprisesTable.creditCode })
            .from(enterprisesTable)
            .where(eq(enterprisesTable.id, id));
          creditCodes.set(id, e?.creditCode ?? null);
        }
        return creditCodes.get(id) ?? null;
      };
      for await (const x of createCylindersService({ db, limits }).exportRows({ actor, filters })) {
        yield {
          code: x.code,
          owner: await creditCodeOf(x.ownerEnterpriseId),
          model: x.model,
          phase: cylinderPhaseLabels[x.phase].zh,
          manufacturer: x.manufacturer,
          serialNumber: x.serialNumber,
          batch: x.batch,
          manufacturedOn: x.manufacturedOn,
          designLifeYears: x.designLifeYears,
          lastInspectedOn: x.lastInspectedOn,
          lastInspectionPassed: x.lastInspectionPassed === null ? null : x.lastInspectionPassed ? '是' : '否',
          nextInspectionDue: x.nextInspectionDue,
          refurbished: x.refurbished ? '是' : '否',
          ownerName: x.ownerName,
          status: cylinderStatusLabels[x.status].zh,
          inspectionOverdue: x.inspectionOverdue ? '是' : '否',
          serviceLifeEndsOn: x.serviceLifeEndsOn,
          location: [cylinderLocationLabels[x.location.type].zh, x.location.label].filter(Boolean).join(' '),
          lastSeenAt: x.lastSeenAt,
        };
      }
    },
  };
}
