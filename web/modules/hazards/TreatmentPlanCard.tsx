import { FileProtectOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { applyFormError } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { type Hazard, hazardsApi } from './hazards.api.ts';

type Values = {
  goals: string;
  measures: string;
  funds: string;
  people: string;
  deadline: Dayjs;
  emergencyMeasures: string;
};
const parts = ['goals', 'measures', 'funds', 'people', 'emergencyMeasures'] as const;

/**
 * 重大事故隐患治理方案 (安全生产事故隐患排查治理暂行规定 art. 15): the plan of a major hazard, shown to everyone who
 * reads the hazard; the responsible party or an officer records and revises it. Without it a major hazard cannot
 * be closed.
 */
export function TreatmentPlanCard({ hazard, onChange }: { hazard: Hazard; onChange: (h: Hazard) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  const plan = hazard.treatmentPlan;
  if (hazard.severity !== 'major') return null;

  const start = () => {
    form.setFieldsValue(
      plan
        ? { ...plan, deadline: dayjs(plan.deadline) }
        : { deadline: dayjs(hazard.deadline), goals: '', measures: '', funds: '', people: '', emergencyMeasures: '' },
    );
    setOpen(true);
  };

  return (
    <Card
      size="small"
      title={t('hazards.plan.title')}
      style={{ marginBottom: 12 }}
      extra={
        hazard.abilities.treatmentPlan ? (
          <Button size="small" icon={<FileProtectOutlined />} onClick={start}>
            {t(plan ? 'hazards.plan.revise' : 'hazards.plan.record')}
          </Button>
        ) : null
      }
    >
      {plan ? (
        <Descriptions column={1} size="small">
          {parts.map((p) => (
            <Descriptions.Item key={p} label={t(`hazards.plan.${p}`)}>
              {plan[p]}
            </Descriptions.Item>
          ))}
          <Descriptions.Item label={t('hazards.plan.deadline')}>{formatDate(plan.deadline)}</Descriptions.Item>
          <Descriptions.Item label={t('hazards.plan.reportedAt')}>
            {formatDateTime(plan.reportedAt)}
            {plan.revision > 1 ? ` · ${t('hazards.plan.revision', { n: plan.revision })}` : ''}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazards.plan.none')} />
      )}
      <Modal
        open={open}
        title={t('hazards.plan.title')}
        okText={t('common.save')}
        confirmLoading={saving}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          setSaving(true);
          try {
            const next = await hazardsApi.treatmentPlan(hazard.id, {
              goals: v.goals.trim(),
              measures: v.measures.trim(),
              funds: v.funds.trim(),
              people: v.people.trim(),
              emergencyMeasures: v.emergencyMeasures.trim(),
              deadline: v.deadline.format('YYYY-MM-DD'),
            });
            onChange(next);
            setOpen(false);
            message.success(t('hazards.plan.saved'));
          } catch (err) {
            const text = applyFormError(form, err, {
              codeFields: { 'hazards.treatment_plan_deadline_invalid': ['deadline'] },
            });
            if (text) message.error(text);
          } finally {
            setSaving(false);
          }
        }}
      >
        <p className="ra-muted">{t('hazards.plan.hint')}</p>
        <Form form={form} layout="vertical">
          {parts.map((p) => (
            <Form.Item
              key={p}
              name={p}
              label={t(`hazards.plan.${p}`)}
              rules={[{ required: true, whitespace: true, message: t('hazards.plan.required') }]}
            >
              <Input.TextArea
                rows={p === 'funds' || p === 'people' ? 1 : 2}
                maxLength={p === 'funds' || p === 'people' ? 500 : 2000}
              />
            </Form.Item>
          ))}
          <Form.Item name="deadline" label={t('hazards.plan.deadline')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
