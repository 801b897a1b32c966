import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  type PipeMaterial,
  type PressureClass,
  pipeMaterialLabels,
  pressureClassLabels,
  type RenewalStatus,
  renewalStatusLabels,
} from '../../../../domain/registry/registry.ts';
import { errorText } from '../../../app/http.ts';
import { type Translate, useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageHeader } from '../../../app/PageState.tsx';
import { useSession } from '../../../app/session.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumLabel, enumOptions } from '../components/enumOptions.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { TabularActions } from '../components/TabularButtons.tsx';
import { PipelineFormDrawer } from './PipelineFormDrawer.tsx';
import { type PipelineDetail, type PipelineFilters, type PipelineSegment, pipelinesApi } from './pipelines.api.ts';

const renewalColors: Record<RenewalStatus, string> = {
  not_needed: 'default',
  planned: 'orange',
  in_progress: 'blue',
  done: 'green',
};

/** 占压 / 穿越密闭空间 as tags: the "问题管网" of plan 三(三)1. */
export function PipelineFlags({
  segment,
  t,
}: {
  segment: Pick<PipelineSegment, 'encroached' | 'confinedSpace'>;
  t: Translate;
}) {
  if (!segment.encroached && !segment.confinedSpace) return <span className="ra-muted">—</span>;
  return (
    <span className="ra-tags">
      {segment.encroached ? <Tag color="red">{t('pipeline.encroached')}</Tag> : null}
      {segment.confinedSpace ? <Tag color="volcano">{t('pipeline.confinedSpace')}</Tag> : null}
    </span>
  );
}

/** The age, coloured from 20 years (ageing) and 30 years (old). */
export function PipelineAge({ age, t }: { age: number | null; t: Translate }) {
  if (age === null) return <span className="ra-muted">—</span>;
  const text = t('pipeline.ageValue', { n: age });
  if (age >= 30) return <Tag color="red">{text}</Tag>;
  if (age >= 20) return <Tag color="orange">{text}</Tag>;
  return <span>{text}</span>;
}

export function RenewalTag({ status, locale }: { status: RenewalStatus; locale: 'zh' | 'en' }) {
  return <Tag color={renewalColors[status]}>{enumLabel(renewalStatusLabels, status, locale)}</Tag>;
}

type Flag = 'encroached' | 'confinedSpace';

/** 燃气管网: the pipeline segments in the user's scope, with age, problem flags and renewal. */
export function PipelinesPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const [filters, setFilters] = useState<PipelineFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [drawer, setDrawer] = useState<{ segment: PipelineDetail | null } | null>(null);

  const set = (patch: Partial<PipelineFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const { data, error, loading, reload } = useRequest(
    useCallback(() => pipelinesApi.list({ ...filters, page, pageSize }), [filters, page, pageSize]),
  );

  const edit = async (s: PipelineSegment) => {
    try {
      setDrawer({ segment: await pipelinesApi.get(s.id) });
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const archive = async (s: PipelineSegment) => {
    try {
      await pipelinesApi.archive(s.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const flags: Flag[] = [
    ...(filters.encroached ? ['encroached' as const] : []),
    ...(filters.confinedSpace ? ['confinedSpace' as const] : []),
  ];

  const columns: TableColumnsType<PipelineSegment> = isMobile
    ? [
        {
          title: t('pipeline.name'),
          key: 'name',
          render: (_, s) => (
            <div>
              <Link to={`/registry/pipelines/${s.id}`} style={{ fontWeight: 500 }}>
                {s.name}
              </Link>
              <div className="ra-muted">
                {s.code} · {s.region.name} · {enumLabel(pipeMaterialLabels, s.material, locale)}
              </div>
              {s.encroached || s.confinedSpace ? (
                <div style={{ marginTop: 4 }}>
                  <PipelineFlags segment={s} t={t} />
                </div>
              ) : null}
            </div>
          ),
        },
        { title: t('pipeline.age'), key: 'age', width: 84, render: (_, s) => <PipelineAge age={s.ageYears} t={t} /> },
      ]
    : [
        {
          title: t('pipeline.code'),
          dataIndex: 'code',
          width: 130,
          render: (code: string, s) => <Link to={`/registry/pipelines/${s.id}`}>{code}</Link>,
        },
        {
          title: t('pipeline.name'),
          dataIndex: 'name',
          width: 240,
          render: (name: string, s) => (
            <>
              {name}
              {s.archived ? <Tag style={{ marginInlineStart: 6 }}>{t('registry.archived')}</Tag> : null}
            </>
          ),
        },
        { title: t('registry.region'), key: 'region', width: 120, render: (_, s) => s.region.name },
        {
          title: t('pipeline.owner'),
          key: 'owner',
          width: 180,
          render: (_, s) => s.ownerEnterprise?.name ?? <span className="ra-muted">{t('pipeline.noOwner')}</span>,
        },
        {
          title: t('pipeline.material'),
          dataIndex: 'material',
          width: 90,
          render: (m: PipeMaterial) => enumLabel(pipeMaterialLabels, m, locale),
        },
        {
          title: t('pipeline.pressureClass'),
          dataIndex: 'pressureClass',
          width: 90,
          render: (p: PressureClass) => enumLabel(pressureClassLabels, p, locale),
        },
        {
          title: t('pipeline.diameterShort'),
          dataIndex: 'diameterMm',
          width: 80,
          render: (d: number | null) => d ?? '—',
        },
        {
          title: t('pipeline.installedYear'),
          dataIndex: 'installedYear',
          width: 90,
          render: (y: number | null) => y ?? '—',
        },
        { title: t('pipeline.age'), key: 'age', width: 90, render: (_, s) => <PipelineAge age={s.ageYears} t={t} /> },
        { title: t('pipeline.flags'), key: 'flags', width: 190, render: (_, s) => <PipelineFlags segment={s} t={t} /> },
        {
          title: t('pipeline.renewalStatus'),
          dataIndex: 'renewalStatus',
          width: 110,
          render: (r: RenewalStatus) => <RenewalTag status={r} locale={locale} />,
        },
      ];

  if (canManage && !isMobile) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, s) =>
        s.archived ? null : (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => void edit(s)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('registry.archiveConfirm', { name: s.name })}
              okText={t('registry.archive')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => archive(s)}
            >
              <Button type="link" size="small" danger>
                {t('registry.archive')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    });
  }

  return (
    <>
      <PageHeader
        title={t('menu.pipelines')}
        extra={
          <Space wrap>
            <TabularActions
              kind="pipeline-segments"
              title={t('menu.pipelines')}
              filters={filters}
              onImported={reload}
            />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ segment: null })}>
                {t('pipeline.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <div className="ra-toolbar">
          <Input.Search
            allowClear
            placeholder={t('pipeline.search')}
            style={{ width: 220 }}
            maxLength={50}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          <RegionTreeSelect value={filters.regionId} onChange={(v) => set({ regionId: v })} style={{ width: 180 }} />
          <Select<PipeMaterial>
            allowClear
            placeholder={t('pipeline.material')}
            style={{ width: 120 }}
            value={filters.material}
            onChange={(v) => set({ material: v })}
            options={enumOptions(pipeMaterialLabels, locale)}
          />
          <Select<PressureClass>
            allowClear
            placeholder={t('pipeline.pressureClass')}
            style={{ width: 120 }}
            value={filters.pressureClass}
            onChange={(v) => set({ pressureClass: v })}
            options={enumOptions(pressureClassLabels, locale)}
          />
          <Select<number>
            allowClear
            placeholder={t('pipeline.minAge')}
            style={{ width: 140 }}
            value={filters.minAge}
            onChange={(v) => set({ minAge: v })}
            options={[10, 20, 30].map((n) => ({ value: n, label: t('pipeline.minAgeOption', { n }) }))}
          />
          <Select<Flag[]>
            mode="multiple"
            allowClear
            placeholder={t('pipeline.flags')}
            style={{ minWidth: 160 }}
            value={flags}
            onChange={(v: Flag[]) =>
              set({
                encroached: v.includes('encroached') || undefined,
                confinedSpace: v.includes('confinedSpace') || undefined,
              })
            }
            options={[
              { value: 'encroached', label: t('pipeline.encroached') },
              { value: 'confinedSpace', label: t('pipeline.confinedSpace') },
            ]}
          />
          <Select<RenewalStatus>
            allowClear
            placeholder={t('pipeline.renewalStatus')}
            style={{ width: 130 }}
            value={filters.renewalStatus}
            onChange={(v) => set({ renewalStatus: v })}
            options={enumOptions(renewalStatusLabels, locale)}
          />
          <EnterpriseSelect
            kinds={['pipeline_operator']}
            placeholder={t('pipeline.owner')}
            value={filters.ownerEnterpriseId}
            onChange={(v) => set({ ownerEnterpriseId: v ?? undefined })}
            style={{ width: 200 }}
          />
          <Checkbox
            checked={filters.archived === true}
            onChange={(e) => set({ archived: e.target.checked || undefined })}
          >
            {t('registry.showArchived')}
          </Checkbox>
        </div>
        {error && !data ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <Table<PipelineSegment>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={loading}
            scroll={isMobile ? undefined : { x: 1560 }}
            onRow={(s) => (isMobile ? { onClick: () => navigate(`/registry/pipelines/${s.id}`) } : {})}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
              showSizeChanger: !isMobile,
              size: isMobile ? 'small' : undefined,
              showTotal: (n) => t('common.total', { n }),
              onChange: (p, s) => {
                setPage(s !== pageSize ? 1 : p);
                setPageSize(s);
              },
            }}
          />
        )}
      </Card>
      <PipelineFormDrawer
        open={drawer !== null}
        segment={drawer?.segment}
        onClose={() => setDrawer(null)}
        onSaved={(saved) => {
          setDrawer(null);
          if (drawer?.segment) reload();
          else navigate(`/registry/pipelines/${saved.id}`);
        }}
      />
    </>
  );
}
