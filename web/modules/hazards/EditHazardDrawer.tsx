import { Alert, Button, DatePicker, Drawer, Form, Input, Space } from 'antd';
import dayjs from 'dayjs';
import { deadlineInRange } from '../../../domain/hazards/deadlines.ts';
import { useState } from 'react';
import { useT } from '../../app/i18n.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { placeError } from '../inspections/index.ts';
import { type Hazard, hazardsApi } from './hazards.api.ts';
import { type EditValues, editFields, hazardChanges } from './hazards.forms.ts';
import { chinaToday } from '../../app/dates.ts';

/**
 * 编辑隐患: the responsible party, person and phone, and the deadline (moving it needs a reason,
 * which goes on the timeline). Opened only when the server's `abilities.edit` allows it.
 */
export function EditHazardDrawer({
  hazard,
  onClose,
  onSaved,
}: {
  hazard: Hazard;
  onClose: () => void;
  onSaved: (h: Hazard) => void;
}) {
  const t = useT();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<EditValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const deadline = Form.useWatch('deadline', form);
  const moved = Boolean(deadline && deadline.format('YYYY-MM-DD') !== hazard.deadline);

  async function save(values: EditValues) {
    const changes = hazardChanges(hazard, values);
    if (Object.keys(changes).length === 0) {
      setError(t('hazards.edit.nothing'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onSaved(await hazardsApi.update(hazard.id, changes));
    } catch (err) {
      setError(placeError(form, err, editFields, { responsiblePersonId: 'responsiblePersonName' }));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open
      onClose={onClose}
      title={t('hazards.edit.title', { number: hazard.number })}
      width={isMobile ? '100%' : 480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="edit-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} /> : null}
      <Form<EditValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          responsibleParty: hazard.responsibleParty,
          responsiblePersonName: hazard.responsiblePersonName ?? '',
          responsiblePhone: hazard.responsiblePhone ?? '',
          deadline: dayjs(hazard.deadline),
          reason: '',
        }}
      >
        <Form.Item name="responsibleParty" label={t('hazards.responsibleParty')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="responsiblePersonName" label={t('hazards.responsible')} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="responsiblePhone"
          label={t('hazards.phone')}
          rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('hazards.phoneInvalid') }]}
        >
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('hazards.deadline')}
          extra={t('hazards.edit.deadlineHint', { date: hazard.deadline })}
          rules={[{ required: true, message: t('hazards.edit.deadlineRequired') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            allowClear={false}
            inputReadOnly={isMobile}
            disabledDate={(d) => !deadlineInRange(hazard.foundOn, d.format('YYYY-MM-DD'), chinaToday())}
            aria-label={t('hazards.deadline')}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={moved ? t('hazards.edit.reasonRequiredLabel') : t('hazards.edit.reason')}
          extra={moved ? t('hazards.edit.reasonHint') : undefined}
          rules={[
            { max: 500 },
            { required: moved, whitespace: true, message: t('errors.hazards.deadline_reason_required') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} aria-label={t('hazards.edit.reason')} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
