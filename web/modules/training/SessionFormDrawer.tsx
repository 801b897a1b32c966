import { Alert, Button, Drawer, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { chinaToday } from '../../../domain/dates.ts';
import { applyFormError } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { type SessionDetail, trainingApi } from './training.api.ts';
import { DateField } from '../../app/DateField.tsx';

type Values = {
  topic: string;
  organiser: string;
  trainer?: string;
  heldOn: string;
  place?: string;
  regionId?: string;
  certificateValidUntil?: string;
  note?: string;
};

/** 新增培训: the session's facts; the organising unit is the user's own (an office account chooses the township). */
export function SessionFormDrawer({
  open,
  onClose,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (s: SessionDetail) => void;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = chinaToday();
  const ownUnit = me?.roles.find((r) => r.scopeType !== 'global' && r.scopeType !== 'facility');
  const heldOn = Form.useWatch('heldOn', form);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await trainingApi.create({
        topic: v.topic.trim(),
        organiser: v.organiser.trim(),
        trainer: v.trainer?.trim() || null,
        heldOn: v.heldOn,
        place: v.place?.trim() || null,
        ...(v.regionId ? { regionId: v.regionId } : {}),
        ...(v.certificateValidUntil ? { certificateValidUntil: v.certificateValidUntil } : {}),
        note: v.note?.trim() || null,
        attendees: [],
      });
      form.resetFields();
      onSaved(saved);
    } catch (err) {
      const field = (err as { details?: { field?: string } }).details?.field;
      setError(
        applyFormError(form, err, {
          codeFields: field
            ? {
                'training.dates_invalid': [field],
                'training.unit_required': ['regionId'],
                'training.unit_outside_scope': ['regionId'],
              }
            : undefined,
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('training.create')}
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
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ heldOn: today, organiser: ownUnit?.scopeName ?? '' }}
      >
        <Form.Item
          name="topic"
          label={t('training.topic')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 200 }]}
        >
          <Input maxLength={200} placeholder="瓶装液化石油气安全、消防安全常识和应急处置技能培训" />
        </Form.Item>
        <Form.Item
          name="organiser"
          label={t('training.organiser')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="trainer" label={t('training.trainer')} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="heldOn"
          label={t('training.heldOn')}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: async (_, v: string | undefined) => {
                if (v && v > today) throw new Error(t('training.heldOnFuture'));
              },
            },
          ]}
        >
          <DateField max={today} />
        </Form.Item>
        <Form.Item name="place" label={t('training.place')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        {ownUnit ? null : (
          <Form.Item
            name="regionId"
            label={t('training.region')}
            extra={t('training.unitHint')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <RegionTreeSelect placeholder={t('training.region')} />
          </Form.Item>
        )}
        <Form.Item
          name="certificateValidUntil"
          label={t('training.certificateValidUntil')}
          extra={t('training.certificateValidHint')}
        >
          <DateField min={heldOn} />
        </Form.Item>
        <Form.Item name="note" label={t('training.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
