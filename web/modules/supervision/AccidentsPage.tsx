import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { applyFormError } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { RecordHistory } from './RecordHistory.tsx';
import { type Accident, recordsApi } from './supervision.api.ts';
import { useUnits } from './useUnits.ts';

const levels = ['incident', 'general', 'larger', 'major', 'especially_major'] as const;
const statuses = ['recorded', 'investigating', 'closed'] as const;
const statusColor: Record<string, string> = { recorded: 'blue', investigating: 'orange', closed: 'default' };

/** 燃气事故: the register (by status), recording one, the investigation (调查, 提级调查) and the closure (结案). */
export function AccidentsPage() {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<(typeof statuses)[number] | undefined>();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Accident | null>(null);
  const [step, setStep] = useState<'investigate' | 'close' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [stepForm] = Form.useForm();
  const { regionOptions } = useUnits();
  const { data, error, loading, reload } = useRequest(
    useCallback(() => recordsApi.accidents({ page, pageSize: 20, status }), [page, status]),
  );
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  const create = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const a = await recordsApi.recordAccident({
        occurredAt: (v.occurredAt as dayjs.Dayjs).toISOString(),
        regionId: v.regionId,
        place: v.place,
        level: v.level,
        deaths: v.deaths ?? 0,
        injuries: v.injuries ?? 0,
        description: v.description,
        escalatedInvestigation: !!v.escalatedInvestigation,
        caseRefs: (v.caseRefs ?? []) as string[],
      });
      message.success(t('sv.saved'));
      setCreating(false);
      form.resetFields();
      reload();
      setOpen(a);
    } catch (err) {
      const rest = applyFormError(form, err);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };
  const submitStep = async () => {
    if (!open || !step) return;
    const v = await stepForm.validateFields();
    setBusy(true);
    try {
      const a =
        step === 'investigate'
          ? await recordsApi.investigate(open.id, {
              team: v.team,
              ...(v.startedOn ? { startedOn: (v.startedOn as dayjs.Dayjs).format('YYYY-MM-DD') } : {}),
            })
          : await recordsApi.closeAccident(open.id, { cause: v.cause, conclusion: v.conclusion });
      message.success(t('sv.saved'));
      setStep(null);
      setOpen(a);
      reload();
    } catch (err) {
      const rest = applyFormError(stepForm, err, { codeFields: { 'supervision.subject_invalid': ['startedOn'] } });
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title={t('menu.accidents')}
        extra={
          can('supervision.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('sv.accident.record')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Radio.Group
          style={{ marginBottom: 12 }}
          value={status ?? ''}
          onChange={(e) => {
            setStatus(e.target.value || undefined);
            setPage(1);
          }}
          options={[
            { value: '', label: t('sv.all') },
            ...statuses.map((s) => ({ value: s, label: t(`sv.accident.status.${s}`) })),
          ]}
          optionType="button"
        />
        <Table<Accident>
          size="small"
          rowKey="id"
          loading={loading}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('sv.accident.none') }}
          dataSource={data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage }}
          onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('sv.accident.occurredAt'),
              dataIndex: 'occurredAt',
              width: 150,
              render: (v: string) => formatDateTime(v),
            },
            { title: t('sv.accident.region'), dataIndex: 'regionName', width: 110 },
            { title: t('sv.accident.place'), dataIndex: 'place' },
            {
              title: t('sv.accident.level'),
              dataIndex: 'level',
              width: 150,
              render: (l: (typeof levels)[number], r) => (
                <Space size={4}>
                  {t(`sv.accident.level.${l}`)}
                  {r.escalatedInvestigation ? <Tag color="red">{t('sv.accident.escalated')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: `${t('sv.accident.deaths')}/${t('sv.accident.injuries')}`,
              key: 'casualties',
              width: 90,
              render: (_: unknown, r) => `${r.deaths}/${r.injuries}`,
            },
            {
              title: t('sv.accident.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: (typeof statuses)[number]) => (
                <Tag color={statusColor[s]}>{t(`sv.accident.status.${s}`)}</Tag>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('sv.accident.record')}
        okText={t('sv.submit')}
        cancelText={t('sv.cancel')}
        confirmLoading={busy}
        onOk={create}
        onCancel={() => setCreating(false)}
      >
        <Form form={form} layout="vertical" initialValues={{ level: 'general', deaths: 0, injuries: 0 }}>
          <Form.Item name="occurredAt" label={t('sv.accident.occurredAt')} rules={[{ required: true }]}>
            <DatePicker showTime disabledDate={(d) => d.isAfter(dayjs())} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="regionId" label={t('sv.accident.region')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={regionOptions} />
          </Form.Item>
          <Form.Item
            name="place"
            label={t('sv.accident.place')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="level" label={t('sv.accident.level')} rules={[{ required: true }]}>
            <Select options={levels.map((l) => ({ value: l, label: t(`sv.accident.level.${l}`) }))} />
          </Form.Item>
          <Space>
            <Form.Item name="deaths" label={t('sv.accident.deaths')}>
              <InputNumber min={0} max={10000} precision={0} />
            </Form.Item>
            <Form.Item name="injuries" label={t('sv.accident.injuries')}>
              <InputNumber min={0} max={10000} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item
            name="description"
            label={t('sv.accident.description')}
            rules={[{ required: true, whitespace: true, max: 4000 }]}
          >
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
          <Form.Item name="escalatedInvestigation" label={t('sv.accident.escalated')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="caseRefs" label={t('sv.accident.caseRefs')}>
            <Select mode="tags" tokenSeparators={[',', '，']} />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer
        open={!!open}
        width={mobile ? '100%' : 600}
        title={t('sv.detail')}
        onClose={() => setOpen(null)}
        destroyOnHidden
      >
        {open ? (
          <>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('sv.accident.occurredAt')}>
                {formatDateTime(open.occurredAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('sv.accident.place')}>
                {open.regionName} {open.place}
              </Descriptions.Item>
              <Descriptions.Item label={t('sv.accident.level')}>
                {t(`sv.accident.level.${open.level}`)}
                {open.escalatedInvestigation ? <Tag color="red">{t('sv.accident.escalated')}</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label={`${t('sv.accident.deaths')}/${t('sv.accident.injuries')}`}>
                {open.deaths}/{open.injuries}
              </Descriptions.Item>
              <Descriptions.Item label={t('sv.accident.description')}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{open.description}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('sv.accident.hazards')}>
                {open.hazards.map((h) => h.number).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('sv.accident.caseRefs')}>{open.caseRefs.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('sv.accident.status')}>
                <Tag color={statusColor[open.status]}>{t(`sv.accident.status.${open.status}`)}</Tag>
              </Descriptions.Item>
              {open.investigationTeam ? (
                <Descriptions.Item label={t('sv.accident.team')}>
                  {open.investigationTeam}（{formatDate(open.investigationStartedOn)}）
                </Descriptions.Item>
              ) : null}
              {open.cause ? <Descriptions.Item label={t('sv.accident.cause')}>{open.cause}</Descriptions.Item> : null}
              {open.conclusion ? (
                <Descriptions.Item label={t('sv.accident.conclusion')}>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{open.conclusion}</div>
                  <div>{formatDate(open.closedOn)}</div>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {can('supervision.manage') && open.status !== 'closed' ? (
              <Space style={{ margin: '12px 0' }}>
                {open.status === 'recorded' ? (
                  <Button type="primary" onClick={() => setStep('investigate')}>
                    {t('sv.accident.investigate')}
                  </Button>
                ) : (
                  <Button type="primary" onClick={() => setStep('close')}>
                    {t('sv.accident.close')}
                  </Button>
                )}
              </Space>
            ) : null}
            <Card size="small" title={t('sv.history')}>
              <RecordHistory kind="accidents" id={open.id} version={open.status} />
            </Card>
          </>
        ) : null}
      </Drawer>
      <Modal
        open={!!step}
        title={step ? t(`sv.accident.${step}`) : ''}
        onCancel={() => setStep(null)}
        destroyOnHidden
        footer={[
          <Button key="c" onClick={() => setStep(null)}>
            {t('sv.cancel')}
          </Button>,
          <Popconfirm key="s" title={`${step ? t(`sv.accident.${step}`) : ''}？`} onConfirm={submitStep}>
            <Button type="primary" loading={busy}>
              {t('sv.submit')}
            </Button>
          </Popconfirm>,
        ]}
      >
        <Form form={stepForm} layout="vertical" preserve={false}>
          {step === 'investigate' ? (
            <>
              <Form.Item
                name="team"
                label={t('sv.accident.team')}
                rules={[{ required: true, whitespace: true, max: 500 }]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              <Form.Item name="startedOn" label={t('sv.accident.startedOn')}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs())} style={{ width: '100%' }} />
              </Form.Item>
            </>
          ) : null}
          {step === 'close' ? (
            <>
              <Form.Item
                name="cause"
                label={t('sv.accident.cause')}
                rules={[{ required: true, whitespace: true, max: 2000 }]}
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Form.Item
                name="conclusion"
                label={t('sv.accident.conclusion')}
                rules={[{ required: true, whitespace: true, max: 4000 }]}
              >
                <Input.TextArea rows={4} maxLength={4000} />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
