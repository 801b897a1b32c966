import { z } from 'zod';
import {
  hasAssessment,
  isStaffKind,
  isVenueStaffKind,
  needsCertificate,
} from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type PersonKind, personKindLabels } from '../../../domain/registry/registry.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { PersonFilterQuery } from './people.schemas.ts';
import type { CreatePersonInput } from './people.schemas.ts';
import { createPeopleService } from './people.service.ts';
import { VENUE_CELL_SEPARATOR, departmentCell, enterpriseCell, regionCell, venueCell, yesNo } from './registry.refs.ts';
import { RowRejected } from './tabular.ts';
import { type CellErrors, enumOptions, parseDate, parseEnum, parsePattern, parseText } from './tabular.cells.ts';
import type { TabularColumn, TabularKind } from './tabular.types.ts';

const PHONE = /^[0-9+\- ]{5,20}$/;

/** People are imported with their own fields only; training records are added one by one (append-only). */
export const peopleColumns: TabularColumn[] = [
  { key: 'name', header: '姓名', headerEn: 'Name', required: true, example: '张三', width: 12 },
  {
    key: 'phone',
    header: '联系电话',
    headerEn: 'Phone',
    required: true,
    example: '13904771234',
    hint: '姓名与电话一起识别一个人，重复导入时按此更新',
    width: 16,
  },
  {
    key: 'kind',
    header: '人员类别',
    headerEn: 'Kind',
    required: true,
    example: '送气人员',
    options: enumOptions(personKindLabels),
    width: 18,
  },
  {
    key: 'enterprise',
    header: '所属企业统一社会信用代码',
    headerEn: 'Enterprise credit code',
    example: '91150626MA0N1B2C3D',
    hint: '企业从业人员必填（场所自有人员填“所在场所”）；排查人员不填',
    width: 24,
  },
  {
    key: 'venue',
    header: '所在场所',
    headerEn: 'Venue',
    example: '',
    hint: `餐饮等场所自有的负责人、安全管理人员等填写场所名称；同名场所填“名称${VENUE_CELL_SEPARATOR}地址”`,
    width: 24,
  },
  {
    key: 'department',
    header: '所属部门',
    headerEn: 'Department',
    example: '',
    hint: '部门排查人员填写部门全称、简称或代码（如 市场监管局）',
    width: 16,
  },
  {
    key: 'region',
    header: '所在区划',
    headerEn: 'Region',
    example: '嘎鲁图镇',
    hint: '苏木镇排查人员必填；其他人员不填则取企业或部门所在区划',
    width: 16,
  },
  {
    key: 'certificateNumber',
    header: '特种作业证书编号',
    headerEn: 'Certificate no.',
    hint: '特种设备作业人员必填',
    width: 20,
  },
  {
    key: 'certificateExpiresOn',
    header: '证书有效期至',
    headerEn: 'Certificate expires',
    hint: '特种设备作业人员必填，如 2026-12-31',
    width: 14,
  },
  {
    key: 'assessmentPassedOn',
    header: '考核合格日期',
    headerEn: 'Assessment passed',
    hint: '仅主要负责人、安全生产管理人员填写',
    width: 14,
  },
  { key: 'mayInspect', header: '可排查', headerEn: 'May inspect', exportOnly: true, width: 8 },
  { key: 'trainingValidUntil', header: '培训有效期至', headerEn: 'Training valid until', exportOnly: true, width: 14 },
  { key: 'certificateExpired', header: '证书已过期', headerEn: 'Certificate expired', exportOnly: true, width: 10 },
  { key: 'enterpriseName', header: '企业名称', headerEn: 'Enterprise', exportOnly: true, width: 24 },
  { key: 'archived', header: '已归档', headerEn: 'Archived', exportOnly: true, width: 8 },
];

function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    const field = (err.details as { field?: string } | undefined)?.field;
    switch (err.code) {
      case 'people.outside_scope':
        throw new RowRejected(
          '该人员的单位或区划不在您的管理范围内',
          field === 'enterpriseId'
            ? 'enterprise'
            : field === 'venueId'
              ? 'venue'
              : field === 'departmentId'
                ? 'department'
                : 'region',
          'import.outside_scope',
        );
      case 'people.name_phone_taken':
        throw new RowRejected('该姓名和电话已登记在您的管理范围以外', 'phone', 'import.duplicate_record');
      case 'people.archived':
        throw new RowRejected('该人员已归档，不能通过导入修改', 'name', 'import.archived');
      case 'people.bound_to_vehicle':
        throw new RowRejected('该人员已与车辆绑定，须先解除人车绑定才能改变类别或企业', 'kind');
      case 'people.venue_not_found':
        throw new RowRejected('所在场所未登记', 'venue', 'import.reference_not_found');
      case 'people.enterprise_not_found':
        throw new RowRejected('所属企业未登记', 'enterprise', 'import.reference_not_found');
      case 'people.department_not_found':
        throw new RowRejected('所属部门不存在', 'department', 'import.reference_not_found');
      case 'people.region_not_found':
        throw new RowRejected('区划不存在', 'region', 'import.reference_not_found');
    }
  }
  throw err;
}

const ExportQuery = z.object(PersonFilterQuery.shape);

/** 从业及排查人员 for import and export: natural key name + phone. */
export const peopleTabular: TabularKind<CreatePersonInput> = {
  kind: 'people',
  title: '从业及排查人员',
  columns: peopleColumns,

  async parseRow(raw, { db }) {
    const errors: CellErrors = [];
    const name = parseText(errors, 'name', '姓名', raw.name ?? '', { required: true, max: 100 });
    const phone = parsePattern(errors, 'phone', '联系电话', raw.phone ?? '', PHONE, {
      required: true,
      hint: '数字、+、- 和空格，5 到 20 位',
    });
    const kind = parseEnum<PersonKind>(errors, 'kind', '人员类别', personKindLabels, raw.kind ?? '', true);
    const enterprise = await enterpriseCell(errors, db, 'enterprise', '所属企业', raw.enterprise ?? '', false);
    const venue = await venueCell(errors, db, 'venue', '所在场所', raw.venue ?? '');
    const department = await departmentCell(errors, db, 'department', '所属部门', raw.department ?? '');
    const region = await regionCell(errors, db, 'region', '所在区划', raw.region ?? '', false);
    const certificateNumber = parseText(errors, 'certificateNumber', '特种作业证书编号', raw.certificateNumber ?? '', {
      max: 50,
    });
    const certificateExpiresOn = parseDate(
      errors,
      'certificateExpiresOn',
      '证书有效期至',
      raw.certificateExpiresOn ?? '',
    );
    const assessmentPassedOn = parseDate(errors, 'assessmentPassedOn', '考核合格日期', raw.assessmentPassedOn ?? '');
    if (kind) {
      if (isStaffKind(kind)) {
        if (enterprise && venue) errors.push({ column: 'venue', message: '所属企业与所在场所只填其一' });
        else if (venue) {
          if (!isVenueStaffKind(kind))
            errors.push({ column: 'kind', message: `场所自有人员不能是${personKindLabels[kind].zh}（属于燃气企业）` });
        } else if (enterprise === null && venue === null)
          errors.push({ column: 'enterprise', message: `${personKindLabels[kind].zh}须填写所属企业或所在场所` });
        if (department) errors.push({ column: 'department', message: '从业人员不填所属部门' });
      } else {
        if (enterprise) errors.push({ column: 'enterprise', message: '排查人员不填所属企业' });
        if (venue) errors.push({ column: 'venue', message: '排查人员不填所在场所' });
        if (department === null && region === null)
          errors.push({ column: 'department', message: '排查人员须填写所属部门或所在苏木镇' });
      }
      if (needsCertificate(kind)) {
        if (!certificateNumber) errors.push({ column: 'certificateNumber', message: '特种设备作业人员须填写证书编号' });
        if (certificateExpiresOn === null)
          errors.push({ column: 'certificateExpiresOn', message: '特种设备作业人员须填写证书有效期' });
      }
      if (assessmentPassedOn && !hasAssessment(kind))
        errors.push({ column: 'assessmentPassedOn', message: '只有主要负责人、安全生产管理人员填写考核合格日期' });
    }
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        name: name!,
        phone: phone!,
        kind: kind!,
        enterpriseId: enterprise?.id ?? null,
        venueId: venue?.id ?? null,
        departmentId: department?.id ?? null,
        regionId: region?.id,
        certificateNumber: certificateNumber || null,
        certificateExpiresOn: certificateExpiresOn ?? null,
        assessmentPassedOn: assessmentPassedOn ?? null,
      },
    };
  },

  naturalKey: (v) => `${v.name}｜${v.phone}`,

  async upsert(value, { db, actor }) {
    try {
      return await createPeopleService({ db }).upsertByNamePhone({ actor, value });
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
    for await (const p of createPeopleService({ db }).iterate({ actor, ...parsed.data })) {
      yield {
        name: p.name,
        phone: p.phone,
        kind: personKindLabels[p.kind].zh,
        enterprise: p.enterprise?.creditCode ?? null,
        enterpriseName: p.enterprise?.name ?? null,
        venue: p.venue ? `${p.venue.name}${VENUE_CELL_SEPARATOR}${p.venue.address}` : null,
        department: p.department?.name ?? null,
        region: p.region.name,
        certificateNumber: p.certificateNumber,
        certificateExpiresOn: p.certificateExpiresOn,
        assessmentPassedOn: p.assessmentPassedOn,
        mayInspect: yesNo(p.mayInspect),
        trainingValidUntil: p.trainingValidUntil,
        certificateExpired: p.certificateExpiresOn ? yesNo(p.certificateExpired) : null,
        archived: yesNo(p.archived),
      };
    }
  },
};
