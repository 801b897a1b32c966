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
import { useSearchParams } from 'react-router';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { applyFormError, errorText } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { HazardPicker, type PickedHazard } from '../hazards/index.ts';
import { RecordHistory } from './RecordHistory.tsx';
import { type Order, recordsApi } from './supervision.api.ts';
import { useUnits } from './useUnits.ts';

const statuses = ['issued', 'received', 'answered', 'closed'] as const;
const statusColor: Record<string, string> = { issued: 'blue', received: 'cyan', answered: 'gold', closed: 'default' };

/** 督办单: the list (status, overdue), issuing one (the office), and each order's detail with its steps and trail. */
export function OrdersPage() {
  const t = useT();
  const { can } = useSession();
  const mobile = useIsMobile();
  const [page, setPage] = useState(1);
  const [params] = useSearchParams();
  const [status, setStatus] = useState<(typeof statuses)[number] | undefined>(() => {
    const s = params.get('status');
    return statuses.find((x) => x === s);
  });
  const [overdue, setOverdue] = useState(() => params.get('overdue') === 'true');
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const { data, error, loading, reload } = useRequest(
    useCallback(
      () => recordsApi.orders({ page, pageSize: 20, status, ...(overdue ? { overdue: 'true' as const } : {}) }),
      [page, status, overdue],
    ),
  );
  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  return (
    <>
      <PageHeader
        title={t('menu.orders')}
        extra={
          can('supervision.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('sv.order.issue')}
            </Button>
          ) : null
        }
      />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('sv.order.status')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={statuses.map((s) => ({ value: s, label: t(`sv.order.status.${s}`) }))}
          />
          <Space>
            <Switch
              checked={overdue}
              onChange={(v) => {
                setOverdue(v);
                setPage(1);
              }}
            />
            {t('sv.order.filterOverdue')}
          </Space>
        </Space>
        <Table<Order>
          size="small"
          rowKey="id"
          loading={loading}
          scroll={{ x: 720 }}
          locale={{ emptyText: t('sv.order.none') }}
          dataSource={data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('sv.order.number'), dataIndex: 'number', width: 120 },
            {
              title: t('sv.order.title'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Space size={4} wrap>
                  {r.listed ? <Tag color="red">{t('sv.order.listed')}</Tag> : null}
                  {v}
                </Space>
              ),
            },
            { title: t('sv.order.target'), dataIndex: 'targetName', width: 140 },
            {
              title: t('sv.order.dueOn'),
              dataIndex: 'dueOn',
              width: 130,
              render: (v: string, r) => (
                <Space size={4}>
                  {formatDate(v)}
                  {r.overdue ? <Tag color="red">{t('sv.order.overdue')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('sv.order.status'),
              dataIndex: 'status',
              width: 150,
              render: (s: string, r) => (
                <Space size={4}>
                  <Tag color={statusColor[s]}>{t(`sv.order.status.${s as 'issued'}`)}</Tag>
                  {r.escalationLevel > 0 ? (
                    <Tag color="volcano">{`${t('sv.order.level')} ${r.escalationLevel}`}</Tag>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {creating ? (
        <IssueOrderModal
          onClose={() => setCreating(false)}
          onDone={(o) => {
            setCreating(false);
            reload();
            setOpenId(o.id);
          }}
        />
      ) : null}
      <Drawer
        open={!!openId}
        width={mobile ? '100%' : 640}
        title={t('menu.orders')}
        onClose={() => setOpenId(null)}
        destroyOnHidden
      >
        {openId ? <OrderDetail id={openId} onChanged={reload} /> : null}
      </Drawer>
    </>
  );
}

function IssueOrderModal({ onClose, onDone }: { onClose: () => void; onDone: (o: Order) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const { regionOptions, departmentOptions } = useUnits();
  const targetType = Form.useWatch('targetType', form) ?? 'region';
  const subjectType = Form.useWatch('subjectType', form) ?? 'hazard';
  const [picked, setPicked] = useState<PickedHazard | undefined>();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const o = await recordsApi.issueOrder({
        targetType: v.targetType,
        ...(v.targetType === 'region'
          ? { targetRegionId: v.targetRegionId }
          : { targetDepartmentId: v.targetDepartmentId }),
        subjectType: v.subjectType,
        ...(v.subjectType === 'hazard' ? { hazardId: v.hazardId, listed: !!v.listed } : {}),
        ...(v.subjectType === 'area' ? { areaRegionId: v.areaRegionId } : {}),
        ...(v.subjectType === 'task' ? { taskCode: v.taskCode } : {}),
        title: v.title,
        requirement: v.requirement,
        dueOn: (v.dueOn as dayjs.Dayjs).format('YYYY-MM-DD'),
      });
      message.success(`${t('sv.saved')}：${o.number}`);
      onDone(o);
    } catch (err) {
      const rest = applyFormError(form, err, {
        codeFields: {
          'supervision.due_invalid': ['dueOn'],
          'supervision.subject_invalid': [
            subjectType === 'hazard' ? 'hazardId' : subjectType === 'area' ? 'areaRegionId' : 'taskCode',
          ],
          'supervision.target_invalid': [targetType === 'region' ? 'targetRegionId' : 'targetDepartmentId'],
        },
      });
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('sv.order.issue')}
      onCancel={onClose}
      footer={[
        <Button key="c" onClick={onClose}>
          {t('sv.cancel')}
        </Button>,
        <Popconfirm key="s" title={t('sv.order.confirmIssue')} onConfirm={submit}>
          <Button type="primary" loading={busy}>
            {t('sv.order.issue')}
          </Button>
        </Popconfirm>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ targetType: 'region', subjectType: 'hazard', listed: false }}
      >
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
            <Select
              showSearch
              optionFilterProp="label"
              options={regionOptions}
              placeholder={t('sv.order.targetType.region')}
            />
          </Form.Item>
        ) : (
          <Form.Item name="targetDepartmentId" rules={[{ required: true, message: t('sv.order.target') }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={departmentOptions}
              placeholder={t('sv.order.targetType.department')}
            />
          </Form.Item>
        )}
        <Form.Item name="subjectType" label={t('sv.order.subject')}>
          <Radio.Group
            options={(['hazard', 'area', 'task'] as const).map((x) => ({
              value: x,
              label: t(`sv.order.subjectType.${x}`),
            }))}
          />
        </Form.Item>
        {subjectType === 'hazard' ? (
          <>
            <Form.Item
              name="hazardId"
              label={t('sv.order.hazardId')}
              rules={[{ required: true, message: t('sv.order.hazardRequired') }]}
            >
              <HazardPicker
                onPick={(h) => {
                  setPicked(h);
                  // 挂牌督办 is for an open major hazard only (the server refuses the rest).
                  if (h?.severity !== 'major') form.setFieldValue('listed', false);
                }}
              />
            </Form.Item>
            <Form.Item
              name="listed"
              label={t('sv.order.listed')}
              valuePropName="checked"
              extra={picked?.listed ? t('sv.order.alreadyListed') : t('sv.order.listedHint')}
            >
              <Switch disabled={picked?.severity !== 'major'} />
            </Form.Item>
          </>
        ) : null}
        {subjectType === 'area' ? (
          <Form.Item name="areaRegionId" label={t('sv.order.areaRegionId')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={regionOptions} />
          </Form.Item>
        ) : null}
        {subjectType === 'task' ? (
          <Form.Item name="taskCode" label={t('sv.order.taskCode')} rules={[{ required: true, max: 20 }]}>
            <Input placeholder="三(四)2" />
          </Form.Item>
        ) : null}
        <Form.Item name="title" label={t('sv.order.title')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="requirement"
          label={t('sv.order.requirement')}
          rules={[{ required: true, whitespace: true, max: 2000 }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('sv.order.dueOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Step = 'answer' | 'escalate' | 'close';

function OrderDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [step, setStep] = useState<Step | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const { data: o, error, reload } = useRequest(useCallback(() => recordsApi.order(id), [id]));
  if (error && !o) return <LoadError error={error} onRetry={reload} />;
  if (!o) return null;
  const done = () => {
    setStep(null);
    form.resetFields();
    reload();
    onChanged();
    message.success(t('sv.saved'));
  };
  const receive = async () => {
    try {
      await recordsApi.receiveOrder(o.id);
      done();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (step === 'answer') await recordsApi.answerOrder(o.id, v.answer);
      if (step === 'escalate') await recordsApi.escalateOrder(o.id, v.note);
      if (step === 'close') await recordsApi.closeOrder(o.id, { result: v.result, resultNote: v.resultNote });
      done();
    } catch (err) {
      const rest = applyFormError(form, err);
      if (rest) message.error(rest);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('sv.order.number')}>{o.number}</Descriptions.Item>
        <Descriptions.Item label={t('sv.order.title')}>
          {o.listed ? <Tag color="red">{t('sv.order.listed')}</Tag> : null}
          {o.title}
        </Descriptions.Item>
        <Descriptions.Item label={t('sv.order.target')}>{o.targetName}</Descriptions.Item>
        <Descriptions.Item label={t('sv.order.subject')}>
          {t(`sv.order.subjectType.${o.subjectType}`)} {o.hazardNumber ?? o.taskCode ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('sv.order.requirement')}>
          <div style={{ whiteSpace: 'pre-wrap' }}>{o.requirement}</div>
        </Descriptions.Item>
        <Descriptions.Item label={t('sv.order.issuedOn')}>{formatDate(o.issuedOn)}</Descriptions.Item>
        <Descriptions.Item label={t('sv.order.dueOn')}>
          {formatDate(o.dueOn)} {o.overdue ? <Tag color="red">{t('sv.order.overdue')}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('sv.order.status')}>
          <Tag color={statusColor[o.status]}>{t(`sv.order.status.${o.status}`)}</Tag>
          {o.escalationLevel > 0 ? <Tag color="volcano">{`${t('sv.order.level')} ${o.escalationLevel}`}</Tag> : null}
          {o.escalationNote ? <div>{o.escalationNote}</div> : null}
        </Descriptions.Item>
        {o.receivedAt ? (
          <Descriptions.Item label={t('sv.order.receivedAt')}>{formatDateTime(o.receivedAt)}</Descriptions.Item>
        ) : null}
        {o.answer ? (
          <Descriptions.Item label={t('sv.order.answerText')}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{o.answer}</div>
            <div>{formatDateTime(o.answeredAt)}</div>
          </Descriptions.Item>
        ) : null}
        {o.result ? (
          <Descriptions.Item label={t('sv.order.result')}>
            {t(`sv.order.result.${o.result}`)}：{o.resultNote}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Space wrap style={{ margin: '12px 0' }}>
        {o.abilities.receive ? (
          <Popconfirm title={t('sv.order.confirmReceive')} onConfirm={receive}>
            <Button type="primary">{t('sv.order.receive')}</Button>
          </Popconfirm>
        ) : null}
        {o.abilities.answer ? <Button onClick={() => setStep('answer')}>{t('sv.order.answer')}</Button> : null}
        {o.abilities.escalate ? (
          <Button danger onClick={() => setStep('escalate')}>
            {t('sv.order.escalate')}
          </Button>
        ) : null}
        {o.abilities.close ? <Button onClick={() => setStep('close')}>{t('sv.order.close')}</Button> : null}
      </Space>
      <Card size="small" title={t('sv.history')}>
        <RecordHistory kind="orders" id={o.id} version={`${o.status}${o.escalationLevel}`} />
      </Card>
      <Modal
        open={!!step}
        title={step ? t(`sv.order.${step}`) : ''}
        okText={t('sv.submit')}
        cancelText={t('sv.cancel')}
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setStep(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {step === 'answer' ? (
            <Form.Item
              name="answer"
              label={t('sv.order.answerText')}
              rules={[{ required: true, whitespace: true, max: 2000 }]}
            >
              <Input.TextArea rows={4} maxLength={2000} />
            </Form.Item>
          ) : null}
          {step === 'escalate' ? (
            <Form.Item
              name="note"
              label={t('sv.order.escalationNote')}
              rules={[{ required: true, whitespace: true, max: 500 }]}
            >
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          ) : null}
          {step === 'close' ? (
            <>
              <Form.Item name="result" label={t('sv.order.result')} rules={[{ required: true }]}>
                <Radio.Group
                  options={(['completed', 'not_completed'] as const).map((x) => ({
                    value: x,
                    label: t(`sv.order.result.${x}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="resultNote"
                label={t('sv.order.resultNote')}
                rules={[{ required: true, whitespace: true, max: 2000 }]}
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
