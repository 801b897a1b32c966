import { Alert, DatePicker, Form, InputNumber, List, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../app/i18n.ts';
import { placeError } from '../inspections/index.ts';
import { SeverityTag } from '../inspections/index.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { type CampaignPhaseCode, type FollowUpResult, hazardsApi } from './hazards.api.ts';
import { type FollowUpValues, followUpRequest } from './hazards.forms.ts';
import { chinaTodayDay } from '../../app/dates.ts';

const phases: CampaignPhaseCode[] = ['intensive', 'consolidation', 'long_term'];

function ResultView({ r }: { r: FollowUpResult }) {
  const t = useT();
  return (
    <div data-testid="follow-up-result">
      <Alert
        type={r.scheduled.length > 0 ? 'success' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={
          r.scheduled.length > 0
            ? t('followUp.result', { scheduled: r.scheduled.length, dueOn: r.dueOn })
            : t('followUp.resultNone')
        }
        description={t('followUp.resultDetail', {
          from: r.from,
          to: r.to,
          closed: r.closedConsidered,
          selected: r.selected,
          major: r.major,
          already: r.alreadyScheduled,
          share: Math.round(r.share * 1000) / 10,
        })}
      />
      {r.scheduled.length > 0 ? (
        <List
          size="small"
          dataSource={r.scheduled}
          rowKey="hazardId"
          style={{ maxHeight: 260, overflow: 'auto' }}
          renderItem={(s) => (
            <List.Item>
              <Space size={6} wrap>
                <SeverityTag severity={s.severity} />
                <Link to={`/hazards/${s.hazardId}`}>{s.number}</Link>
                <Link to={`/inspections/${s.inspectionId}`}>{t('followUp.inspection')}</Link>
              </Space>
            </List.Item>
          )}
        />
      ) : null}
    </div>
  );
}

/**
 * 安排回头看 (plan 五、工作安排(二)): the office picks a period (a campaign phase or dates); the server
 * draws every major and a share of the general hazards closed in it (within the user's scope) and
 * plans a follow-up inspection of each. The same period again schedules nothing twice.
 */
export function FollowUpDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<FollowUpValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<FollowUpResult | null>(null);
  const by = Form.useWatch('by', form);

  const close = () => {
    setResult(null);
    setError(null);
    onClose();
  };

  const submit = async (v: FollowUpValues) => {
    setBusy(true);
    setError(null);
    try {
      setResult(await hazardsApi.scheduleFollowUps(followUpRequest(v)));
      onDone();
    } catch (err) {
      setError(
        placeError(form, err, ['phase', 'dates', 'sharePercent', 'dueOn', 'regionId'], {
          from: 'dates',
          to: 'dates',
          share: 'sharePercent',
        }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('followUp.title')}
      onCancel={close}
      destroyOnHidden
      okText={result ? t('followUp.close') : t('followUp.run')}
      okButtonProps={{ 'data-testid': 'follow-up-ok' } as never}
      cancelButtonProps={{ style: result ? { display: 'none' } : undefined }}
      confirmLoading={busy}
      onOk={() => (result ? close() : form.submit())}
    >
      {result ? (
        <ResultView r={result} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('followUp.hint')}</Typography.Paragraph>
          <Form<FollowUpValues>
            form={form}
            layout="vertical"
            onFinish={(v) => void submit(v)}
            initialValues={{ by: 'phase', phase: 'intensive', dueOn: chinaTodayDay().add(30, 'day') }}
          >
            <Form.Item name="by" label={t('followUp.period')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'phase', label: t('followUp.byPhase') },
                  { value: 'dates', label: t('followUp.byDates') },
                ]}
              />
            </Form.Item>
            {by === 'dates' ? (
              <Form.Item
                name="dates"
                label={t('followUp.closedBetween')}
                rules={[{ required: true, message: t('errors.hazards.follow_up_range_required') }]}
              >
                <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly />
              </Form.Item>
            ) : (
              <Form.Item
                name="phase"
                label={t('hazards.filter.phase')}
                rules={[{ required: true, message: t('errors.hazards.follow_up_range_required') }]}
              >
                <Select options={phases.map((p) => ({ value: p, label: t(`campaign.phase.${p}`) }))} />
              </Form.Item>
            )}
            <Form.Item name="sharePercent" label={t('followUp.share')} extra={t('followUp.shareHint')}>
              <InputNumber min={0} max={100} step={5} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="dueOn" label={t('followUp.dueOn')}>
              <DatePicker
                style={{ width: '100%' }}
                inputReadOnly
                disabledDate={(d) => d.isBefore(chinaTodayDay(), 'day')}
              />
            </Form.Item>
            <Form.Item name="regionId" label={t('hazards.filter.region')} extra={t('followUp.regionHint')}>
              <RegionTreeSelect placeholder={t('hazards.filter.all')} />
            </Form.Item>
          </Form>
          {error ? <Alert type="error" showIcon title={error} /> : null}
        </>
      )}
    </Modal>
  );
}
