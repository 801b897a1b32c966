import type { ApiBody, ApiQuery, ApiResponse } from '../../app/api-types.ts';
import { http } from '../../app/http.ts';

export type AlarmList = ApiResponse<'/api/v1/alarms', 'get'>;
export type Alarm = AlarmList['items'][number];
export type AlarmDetail = ApiResponse<'/api/v1/alarms/{id}', 'get'>;
export type AlarmStats = ApiResponse<'/api/v1/alarms/stats', 'get'>;
export type SensorList = ApiResponse<'/api/v1/sensors', 'get'>;
export type Sensor = SensorList['items'][number];
export type SensorMap = ApiResponse<'/api/v1/sensors/map', 'get'>;
export type SensorDetail = ApiResponse<'/api/v1/sensors/{code}', 'get'>;
export type KindRulesList = ApiResponse<'/api/v1/monitoring/rules', 'get'>;
export type ReadingsSeries = ApiResponse<'/api/v1/sensors/{code}/readings', 'get'>;

export const monitoringApi = {
  alarms: (q: ApiQuery<'/api/v1/alarms', 'get'>) => http.get<AlarmList>('/api/v1/alarms', q),
  alarm: (id: string) => http.get<AlarmDetail>(`/api/v1/alarms/${encodeURIComponent(id)}`),
  stats: () => http.get<AlarmStats>('/api/v1/alarms/stats'),
  step: (id: string, step: 'acknowledge' | 'dispatch' | 'arrive' | 'notes', body: { note?: string } = {}) =>
    http.post<AlarmDetail>(`/api/v1/alarms/${encodeURIComponent(id)}/${step}`, body),
  close: (id: string, body: ApiBody<'/api/v1/alarms/{id}/close', 'post'>) =>
    http.post<AlarmDetail>(`/api/v1/alarms/${encodeURIComponent(id)}/close`, body),
  toHazard: (id: string) =>
    http.post<AlarmDetail & { hazardId: string }>(`/api/v1/alarms/${encodeURIComponent(id)}/hazard`, {}),
  sensors: (q: ApiQuery<'/api/v1/sensors', 'get'>) => http.get<SensorList>('/api/v1/sensors', q),
  sensorMap: () => http.get<SensorMap>('/api/v1/sensors/map'),
  sensor: (code: string) => http.get<SensorDetail>(`/api/v1/sensors/${encodeURIComponent(code)}`),
  kindRules: () => http.get<KindRulesList>('/api/v1/monitoring/rules'),
  setKindRules: (kind: Sensor['kind'], body: ApiBody<'/api/v1/monitoring/rules/{kind}', 'put'>) =>
    http.put<unknown>(`/api/v1/monitoring/rules/${encodeURIComponent(kind)}`, body),
  setSensorRules: (code: string, body: ApiBody<'/api/v1/sensors/{code}/rules', 'put'>) =>
    http.put<SensorDetail>(`/api/v1/sensors/${encodeURIComponent(code)}/rules`, body),
  createSensor: (body: ApiBody<'/api/v1/sensors', 'post'>) => http.post<SensorDetail>('/api/v1/sensors', body),
  updateSensor: (code: string, body: ApiBody<'/api/v1/sensors/{code}', 'patch'>) =>
    http.patch<SensorDetail>(`/api/v1/sensors/${encodeURIComponent(code)}`, body),
  readings: (code: string, q: { from?: string; to?: string }) =>
    http.get<ReadingsSeries>(`/api/v1/sensors/${encodeURIComponent(code)}/readings`, q),
};
