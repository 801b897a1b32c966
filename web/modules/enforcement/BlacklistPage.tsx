import { App, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Radio, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../../app/format.ts';
import { useT } from '../../app/i18n.ts';
import { LoadError, PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { ObjectPicker, type PickedObject } from '../inspections/index.ts';
import { TextModal } from './CaseDetailPage.tsx';
import { TownshipSelect, formError } from './components.tsx';
import { type BlacklistEntry, enforcementApi } from './enforcement.api.ts';

/** /blacklist — 联合惩戒（失信）名单: enterprises and people, with basis and dates; add and remove. */
export function BlacklistPage() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const [onlyActive, setOnlyActive] = useState(true);
  const { data, error, loading, reload } = useRequest(
    useCallback(() => enforcementApi.blacklist(onlyActive ? { active: 'true' } : {}), [onlyActive]),
  );
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<BlacklistEntry | null>(null);
  const manage = can('enforcement.manage');

  const columns: TableColumnsType<BlacklistEntry> = [
    {
      title: t('blacklist.subject'),
      dataIndex: 'subjectName',
      render: (v: string, r) => (
        <Space size={4} wrap>
          {r.enterpriseId ? <Link to={`/enterprises/${r.enterpriseId}`}>{v}</Link> : v}
          <Tag>{r.subjectType === 'enterprise' ? t('blacklist.enterprise') : t('blacklist.person')}</Tag>
        </Space>
      ),
    },
    { title: t('blacklist.basis'), dataIndex: 'basis' },
    { title: t('blacklist.department'), dataIndex: 'departmentName', width: 120 },
    { title: t('blacklist.startsOn'), dataIndex: 'startsOn', width: 110, render: (v: string) => formatDate(v) },
    {
      title: t('blacklist.endsOn'),
      dataIndex: 'endsOn',
      width: 110,
      render: (v: string | null) => formatDate(v),
    },
    {
      title: t('cases.status'),
      key: 'active',
      width: 150,
      render: (_, r) =>
        r.active ? (
          <Tag color="red">{t('blacklist.active')}</Tag>
        ) : (
          <Tag>{r.removedReason ? `${t('blacklist.inactive')}：${r.removedReason}` : t('blacklist.inactive')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 150,
      render: (_, r) => (
        <Space size={4}>
          {r.caseId ? <Link to={`/cases/${r.caseId}`}>{t('blacklist.case')}</Link> : null}
          {manage && r.removedAt === null ? (
            <Button size="small" danger onClick={() => setRemoving(r)}>
              {t('blacklist.remove')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('blacklist.title')}
        extra={
          manage ? (
            <Button type="primary" onClick={() => setAdding(true)}>
              {t('blacklist.add')}
            </Button>
          ) : null
        }
      />
      <Card>
        <div className="ra-toolbar">
          <Checkbox checked={onlyActive} onChange={(e) => setOnlyActive(e.target.checked)}>
            {t('blacklist.onlyActive')}
          </Checkbox>
        </div>
        {error && !data ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table
            rowKey="id"
            size={isMobile ? 'small' : 'middle'}
            loading={loading}
            dataSource={data ?? []}
            columns={columns}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('blacklist.empty') }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
          />
        )}
      </Card>
      {adding ? (
        <AddBlacklistModal
          onCancel={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            message.success(t('common.saved'));
            reload();
          }}
        />
      ) : null}
      {removing ? (
        <TextModal
          title={`${t('blacklist.remove')}：${removing.subjectName}`}
          label={t('blacklist.removeReason')}
          max={1000}
          onCancel={() => setRemoving(null)}
          onOk={async (reason) => {
            await enforcementApi.removeFromBlacklist(removing.id, reason);
            setRemoving(null);
            message.success(t('common.saved'));
            reload();
          }}
        />
      ) : null}
    </>
  );
}

type Values = {
  subjectType: 'enterprise' | 'person';
  enterprise?: PickedObject | null;
  personName?: string;
  personIdNumber?: string;
  regionId?: string;
  basis: string;
  startsOn: { format: (f: string) => string };
  endsOn?: { format: (f: string) => string } | null;
};

function AddBlacklistModal({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const type = Form.useWatch('subjectType', form) ?? 'enterprise';
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await enforcementApi.addToBlacklist({
        subjectType: v.subjectType,
        enterpriseId: v.subjectType === 'enterprise' ? v.enterprise?.id : undefined,
        personName: v.subjectType === 'person' ? v.personName : undefined,
        personIdNumber: v.subjectType === 'person' && v.personIdNumber ? v.personIdNumber : undefined,
        regionId: v.subjectType === 'person' ? v.regionId : undefined,
        basis: v.basis,
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : undefined,
      });
      onDone();
    } catch (err) {
      const text = formError(form, err, { enterpriseId: 'enterprise' });
      if (text) message.error(text);
    } finally {
      setSaving(false);
    }
  };
  const required = [{ required: true, whitespace: true, message: t('cases.required') }];
  return (
    <Modal open title={t('blacklist.add')} onCancel={onCancel} onOk={submit} confirmLoading={saving}>
      <Form form={form} layout="vertical" initialValues={{ subjectType: 'enterprise' }}>
        <Form.Item name="subjectType" label={t('blacklist.subjectType')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'enterprise', label: t('blacklist.enterprise') },
              { value: 'person', label: t('blacklist.person') },
            ]}
          />
        </Form.Item>
        {type === 'enterprise' ? (
          <Form.Item
            name="enterprise"
            label={t('blacklist.enterprise')}
            rules={[{ required: true, message: t('cases.required') }]}
          >
            <ObjectPicker types={['enterprise']} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="personName" label={t('blacklist.personName')} rules={required}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="personIdNumber"
              label={t('blacklist.personIdNumber')}
              rules={[{ pattern: /^[0-9]{17}[0-9Xx]$/, message: t('blacklist.personIdNumber') }]}
            >
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item
              name="regionId"
              label={t('blacklist.region')}
              rules={[{ required: true, message: t('cases.required') }]}
            >
              <TownshipSelect />
            </Form.Item>
          </>
        )}
        <Form.Item name="basis" label={t('blacklist.basis')} rules={required}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="startsOn"
            label={t('blacklist.startsOn')}
            rules={[{ required: true, message: t('cases.required') }]}
          >
            <DatePicker inputReadOnly />
          </Form.Item>
          <Form.Item name="endsOn" label={t('blacklist.endsOn')}>
            <DatePicker inputReadOnly />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
