import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
} from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useCallback, useEffect, useRef, useState } from 'react';
import { chinaToday } from '../../../domain/dates.ts';
import {
  conversionKindLabels,
  conversionTargetLabels,
  publicityKindLabels,
} from '../../../domain/publicity/publicity.ts';
import { formatDate } from '../../app/format.ts';
import { applyFormError, downloadFile, errorText } from '../../app/http.ts';
import { useLocale, useT } from '../../app/i18n.ts';
import { PageHeader } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { useRequest } from '../../app/useRequest.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import {
  type GasConversion,
  type PublicityActivity,
  type PublicityFigures,
  type PublicityFilters,
  publicityApi,
} from './publicity.api.ts';
import { DateField } from '../../app/DateField.tsx';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type FigureRow = PublicityFigures['byTownship'][number];

/** Audience and conversions by township as bars (horizontal: readable on a phone). */
function FiguresChart({ rows }: { rows: FigureRow[] }) {
  const t = useT();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const ordered = [...rows].reverse();
    chart.current?.setOption({
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', confine: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: ordered.map((r) => r.region.name) },
      series: [
        { name: t('publicity.activityCount'), type: 'bar', data: ordered.map((r) => r.activities) },
        {
          name: t('publicity.btpHouseholds'),
          type: 'bar',
          data: ordered.map((r) => r.bottleToPipeHouseholds + r.bottleToPipeBusinesses),
        },
        {
          name: t('publicity.gteHouseholds'),
          type: 'bar',
          data: ordered.map((r) => r.gasToElectricHouseholds + r.gasToElectricBusinesses),
        },
      ],
    });
  }, [rows, t]);
  return <div ref={el} style={{ width: '100%', height: Math.max(220, rows.length * 56 + 60) }} />;
}

function FiguresTab({ filters }: { filters: PublicityFilters }) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { data, error } = useRequest(useCallback(() => publicityApi.figures(filters), [filters]));
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return null;
  const columns: TableColumnsType<FigureRow> = [
    { title: t('publicity.region'), key: 'r', fixed: 'left', width: 110, render: (_, r) => r.region.name },
    { title: t('publicity.activityCount'), dataIndex: 'activities', width: 100 },
    { title: t('publicity.audience'), dataIndex: 'audience', width: 100 },
    { title: t('publicity.leaflets'), dataIndex: 'leaflets', width: 100 },
    { title: t('publicity.btpHouseholds'), dataIndex: 'bottleToPipeHouseholds', width: 110 },
    { title: t('publicity.btpBusinesses'), dataIndex: 'bottleToPipeBusinesses', width: 110 },
    { title: t('publicity.gteHouseholds'), dataIndex: 'gasToElectricHouseholds', width: 110 },
    { title: t('publicity.gteBusinesses'), dataIndex: 'gasToElectricBusinesses', width: 110 },
  ];
  const total = { ...data.total, region: { id: 'total', name: t('publicity.total') } };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      {data.byTownship.length === 0 ? <Alert type="info" title={t('publicity.none')} /> : null}
      <Table<FigureRow>
        rowKey={(r) => r.region.id}
        size="small"
        columns={columns}
        dataSource={data.byTownship.length ? [...data.byTownship, total] : []}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="publicity-figures"
      />
      {data.byTownship.length ? <FiguresChart rows={data.byTownship} /> : null}
      {data.byKind.length ? (
        <Card size="small" title={t('publicity.byKind')}>
          <Table
            rowKey="kind"
            size="small"
            pagination={false}
            dataSource={data.byKind}
            columns={[
              {
                title: t('publicity.kind'),
                dataIndex: 'kind',
                render: (k: keyof typeof publicityKindLabels) => publicityKindLabels[k][locale],
              },
              { title: t('publicity.activityCount'), dataIndex: 'activities', width: isMobile ? 80 : 140 },
              { title: t('publicity.audience'), dataIndex: 'audience', width: isMobile ? 80 : 140 },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}

function usePaged<T>(fetch: (q: { page: number; pageSize: number }) => Promise<{ items: T[]; total: number }>) {
  const [page, setPage] = useState(1);
  const req = useRequest(useCallback(() => fetch({ page, pageSize: 20 }), [fetch, page]));
  return { ...req, page, setPage };
}

type RowActionsProps<T> = { filters: PublicityFilters; onEdit: (row: T) => void; onChanged: (text: string) => void };

/** 编辑 / 删除 on a row the viewer may manage (the server says so per row); the column only when some row has them. */
function useRowActions<T extends { id: string; canManage: boolean }>() {
  const t = useT();
  const { message } = App.useApp();
  return ({
    onEdit,
    onChanged,
    remove,
  }: {
    onEdit: (row: T) => void;
    onChanged: (text: string) => void;
    remove: (id: string) => Promise<void>;
  }): TableColumnsType<T> => [
    {
      title: t('publicity.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, row) =>
        row.canManage ? (
          <Space size={4}>
            <Button type="link" size="small" onClick={() => onEdit(row)}>
              {t('publicity.edit')}
            </Button>
            <Popconfirm
              title={t('publicity.deleteConfirm')}
              okText={t('publicity.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                remove(row.id).then(
                  () => onChanged(t('publicity.deleted')),
                  (err: unknown) => void message.error(errorText(err)),
                )
              }
            >
              <Button type="link" size="small" danger>
                {t('publicity.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];
}

function ActivitiesTab({ filters, onEdit, onChanged }: RowActionsProps<PublicityActivity>) {
  const t = useT();
  const locale = useLocale();
  const fetch = useCallback(
    (q: { page: number; pageSize: number }) => publicityApi.activities({ ...filters, ...q }),
    [filters],
  );
  const { data, error, page, setPage, loading } = usePaged(fetch);
  const rowActions = useRowActions<PublicityActivity>();
  const columns: TableColumnsType<PublicityActivity> = [
    { title: t('publicity.heldOn'), dataIndex: 'heldOn', width: 110, render: (d: string) => formatDate(d) },
    {
      title: t('publicity.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (k: PublicityActivity['kind']) => publicityKindLabels[k][locale],
    },
    { title: t('publicity.activityTitle'), dataIndex: 'title' },
    { title: t('publicity.place'), dataIndex: 'place', width: 160 },
    { title: t('publicity.region'), key: 'r', width: 110, render: (_, a) => a.region.name },
    { title: t('publicity.department'), key: 'd', width: 140, render: (_, a) => a.department?.name ?? '—' },
    { title: t('publicity.audienceCount'), dataIndex: 'audienceCount', width: 90 },
    { title: t('publicity.leafletCount'), dataIndex: 'leafletCount', width: 110 },
    ...(data?.items.some((x) => x.canManage)
      ? rowActions({ onEdit, onChanged, remove: publicityApi.deleteActivity })
      : []),
  ];
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  return (
    <Table<PublicityActivity>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={data?.items ?? []}
      scroll={{ x: 1120 }}
      pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
    />
  );
}

function ConversionsTab({ filters, onEdit, onChanged }: RowActionsProps<GasConversion>) {
  const t = useT();
  const locale = useLocale();
  const fetch = useCallback(
    (q: { page: number; pageSize: number }) => publicityApi.conversions({ ...filters, ...q }),
    [filters],
  );
  const { data, error, page, setPage, loading } = usePaged(fetch);
  const rowActions = useRowActions<GasConversion>();
  const columns: TableColumnsType<GasConversion> = [
    { title: t('publicity.completedOn'), dataIndex: 'completedOn', width: 110, render: (d: string) => formatDate(d) },
    {
      title: t('publicity.conversionKind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: GasConversion['kind']) => conversionKindLabels[k][locale],
    },
    {
      title: t('publicity.target'),
      dataIndex: 'target',
      width: 140,
      render: (k: GasConversion['target']) => conversionTargetLabels[k][locale],
    },
    { title: t('publicity.count'), dataIndex: 'count', width: 90 },
    { title: t('publicity.region'), key: 'r', width: 110, render: (_, c) => c.region.name },
    { title: t('publicity.conversionPlace'), dataIndex: 'place', render: (p: string | null) => p ?? '—' },
    ...(data?.items.some((x) => x.canManage)
      ? rowActions({ onEdit, onChanged, remove: publicityApi.deleteConversion })
      : []),
  ];
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  return (
    <Table<GasConversion>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={data?.items ?? []}
      scroll={{ x: 880 }}
      pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
    />
  );
}

type Kind = 'activity' | 'conversion';
/** The drawer's record: a new one of a kind, or a row being corrected. */
type Editing = { kind: 'activity'; row?: PublicityActivity } | { kind: 'conversion'; row?: GasConversion };

/** A row's values as the form holds them. */
function formValues(editing: Editing, today: string): Record<string, unknown> {
  if (editing.kind === 'activity') {
    const r = editing.row;
    if (!r) return { kind: 'street_stand', heldOn: today, leafletCount: 0 };
    const { kind, title, heldOn, place, audienceCount, leafletCount, materials, note } = r;
    return { regionId: r.region.id, kind, title, heldOn, place, audienceCount, leafletCount, materials, note };
  }
  const r = editing.row;
  if (!r) return { kind: 'bottle_to_pipe', target: 'household', completedOn: today };
  const { kind, target, count, completedOn, place, note } = r;
  return { regionId: r.region.id, kind, target, count, completedOn, place, note };
}

/** The optional texts a correction clears when emptied (sent as null). */
const clearable: Record<Kind, string[]> = { activity: ['materials', 'note'], conversion: ['place', 'note'] };

/** 登记 / 修改: one form per kind, in a drawer (full width on a phone); a correction opens prefilled. */
function RecordDrawer({
  editing,
  onClose,
  onSaved,
}: {
  editing: Editing | null;
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { me } = useSession();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const today = chinaToday();
  // While the drawer closes it keeps showing the record it had (not the other kind's empty form).
  const last = useRef(editing);
  if (editing) last.current = editing;
  const shown = editing ?? last.current;
  const kind = shown?.kind ?? null;
  const rowId = shown?.row?.id;
  const initial = shown ? formValues(shown, today) : {};
  const ownTownship = me?.roles.some((r) => r.scopeType === 'region');
  const notFuture = {
    validator: async (_: unknown, v: string | undefined) => {
      if (v && v > today) throw new Error(t('publicity.dateFuture'));
    },
  };
  const required = { required: true, message: t('common.required') };

  // Each opening starts from the record's values (the form instance outlives the drawer's content).
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset once per opening, not on each render's new object
  useEffect(() => {
    if (!editing) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(initial);
  }, [editing, form]);

  const submit = async (v: Record<string, unknown>) => {
    if (!kind) return;
    setSaving(true);
    setError(null);
    const clean = Object.fromEntries(
      Object.entries(v)
        .map(([k, x]) => [
          k,
          x === '' || x === undefined ? (rowId && clearable[kind].includes(k) ? null : undefined) : x,
        ])
        .filter(([, x]) => x !== undefined),
    ) as Record<string, unknown>;
    try {
      if (kind === 'activity')
        await (rowId ? publicityApi.updateActivity(rowId, clean) : publicityApi.createActivity(clean as never));
      else await (rowId ? publicityApi.updateConversion(rowId, clean) : publicityApi.createConversion(clean as never));
      form.resetFields();
      onSaved(rowId ? t('publicity.updated') : t('publicity.saved'));
    } catch (err) {
      const field = (err as { details?: { field?: string } }).details?.field;
      setError(
        applyFormError(form, err, {
          codeFields: {
            'publicity.region_required': ['regionId'],
            'publicity.region_invalid': ['regionId'],
            'publicity.outside_scope': ['regionId'],
            ...(field ? { 'publicity.date_invalid': [field] } : {}),
          },
        }),
      );
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      title={
        kind === 'activity'
          ? t(rowId ? 'publicity.editActivity' : 'publicity.addActivity')
          : t(rowId ? 'publicity.editConversion' : 'publicity.addConversion')
      }
      size={isMobile ? '100%' : 520}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        <Form.Item
          name="regionId"
          label={t('publicity.region')}
          extra={t('publicity.regionHint')}
          rules={ownTownship ? [] : [required]}
        >
          <RegionTreeSelect placeholder={t('publicity.region')} />
        </Form.Item>
        {kind === 'activity' ? (
          <>
            <Form.Item name="kind" label={t('publicity.kind')} rules={[required]}>
              <Select
                options={Object.entries(publicityKindLabels).map(([value, l]) => ({ value, label: l[locale] }))}
              />
            </Form.Item>
            <Form.Item
              name="title"
              label={t('publicity.activityTitle')}
              rules={[{ ...required, whitespace: true }, { max: 200 }]}
            >
              <Input maxLength={200} placeholder="燃气安全进社区、进餐饮场所" />
            </Form.Item>
            <Form.Item name="heldOn" label={t('publicity.heldOn')} rules={[required, notFuture]}>
              <DateField max={today} />
            </Form.Item>
            <Form.Item
              name="place"
              label={t('publicity.place')}
              rules={[{ ...required, whitespace: true }, { max: 200 }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="audienceCount" label={t('publicity.audienceCount')} rules={[required]}>
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
            </Form.Item>
            <Form.Item name="leafletCount" label={t('publicity.leafletCount')}>
              <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
            </Form.Item>
            <Form.Item name="materials" label={t('publicity.materials')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} maxLength={500} placeholder="展板、宣传手册、视频" />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="kind" label={t('publicity.conversionKind')} rules={[required]}>
              <Select
                options={Object.entries(conversionKindLabels).map(([value, l]) => ({ value, label: l[locale] }))}
              />
            </Form.Item>
            <Form.Item name="target" label={t('publicity.target')} rules={[required]}>
              <Select
                options={Object.entries(conversionTargetLabels).map(([value, l]) => ({ value, label: l[locale] }))}
              />
            </Form.Item>
            <Form.Item name="count" label={t('publicity.count')} rules={[required]}>
              <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
            </Form.Item>
            <Form.Item name="completedOn" label={t('publicity.completedOn')} rules={[required, notFuture]}>
              <DateField max={today} />
            </Form.Item>
            <Form.Item name="place" label={t('publicity.conversionPlace')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        <Form.Item name="note" label={t('publicity.note')} rules={[{ max: 1000 }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** 宣传与改造: the figures by township (the returns), the activities and the conversions, with the export. */
export function PublicityPage() {
  const t = useT();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const { can } = useSession();
  const [filters, setFilters] = useState<PublicityFilters>({});
  const [editing, setEditing] = useState<Editing | null>(null);
  const [tick, setTick] = useState(0);
  const set = (patch: PublicityFilters) => setFilters((f) => ({ ...f, ...patch }));
  const manage = can('publicity.manage');
  const changed = (text: string) => {
    setEditing(null);
    setTick((n) => n + 1);
    message.success(text);
  };

  return (
    <>
      <PageHeader
        title={t('publicity.title')}
        extra={
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                void downloadFile(publicityApi.exportUrl(filters), '宣传与改造统计.xlsx').catch(
                  (err: unknown) => void message.error(errorText(err)),
                )
              }
            >
              {t('publicity.export')}
            </Button>
            {manage ? (
              <>
                <Button icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'activity' })}>
                  {t('publicity.addActivity')}
                </Button>
                <Button icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'conversion' })}>
                  {t('publicity.addConversion')}
                </Button>
              </>
            ) : null}
          </Space>
        }
      />
      <p className="ra-muted">{t('publicity.intro')}</p>
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="ra-filters">
          <RegionTreeSelect
            value={filters.regionId}
            onChange={(v) => set({ regionId: v })}
            placeholder={t('publicity.region')}
            style={{ width: isMobile ? '100%' : 170 }}
          />
          <DateField
            aria-label={t('publicity.from')}
            placeholder={t('publicity.from')}
            style={{ width: isMobile ? '100%' : 150 }}
            value={filters.from}
            onChange={(from) => set({ from })}
          />
          <DateField
            aria-label={t('publicity.to')}
            placeholder={t('publicity.to')}
            style={{ width: isMobile ? '100%' : 150 }}
            value={filters.to}
            onChange={(to) => set({ to })}
          />
        </div>
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'figures', label: t('publicity.figures'), children: <FiguresTab key={tick} filters={filters} /> },
            {
              key: 'activities',
              label: t('publicity.activities'),
              children: (
                <ActivitiesTab
                  key={tick}
                  filters={filters}
                  onEdit={(row) => setEditing({ kind: 'activity', row })}
                  onChanged={changed}
                />
              ),
            },
            {
              key: 'conversions',
              label: t('publicity.conversions'),
              children: (
                <ConversionsTab
                  key={tick}
                  filters={filters}
                  onEdit={(row) => setEditing({ kind: 'conversion', row })}
                  onChanged={changed}
                />
              ),
            },
          ]}
        />
      </Card>
      <RecordDrawer editing={editing} onClose={() => setEditing(null)} onSaved={changed} />
    </>
  );
}
