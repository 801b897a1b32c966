import { Alert, Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { checkItems, deadlineInRange } from '../../../domain/hazards/index.ts';
import { applyFormError, http } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { ObjectPicker, type PickedObject } from '../inspections/index.ts';
import { useDepartments } from '../inspections/index.ts';
import { chinaToday } from '../../app/dates.ts';

type Values = {
  object: PickedObject | null;
  itemId?: string;
  severity?: 'major' | 'general';
  departmentId?: string;
  description: string;
  responsibleParty?: string;
  responsiblePersonName?: string;
  responsiblePhone?: string;
  deadline?: Dayjs;
  interimControl?: string;
};

/**
 * Registers a hazard found outside a signed inspection (by hand). The check item fixes its plan
 * reference, severity and responsible department on the server; the deadline defaults by severity.
 */
export function CreateHazardDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const object = Form.useWatch('object', form);
  const itemId = Form.useWatch('itemId', form);

  // Items of the object's type (a facility is checked against its enterprise's items).
  const items = useMemo(() => {
    if (!object) return [];
    const type = object.type === 'facility' ? 'enterprise' : object.type;
    return checkItems.filter((i) => i.appliesTo.some((a) => a.type === type));
  }, [object]);
  const item = items.find((i) => i.id === itemId);
  const departments = useDepartments().data ?? [];
  const severity = Form.useWatch('severity', form);

  async function save(values: Values) {
    if (!values.object) return;
    setSaving(true);
    setError(null);
    try {
      const body = {
        objectType: values.object.type,
        objectId: values.object.id,
        ...(values.itemId ? { itemId: values.itemId } : {}),
        ...(!values.itemId && values.severity ? { severity: values.severity } : {}),
        ...(!values.itemId && values.departmentId ? { departmentId: values.departmentId } : {}),
        description: values.description,
        ...(values.responsibleParty ? { responsibleParty: values.responsibleParty } : {}),
        ...(values.responsiblePersonName ? { responsiblePersonName: values.responsiblePersonName } : {}),
        ...(values.responsiblePhone ? { responsiblePhone: values.responsiblePhone } : {}),
        ...(values.deadline ? { deadline: values.deadline.format('YYYY-MM-DD') } : {}),
        ...(values.interimControl ? { interimControl: values.interimControl } : {}),
      };
      const created = await http.post<{ id: string }>('/api/v1/hazards', body);
      form.resetFields();
      onClose();
      navigate(`/hazards/${created.id}`);
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('hazards.create')}
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
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ object: null }}>
        <Form.Item
          name="object"
          label={t('hazards.object')}
          rules={[{ required: true, message: t('hazards.objectRequired') }]}
        >
          <ObjectPicker />
        </Form.Item>
        <Form.Item name="itemId" label={t('hazards.item')} extra={item ? `${item.planRef} · ${item.basis}` : undefined}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            disabled={!object}
            options={items.map((i) => ({
              value: i.id,
              label: `${i.planRef} ${i.text[locale]}${i.severity === 'major' ? ` (${t('hazards.severity.major')})` : ''}`,
            }))}
          />
        </Form.Item>
        {itemId ? null : (
          <>
            <Form.Item
              name="severity"
              label={t('hazards.severity')}
              extra={t('hazards.severityWithoutItem')}
              rules={[{ required: true, message: t('hazards.severityRequired') }]}
            >
              <Select
                options={(['general', 'major'] as const).map((v) => ({ value: v, label: t(`hazards.severity.${v}`) }))}
              />
            </Form.Item>
            <Form.Item name="departmentId" label={t('hazards.department')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={departments
                  .filter((d) => d.kind === 'department')
                  .map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="description"
          label={t('hazards.description')}
          rules={[{ required: true, whitespace: true, message: t('hazards.descriptionRequired') }, { max: 2000 }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="responsibleParty" label={t('hazards.responsibleParty')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name="responsiblePersonName"
            label={t('hazards.responsible')}
            style={{ flex: 1 }}
            rules={[{ max: 100 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="responsiblePhone"
            label={t('hazards.phone')}
            style={{ flex: 1 }}
            rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('hazards.phoneInvalid') }]}
          >
            <Input inputMode="tel" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="deadline" label={t('hazards.deadline')} extra={t('hazards.deadlineDefault')}>
          <DatePicker
            style={{ width: '100%' }}
            inputReadOnly={isMobile}
            // Found today (the form has no found date): from today up to two years on.
            disabledDate={(d) => {
              const today = chinaToday();
              return !deadlineInRange(today, d.format('YYYY-MM-DD'), today);
            }}
          />
        </Form.Item>
        <Form.Item
          name="interimControl"
          label={t('hazards.interimControl')}
          extra={(item?.severity ?? severity) === 'major' ? t('hazards.interimControlRequired') : undefined}
          rules={[
            { max: 2000 },
            {
              required: (item?.severity ?? severity) === 'major',
              whitespace: true,
              message: t('hazards.interimControlRequired'),
            },
          ]}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
