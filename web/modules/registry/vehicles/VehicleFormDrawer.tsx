import { Col, Form, Input, Row, Select } from 'antd';
import {
  hazardousVehicleEnterpriseKinds,
  normalisePlate,
  PLATE_PATTERN,
} from '../../../../domain/registry/pipelines-people-vehicles.ts';
import { type VehicleKind, vehicleKindLabels } from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegistryFormDrawer, useRegistryForm } from '../components/RegistryFormDrawer.tsx';
import { type VehicleDetail, type VehicleInput, vehiclesApi } from './vehicles.api.ts';
import { DateField } from '../../../app/DateField.tsx';

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
  const state = useRegistryForm<Values, VehicleDetail>({
    open,
    source: vehicle,
    editing: Boolean(vehicle),
    errorFields,
    load: () =>
      vehicle && {
        plate: vehicle.plate,
        kind: vehicle.kind,
        enterpriseId: vehicle.enterpriseId,
        permitNumber: vehicle.permitNumber ?? undefined,
        permitValidTo: vehicle.permitValidTo ?? undefined,
      },
    save: (v) => {
      const body: VehicleInput = {
        plate: normalisePlate(v.plate),
        kind: v.kind!,
        enterpriseId: v.enterpriseId!,
        permitNumber: v.permitNumber?.trim() || null,
        permitValidTo: v.permitValidTo || null,
      };
      return vehicle ? vehiclesApi.update(vehicle.id, body) : vehiclesApi.create(body);
    },
    onSaved,
  });
  const kind = Form.useWatch('kind', state.form);
  const hazardous = kind === 'hazardous_transport';

  return (
    <RegistryFormDrawer
      state={state}
      open={open}
      onClose={onClose}
      title={t(vehicle ? 'vehicle.edit' : 'vehicle.create')}
      width={520}
      initialValues={{ kind: 'delivery' }}
    >
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
          <Form.Item name="kind" label={t('vehicle.kind')} rules={[{ required: true, message: t('common.required') }]}>
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
            <DateField />
          </Form.Item>
        </Col>
      </Row>
    </RegistryFormDrawer>
  );
}
