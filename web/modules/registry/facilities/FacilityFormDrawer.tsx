import { Col, Form, Input, Row, Select } from 'antd';
import { type FacilityKind, facilityKindLabels } from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { CoordinatesFields } from '../components/CoordinatesFields.tsx';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionField } from '../components/RegionField.tsx';
import { RegistryFormDrawer, useRegistryForm } from '../components/RegistryFormDrawer.tsx';
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
  const state = useRegistryForm<Values, FacilityDetail>({
    open,
    source: facility ?? enterprise,
    editing: Boolean(facility),
    errorFields,
    load: () =>
      facility
        ? {
            enterpriseId: facility.enterpriseId,
            kind: facility.kind,
            name: facility.name,
            regionId: facility.regionId,
            address: facility.address,
            lng: facility.lng,
            lat: facility.lat,
          }
        : enterprise && { enterpriseId: enterprise.id, regionId: enterprise.regionId },
    save: (v) => {
      const body = {
        kind: v.kind!,
        name: v.name.trim(),
        regionId: v.regionId!,
        address: v.address?.trim() ?? '',
        lng: v.lng ?? null,
        lat: v.lat ?? null,
      };
      return facility
        ? facilitiesApi.update(facility.id, body)
        : facilitiesApi.create({ ...body, enterpriseId: v.enterpriseId! });
    },
    onSaved,
  });

  const owner = facility
    ? { id: facility.enterpriseId, name: facility.enterpriseName, creditCode: facility.enterpriseCreditCode }
    : enterprise
      ? { id: enterprise.id, name: enterprise.name, creditCode: enterprise.creditCode }
      : null;
  return (
    <RegistryFormDrawer
      state={state}
      open={open}
      onClose={onClose}
      title={t(facility ? 'facility.edit' : 'facility.create')}
      width={560}
    >
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
          <Form.Item name="kind" label={t('facility.kind')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={enumOptions(facilityKindLabels, locale)} />
          </Form.Item>
        </Col>
      </Row>
      <RegionField fallbackLabel={facility?.regionName} />
      <Form.Item name="address" label={t('registry.address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <CoordinatesFields />
    </RegistryFormDrawer>
  );
}
