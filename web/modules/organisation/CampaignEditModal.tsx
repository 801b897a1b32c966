import { Alert, App, Col, Divider, Form, Input, Modal, Row } from 'antd';
import { useState } from 'react';
import { applyFormError } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { type CampaignPatch, type CampaignPhaseCode, organisationApi } from './organisation.api.ts';
import { DateField } from '../../app/DateField.tsx';

export type EditableCampaign = {
  id: string;
  name: string;
  nameEn: string | null;
  phases: { code: CampaignPhaseCode; name: string; nameEn: string | null; startsOn: string; endsOn: string | null }[];
};

type Values = {
  name: string;
  nameEn?: string;
  phases: { code: CampaignPhaseCode; name: string; nameEn?: string; startsOn: string; endsOn?: string }[];
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Renames the campaign and moves its phase dates (needs campaign.manage; the server checks the order). */
export function CampaignEditModal({
  campaign,
  onClose,
  onSaved,
}: {
  campaign: EditableCampaign | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: Values) => {
    if (!campaign) return;
    const body: CampaignPatch = {
      name: values.name.trim(),
      ...(values.nameEn?.trim() ? { nameEn: values.nameEn.trim() } : {}),
      phases: values.phases.map((p) => ({
        code: p.code,
        name: p.name.trim(),
        ...(p.nameEn?.trim() ? { nameEn: p.nameEn.trim() } : {}),
        startsOn: p.startsOn,
        endsOn: p.endsOn || null,
      })),
    };
    setSaving(true);
    setError(null);
    try {
      await organisationApi.updateCampaign(campaign.id, body);
      message.success(t('common.saved'));
      onSaved();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <Modal
      open={campaign !== null}
      title={t('campaign.editTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {campaign ? (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            name: campaign.name,
            nameEn: campaign.nameEn ?? '',
            phases: campaign.phases.map((p) => ({ ...p, nameEn: p.nameEn ?? '', endsOn: p.endsOn ?? '' })),
          }}
        >
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="name" label={t('campaign.name')} rules={[required]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="nameEn" label={t('campaign.nameEn')}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="phases">
            {(fields) =>
              fields.map((field, i) => (
                <div key={field.key}>
                  <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
                    {i + 1}. {t(`campaign.phase.${campaign.phases[i]?.code ?? 'intensive'}`)}
                  </Divider>
                  <Form.Item name={[field.name, 'code']} hidden>
                    <Input />
                  </Form.Item>
                  <Row gutter={12}>
                    <Col xs={24} sm={12}>
                      <Form.Item name={[field.name, 'name']} label={t('campaign.phaseName')} rules={[required]}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12}>
                      <Form.Item name={[field.name, 'nameEn']} label={t('campaign.phaseNameEn')}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={12}>
                      <Form.Item
                        name={[field.name, 'startsOn']}
                        label={t('campaign.startsOn')}
                        rules={[required, { pattern: DATE, message: t('issue.invalid_format') }]}
                      >
                        <DateField />
                      </Form.Item>
                    </Col>
                    <Col xs={12}>
                      <Form.Item
                        name={[field.name, 'endsOn']}
                        label={t('campaign.endsOn')}
                        tooltip={t('campaign.endsOnHint')}
                        rules={[{ pattern: DATE, message: t('issue.invalid_format') }]}
                      >
                        <DateField />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              ))
            }
          </Form.List>
          {error ? <Alert type="error" showIcon title={error} /> : null}
        </Form>
      ) : null}
    </Modal>
  );
}
