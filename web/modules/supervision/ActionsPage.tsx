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
  Modal,
  Radio,
  Select,
  Space,
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
import { type SupervisionAction, recordsApi } from './supervision.api.ts';
import { useUnits } from './useUnits.ts';

const kinds = ['warning', 'interview', 'accountability'] as const;
const kindColor: Record<string, string> = { warning: 'gold', interview: 'orange', accountability: 'red' };

/** 警示、约谈、问责: the register (by kind), a new record (the office), the follow-up, each record's trail. */
export function ActionsPage() {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<(typeof kinds)[number] | undefined>();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<SupervisionAction | null>(null);
  const [followUp, setFollowUp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [fu] = Form.useForm();
  const { regionOptions, departmentOptions } = useUnits();
  const targetType = Form.useWatch('targetType', form) ?? 'region';
  const { data, error, loading, reload } = useRequest(
    useCallback(() => recordsApi.actions({ page, pageSize: 20, kind }), [page, kind]),
  );
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  const create = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const a = await recordsApi.recordAction({
        kind: v.kind,
        targetType: v.targetType,
        ...(v.targetType === 'region'
          ? { targetRegionId: v.targetRegionId }
          : { targetDepartmentId: v.targetDepartmentId }),
        heldOn: (v.heldOn as dayjs.Dayjs).format('YYYY-MM-DD'),
        subject: v.subject,
        persons: v.persons ?? '',
        commitments: v.commitments ?? '',
        ...(v.followUpDue ? { followUpDue: (v.followUpDue as dayjs.Dayjs).format('YYYY-MM-DD') } : {}),
      });
      message.success(t('sv.saved'));
      setCreating(false);
      form.resetFields();
      reload();
      setOpen(a);
    } catch (err) {
      const rest = applyFormError(form, err, { codeFields: { 'supervision.subject_invalid': ['persons'] } });
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };
  const saveFollowUp = async () => {
    if (!open) return;
    const v = await fu.validateFields();
    setBusy(true);
    try {
      const a = await recordsApi.followUp(open.id, v.followUp);
      message.success(t('sv.saved'));
      setFollowUp(false);
      setOpen(a);
      reload();
    } catch (err) {
      const rest = applyFormError(fu, err);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title={t('menu.actions')}
        extra={
          can('supervision.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('sv.action.record')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Radio.Group
          style={{ marginBottom: 12 }}
          value={kind ?? ''}
          onChange={(e) => {
            setKind(e.target.value || undefined);
            setPage(1);
          }}
          options={[
            { value: '', label: t('sv.all') },
            ...kinds.map((k) => ({ value: k, label: t(`sv.action.kind.${k}`) })),
          ]}
          optionType="button"
        />
        <Table<SupervisionAction>
          size="small"
          rowKey="id"
          loading={loading}
          scroll={{ x: 640 }}
          locale={{ emptyText: t('sv.action.none') }}
          dataSource={data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage }}
          onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('sv.action.heldOn'), dataIndex: 'heldOn', width: 110, render: (v: string) => formatDate(v) },
            {
              title: t('sv.action.kind'),
              dataIndex: 'kind',
              width: 80,
              render: (k: (typeof kinds)[number]) => <Tag color={kindColor[k]}>{t(`sv.action.kind.${k}`)}</Tag>,
            },
            { title: t('sv.order.target'), dataIndex: 'targetName', width: 140 },
            { title: t('sv.action.subject'), dataIndex: 'subject' },
            {
              title: t('sv.action.followUpDue'),
              dataIndex: 'followUpDue',
              width: 120,
              render: (v: string | null, r) => (r.followUp ? '✓' : formatDate(v)),
            },
          ]}
        />
      </Card>
      <Modal
        open={creating}
        title={t('sv.action.record')}
        okText={t('sv.submit')}
        cancelText={t('sv.cancel')}
        confirmLoading={busy}
        onOk={create}
        onCancel={() => setCreating(false)}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'interview', targetType: 'region', heldOn: dayjs() }}
        >
          <Form.Item name="kind" label={t('sv.action.kind')}>
            <Radio.Group options={kinds.map((k) => ({ value: k, label: t(`sv.action.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="targetType" label={t('sv.order.target')}>
            <Radio.Group
              options={(['region', 'department'] as const).map((x) => ({
                value: x,
                label: t(`sv.order.targetType.${x}`),
              }))}
            />
          </Form.Item>
          {targetType === 'region' ? (
            <Form.Item name="targetRegionId" rules={[{ required: true, message: t('sv.order.target') }]}>
              <Select showSearch optionFilterProp="label" options={regionOptions} />
            </Form.Item>
          ) : (
            <Form.Item name="targetDepartmentId" rules={[{ required: true, message: t('sv.order.target') }]}>
              <Select showSearch optionFilterProp="label" options={departmentOptions} />
            </Form.Item>
          )}
          <Form.Item name="heldOn" label={t('sv.action.heldOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="subject"
            label={t('sv.action.subject')}
            rules={[{ required: true, whitespace: true, max: 500 }]}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item
            name="persons"
            label={t('sv.action.persons')}
            dependencies={['kind']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_r, v: string | undefined) =>
                  getFieldValue('kind') === 'interview' && !v?.trim()
                    ? Promise.reject(new Error(t('sv.action.personsRequired')))
                    : Promise.resolve(),
              }),
            ]}
          >
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="commitments" label={t('sv.action.commitments')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="followUpDue" label={t('sv.action.followUpDue')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer
        open={!!open}
        width={mobile ? '100%' : 560}
        title={t('sv.detail')}
        onClose={() => setOpen(null)}
        destroyOnHidden
      >
        {open ? (
          <>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('sv.action.kind')}>{t(`sv.action.kind.${open.kind}`)}</Descriptions.Item>
              <Descriptions.Item label={t('sv.order.target')}>{open.targetName}</Descriptions.Item>
              <Descriptions.Item label={t('sv.action.heldOn')}>{formatDate(open.heldOn)}</Descriptions.Item>
              <Descriptions.Item label={t('sv.action.subject')}>{open.subject}</Descriptions.Item>
              <Descriptions.Item label={t('sv.action.persons')}>{open.persons || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('sv.action.commitments')}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{open.commitments || '—'}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('sv.action.followUpDue')}>{formatDate(open.followUpDue)}</Descriptions.Item>
              <Descriptions.Item label={t('sv.action.followUp')}>
                {open.followUp ? (
                  <>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{open.followUp}</div>
                    <div>{formatDateTime(open.followUpAt)}</div>
                  </>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
            </Descriptions>
            {can('supervision.manage') ? (
              <Space style={{ margin: '12px 0' }}>
                <Button onClick={() => setFollowUp(true)}>{t('sv.action.recordFollowUp')}</Button>
              </Space>
            ) : null}
            <Card size="small" title={t('sv.history')}>
              <RecordHistory kind="actions" id={open.id} version={open.followUpAt} />
            </Card>
          </>
        ) : null}
      </Drawer>
      <Modal
        open={followUp}
        title={t('sv.action.recordFollowUp')}
        okText={t('sv.submit')}
        cancelText={t('sv.cancel')}
        confirmLoading={busy}
        onOk={saveFollowUp}
        onCancel={() => setFollowUp(false)}
        destroyOnHidden
      >
        <Form form={fu} layout="vertical" preserve={false}>
          <Form.Item
            name="followUp"
            label={t('sv.action.followUp')}
            rules={[{ required: true, whitespace: true, max: 2000 }]}
          >
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
