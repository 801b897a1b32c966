import { z } from 'zod';
import {
  PLATE_PATTERN,
  hazardousVehicleEnterpriseKinds,
  normalisePlate,
} from '../../../domain/registry/pipelines-people-vehicles.ts';
import { type VehicleKind, vehicleKindLabels } from '../../../domain/registry/registry.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { enterpriseCell, personByNamePhone, yesNo } from './registry.refs.ts';
import { RowRejected } from './tabular.ts';
import { type CellErrors, enumOptions, parseDate, parseEnum, parseText } from './tabular.cells.ts';
import type { TabularColumn, TabularKind } from './tabular.types.ts';
import { type CreateVehicleInput, VehicleFilterQuery } from './vehicles.schemas.ts';
import { createVehiclesService } from './vehicles.service.ts';

type VehicleImport = { vehicle: CreateVehicleInput; personId: string | null };

export const vehicleColumns: TabularColumn[] = [
  {
    key: 'plate',
    header: '车牌号',
    headerEn: 'Plate',
    required: true,
    example: '蒙K12345',
    hint: '如 蒙K12345、新能源 蒙KD12345、挂车 蒙K1234挂；重复导入时按车牌更新',
    width: 14,
  },
  {
    key: 'kind',
    header: '车辆类型',
    headerEn: 'Kind',
    required: true,
    example: '配送车辆',
    options: enumOptions(vehicleKindLabels),
    width: 16,
  },
  {
    key: 'enterprise',
    header: '所属企业统一社会信用代码',
    headerEn: 'Enterprise credit code',
    required: true,
    example: '91150626MA0N1B2C3D',
    width: 24,
  },
  { key: 'permitNumber', header: '运输许可证号', headerEn: 'Permit no.', hint: '危险货物运输车辆必填', width: 20 },
  { key: 'permitValidTo', header: '许可有效期至', headerEn: 'Permit valid to', hint: '如 2026-12-31', width: 14 },
  {
    key: 'workerName',
    header: '绑定送气人员姓名',
    headerEn: 'Bound worker name',
    hint: '人车对应：本企业已登记的送气人员，与电话一起填写；留空则不改变现有绑定',
    width: 16,
  },
  { key: 'workerPhone', header: '绑定送气人员电话', headerEn: 'Bound worker phone', width: 16 },
  { key: 'enterpriseName', header: '企业名称', headerEn: 'Enterprise', exportOnly: true, width: 24 },
  { key: 'region', header: '所在区划', headerEn: 'Region', exportOnly: true, width: 14 },
  { key: 'permitExpired', header: '许可已过期', headerEn: 'Permit expired', exportOnly: true, width: 10 },
  { key: 'archived', header: '已归档', headerEn: 'Archived', exportOnly: true, width: 8 },
];

function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'vehicles.outside_scope':
        throw new RowRejected('该车辆所属企业不在您的管理范围内', 'enterprise', 'import.outside_scope');
      case 'vehicles.plate_taken':
        throw new RowRejected('该车牌已登记在您的管理范围以外', 'plate', 'import.duplicate_record');
      case 'vehicles.archived':
        throw new RowRejected('该车辆已归档，不能通过导入修改', 'plate', 'import.archived');
      case 'vehicles.unbind_first':
        throw new RowRejected('该车辆已绑定送气人员，须先解除绑定才能改变所属企业', 'enterprise');
      case 'vehicles.worker_invalid':
        throw new RowRejected('绑定人员须为本企业已登记的送气人员', 'workerName');
      case 'vehicles.worker_already_bound':
        throw new RowRejected('该送气人员已绑定其他车辆', 'workerName', 'import.duplicate_record');
      case 'vehicles.enterprise_kind_invalid':
        throw new RowRejected('危险货物运输车辆须属于危险货物道路运输企业或瓶装液化气经营企业', 'enterprise');
      case 'vehicles.permit_required':
        throw new RowRejected('危险货物运输车辆须填写运输许可证号', 'permitNumber');
    }
  }
  throw err;
}

const ExportQuery = z.object(VehicleFilterQuery.shape);

/** 车辆 for import and export: natural key the plate; the bound worker by name + phone. */
export const vehiclesTabular: TabularKind<VehicleImport> = {
  kind: 'vehicles',
  title: '配送及危货车辆',
  columns: vehicleColumns,

  async parseRow(raw, { db }) {
    const errors: CellErrors = [];
    const plateText = normalisePlate(raw.plate ?? '');
    if (plateText === '') errors.push({ column: 'plate', message: '车牌号不能为空', code: 'import.required' });
    else if (!PLATE_PATTERN.test(plateText))
      errors.push({ column: 'plate', message: `车牌号“${raw.plate}”格式不正确` });
    const kind = parseEnum<VehicleKind>(errors, 'kind', '车辆类型', vehicleKindLabels, raw.kind ?? '', true);
    const enterprise = await enterpriseCell(errors, db, 'enterprise', '所属企业', raw.enterprise ?? '', true);
    const permitNumber = parseText(errors, 'permitNumber', '运输许可证号', raw.permitNumber ?? '', { max: 50 });
    const permitValidTo = parseDate(errors, 'permitValidTo', '许可有效期至', raw.permitValidTo ?? '');
    if (kind === 'hazardous_transport') {
      if (!permitNumber) errors.push({ column: 'permitNumber', message: '危险货物运输车辆须填写运输许可证号' });
      if (enterprise && !(hazardousVehicleEnterpriseKinds as readonly string[]).includes(enterprise.kind)) {
        errors.push({
          column: 'enterprise',
          message: '危险货物运输车辆须属于危险货物道路运输企业或瓶装液化气经营企业',
        });
      }
    }
    const workerName = raw.workerName ?? '';
    const workerPhone = raw.workerPhone ?? '';
    let personId: string | null = null;
    if ((workerName === '') !== (workerPhone === '')) {
      errors.push({
        column: workerName === '' ? 'workerName' : 'workerPhone',
        message: '绑定送气人员的姓名和电话须同时填写',
      });
    } else if (workerName !== '') {
      const person = await personByNamePhone(db, workerName, workerPhone);
      if (!person || person.archived)
        errors.push({ column: 'workerName', message: `送气人员“${workerName}（${workerPhone}）”未登记` });
      else if (person.kind !== 'delivery_worker')
        errors.push({ column: 'workerName', message: `“${workerName}”不是送气人员` });
      else if (enterprise && person.enterpriseId !== enterprise.id)
        errors.push({ column: 'workerName', message: `“${workerName}”不是该车辆所属企业的送气人员` });
      else personId = person.id;
    }
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: {
        vehicle: {
          plate: plateText,
          kind: kind!,
          enterpriseId: enterprise!.id,
          permitNumber: permitNumber || null,
          permitValidTo: permitValidTo ?? null,
        },
        personId,
      },
    };
  },

  naturalKey: (v) => v.vehicle.plate,

  async upsert(value, { db, actor }) {
    try {
      return await createVehiclesService({ db }).upsertByPlate({
        actor,
        value: value.vehicle,
        personId: value.personId,
      });
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
    for await (const v of createVehiclesService({ db }).iterate({ actor, ...parsed.data })) {
      yield {
        plate: v.plate,
        kind: vehicleKindLabels[v.kind].zh,
        enterprise: v.enterprise.creditCode,
        enterpriseName: v.enterprise.name,
        region: v.region.name,
        permitNumber: v.permitNumber,
        permitValidTo: v.permitValidTo,
        permitExpired: v.permitValidTo ? yesNo(v.permitExpired) : null,
        workerName: v.boundPerson?.name ?? null,
        workerPhone: v.boundPerson?.phone ?? null,
        archived: yesNo(v.archived),
      };
    }
  },
};
