import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { type CylinderModel, cylinderModelSpecs, cylinderModels } from '../../../domain/cylinders/cylinders.ts';
import { chinaToday } from '../../../domain/dates.ts';
import { formatDate } from '../../app/format.ts';
import { applyFormError, errorText } from '../../app/http.ts';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { type BlacklistEntry, cylindersApi } from './cylinders.api.ts';

type AddValues = {
  manufacturer: string;
  model?: CylinderModel;
  batch?: string;
  produced?: [Dayjs, Dayjs];
  basis: string;
  listedOn: Dayjs;
};

/** What an entry covers, in words: maker, model, batch, production dates. */
export function entryScope(e: BlacklistEntry, t: ReturnType<typeof useT>): string {
  return [
    e.manufacturer,
    e.model ? `${e.model}（${cylinderModelSpecs[e.model].label}）` : t('cylinderBlacklist.anyModel'),
    e.batch ? t('cylinderBlacklist.batchIs', { batch: e.batch }) : null,
    e.producedFrom || e.producedTo
      ? t('cylinderBlacklist.producedBetween', {
          from: formatDate(e.producedFrom, '…'),
          to: formatDate(e.producedTo, '…'),
        })
      : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** 产品黑名单 (plan 三(二)1): products by maker, model, batch or production dates, with basis and removal; each opens its recall. */
export function BlacklistPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('cylinder.blacklist');
  const { data, error, loading, reload } = useRequest(useCallback(() => cylindersApi.blacklist(), []));
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<BlacklistEntry | null>(null);
  const [addForm] = Form.useForm<AddValues>();
  const [removeForm] = Form.useForm<{ reason: string; removedOn: Dayjs }>();
  const [formError, setFormError] = useState<string | null>(null);

  const add = async (v: AddValues) => {
    setFormError(null);
    try {
      await cylindersApi.addToBlacklist({
        manufacturer: v.manufacturer.trim(),
        ...(v.model ? { model: v.model } : {}),
        ...(v.batch?.trim() ? { batch: v.batch.trim() } : {}),
        ...(v.produced
          ? { producedFrom: v.produced[0].format('YYYY-MM-DD'), producedTo: v.produced[1].format('YYYY-MM-DD') }
          : {}),
        basis: v.basis.trim(),
        listedOn: v.listedOn.format('YYYY-MM-DD'),
      });
      message.success(t('cylinderBlacklist.added'));
      setAdding(false);
      addForm.resetFields();
      reload();
    } catch (err) {
      setFormError(applyFormError(addForm, err) ?? errorText(err));
    }
  };
  const remove = async (v: { reason: string; removedOn: Dayjs }) => {
    if (!removing) return;
    setFormError(null);
    try {
      await cylindersApi.removeFromBlacklist(removing.id, {
        reason: v.reason.trim(),
        removedOn: v.removedOn.format('YYYY-MM-DD'),
      });
      message.success(t('cylinderBlacklist.removed'));
      setRemoving(null);
      reload();
    } catch (err) {
      setFormError(applyFormError(removeForm, err) ?? errorText(err));
    }
  };

  const columns: TableColumnsType<BlacklistEntry> = [
    {
      title: t('cylinderBlacklist.product'),
      key: 'product',
      render: (_, e) => (
        <div>
          <div>{entryScope(e, t)}</div>
          {isMobile ? <div className="ra-muted">{e.basis}</div> : null}
        </div>
      ),
    },
    ...(isMobile ? [] : [{ title: t('cylinderBlacklist.basis'), dataIndex: 'basis', width: 280 }]),
    {
      title: t('cylinderBlacklist.listedOn'),
      key: 'listed',
      width: isMobile ? 110 : 200,
      render: (_, e) => (
        <div>
          <div>{formatDate(e.listedOn)}</div>
          {e.active ? (
            <Tag color="red">{t('cylinderBlacklist.active')}</Tag>
          ) : (
            <span className="ra-muted">
              {t('cylinderBlacklist.removedOn', { date: formatDate(e.removedOn) })}
              {e.removalReason ? `：${e.removalReason}` : ''}
            </span>
          )}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: isMobile ? 90 : 170,
      render: (_, e) => (
        <Space wrap size={4}>
          <Link to={`/cylinders/blacklist/${e.id}/recall`}>{t('cylinderBlacklist.recall')}</Link>
          {canManage && e.active ? (
            <Button
              type="link"
              size="small"
              onClick={() => {
                setFormError(null);
                removeForm.setFieldsValue({ reason: '', removedOn: dayjs(chinaToday()) });
                setRemoving(e);
              }}
            >
              {t('cylinderBlacklist.remove')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.cylinderBlacklist')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setFormError(null);
                setAdding(true);
              }}
            >
              {t('cylinderBlacklist.add')}
            </Button>
          ) : null
        }
      />
      <Card>
        {error && !data ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<BlacklistEntry>
            rowKey="id"
            size="middle"
            loading={loading}
            columns={columns}
            dataSource={data?.items}
            pagination={false}
            locale={{ emptyText: t('cylinderBlacklist.empty') }}
          />
        )}
      </Card>
      <Modal
        open={adding}
        title={t('cylinderBlacklist.add')}
        okText={t('cylinderBlacklist.add')}
        cancelText={t('common.cancel')}
        onOk={() => addForm.submit()}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        <Form<AddValues>
          form={addForm}
          layout="vertical"
          onFinish={add}
          initialValues={{ listedOn: dayjs(chinaToday()) }}
        >
          <Form.Item
            name="manufacturer"
            label={t('cylinder.manufacturer')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="model" label={t('cylinder.model')} extra={t('cylinderBlacklist.anyModelHint')}>
            <Select<CylinderModel>
              allowClear
              options={cylinderModels.map((m) => ({ value: m, label: `${m}（${cylinderModelSpecs[m].label}）` }))}
            />
          </Form.Item>
          <Form.Item name="batch" label={t('cylinder.batch')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="produced" label={t('cylinderBlacklist.produced')}>
            <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
          <Form.Item
            name="basis"
            label={t('cylinderBlacklist.basis')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
          <Form.Item
            name="listedOn"
            label={t('cylinderBlacklist.listedOn')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
        </Form>
        {formError ? <Alert type="error" showIcon title={formError} /> : null}
      </Modal>
      <Modal
        open={removing !== null}
        title={t('cylinderBlacklist.removeTitle')}
        okText={t('cylinderBlacklist.remove')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onOk={() => removeForm.submit()}
        onCancel={() => setRemoving(null)}
        destroyOnHidden
      >
        {removing ? <p>{entryScope(removing, t)}</p> : null}
        <Form form={removeForm} layout="vertical" onFinish={remove}>
          <Form.Item
            name="reason"
            label={t('cylinderBlacklist.removalReason')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
          <Form.Item
            name="removedOn"
            label={t('cylinderBlacklist.removedOnLabel')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
        </Form>
        {formError ? <Alert type="error" showIcon title={formError} /> : null}
      </Modal>
    </>
  );
}
