import { Alert, App, Button, Col, Drawer, Form, Input, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import {
  hazardousVehicleEnterpriseKinds,
  normalisePlate,
  PLATE_PATTERN,
} from '../../../../domain/registry/pipelines-people-vehicles.ts';
import { type VehicleKind, vehicleKindLabels } from '../../../../domain/registry/registry.ts';
import { applyFormError } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { type VehicleDetail, type VehicleInput, vehiclesApi } from './vehicles.api.ts';

type Values = {
  plate: string;
  kind?: VehicleKind;
  enterpriseId?: string;
  permitNumber?: string;
  permitValidTo?: string;
};

const errorFields: Record<string, string[]> = {
  'vehicles.plate_taken': ['plate'],
  'vehicles.enterprise_not_found': ['enterpriseId'],
  'vehicles.enterprise_kind_invalid': ['enterpriseId'],
  'vehicles.outside_scope': ['enterpriseId'],
  'vehicles.unbind_first': ['enterpriseId'],
  'vehicles.permit_required': ['permitNumber'],
};

/** Create or edit a vehicle; a hazardous-goods vehicle needs its permit and a carrier or bottled operator. */
export function VehicleFormDrawer({
  open,
  vehicle,
  onClose,
  onSaved,
}: {
  open: boolean;
  vehicle?: VehicleDetail | null;
  onClose: () => void;
  onSaved: (saved: VehicleDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hazardous = kind === 'hazardous_transport';

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (vehicle) {
      form.setFieldsValue({
        plate: vehicle.plate,
        kind: vehicle.kind,
        enterpriseId: vehicle.enterpriseId,
        permitNumber: vehicle.permitNumber ?? undefined,
        permitValidTo: vehicle.permitValidTo ?? undefined,
      });
    }
  }, [open, vehicle, form]);

  const submit = async (v: Values) => {
    const body: VehicleInput = {
      plate: normalisePlate(v.plate),
      kind: v.kind!,
      enterpriseId: v.enterpriseId!,
      permitNumber: v.permitNumber?.trim() || null,
      permitValidTo: v.permitValidTo || null,
    };
    setSaving(true);
    setError(null);
    try {
      const saved = vehicle ? await vehiclesApi.update(vehicle.id, body) : await vehiclesApi.create(body);
      message.success(t(vehicle ? 'common.saved' : 'registry.created'));
      onSaved(saved);
    } catch (err) {
      const code = (err as { code?: string }).code;
      const field = code ? errorFields[code] : undefined;
      setError(applyFormError(form, err, { codeFields: field && code ? { [code]: field } : undefined }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(vehicle ? 'vehicle.edit' : 'vehicle.create')}
      size={isMobile ? '100%' : 520}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'delivery' }}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="plate"
              label={t('vehicle.plate')}
              extra={t('vehicle.plateHint')}
              rules={[
                { required: true, message: t('common.required') },
                {
                  validator: async (_, v: string | undefined) => {
                    if (v && !PLATE_PATTERN.test(normalisePlate(v))) throw new Error(t('vehicle.plateInvalid'));
                  },
                },
              ]}
            >
              <Input maxLength={12} style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="kind"
              label={t('vehicle.kind')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Select options={enumOptions(vehicleKindLabels, locale)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="enterpriseId"
          label={t('vehicle.enterprise')}
          extra={hazardous ? t('vehicle.hazardousHint') : undefined}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <EnterpriseSelect
            kinds={hazardous ? hazardousVehicleEnterpriseKinds : undefined}
            initial={vehicle?.enterprise ?? null}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="permitNumber"
              label={t('vehicle.permitNumber')}
              rules={hazardous ? [{ required: true, whitespace: true, message: t('vehicle.permitRequired') }] : []}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="permitValidTo" label={t('vehicle.permitValidTo')}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
