import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { CHINA_BOUNDS } from '../../../../domain/registry/places.ts';
import { type FacilityKind, facilityKindLabels } from '../../../../domain/registry/registry.ts';
import { applyFormError } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { type FacilityDetail, facilitiesApi } from './facilities.api.ts';

type Values = {
  enterpriseId?: string;
  kind?: FacilityKind;
  name: string;
  regionId?: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
};

const errorFields: Record<string, string[]> = {
  'facilities.name_taken': ['name'],
  'facilities.region_not_found': ['regionId'],
  'facilities.enterprise_not_found': ['enterpriseId'],
  'facilities.enterprise_archived': ['enterpriseId'],
};

/** Register or edit a facility (filling station, storage station, bottle shop…) of an enterprise. */
export function FacilityFormDrawer({
  open,
  facility,
  enterprise,
  onClose,
  onSaved,
}: {
  open: boolean;
  facility?: FacilityDetail | null;
  /** The owner, when opened from its page (also the default region). */
  enterprise?: { id: string; name: string; creditCode: string; regionId?: string } | null;
  onClose: () => void;
  onSaved: (saved: FacilityDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (facility) {
      form.setFieldsValue({
        enterpriseId: facility.enterpriseId,
        kind: facility.kind,
        name: facility.name,
        regionId: facility.regionId,
        address: facility.address,
        lng: facility.lng,
        lat: facility.lat,
      });
    } else if (enterprise) {
      form.setFieldsValue({ enterpriseId: enterprise.id, regionId: enterprise.regionId });
    }
  }, [open, facility, enterprise, form]);

  const submit = async (v: Values) => {
    const body = {
      kind: v.kind!,
      name: v.name.trim(),
      regionId: v.regionId!,
      address: v.address?.trim() ?? '',
      lng: v.lng ?? null,
      lat: v.lat ?? null,
    };
    setSaving(true);
    setError(null);
    try {
      const saved = facility
        ? await facilitiesApi.update(facility.id, body)
        : await facilitiesApi.create({ ...body, enterpriseId: v.enterpriseId! });
      message.success(t(facility ? 'common.saved' : 'registry.created'));
      onSaved(saved);
    } catch (err) {
      const code = (err as { code?: string }).code;
      const field = code ? errorFields[code] : undefined;
      setError(applyFormError(form, err, { codeFields: field ? { [code!]: field } : undefined }));
    } finally {
      setSaving(false);
    }
  };

  const owner = facility
    ? { id: facility.enterpriseId, name: facility.enterpriseName, creditCode: facility.enterpriseCreditCode }
    : enterprise
      ? { id: enterprise.id, name: enterprise.name, creditCode: enterprise.creditCode }
      : null;
  const pairRule =
    (other: 'lng' | 'lat') =>
    ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
      validator: async (_: unknown, value: number | null | undefined) => {
        const o = getFieldValue(other);
        if ((value === null || value === undefined) !== (o === null || o === undefined))
          throw new Error(t('registry.coordinatesPair'));
      },
    });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t(facility ? 'facility.edit' : 'facility.create')}
      size={isMobile ? '100%' : 560}
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
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="enterpriseId"
          label={t('facility.enterprise')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <EnterpriseSelect
            disabled={Boolean(owner)}
            initial={owner}
            placeholder={t('facility.chooseEnterprise')}
            allowClear={false}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="name"
              label={t('facility.name')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="kind"
              label={t('facility.kind')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Select options={enumOptions(facilityKindLabels, locale)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="regionId"
          label={t('registry.region')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <RegionTreeSelect
            placeholder={t('registry.region')}
            allowClear={false}
            fallbackLabel={facility?.regionName}
          />
        </Form.Item>
        <Form.Item name="address" label={t('registry.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={12}>
            <Form.Item
              name="lng"
              label={t('registry.lng')}
              extra={t('registry.coordinatesHint')}
              dependencies={['lat']}
              rules={[pairRule('lat')]}
            >
              <InputNumber
                min={CHINA_BOUNDS.lngMin}
                max={CHINA_BOUNDS.lngMax}
                step={0.001}
                precision={6}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="lat" label={t('registry.lat')} dependencies={['lng']} rules={[pairRule('lng')]}>
              <InputNumber
                min={CHINA_BOUNDS.latMin}
                max={CHINA_BOUNDS.latMax}
                step={0.001}
                precision={6}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
