import { chinaToday } from '../../../domain/dates.ts';
import {
  type SensorKind,
  type SensorObjectType,
  sensorKindLabels,
  sensorUnits,
} from '../../../domain/monitoring/rules.ts';
import { type PressureClass, pressureClassLabels } from '../../../domain/registry/registry.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/access.ts';
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
  pipelineCell,
  regionCell,
  venueCell,
} from '../registry/index.ts';
import { ListSensorsQuery } from './monitoring.schemas.ts';
import type { CreateSensorInput } from './monitoring.schemas.ts';
import { createSensorsService } from './sensors.service.ts';

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** The objects a sensor can be placed on by import, as the file names them. */
const importObjectTypes = ['venue', 'pipeline', 'enterprise'] as const;
const objectTypeLabels: Record<(typeof importObjectTypes)[number], { zh: string; en: string }> = {
  venue: { zh: '用气场所', en: 'Venue' },
  pipeline: { zh: '燃气管段', en: 'Pipeline' },
  enterprise: { zh: '燃气企业', en: 'Enterprise' },
};
const anyObjectLabels: Record<SensorObjectType, { zh: string; en: string }> = {
  ...objectTypeLabels,
  facility: { zh: '场站设施', en: 'Facility' },
};

export const sensorColumns: TabularColumn[] = [
  {
    key: 'code',
    header: '监测点编号',
    headerEn: 'Code',
    required: true,
    example: 'GLT-MH-0001',
    hint: '网关上报读数时使用的编号（字母、数字及 _ . : -），重复导入时按此更新',
    width: 18,
  },
  {
    key: 'kind',
    header: '类型',
    headerEn: 'Kind',
    required: true,
    example: sensorKindLabels.manhole_methane.zh,
    options: enumOptions(sensorKindLabels),
    width: 18,
  },
  { key: 'name', header: '名称', headerEn: 'Name', example: '萨如拉街东口窨井', width: 22 },
  {
    key: 'objectType',
    header: '监测对象类型',
    headerEn: 'Object type',
    example: objectTypeLabels.pipeline.zh,
    options: enumOptions(objectTypeLabels),
    hint: '场站上的监测点请留空对象，填写所属企业和区划',
    width: 14,
  },
  {
    key: 'object',
    header: '监测对象',
    headerEn: 'Object',
    example: 'GLT-ZY-0101',
    hint: `管段填管段编号；场所填名称（重名时“名称${VENUE_CELL_SEPARATOR}地址”）；企业填统一社会信用代码`,
    width: 26,
  },
  {
    key: 'owner',
    header: '所属企业统一社会信用代码',
    headerEn: 'Owner credit code',
    hint: '不填时取监测对象的权属企业',
    width: 24,
  },
  {
    key: 'region',
    header: '所在区划',
    headerEn: 'Region',
    hint: '无监测对象时必填：苏木镇或社区名称，或区划代码',
    width: 14,
  },
  { key: 'lng', header: '经度', headerEn: 'Longitude', example: '108.84', width: 12 },
  { key: 'lat', header: '纬度', headerEn: 'Latitude', example: '38.59', width: 12 },
  { key: 'intervalSeconds', header: '上报周期（秒）', headerEn: 'Interval (s)', example: '60', width: 12 },
  {
    key: 'pressureClass',
    header: '压力级制',
    headerEn: 'Pressure class',
    options: enumOptions(pressureClassLabels),
    hint: '仅管网压力监测点；不填时取管段的压力级制',
    width: 12,
  },
  { key: 'installedOn', header: '安装日期', headerEn: 'Installed on', example: '2026-05-01', width: 12 },
  {
    key: 'valveSensorCode',
    header: '联动切断阀编号',
    headerEn: 'Interlocked valve',
    hint: '仅餐饮厨房可燃气体报警器：同一场所切断阀状态监测点的编号（须先登记或在本文件中更靠前）',
    width: 18,
  },
  { key: 'unit', header: '单位', headerEn: 'Unit', exportOnly: true, width: 8 },
  { key: 'lastValue', header: '最新读数', headerEn: 'Last value', exportOnly: true, width: 10 },
  { key: 'lastAt', header: '最新上报', headerEn: 'Last reading', exportOnly: true, width: 20 },
  { key: 'online', header: '在线', headerEn: 'Online', exportOnly: true, width: 8 },
  { key: 'alarmLevel', header: '未关闭报警', headerEn: 'Open alarm', exportOnly: true, width: 10 },
];

function rejectionOf(err: unknown): never {
  if (err instanceof AppError) {
    const messages: Record<string, [string, string | null]> = {
      'monitoring.outside_scope': ['该监测点将超出您的管辖范围', 'region'],
      'monitoring.object_not_found': ['监测对象不在台账中（或不在您的范围内）', 'object'],
      'monitoring.region_required': ['请填写监测对象、所属企业或所在区划', 'region'],
      'monitoring.valve_invalid': ['联动切断阀须为已登记的阀门状态监测点', 'valveSensorCode'],
      'monitoring.sensor_code_taken': ['该编号的监测点已存在（不在您的范围内）', 'code'],
    };
    const m = messages[err.code];
    if (m) throw new RowRejected(m[0], m[1], err.code);
  }
  throw err;
}

/**
 * 监测点 for the register's import/export machinery (template, .xlsx/.csv import all-or-nothing or
 * clean rows only, filtered export): natural key the sensor code. A known code is updated in what a
 * sensor's edit may change (name, place, interval, valve); its kind and object stay.
 */
export const sensorsTabular: TabularKind<CreateSensorInput, Record<string, unknown>> = {
  kind: 'sensors',
  title: '监测点',
  columns: sensorColumns,

  async parseRow(raw, { db }) {
    const errors: CellErrors = [];
    const code = parseText(errors, 'code', '监测点编号', raw.code ?? '', { required: true, max: 64 });
    if (code && !CODE_PATTERN.test(code))
      errors.push({ column: 'code', message: '监测点编号只能含字母、数字及 _ . : -，以字母或数字开头' });
    const kind = parseEnum<SensorKind>(errors, 'kind', '类型', sensorKindLabels, raw.kind ?? '', true);
    const name = parseText(errors, 'name', '名称', raw.name ?? '', { max: 100 });
    const objectType = parseEnum(errors, 'objectType', '监测对象类型', objectTypeLabels, raw.objectType ?? '', false);
    const objectText = raw.object ?? '';
    let objectId: string | undefined;
    if (objectType && objectText === '') errors.push({ column: 'object', message: '已填监测对象类型，请填写监测对象' });
    else if (!objectType && objectText !== '') errors.push({ column: 'objectType', message: '请填写监测对象类型' });
    else if (objectType === 'venue') objectId = (await venueCell(errors, db, 'object', '监测对象', objectText))?.id;
    else if (objectType === 'pipeline')
      objectId = (await pipelineCell(errors, db, 'object', '监测对象', objectText))?.id;
    else if (objectType === 'enterprise')
      objectId = (await enterpriseCell(errors, db, 'object', '监测对象', objectText.toUpperCase(), true))?.id;
    const owner = await enterpriseCell(
      errors,
      db,
      'owner',
      '所属企业统一社会信用代码',
      (raw.owner ?? '').toUpperCase(),
      false,
    );
    const region = await regionCell(errors, db, 'region', '所在区划', raw.region ?? '', false);
    const lng = parseNumber(errors, 'lng', '经度', raw.lng ?? '', { min: -180, max: 180 });
    const lat = parseNumber(errors, 'lat', '纬度', raw.lat ?? '', { min: -90, max: 90 });
    if ((lng === null) !== (lat === null)) errors.push({ column: 'lat', message: '经度和纬度须同时填写' });
    const interval = parseNumber(errors, 'intervalSeconds', '上报周期（秒）', raw.intervalSeconds ?? '', {
      min: 1,
      max: 86_400,
      integer: true,
    });
    const pressureClass = parseEnum<PressureClass>(
      errors,
      'pressureClass',
      '压力级制',
      pressureClassLabels,
      raw.pressureClass ?? '',
      false,
    );
    const installedOn = parseDate(errors, 'installedOn', '安装日期', raw.installedOn ?? '');
    if (installedOn && installedOn > chinaToday())
      errors.push({ column: 'installedOn', message: '安装日期不能晚于今天' });
    const valve = parseText(errors, 'valveSensorCode', '联动切断阀编号', raw.valveSensorCode ?? '', { max: 64 });
    if (valve && kind && kind !== 'kitchen_gas')
      errors.push({ column: 'valveSensorCode', message: '只有餐饮厨房可燃气体报警器可联动切断阀' });
    if (!objectType && !owner && !region)
      errors.push({ column: 'region', message: '请填写监测对象、所属企业或所在区划' });
    if (errors.length > 0 || !code || !kind) return { ok: false, errors };
    return {
      ok: true,
      value: {
        code,
        kind,
        ...(name ? { name } : {}),
        ...(objectType && objectId ? { objectType, objectId } : {}),
        ...(owner ? { ownerEnterpriseId: owner.id } : {}),
        ...(region ? { regionId: region.id } : {}),
        ...(lng !== null && lng !== undefined && lat !== null && lat !== undefined ? { lng, lat } : {}),
        ...(interval ? { intervalSeconds: interval } : {}),
        ...(pressureClass && kind === 'pipeline_pressure' ? { pressureClass } : {}),
        ...(installedOn ? { installedOn } : {}),
        ...(valve ? { valveSensorCode: valve } : {}),
      },
    };
  },

  naturalKey: (value) => value.code,

  async upsert(value, { db, actor }) {
    const sensors = createSensorsService({ db });
    const existing = await sensors.detail(actor, value.code).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'monitoring.sensor_not_found') return null;
      throw err;
    });
    try {
      if (!existing) {
        await sensors.create(actor, value);
        return 'created';
      }
      if (existing.kind !== value.kind)
        throw new RowRejected(
          `已登记的监测点 ${value.code} 类型为“${sensorKindLabels[existing.kind].zh}”，不能改为其他类型`,
          'kind',
        );
      const change = {
        ...(value.name !== undefined && value.name !== existing.name ? { name: value.name } : {}),
        ...(value.lng !== undefined && (value.lng !== existing.lng || value.lat !== existing.lat)
          ? { lng: value.lng, lat: value.lat }
          : {}),
        ...(value.intervalSeconds !== undefined && value.intervalSeconds !== existing.intervalSeconds
          ? { intervalSeconds: value.intervalSeconds }
          : {}),
        ...(value.valveSensorCode !== undefined && value.valveSensorCode !== existing.valveSensorCode
          ? { valveSensorCode: value.valveSensorCode }
          : {}),
      };
      if (Object.keys(change).length === 0) return 'unchanged';
      await sensors.update(actor, value.code, change);
      return 'updated';
    } catch (err) {
      if (err instanceof RowRejected) throw err;
      rejectionOf(err);
    }
  },

  async *exportRows(query, { db, actor }: { db: Db; actor: Actor }) {
    const filter = ListSensorsQuery.parse({ ...query, page: 1, pageSize: 100 });
    const sensors = createSensorsService({ db });
    for (let page = 1; ; page++) {
      const { items } = await sensors.list(actor, { ...filter, page, pageSize: 100 });
      for (const s of items)
        yield {
          code: s.code,
          kind: sensorKindLabels[s.kind].zh,
          name: s.name,
          objectType: s.objectType ? anyObjectLabels[s.objectType].zh : null,
          object: s.objectName,
          owner: null,
          region: s.regionName,
          lng: s.lng,
          lat: s.lat,
          intervalSeconds: s.intervalSeconds,
          pressureClass: s.pressureClass ? pressureClassLabels[s.pressureClass].zh : null,
          installedOn: s.installedOn,
          valveSensorCode: s.valveSensorCode,
          unit: sensorUnits[s.kind],
          lastValue: s.lastValue,
          lastAt: s.lastAt,
          online: s.online ? '是' : '否',
          alarmLevel: s.alarmLevel === 'alarm' ? '报警' : s.alarmLevel === 'warning' ? '预警' : null,
        };
      if (items.length < 100) return;
    }
  },
};
