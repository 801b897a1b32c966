import { Alert, Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type SensorKind, sensorKinds } from '../../../domain/monitoring/rules.ts';
import { pressureClassLabels, pressureClasses } from '../../../domain/registry/registry.ts';
import { applyFormError } from '../../app/http.ts';
import { type MessageKey, useLocale, useT } from '../../app/i18n.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { ObjectPicker, type PickedObject } from '../inspections/index.ts';
import { EnterpriseSelect } from '../registry/index.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { type SensorDetail, monitoringApi } from './monitoring.api.ts';

type Values = {
  code: string;
  kind: SensorKind;
  name?: string;
  object?: PickedObject | null;
  ownerEnterpriseId?: string | null;
  regionId?: string;
  lng?: number | null;
  lat?: number | null;
  intervalSeconds?: number;
  pressureClass?: (typeof pressureClasses)[number];
  installedOn?: Dayjs | null;
  valveSensorCode?: string | null;
};

/**
 * 登记监测点 / 编辑监测点: a sensor on a register object (a pipeline, station, restaurant or enterprise),
 * or placed by its owner enterprise or region; its place, reporting interval, pressure class (pressure
 * sensors: the default thresholds follow it) and a kitchen detector's interlocked valve. Editing keeps
 * the code, kind and object (they decide the alarms already raised) and changes the rest.
 */
export function SensorFormDrawer({
  open,
  sensor,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** Absent: a new sensor. */
  sensor?: SensorDetail;
  onClose: () => void;
  onSaved?: (saved: SensorDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const editing = Boolean(sensor);

  async function save(v: Values) {
    setSaving(true);
    setError(null);
    try {
      const coords = v.lng !== undefined && v.lng !== null && v.lat !== undefined && v.lat !== null;
      const saved = sensor
        ? await monitoringApi.updateSensor(sensor.code, {
            name: v.name?.trim() || undefined,
            lng: coords ? v.lng : null,
            lat: coords ? v.lat : null,
            intervalSeconds: v.intervalSeconds,
            ...(sensor.kind === 'kitchen_gas' ? { valveSensorCode: v.valveSensorCode?.trim() || null } : {}),
          })
        : await monitoringApi.createSensor({
            code: v.code.trim(),
            kind: v.kind,
            ...(v.name?.trim() ? { name: v.name.trim() } : {}),
            ...(v.object ? { objectType: v.object.type as 'venue', objectId: v.object.id } : {}),
            ...(v.ownerEnterpriseId ? { ownerEnterpriseId: v.ownerEnterpriseId } : {}),
            ...(v.regionId ? { regionId: v.regionId } : {}),
            ...(coords ? { lng: v.lng!, lat: v.lat! } : {}),
            ...(v.intervalSeconds ? { intervalSeconds: v.intervalSeconds } : {}),
            ...(v.kind === 'pipeline_pressure' && v.pressureClass ? { pressureClass: v.pressureClass } : {}),
            ...(v.installedOn ? { installedOn: v.installedOn.format('YYYY-MM-DD') } : {}),
            ...(v.kind === 'kitchen_gas' && v.valveSensorCode?.trim()
              ? { valveSensorCode: v.valveSensorCode.trim() }
              : {}),
          });
      form.resetFields();
      if (onSaved) onSaved(saved);
      else navigate(`/monitoring/sensors/${encodeURIComponent(saved.code)}`);
    } catch (err) {
      setError(
        applyFormError(form, err, {
          mapPath: (path) => (path[0] === 'objectId' || path[0] === 'objectType' ? ['object'] : path),
          codeFields: {
            'monitoring.sensor_code_taken': ['code'],
            'monitoring.valve_invalid': ['valveSensorCode'],
            'monitoring.object_not_found': ['object'],
          },
        }),
      );
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(editing ? 'monitoring.sensorForm.edit' : 'monitoring.sensorForm.create')}
      width={isMobile ? '100%' : 560}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={
          sensor
            ? {
                code: sensor.code,
                kind: sensor.kind,
                name: sensor.name,
                lng: sensor.lng,
                lat: sensor.lat,
                intervalSeconds: sensor.intervalSeconds,
                valveSensorCode: sensor.valveSensorCode,
              }
            : { intervalSeconds: 60, object: null }
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="code"
              label={t('monitoring.sensorForm.code')}
              extra={editing ? undefined : t('monitoring.sensorForm.codeHint')}
              rules={[
                { required: true, whitespace: true, message: t('monitoring.sensorForm.codeRequired') },
                { pattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, message: t('monitoring.sensorForm.codePattern') },
                { max: 64 },
              ]}
            >
              <Input disabled={editing} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="kind"
              label={t('monitoring.kind')}
              rules={[{ required: true, message: t('monitoring.sensorForm.kindRequired') }]}
            >
              <Select
                disabled={editing}
                options={sensorKinds.map((k) => ({ value: k, label: t(`monitoring.sensorKind.${k}` as MessageKey) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="name" label={t('monitoring.sensorForm.name')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        {editing ? null : (
          <>
            <Form.Item name="object" label={t('monitoring.object')} extra={t('monitoring.sensorForm.objectHint')}>
              <ObjectPicker types={['venue', 'pipeline', 'facility', 'enterprise']} />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="ownerEnterpriseId" label={t('monitoring.sensorForm.owner')}>
                  <EnterpriseSelect />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="regionId" label={t('monitoring.sensorForm.region')}>
                  <RegionTreeSelect />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
        <Row gutter={16}>
          <Col xs={12}>
            <Form.Item name="lng" label={t('monitoring.sensorForm.lng')}>
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="lat" label={t('monitoring.sensorForm.lat')}>
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="intervalSeconds" label={t('monitoring.interval')}>
              <InputNumber min={1} max={86_400} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {editing ? null : (
            <Col xs={24} md={12}>
              <Form.Item name="installedOn" label={t('monitoring.sensorForm.installedOn')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {!editing && kind === 'pipeline_pressure' ? (
          <Form.Item
            name="pressureClass"
            label={t('monitoring.sensorForm.pressureClass')}
            extra={t('monitoring.sensorForm.pressureClassHint')}
          >
            <Select
              allowClear
              options={pressureClasses.map((p) => ({ value: p, label: pressureClassLabels[p][locale] }))}
            />
          </Form.Item>
        ) : null}
        {(editing ? sensor?.kind : kind) === 'kitchen_gas' ? (
          <Form.Item
            name="valveSensorCode"
            label={t('monitoring.sensorForm.valve')}
            extra={t('monitoring.sensorForm.valveHint')}
            rules={[{ pattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, message: t('monitoring.sensorForm.codePattern') }]}
          >
            <Input allowClear autoComplete="off" />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}
