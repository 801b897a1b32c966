import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  blackSiteOutcomeLabels,
  blackSiteOutcomes,
  blackSiteStatusLabels,
} from '../../../domain/enforcement/enforcement.ts';
import { chinaTodayDay } from '../../app/dates.ts';
import { formatDate } from '../../app/format.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { ListPage, ListTable } from '../../app/list/ListPage.tsx';
import { EnumFilter } from '../../app/list/filters.tsx';
import type { ListTypes } from '../../app/list/listState.ts';
import { useList } from '../../app/list/useList.ts';
import { useSession } from '../../app/session.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { tipsApi } from '../tips/index.ts';
import { DepartmentSelect, TownshipSelect, formError } from './components.tsx';
import { type BlackSite, type BlackSiteListQuery, enforcementApi } from './enforcement.api.ts';

type Filters = Omit<BlackSiteListQuery, 'page' | 'pageSize'>;
const types: ListTypes<Filters> = { status: 'string', regionId: 'string' };
const statusColor = { reported: 'red', struck: 'orange', closed: 'green' } as const;

/** /black-sites — 黑窝点: reported (from a tip) or found; struck with other departments; the outcome. */
export function BlackSitesPage() {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const list = useList(enforcementApi.blackSites, { types });
  const { filters } = list;
  const [step, setStep] = useState<{ kind: 'open' } | { kind: 'strike' | 'close'; site: BlackSite } | null>(null);
  const manage = can('enforcement.manage');
  const done = () => {
    setStep(null);
    message.success(t('common.saved'));
    list.reload();
  };
  const actions = (r: BlackSite) =>
    manage ? (
      <Space size={4} wrap>
        {r.status === 'reported' ? (
          <Button size="small" type="primary" onClick={() => setStep({ kind: 'strike', site: r })}>
            {t('blackSites.strike')}
          </Button>
        ) : null}
        {r.status !== 'closed' ? (
          <Button size="small" onClick={() => setStep({ kind: 'close', site: r })}>
            {t('blackSites.close')}
          </Button>
        ) : null}
        {r.caseId ? (
          <Link to={`/cases/${r.caseId}`}>{t('blackSites.case')}</Link>
        ) : (
          <Button size="small" onClick={() => navigate(`/cases/new?source=black_site&ref=${r.id}`)}>
            {t('blackSites.openCase')}
          </Button>
        )}
      </Space>
    ) : null;
  const status = (r: BlackSite) => (
    <Space size={4} wrap>
      <Tag color={statusColor[r.status]}>{blackSiteStatusLabels[r.status][locale]}</Tag>
      {r.outcome ? <Tag>{blackSiteOutcomeLabels[r.outcome][locale]}</Tag> : null}
    </Space>
  );
  const columns: TableColumnsType<BlackSite> = [
    {
      title: t('blackSites.address'),
      dataIndex: 'address',
      render: (v: string, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{v}</Typography.Text>
          <Typography.Text type="secondary" ellipsis={{ tooltip: r.description }} style={{ maxWidth: 360 }}>
            {r.description}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('blackSites.region'), dataIndex: 'regionName', width: 110 },
    {
      title: t('blackSites.origin'),
      key: 'origin',
      width: 130,
      render: (_, r) =>
        r.origin === 'tip' && r.tipId ? (
          <Link to={`/tips/${r.tipId}`}>
            {t('blackSites.origin.tip')} {r.tipTrackingCode}
          </Link>
        ) : (
          t('blackSites.origin.found')
        ),
    },
    {
      title: t('blackSites.departments'),
      key: 'departments',
      width: 180,
      render: (_, r) => r.departments.map((d) => d.name).join('、'),
    },
    {
      title: t('blackSites.struckOn'),
      key: 'struck',
      width: 160,
      render: (_, r) =>
        r.struckOn ? `${formatDate(r.struckOn)}${r.seizedCylinders !== null ? ` · ${r.seizedCylinders}只` : ''}` : '—',
    },
    { title: t('blackSites.status'), key: 'status', width: 170, render: (_, r) => status(r) },
    { title: t('common.actions'), key: 'a', width: 200, render: (_, r) => actions(r) },
  ];
  const mobileColumns: TableColumnsType<BlackSite> = [
    {
      title: t('blackSites.title'),
      key: 'm',
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <Typography.Text strong>{r.address}</Typography.Text>
          <Typography.Text type="secondary">{r.departments.map((d) => d.name).join('、')}</Typography.Text>
          {status(r)}
          {actions(r)}
        </Space>
      ),
    },
  ];
  return (
    <ListPage
      title={t('blackSites.title')}
      error={list.error}
      hasData={Boolean(list.data)}
      onRetry={list.reload}
      actions={
        manage ? (
          <Button type="primary" onClick={() => setStep({ kind: 'open' })}>
            {t('blackSites.add')}
          </Button>
        ) : null
      }
      filters={
        <Space wrap>
          <EnumFilter
            labels={blackSiteStatusLabels}
            value={filters.status}
            onChange={(s) => list.set({ status: s })}
            placeholder={t('blackSites.status')}
            width={130}
          />
          <TownshipSelect
            value={filters.regionId}
            onChange={(regionId) => list.set({ regionId })}
            placeholder={t('blackSites.region')}
            width={150}
          />
        </Space>
      }
    >
      <ListTable
        {...list.table}
        emptyText={list.table.emptyText ?? t('blackSites.empty')}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1200}
      />
      {step?.kind === 'open' ? <OpenSiteModal onCancel={() => setStep(null)} onDone={done} /> : null}
      {step?.kind === 'strike' ? <StrikeModal site={step.site} onCancel={() => setStep(null)} onDone={done} /> : null}
      {step?.kind === 'close' ? <CloseModal site={step.site} onCancel={() => setStep(null)} onDone={done} /> : null}
    </ListPage>
  );
}

function useSave(form: ReturnType<typeof Form.useForm>[0], onDone: () => void) {
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const run = async (fn: (v: Record<string, never>) => Promise<unknown>) => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await fn(v as Record<string, never>);
      onDone();
    } catch (err) {
      const text = formError(form, err);
      if (text) message.error(text);
    } finally {
      setSaving(false);
    }
  };
  return { saving, run };
}

const loadBlackCylinderTips = () => tipsApi.list({ category: 'black_cylinder', pageSize: 100 });

function OpenSiteModal({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const origin = Form.useWatch('origin', form) ?? 'tip';
  const { saving, run } = useSave(form, onDone);
  const tips = useRequest(loadBlackCylinderTips);
  const required = [{ required: true, whitespace: true, message: t('cases.required') }];
  return (
    <Modal
      open
      title={t('blackSites.add')}
      onCancel={onCancel}
      confirmLoading={saving}
      onOk={() =>
        run((v: Record<string, string | undefined>) =>
          enforcementApi.openBlackSite({
            origin: v.origin as 'tip' | 'found',
            tipId: v.origin === 'tip' ? v.tipId : undefined,
            address: v.address?.trim() || undefined,
            regionId: v.regionId,
            departmentId: v.departmentId,
            description: v.description?.trim() || undefined,
          }),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ origin: 'tip' }}>
        <Form.Item name="origin" label={t('blackSites.origin')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'tip', label: t('blackSites.origin.tip') },
              { value: 'found', label: t('blackSites.origin.found') },
            ]}
          />
        </Form.Item>
        {origin === 'tip' ? (
          <Form.Item
            name="tipId"
            label={t('blackSites.tip')}
            rules={[{ required: true, message: t('cases.required') }]}
          >
            <Select
              loading={tips.loading}
              showSearch={{ optionFilterProp: 'label' }}
              options={(tips.data?.items ?? []).map((x) => ({
                value: x.id,
                label: `${x.trackingCode} ${x.description.slice(0, 30)}`,
              }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="address" label={t('blackSites.address')} rules={origin === 'found' ? required : undefined}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item
          name="regionId"
          label={t('blackSites.region')}
          rules={origin === 'found' ? [{ required: true, message: t('cases.required') }] : undefined}
        >
          <TownshipSelect />
        </Form.Item>
        <Form.Item name="departmentId" label={t('cases.department')}>
          <DepartmentSelect />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('blackSites.description')}
          rules={origin === 'found' ? required : undefined}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StrikeModal({ site, onDone, onCancel }: { site: BlackSite; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const [form] = Form.useForm();
  const { saving, run } = useSave(form, onDone);
  return (
    <Modal
      open
      title={`${t('blackSites.strike')}：${site.address}`}
      onCancel={onCancel}
      confirmLoading={saving}
      onOk={() =>
        run((v: Record<string, unknown>) =>
          enforcementApi.strike(site.id, {
            struckOn: (v.struckOn as { format: (f: string) => string }).format('YYYY-MM-DD'),
            departmentIds: (v.departmentIds as string[] | undefined) ?? [],
            note: v.note as string,
            seizedCylinders: (v.seizedCylinders as number | null | undefined) ?? undefined,
          }),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ struckOn: chinaTodayDay() }}>
        <Form.Item
          name="struckOn"
          label={t('blackSites.struckOn')}
          rules={[{ required: true, message: t('cases.required') }]}
        >
          <DatePicker inputReadOnly disabledDate={(d) => d.isAfter(chinaTodayDay(), 'day')} />
        </Form.Item>
        <Form.Item name="departmentIds" label={t('blackSites.jointDepartments')}>
          <DepartmentSelect mode="multiple" />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('blackSites.strikeNote')}
          rules={[{ required: true, whitespace: true, message: t('cases.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="seizedCylinders" label={t('blackSites.seizedCylinders')}>
          <InputNumber min={0} max={100000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CloseModal({ site, onDone, onCancel }: { site: BlackSite; onDone: () => void; onCancel: () => void }) {
  const t = useT();
  const locale = useLocale();
  const [form] = Form.useForm();
  const { saving, run } = useSave(form, onDone);
  const outcomes = site.status === 'reported' ? (['not_found'] as const) : blackSiteOutcomes;
  return (
    <Modal
      open
      title={`${t('blackSites.close')}：${site.address}`}
      onCancel={onCancel}
      confirmLoading={saving}
      onOk={() =>
        run((v: Record<string, string>) =>
          enforcementApi.closeBlackSite(site.id, {
            outcome: v.outcome as (typeof blackSiteOutcomes)[number],
            note: v.note!,
          }),
        )
      }
    >
      <Form form={form} layout="vertical" initialValues={{ outcome: outcomes[0] }}>
        <Form.Item name="outcome" label={t('blackSites.outcome')} rules={[{ required: true }]}>
          <Select options={outcomes.map((o) => ({ value: o, label: blackSiteOutcomeLabels[o][locale] }))} />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('blackSites.outcomeNote')}
          rules={[{ required: true, whitespace: true, message: t('cases.required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
