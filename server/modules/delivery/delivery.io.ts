import {
  type BelowGround,
  type GasUserKind,
  type RefusalCode,
  belowGroundLabels,
  gasUserKindLabels,
  refusalLabels,
} from '../../../domain/delivery/delivery.ts';
import { AppError } from '../../platform/errors.ts';
import {
  type CellErrors,
  RowRejected,
  type TabularColumn,
  type TabularKind,
  VENUE_CELL_SEPARATOR,
  enterpriseCell,
  enumOptions,
  parseDate,
  parseEnum,
  parseNumber,
  parseText,
  regionCell,
  venueCell,
} from '../registry/index.ts';
import { deliveryScope } from './delivery.access.ts';
import { deliveryUserNotFound } from './delivery.errors.ts';
import { createDeliveryRepository } from './delivery.repository.ts';
import { type CreateGasUserInput, CreateGasUserBody, ListGasUsersQuery } from './delivery.schemas.ts';
import { createDeliveryService } from './delivery.service.ts';
import { deliveryUsersTable } from './delivery.table.ts';

const YES_NO = ['是', '否'];

/** The filters of the gas users list, without paging: what an export takes. */
export const GasUserFiltersQuery = ListGasUsersQuery.omit({ page: true, pageSize: true });

export const gasUserColumns: TabularColumn[] = [
  {
    key: 'operator',
    header: '供气企业统一社会信用代码',
    headerEn: 'Operator credit code',
    required: true,
    example: '91150626MA0000000X',
    hint: '瓶装燃气经营企业，须已登记且在您的管理范围内',
    width: 24,
  },
  {
    key: 'kind',
    header: '用户类型',
    headerEn: 'Kind',
    required: true,
    example: '居民用户',
    options: enumOptions(gasUserKindLabels),
    width: 12,
  },
  {
    key: 'venue',
    header: '用气场所',
    headerEn: 'Venue',
    hint: `非居民用户必填：登记册中的场所名称（同名时填“名称${VENUE_CELL_SEPARATOR}地址”）；居民用户不填（随用户自动登记）`,
    width: 28,
  },
  { key: 'holderName', header: '用户姓名', headerEn: 'Holder', required: true, example: '张三', width: 12 },
  {
    key: 'holderPhone',
    header: '联系电话',
    headerEn: 'Phone',
    required: true,
    example: '13900000000',
    width: 14,
  },
  {
    key: 'region',
    header: '所属区划',
    headerEn: 'Region',
    required: true,
    example: '嘎鲁图镇',
    hint: '苏木镇名称或区划代码',
    width: 14,
  },
  {
    key: 'address',
    header: '地址',
    headerEn: 'Address',
    required: true,
    example: '嘎鲁图镇某小区1号楼2单元101',
    width: 30,
  },
  { key: 'lng', header: '经度', headerEn: 'Longitude', example: '108.85', width: 10 },
  { key: 'lat', header: '纬度', headerEn: 'Latitude', example: '38.60', width: 10 },
  {
    key: 'cylinderFloor',
    header: '气瓶所在楼层',
    headerEn: 'Cylinder floor',
    example: '1',
    hint: '不填时为 1 层；地下室填负数',
    width: 10,
  },
  {
    key: 'belowGround',
    header: '地下/半地下',
    headerEn: 'Below ground',
    options: enumOptions(belowGroundLabels),
    example: '地上',
    hint: '气瓶放在地下室或半地下室的，不予供气（方案三(一)3）',
    width: 10,
  },
  {
    key: 'highRiseBuilding',
    header: '高层建筑',
    headerEn: 'High-rise building',
    options: YES_NO,
    example: '否',
    hint: '建筑的事实（GB 50016），与所在楼层无关；高层建筑只用管道燃气',
    width: 10,
  },
  { key: 'contractNumber', header: '供气合同编号', headerEn: 'Contract number', example: 'HT-2026-001', width: 16 },
  { key: 'contractFrom', header: '合同起始日期', headerEn: 'Contract from', example: '2026-01-01', width: 12 },
  {
    key: 'contractTo',
    header: '合同截止日期',
    headerEn: 'Contract to',
    hint: '不填为长期；同一场所同一时期只能与一家企业签订供气合同',
    width: 12,
  },
  { key: 'operatorName', header: '供气企业', headerEn: 'Operator', exportOnly: true, width: 24 },
  { key: 'contractValid', header: '合同有效', headerEn: 'Contract valid', exportOnly: true, width: 8 },
  { key: 'refusals', header: '不予供气原因', headerEn: 'Refusals', exportOnly: true, width: 30 },
];

/** The columns of the one-user route's fields, for the body's own rules. */
const columnOfField: Record<string, string> = {
  operatorId: 'operator',
  venueId: 'venue',
  regionId: 'region',
};

function parseYesNo(errors: CellErrors, column: string, header: string, text: string): boolean | null | undefined {
  if (text === '') return null;
  const t = text.toLowerCase();
  if (['是', 'yes', 'true', '1', 'y'].includes(t)) return true;
  if (['否', 'no', 'false', '0', 'n'].includes(t)) return false;
  errors.push({ column, message: `${header}“${text}”无效，请填“是”或“否”`, code: 'import.invalid_boolean' });
  return undefined;
}

/** The delivery service's refusals of one row, on the column at fault. */
function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    const field = (err.details as { field?: string } | undefined)?.field ?? null;
    // A user filed by an operator outside the importer's scope: the operator's column is at fault.
    const column = err.code === 'delivery.user_not_found' ? 'operator' : field ? (columnOfField[field] ?? field) : null;
    const messages: Record<string, string> = {
      'delivery.operator_invalid': '只能为您管理的瓶装燃气经营企业登记用户',
      'delivery.venue_invalid':
        column === 'region'
          ? '区划不存在'
          : column === 'address'
            ? '该地址已登记为非居民场所，请按非居民用户填写'
            : '非居民用户须填写登记册中的非居民场所；居民用户不填场所',
      'delivery.user_duplicate': '该企业已登记此用户',
      'delivery.other_supplier': '该场所在此期间已与其他企业签订供气合同（同一时期只能一家供气）',
      'delivery.contract_dates_invalid': '合同日期无效（截止日期早于起始日期，或只填了截止日期）',
      'delivery.user_not_found': '只能修改您管理的企业的用户',
    };
    const message = messages[err.code];
    if (message) throw new RowRejected(message, column, err.code);
  }
  throw err;
}

/** Fields a sheet may change on a user already filed (the one-user PATCH's fields). */
const changeable = [
  'holderName',
  'holderPhone',
  'address',
  'lng',
  'lat',
  'cylinderFloor',
  'belowGround',
  'highRiseBuilding',
  'contractNumber',
  'contractFrom',
  'contractTo',
] as const;

/**
 * 瓶装燃气实名用户 for the register's import/export machinery (template, .xlsx/.csv import all-or-nothing or
 * the clean rows only, dry run, filtered export). Natural key: the operator and the venue (a business: the
 * register's venue; a household: its holder and address). A new user is filed through the same rules as
 * `POST /api/v1/delivery/users`; a user already filed is updated through those of `PATCH /api/v1/delivery/users/:id`
 * (both in the importer's scope, audited).
 */
export function gasUsersTabular(): TabularKind<CreateGasUserInput, Record<string, unknown>> {
  return {
    kind: 'delivery-users',
    title: '瓶装燃气用户',
    columns: gasUserColumns,

    async parseRow(raw, { db }) {
      const errors: CellErrors = [];
      const operator = await enterpriseCell(
        errors,
        db,
        'operator',
        '供气企业统一社会信用代码',
        (raw.operator ?? '').toUpperCase(),
        true,
      );
      const kind = parseEnum<GasUserKind>(errors, 'kind', '用户类型', gasUserKindLabels, raw.kind ?? '', true);
      const venue = await venueCell(errors, db, 'venue', '用气场所', raw.venue ?? '');
      if (kind === 'business' && venue === null)
        errors.push({ column: 'venue', message: '非居民用户须填写用气场所（登记册中的场所）' });
      if (kind === 'household' && venue)
        errors.push({ column: 'venue', message: '居民用户不填用气场所（随用户自动登记）' });
      const region = await regionCell(errors, db, 'region', '所属区划', raw.region ?? '', true);
      const lng = parseNumber(errors, 'lng', '经度', raw.lng ?? '', { min: -180, max: 180 });
      const lat = parseNumber(errors, 'lat', '纬度', raw.lat ?? '', { min: -90, max: 90 });
      if ((lng === null) !== (lat === null) && lng !== undefined && lat !== undefined)
        errors.push({ column: lng === null ? 'lng' : 'lat', message: '经度和纬度须同时填写' });
      const cylinderFloor = parseNumber(errors, 'cylinderFloor', '气瓶所在楼层', raw.cylinderFloor ?? '', {
        min: -5,
        max: 200,
        integer: true,
      });
      const belowGround = parseEnum<BelowGround>(
        errors,
        'belowGround',
        '地下/半地下',
        belowGroundLabels,
        raw.belowGround ?? '',
        false,
      );
      const highRiseBuilding = parseYesNo(errors, 'highRiseBuilding', '高层建筑', raw.highRiseBuilding ?? '');
      const contractFrom = parseDate(errors, 'contractFrom', '合同起始日期', raw.contractFrom ?? '');
      const contractTo = parseDate(errors, 'contractTo', '合同截止日期', raw.contractTo ?? '');
      const contractNumber = parseText(errors, 'contractNumber', '供气合同编号', raw.contractNumber ?? '', {
        max: 200,
      });
      // The one-user route's own rules (names, phone, address), on the columns at fault.
      const body = CreateGasUserBody.safeParse({
        operatorId: operator?.id ?? '00000000-0000-4000-8000-000000000000',
        kind: kind ?? 'household',
        ...(venue ? { venueId: venue.id } : {}),
        holderName: raw.holderName ?? '',
        holderPhone: raw.holderPhone ?? '',
        regionId: region?.id ?? '00000000-0000-4000-8000-000000000000',
        address: raw.address ?? '',
        lng: lng ?? null,
        lat: lat ?? null,
        ...(cylinderFloor != null ? { cylinderFloor } : {}),
        ...(belowGround ? { belowGround } : {}),
        ...(highRiseBuilding != null ? { highRiseBuilding } : {}),
        contractNumber: contractNumber || null,
        contractFrom: contractFrom ?? null,
        contractTo: contractTo ?? null,
      });
      if (!body.success)
        for (const issue of body.error.issues) {
          const field = String(issue.path[0] ?? '');
          const column = columnOfField[field] ?? field;
          if (errors.some((e) => e.column === column)) continue;
          const header = gasUserColumns.find((c) => c.key === column)?.header ?? column;
          errors.push({
            column,
            message: (raw[column] ?? '') === '' ? `${header}不能为空` : `${header}格式无效`,
            code: 'import.required',
          });
        }
      if (contractFrom && contractTo && contractTo < contractFrom)
        errors.push({ column: 'contractTo', message: '合同截止日期不能早于起始日期' });
      if (contractTo && !contractFrom)
        errors.push({ column: 'contractFrom', message: '填写合同截止日期时须填写起始日期' });
      if (errors.length > 0 || !body.success || !operator || !kind || !region) return { ok: false, errors };
      return { ok: true, value: body.data };
    },

    naturalKey: (v) =>
      v.kind === 'business'
        ? `${v.operatorId}|venue|${v.venueId}`
        : `${v.operatorId}|household|${v.holderName}|${v.address}`,

    async upsert(value, { db, actor }) {
      const r = createDeliveryRepository({ db });
      const venueId =
        value.kind === 'business'
          ? value.venueId!
          : (await r.venueByNaturalKey(`${value.holderName}（居民用户）`, value.address))?.id;
      const known = venueId ? await r.userOfOperatorVenue(value.operatorId, venueId) : undefined;
      const service = createDeliveryService({ db });
      try {
        if (!known) {
          await service.createUser({ actor, input: value });
          return 'created';
        }
        const changes: Record<string, unknown> = {};
        for (const key of changeable) {
          const next = value[key] ?? null;
          if (next !== (known[key] ?? null)) changes[key] = next;
        }
        if (Object.keys(changes).length === 0) {
          // Nothing to write, but the importer must still manage this user.
          const scope = deliveryScope(actor, 'delivery.manage', {
            regionId: deliveryUsersTable.regionId,
            operatorId: deliveryUsersTable.operatorEnterpriseId,
          });
          if (!(await r.getUser(known.id, scope))) throw deliveryUserNotFound();
          return 'unchanged';
        }
        await service.updateUser({ actor, id: known.id, changes });
        return 'updated';
      } catch (err) {
        return rejectionOf(err);
      }
    },

    async *exportRows(query, { db, actor }) {
      const filters = GasUserFiltersQuery.parse(query);
      for await (const x of createDeliveryService({ db }).exportUsers({ actor, query: filters })) {
        yield {
          operator: x.operatorCreditCode,
          kind: gasUserKindLabels[x.kind].zh,
          venue: x.kind === 'business' ? `${x.venueName}${VENUE_CELL_SEPARATOR}${x.venueAddress}` : null,
          holderName: x.holderName,
          holderPhone: x.holderPhone,
          region: x.regionName,
          address: x.address,
          lng: x.lng,
          lat: x.lat,
          cylinderFloor: x.cylinderFloor,
          belowGround: belowGroundLabels[x.belowGround].zh,
          highRiseBuilding: x.highRiseBuilding ? '是' : '否',
          contractNumber: x.contractNumber,
          contractFrom: x.contractFrom,
          contractTo: x.contractTo,
          operatorName: x.operatorName,
          contractValid: x.contractValid ? '是' : '否',
          refusals: x.refusals.map((c) => refusalLabels[c as RefusalCode]?.zh ?? c).join('；'),
        };
      }
    },
  };
}
