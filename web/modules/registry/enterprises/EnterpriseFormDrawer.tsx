import { Col, Form, Input, Row, Select } from 'antd';
import { CREDIT_CODE_PATTERN } from '../../../../domain/registry/credit-code.ts';
import {
  type EnterpriseKind,
  enterpriseKindLabels,
  type SellerChannel,
  sellerChannelLabels,
} from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { CoordinatesFields } from '../components/CoordinatesFields.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionField } from '../components/RegionField.tsx';
import { useSupervisedParty } from '../components/useSupervisedParty.ts';
import { RegistryFormDrawer, useRegistryForm } from '../components/RegistryFormDrawer.tsx';
import { type EnterpriseDetail, type EnterpriseInput, enterprisesApi } from './enterprises.api.ts';

type Values = {
  name: string;
  kind?: EnterpriseKind;
  creditCode: string;
  regionId?: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  contactPhone?: string;
  sellerChannel?: SellerChannel | null;
};

const PHONE = /^[0-9+\- ]{5,20}$/;

const errorFields: Record<string, string[]> = {
  'enterprises.credit_code_taken': ['creditCode'],
  'enterprises.region_not_found': ['regionId'],
  'enterprises.seller_channel_invalid': ['sellerChannel'],
};

/** Register or edit an enterprise; rules mirror the server (credit code format, lng/lat together, seller channel). */
export function EnterpriseFormDrawer({
  open,
  enterprise,
  onClose,
  onSaved,
}: {
  open: boolean;
  enterprise?: EnterpriseDetail | null;
  onClose: () => void;
  onSaved: (saved: EnterpriseDetail) => void;
}) {
  const t = useT();
  // Name, credit code, region and kind of an existing enterprise are the regulator's to change (the server refuses them too).
  const regulated = useSupervisedParty() && Boolean(enterprise);
  const locale = useLocale();
  const state = useRegistryForm<Values, EnterpriseDetail>({
    open,
    source: enterprise,
    editing: Boolean(enterprise),
    errorFields,
    load: () =>
      enterprise && {
        name: enterprise.name,
        kind: enterprise.kind,
        creditCode: enterprise.creditCode,
        regionId: enterprise.regionId,
        address: enterprise.address,
        lng: enterprise.lng,
        lat: enterprise.lat,
        contactPhone: enterprise.contactPhone ?? '',
        sellerChannel: enterprise.sellerChannel,
      },
    save: (v) => {
      const body: EnterpriseInput = {
        name: v.name.trim(),
        kind: v.kind!,
        creditCode: v.creditCode.trim().toUpperCase(),
        regionId: v.regionId!,
        address: v.address?.trim() ?? '',
        lng: v.lng ?? null,
        lat: v.lat ?? null,
        contactPhone: v.contactPhone?.trim() || null,
        sellerChannel: v.kind === 'appliance_seller' ? (v.sellerChannel ?? null) : null,
      };
      if (!enterprise) return enterprisesApi.create(body);
      // A supervised party does not send what identifies the licensed entity (it proposes a change instead).
      const { name: _name, creditCode: _creditCode, ...own } = body;
      return enterprisesApi.update(enterprise.id, regulated ? own : body);
    },
    onSaved,
  });
  const kind = Form.useWatch('kind', state.form);

  return (
    <RegistryFormDrawer
      state={state}
      open={open}
      onClose={onClose}
      title={t(enterprise ? 'enterprise.edit' : 'enterprise.create')}
      width={640}
    >
      <Form.Item
        name="name"
        label={t('enterprise.name')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
        extra={regulated ? t('registry.regulatorField') : undefined}
      >
        <Input maxLength={100} disabled={regulated} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="kind"
            label={t('enterprise.kind')}
            rules={[{ required: true, message: t('common.required') }]}
            extra={regulated ? t('registry.regulatorField') : undefined}
          >
            <Select options={enumOptions(enterpriseKindLabels, locale)} disabled={regulated} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="creditCode"
            label={t('enterprise.creditCode')}
            extra={regulated ? t('registry.regulatorField') : t('enterprise.creditCodeHint')}
            normalize={(v: string) => v?.toUpperCase()}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { pattern: CREDIT_CODE_PATTERN, message: t('enterprise.creditCodeInvalid') },
            ]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} disabled={regulated} />
          </Form.Item>
        </Col>
      </Row>
      {kind === 'appliance_seller' ? (
        <Form.Item
          name="sellerChannel"
          label={t('enterprise.sellerChannel')}
          extra={t('enterprise.sellerChannelHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select options={enumOptions(sellerChannelLabels, locale)} />
        </Form.Item>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <RegionField fallbackLabel={enterprise?.regionName} readOnly={regulated} />
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="contactPhone"
            label={t('enterprise.contactPhone')}
            rules={[{ pattern: PHONE, message: t('enterprise.phoneInvalid') }]}
          >
            <Input maxLength={20} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="address" label={t('registry.address')} rules={[{ max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <CoordinatesFields />
    </RegistryFormDrawer>
  );
}
