import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type LicenceKind, licenceKindLabels } from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegistryFormDrawer, useRegistryForm } from '../components/RegistryFormDrawer.tsx';
import { type LicenceDetail, type LicenceInput, licencesApi } from './licences.api.ts';

type Values = {
  enterpriseId?: string;
  kind?: LicenceKind;
  number: string;
  scope?: string;
  issuingBody?: string;
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
};

const errorFields: Record<string, string[]> = {
  'licences.number_taken': ['number'],
  'licences.dates_invalid': ['validTo'],
  'licences.outside_scope': ['enterpriseId'],
  'licences.enterprise_archived': ['enterpriseId'],
  'enterprises.not_found': ['enterpriseId'],
};

const ymd = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/**
 * Register or edit a licence. From an enterprise's page the holder is fixed; from the licence list
 * the holder is searched. Status changes (暂停、吊销、恢复) are not made here.
 */
export function LicenceFormDrawer({
  open,
  licence,
  enterprise,
  onClose,
  onSaved,
}: {
  open: boolean;
  licence?: LicenceDetail | null;
  /** The holder, when the drawer is opened from its page. */
  enterprise?: { id: string; name: string; creditCode: string } | null;
  onClose: () => void;
  onSaved: (saved: LicenceDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const state = useRegistryForm<Values, LicenceDetail>({
    open,
    source: licence ?? enterprise,
    editing: Boolean(licence),
    errorFields,
    load: () =>
      licence
        ? {
            enterpriseId: licence.enterpriseId,
            kind: licence.kind,
            number: licence.number,
            scope: licence.scope,
            issuingBody: licence.issuingBody,
            validFrom: licence.validFrom ? dayjs(licence.validFrom) : null,
            validTo: licence.validTo ? dayjs(licence.validTo) : null,
          }
        : enterprise && { enterpriseId: enterprise.id },
    save: (v) => {
      const body: LicenceInput = {
        kind: v.kind!,
        number: v.number.trim(),
        scope: v.scope?.trim() ?? '',
        issuingBody: v.issuingBody?.trim() ?? '',
        validFrom: ymd(v.validFrom),
        validTo: ymd(v.validTo)!,
      };
      return licence ? licencesApi.update(licence.id, body) : licencesApi.create(v.enterpriseId!, body);
    },
    onSaved,
  });

  const holder = licence
    ? { id: licence.enterpriseId, name: licence.enterpriseName, creditCode: licence.enterpriseCreditCode }
    : (enterprise ?? null);

  return (
    <RegistryFormDrawer
      state={state}
      open={open}
      onClose={onClose}
      title={t(licence ? 'licence.edit' : 'licence.create')}
      width={560}
    >
      <Form.Item
        name="enterpriseId"
        label={t('licence.enterprise')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <EnterpriseSelect
          disabled={Boolean(holder)}
          initial={holder}
          placeholder={t('licence.chooseEnterprise')}
          allowClear={false}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="kind" label={t('licence.kind')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={enumOptions(licenceKindLabels, locale)} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="number"
            label={t('licence.number')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 60 }]}
          >
            <Input maxLength={60} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="scope" label={t('licence.scope')} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="issuingBody" label={t('licence.issuingBody')} rules={[{ max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={12}>
          <Form.Item name="validFrom" label={t('licence.validFrom')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item
            name="validTo"
            label={t('licence.validTo')}
            dependencies={['validFrom']}
            rules={[
              { required: true, message: t('common.required') },
              ({ getFieldValue }) => ({
                validator: async (_, to: Dayjs | null) => {
                  const from = getFieldValue('validFrom') as Dayjs | null;
                  if (from && to && from.isAfter(to, 'day')) throw new Error(t('licence.datesInvalid'));
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </RegistryFormDrawer>
  );
}
