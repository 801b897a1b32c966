import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useCallback, useState } from 'react';
import { checkItem } from '../../../domain/hazards/checklist.ts';
import { severityLabels } from '../../../domain/hazards/limits.ts';
import {
  bannedProductCheckItems,
  bannedProductKindLabels,
  bannedProductKinds,
} from '../../../domain/rules/banned-products.ts';
import { applyFormError, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { formatDate } from '../../app/format.ts';
import { EmptyState, LoadError, PageLoading } from '../../app/PageState.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { type BannedProduct, type CreateBannedProduct, rulesApi } from './rules.api.ts';

type FormValues = Omit<CreateBannedProduct, 'effectiveOn'> & { effectiveOn?: Dayjs | null };

/** 淘汰/禁用产品目录 (issue 10.4) on the 规则参数 page: each entry with its catalogue and document number. */
export function BannedProductsCard({ editable }: { editable: boolean }) {
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useRequest(useCallback(() => rulesApi.bannedProducts(), []));
  const [editing, setEditing] = useState<BannedProduct | 'new' | null>(null);

  const setWithdrawn = async (row: BannedProduct, withdrawn: boolean) => {
    try {
      await rulesApi.updateBannedProduct(row.id, { withdrawn });
      message.success(t('rules.banned.saved'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  let body: ReactNode;
  if (loading && !data) body = <PageLoading rows={3} />;
  else if (error || !data) body = <LoadError error={error} onRetry={reload} />;
  else if (data.items.length === 0) body = <EmptyState description={t('rules.banned.empty')} />;
  else
    body = (
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 900 }}
        dataSource={data.items}
        columns={[
          {
            title: t('rules.banned.name'),
            dataIndex: 'name',
            width: 220,
            render: (name: string, r) => (
              <Space direction="vertical" size={0}>
                <span style={r.withdrawn ? { textDecoration: 'line-through' } : undefined}>{name}</span>
                <Space size={4}>
                  <Tag>{bannedProductKindLabels[r.kind][locale]}</Tag>
                  {r.withdrawn ? <Tag>{t('rules.banned.withdrawn')}</Tag> : null}
                </Space>
              </Space>
            ),
          },
          {
            title: t('rules.banned.catalogue'),
            width: 240,
            render: (_v, r) => (
              <Space direction="vertical" size={0}>
                <span>{r.catalogue}</span>
                <Typography.Text type="secondary">
                  {r.documentNumber}
                  {r.effectiveOn ? ` · ${formatDate(r.effectiveOn)}` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('rules.banned.severity'),
            dataIndex: 'severity',
            width: 100,
            render: (s: BannedProduct['severity']) => severityLabels[s][locale],
          },
          {
            title: t('rules.banned.checkItem'),
            dataIndex: 'checkItemId',
            width: 220,
            render: (id: string | null) => (id ? (checkItem(id)?.text[locale] ?? id) : '—'),
          },
          { title: t('rules.banned.note'), dataIndex: 'note' },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 130,
                  render: (_v: unknown, r: BannedProduct) => (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => setEditing(r)}>
                        {t('rules.banned.edit')}
                      </Button>
                      {r.withdrawn ? (
                        <Button size="small" type="link" onClick={() => void setWithdrawn(r, false)}>
                          {t('rules.banned.restore')}
                        </Button>
                      ) : (
                        <Popconfirm title={t('rules.banned.withdrawConfirm')} onConfirm={() => setWithdrawn(r, true)}>
                          <Button size="small" type="link" danger>
                            {t('rules.banned.withdraw')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    );

  return (
    <Card
      size="small"
      title={t('rules.banned.title')}
      style={{ marginBottom: 12 }}
      extra={
        editable ? (
          <Button size="small" onClick={() => setEditing('new')}>
            {t('rules.banned.add')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('rules.banned.intro')}</Typography.Paragraph>
      {body}
      {editable && editing ? (
        <EntryDrawer
          entry={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
    </Card>
  );
}

function EntryDrawer({
  entry,
  onClose,
  onSaved,
}: {
  entry: BannedProduct | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);

  const save = async (v: FormValues) => {
    const body = {
      ...v,
      note: v.note ?? '',
      checkItemId: v.checkItemId ?? null,
      effectiveOn: v.effectiveOn ? v.effectiveOn.format('YYYY-MM-DD') : null,
    };
    setSaving(true);
    try {
      if (entry) await rulesApi.updateBannedProduct(entry.id, body);
      else await rulesApi.createBannedProduct(body);
      message.success(t('rules.banned.saved'));
      onSaved();
    } catch (err) {
      const text = applyFormError(form, err);
      if (text) message.error(text);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      width={mobile ? '100%' : 520}
      title={entry ? t('rules.banned.edit') : t('rules.banned.add')}
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={
          entry
            ? { ...entry, effectiveOn: entry.effectiveOn ? dayjs(entry.effectiveOn) : null }
            : { kind: 'hose', severity: 'general', checkItemId: null, note: '' }
        }
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="name" label={t('rules.banned.name')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('rules.banned.kind')} rules={[{ required: true }]}>
          <Select options={bannedProductKinds.map((k) => ({ value: k, label: bannedProductKindLabels[k][locale] }))} />
        </Form.Item>
        <Form.Item name="catalogue" label={t('rules.banned.catalogue')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="documentNumber" label={t('rules.banned.documentNumber')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="effectiveOn" label={t('rules.banned.effectiveOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="severity" label={t('rules.banned.severity')} rules={[{ required: true }]}>
          <Select
            options={(['general', 'major'] as const).map((s) => ({ value: s, label: severityLabels[s][locale] }))}
          />
        </Form.Item>
        <Form.Item name="checkItemId" label={t('rules.banned.checkItem')}>
          <Select
            allowClear
            options={bannedProductCheckItems.map((id) => ({ value: id, label: checkItem(id)?.text[locale] ?? id }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('rules.banned.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
