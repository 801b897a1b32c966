import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Input, List, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  type InspectionKind,
  type InspectionStatus,
  inspectionKindLabels,
  inspectionKinds,
  inspectionObjectTypeLabels,
  inspectionStatusLabels,
  inspectionStatuses,
} from '../../../domain/inspections/inspections.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { pick, useLocale, useT } from '../../app/i18n.ts';
import type { ListTypes } from '../../app/list/listState.ts';
import { ListPage } from '../../app/list/ListPage.tsx';
import { useList } from '../../app/list/useList.ts';
import { EmptyState } from '../../app/PageState.tsx';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../app/useIsMobile.ts';
import { RegionTreeSelect } from '../registry/index.ts';
import { CollapsibleFilters } from './components/CollapsibleFilters.tsx';
import { InspectionStatusTag, inspectingParties } from './components/labels.tsx';
import { useDepartments } from './components/useDepartments.ts';
import { type InspectionFilters, type InspectionSummary, inspectionsApi } from './inspections.api.ts';
import { PlanInspectionDrawer } from './PlanInspectionDrawer.tsx';

const PAGE_SIZE = 20;

/** The list's filters, kept in the address (the app's list state). */
const types: ListTypes<Omit<InspectionFilters, 'page' | 'pageSize'>> = {
  kind: 'string',
  status: 'string',
  objectType: 'string',
  objectId: 'string',
  regionId: 'string',
  departmentId: 'string',
  q: 'string',
  from: 'string',
  to: 'string',
  assignedToMe: 'string',
};

/** /inspections — the inspection records in scope, with filters; 计划检查 for planners. */
export function InspectionsPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { can } = useSession();
  const [planOpen, setPlanOpen] = useState(false);
  const departments = useDepartments();
  const list = useList(inspectionsApi.list, { types, pageSize: PAGE_SIZE });
  const { data, error, loading, reload } = list;
  const filters = { ...list.filters, page: list.page };
  const set = (patch: Partial<Record<keyof typeof types, string | undefined>>) =>
    list.set(patch as Partial<typeof list.filters>);

  const departmentOptions = useMemo(
    () =>
      (departments.data ?? [])
        .filter((d) => d.kind === 'department')
        .map((d) => ({ value: d.id, label: pick(d.shortName || d.name, d.nameEn, locale) })),
    [departments.data, locale],
  );

  const columns = [
    {
      title: t('inspections.object'),
      key: 'object',
      render: (_: unknown, r: InspectionSummary) => (
        <Link to={`/inspections/${r.id}`}>
          {r.object.name}
          <div style={{ color: 'rgba(0,0,0,.45)', fontSize: 12 }}>
            <span data-testid="inspection-number">{r.number}</span> ·{' '}
            {inspectionObjectTypeLabels[r.object.type][locale]} · {r.region.name}
          </div>
        </Link>
      ),
    },
    {
      title: t('inspections.kind'),
      dataIndex: 'kind',
      render: (k: InspectionKind) => inspectionKindLabels[k][locale],
    },
    {
      title: t('inspections.departments'),
      key: 'departments',
      render: (_: unknown, r: InspectionSummary) => inspectingParties(r),
    },
    {
      title: t('inspections.inspectors'),
      key: 'inspectors',
      render: (_: unknown, r: InspectionSummary) => (
        <Space size={2} wrap>
          {r.inspectors.map((p) => (
            <Tag key={p.id} color={p.signed ? 'green' : undefined}>
              {p.name}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('inspections.plannedOn'),
      key: 'date',
      render: (_: unknown, r: InspectionSummary) =>
        r.visitedAt ? formatDateTime(r.visitedAt) : formatDate(r.plannedOn),
    },
    {
      title: t('inspections.status'),
      dataIndex: 'status',
      render: (s: InspectionStatus) => <InspectionStatusTag status={s} />,
    },
    {
      title: t('inspections.failed'),
      dataIndex: 'failedCount',
      render: (n: number, r: InspectionSummary) =>
        r.status === 'planned' ? (
          '—'
        ) : n > 0 ? (
          <Tag color="red">{t('inspections.failedCount', { n })}</Tag>
        ) : (
          t('inspections.noFailure')
        ),
    },
  ];

  const active = [filters.q, filters.kind, filters.status, filters.regionId, filters.departmentId, filters.from].filter(
    Boolean,
  ).length;
  const toolbar = (
    <CollapsibleFilters active={active}>
      <Input.Search
        allowClear
        defaultValue={filters.q}
        placeholder={t('inspections.search')}
        onSearch={(v) => set({ q: v.trim() || undefined })}
        style={{ width: 220 }}
        aria-label={t('inspections.search')}
      />
      <Select
        allowClear
        placeholder={t('inspections.allKinds')}
        value={filters.kind}
        onChange={(v) => set({ kind: v })}
        options={inspectionKinds.map((k) => ({ value: k, label: inspectionKindLabels[k][locale] }))}
        style={{ minWidth: 130 }}
        aria-label={t('inspections.kind')}
      />
      <Select
        allowClear
        placeholder={t('inspections.allStatuses')}
        value={filters.status}
        onChange={(v) => set({ status: v })}
        options={inspectionStatuses.map((s) => ({ value: s, label: inspectionStatusLabels[s][locale] }))}
        style={{ minWidth: 110 }}
        aria-label={t('inspections.status')}
      />
      <RegionTreeSelect value={filters.regionId} onChange={(v) => set({ regionId: v })} style={{ minWidth: 160 }} />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('inspections.allDepartments')}
        value={filters.departmentId}
        onChange={(v) => set({ departmentId: v })}
        options={departmentOptions}
        style={{ minWidth: 150 }}
        aria-label={t('inspections.department')}
      />
      <DatePicker.RangePicker
        value={null}
        placeholder={[filters.from ?? t('inspections.dateRange'), filters.to ?? '']}
        onChange={(range: [Dayjs | null, Dayjs | null] | null) =>
          set({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
        }
        aria-label={t('inspections.dateRange')}
      />
    </CollapsibleFilters>
  );

  return (
    <>
      <ListPage
        title={t('inspections.title')}
        layout="plain"
        actions={
          <>
            {can('inspection.record') ? (
              <Link to="/field">
                <Button>{t('menu.field')}</Button>
              </Link>
            ) : null}
            {can('inspection.plan') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanOpen(true)}>
                {t('inspections.plan')}
              </Button>
            ) : null}
          </>
        }
        filters={toolbar}
        error={error}
        hasData={false}
        onRetry={reload}
      >
        {isMobile ? (
          <List
            loading={loading}
            dataSource={data?.items ?? []}
            rowKey="id"
            locale={{ emptyText: <EmptyState description={t('inspections.empty')} /> }}
            pagination={{
              current: filters.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              onChange: (page) => list.setPage(page),
              size: 'small',
            }}
            renderItem={(r) => (
              <Card size="small" style={{ marginBottom: 8 }}>
                <Link to={`/inspections/${r.id}`}>
                  <strong>{r.object.name}</strong>
                </Link>
                <div style={{ marginTop: 4 }}>
                  <Space size={4} wrap>
                    <InspectionStatusTag status={r.status} />
                    <Tag>{inspectionKindLabels[r.kind][locale]}</Tag>
                    {r.failedCount > 0 ? (
                      <Tag color="red">{t('inspections.failedCount', { n: r.failedCount })}</Tag>
                    ) : null}
                  </Space>
                </div>
                <div style={{ color: 'rgba(0,0,0,.55)', fontSize: 12, marginTop: 4 }}>
                  {r.region.name} · {r.visitedAt ? formatDateTime(r.visitedAt) : formatDate(r.plannedOn)}
                </div>
              </Card>
            )}
          />
        ) : (
          <Table<InspectionSummary>
            rowKey="id"
            loading={loading}
            dataSource={data?.items ?? []}
            columns={columns}
            scroll={{ x: 900 }}
            locale={{ emptyText: <EmptyState description={t('inspections.empty')} /> }}
            pagination={{
              current: filters.page,
              pageSize: PAGE_SIZE,
              total: data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (n) => t('common.total', { n }),
              onChange: (page) => list.setPage(page),
            }}
          />
        )}
      </ListPage>
      <PlanInspectionDrawer open={planOpen} onClose={() => setPlanOpen(false)} />
    </>
  );
}
