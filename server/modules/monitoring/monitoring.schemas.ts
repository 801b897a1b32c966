import { z } from 'zod';
import { alarmLevels } from '../../../domain/monitoring/alarm-machine.ts';
import {
  FAULT_CODE_PATTERN,
  MAX_READINGS_PER_BATCH,
  alarmKinds,
  alarmResolutions,
  alarmStatuses,
  readingRejectionCodes,
  sensorKinds,
  sensorObjectTypes,
} from '../../../domain/monitoring/rules.ts';
import { pressureClasses } from '../../../domain/registry/registry.ts';
import { IsoDate, IsoDateTime, PageQuery } from '../../platform/schemas.ts';

export const SensorCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits, _ . : -');
export const CodeParams = z.strictObject({ code: SensorCode });

const Threshold = z.strictObject({ raise: z.number().finite(), clear: z.number().finite() });
export const ConditionOverride = z
  .strictObject({
    alarmKind: z.enum(alarmKinds),
    warning: Threshold.nullable().optional(),
    alarm: Threshold.nullable().optional(),
    raiseSeconds: z.number().int().min(0).max(86_400).optional(),
    clearSeconds: z.number().int().min(0).max(86_400).optional(),
  })
  .meta({ id: 'ConditionOverride' });
export const RuleOverrides = z.array(ConditionOverride).max(10);

export const CreateSensorBody = z.strictObject({
  code: SensorCode,
  kind: z.enum(sensorKinds),
  name: z.string().trim().min(1).max(100).optional(),
  objectType: z.enum(sensorObjectTypes).optional(),
  objectId: z.uuid().optional(),
  ownerEnterpriseId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  intervalSeconds: z.number().int().min(1).max(86_400).optional(),
  pressureClass: z.enum(pressureClasses).optional(),
  installedOn: IsoDate.optional(),
  /** A kitchen detector's interlocked shut-off valve (a valve_state sensor's code). */
  valveSensorCode: SensorCode.optional(),
});
export type CreateSensorInput = z.infer<typeof CreateSensorBody>;

export const UpdateSensorBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  intervalSeconds: z.number().int().min(1).max(86_400).optional(),
  valveSensorCode: SensorCode.nullable().optional(),
});
export type UpdateSensorInput = z.infer<typeof UpdateSensorBody>;

export const RulesBody = z.strictObject({ overrides: RuleOverrides, reason: z.string().trim().min(1).max(500) });

const Condition = z.object({
  alarmKind: z.enum(alarmKinds),
  direction: z.enum(['high', 'low']),
  warning: Threshold.nullable().optional(),
  alarm: Threshold.nullable().optional(),
  raiseSeconds: z.number(),
  clearSeconds: z.number(),
});
export const EffectiveRules = z
  .object({ basis: z.string(), conditions: z.array(Condition) })
  .meta({ id: 'EffectiveRules' });

export const SensorResponse = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(sensorKinds),
    unit: z.string(),
    objectType: z.enum(sensorObjectTypes).nullable(),
    objectId: z.string().nullable(),
    objectName: z.string().nullable(),
    regionId: z.string(),
    regionName: z.string().nullable(),
    ownerEnterpriseId: z.string().nullable(),
    lng: z.number().nullable(),
    lat: z.number().nullable(),
    intervalSeconds: z.number().int(),
    pressureClass: z.enum(pressureClasses).nullable(),
    installedOn: z.string().nullable(),
    valveSensorCode: z.string().nullable(),
    lastAt: z.string().nullable(),
    lastValue: z.number().nullable(),
    online: z.boolean(),
    /** The highest level among its alarms not closed, or null. */
    alarmLevel: z.enum(alarmLevels).nullable(),
    ruleOverrides: RuleOverrides.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Sensor' });

export const SensorDetailResponse = SensorResponse.extend({
  rules: EffectiveRules,
  abilities: z.object({ manage: z.boolean(), editRules: z.boolean() }),
}).meta({ id: 'SensorDetail' });

export const ListSensorsQuery = z.strictObject({
  kind: z.enum(sensorKinds).optional(),
  q: z.string().trim().max(100).optional(),
  status: z.enum(['online', 'offline', 'alarm']).optional(),
  ...PageQuery,
});
export const SensorListResponse = z
  .object({ items: z.array(SensorResponse), total: z.number().int() })
  .meta({ id: 'SensorList' });

export const SensorMapResponse = z
  .object({
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        kind: z.enum(sensorKinds),
        unit: z.string(),
        lng: z.number(),
        lat: z.number(),
        /** The watched object's name (venue, segment, station) and the township. */
        objectName: z.string().nullable(),
        regionName: z.string().nullable(),
        lastAt: z.string().nullable(),
        lastValue: z.number().nullable(),
        online: z.boolean(),
        alarmLevel: z.enum(alarmLevels).nullable(),
        /** `alarm` / `warning`: a measured condition's not-closed alarm; `fault`: its fault alarm active; `offline`: silent too long. */
        state: z.enum(['normal', 'warning', 'alarm', 'fault', 'offline']),
        /** The not-closed alarm to open from the map (the measured one first), if any. */
        openAlarmId: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'SensorMap' });

export const ReadingsQuery = z.strictObject({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  /** At most this many points: longer spans are averaged per bucket. */
  points: z.coerce.number().int().min(10).max(5_000).default(1_000),
});
export const ReadingsSeriesResponse = z
  .object({
    sensorCode: z.string(),
    unit: z.string(),
    bucketSeconds: z.number().int(),
    points: z.array(z.object({ at: z.string(), value: z.number(), min: z.number(), max: z.number() })),
    rules: EffectiveRules,
  })
  .meta({ id: 'ReadingsSeries' });

export const ReadingsBody = z.strictObject({
  readings: z
    .array(
      z
        .strictObject({
          sensorCode: z.string().min(1).max(64),
          at: IsoDateTime,
          value: z
            .number()
            .finite()
            .optional()
            .describe("The measured value in the kind's unit; absent in a fault report"),
          fault: z
            .string()
            .regex(FAULT_CODE_PATTERN)
            .optional()
            .describe("A fault report instead of a value: the device's fault code (opens a `fault` alarm)"),
        })
        .refine((r) => (r.value === undefined) !== (r.fault === undefined), {
          message: 'Either value or fault',
          path: ['value'],
        }),
    )
    .min(1)
    .max(MAX_READINGS_PER_BATCH),
});
export type ReadingsInput = z.infer<typeof ReadingsBody>;
export const ReadingsResponse = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int(),
    /** Fault reports that opened a fault alarm or found one open (not stored as readings). */
    faults: z.number().int(),
    rejected: z.array(z.object({ index: z.number().int(), code: z.enum(readingRejectionCodes) })),
  })
  .meta({ id: 'ReadingsResult' });

export const AlarmResponse = z
  .object({
    id: z.string(),
    sensorCode: z.string(),
    sensorKind: z.enum(sensorKinds),
    kind: z.enum(alarmKinds),
    level: z.enum(alarmLevels),
    peakLevel: z.enum(alarmLevels),
    status: z.enum(alarmStatuses),
    active: z.boolean(),
    raisedAt: z.string(),
    raisedValue: z.number().nullable(),
    lastValue: z.number().nullable(),
    clearedAt: z.string().nullable(),
    regionId: z.string(),
    objectType: z.enum(sensorObjectTypes).nullable(),
    objectId: z.string().nullable(),
    objectName: z.string().nullable(),
    ownerEnterpriseId: z.string().nullable(),
    dispatchedEnterpriseId: z.string().nullable(),
    escalationLevel: z.number().int(),
    acknowledgedAt: z.string().nullable(),
    dispatchedAt: z.string().nullable(),
    arrivedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    resolution: z.enum(alarmResolutions).nullable(),
    hazardId: z.string().nullable(),
  })
  .meta({ id: 'Alarm' });

export const AlarmDetailResponse = AlarmResponse.extend({
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      at: z.string(),
      actorName: z.string(),
      level: z.string().nullable(),
      value: z.number().nullable(),
      note: z.string().nullable(),
      photoIds: z.array(z.string()),
    }),
  ),
  abilities: z.object({
    acknowledge: z.boolean(),
    dispatch: z.boolean(),
    arrive: z.boolean(),
    note: z.boolean(),
    close: z.boolean(),
    toHazard: z.boolean(),
  }),
}).meta({ id: 'AlarmDetail' });

export const ListAlarmsQuery = z.strictObject({
  sensorCode: z.string().max(64).optional(),
  status: z.enum([...alarmStatuses, 'not_closed']).optional(),
  kind: z.enum(alarmKinds).optional(),
  level: z.enum(alarmLevels).optional(),
  ...PageQuery,
});
export const AlarmListResponse = z
  .object({ items: z.array(AlarmResponse), total: z.number().int() })
  .meta({ id: 'AlarmList' });

export const NoteBody = z.strictObject({
  note: z.string().trim().max(2000).optional(),
  photoIds: z.array(z.uuid()).max(20).optional(),
});
export const DispatchBody = z.strictObject({
  enterpriseId: z.uuid().optional(),
  note: z.string().trim().max(2000).optional(),
});
export const CloseBody = z.strictObject({
  resolution: z.enum(['handled', 'false_alarm']),
  note: z.string().trim().min(1).max(2000),
  photoIds: z.array(z.uuid()).max(20).optional(),
});
export const ToHazardBody = z.strictObject({
  description: z.string().trim().min(1).max(2000).optional(),
  severity: z.enum(['general', 'major']).optional(),
  interimControl: z.string().trim().max(2000).optional(),
});

export const AlarmStatsResponse = z
  .object({
    byKind: z.array(z.object({ key: z.string(), count: z.number().int() })),
    byTownship: z.array(z.object({ key: z.string(), name: z.string(), count: z.number().int() })),
    byEnterprise: z.array(z.object({ key: z.string(), name: z.string(), count: z.number().int() })),
    responseMinutes: z.object({
      acknowledge: z.number().nullable(),
      arrive: z.number().nullable(),
      close: z.number().nullable(),
    }),
  })
  .meta({ id: 'AlarmStats' });
export const StatsQuery = z.strictObject({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });
