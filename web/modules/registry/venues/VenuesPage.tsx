import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Input,
  List,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import {
  type GasSource,
  gasSourceLabels,
  type SupplyStatus,
  supplyStatusLabels,
  type VenueCategory,
  type VenueFloor,
  venueCategoryLabels,
  venueFloorLabels,
} from '../../../../domain/registry/registry.ts';
import { errorText } from '../../../app/http.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { LoadError, PageHeader } from '../../../app/PageState.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumLabel, enumOptions } from '../components/enumOptions.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { TabularActions } from '../components/TabularButtons.tsx';
import { RiskFlagTags } from './RiskFlagTags.tsx';
import { VenueFormDrawer } from './VenueFormDrawer.tsx';
import { type Venue, type VenueFilters, venuesApi } from './venues.api.ts';

/** 用气场所: the register of restaurants, crowded venues and households, with filters, risk tags, import and export. */
export function VenuesPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [filters, setFilters] = useState<VenueFilters>({});
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [drawer, setDrawer] = useState<{ venue: Venue | null; contractOnly: boolean } | null>(null);

  const { data, error, loading, reload } = useRequest(
    useCallback(() => venuesApi.list({ ...filters, ...page }), [filters, page]),
  );

  const setFilter = <K extends keyof VenueFilters>(key: K, value: VenueFilters[K]) => {
    setFilters((f) => ({ ...f, [key]: value || undefined }));
    setPage((p) => ({ ...p, page: 1 }));
  };

  const archive = async (v: Venue) => {
    try {
      await venuesApi.archive(v.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const columns: TableColumnsType<Venue> = [
    {
      title: t('venue.name'),
      key: 'name',
      fixed: isMobile ? undefined : 'left',
      width: 200,
      render: (_, v) => (
        <Space size={4} wrap>
          <Link to={`/registry/venues/${v.id}`}>{v.name}</Link>
          {v.archived ? <Tag>{t('registry.archived')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('venue.category'),
      key: 'category',
      width: 110,
      render: (_, v) => enumLabel(venueCategoryLabels, v.category, locale),
    },
    {
      title: t('venue.riskFlags'),
      key: 'risk',
      width: 280,
      render: (_, v) => (
        <RiskFlagTags flags={v.riskFlags} supplyStatus={v.supplyStatus} emptyText={t('venue.noRisk')} />
      ),
    },
    { title: t('registry.region'), dataIndex: 'regionName', width: 110 },
    { title: t('registry.address'), dataIndex: 'address', width: 200, ellipsis: true },
    {
      title: t('venue.floor'),
      key: 'floor',
      width: 100,
      render: (_, v) => enumLabel(venueFloorLabels, v.floor, locale),
    },
    {
      title: t('venue.gasSources'),
      key: 'gasSources',
      width: 150,
      render: (_, v) => (v.gasSources.length ? v.gasSources.map((s) => gasSourceLabels[s][locale]).join('、') : '—'),
    },
    {
      title: t('venue.supplier'),
      key: 'supplier',
      width: 180,
      ellipsis: true,
      render: (_, v) => v.supplierName ?? '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      fixed: isMobile ? undefined : 'right',
      render: (_, v) => (
        <Space size={0}>
          {v.abilities.edit || v.abilities.editContract ? (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setDrawer({ venue: v, contractOnly: !v.abilities.edit })}
            >
              {t('common.edit')}
            </Button>
          ) : null}
          {v.abilities.archive ? (
            <Popconfirm title={t('registry.archiveConfirm', { name: v.name })} onConfirm={() => archive(v)}>
              <Button type="link" size="small" danger>
                {t('registry.archive')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  const pagination = {
    current: page.page,
    pageSize: page.pageSize,
    total: data?.total ?? 0,
    showSizeChanger: !isMobile,
    showTotal: (n: number) => t('common.total', { n }),
    onChange: (p: number, ps: number) => setPage({ page: ps !== page.pageSize ? 1 : p, pageSize: ps }),
    size: isMobile ? ('small' as const) : undefined,
  };

  const exportFilters = { ...filters, archived: filters.archived ? 'true' : undefined };

  return (
    <>
      <PageHeader
        title={t('menu.venues')}
        extra={
          <Space wrap>
            <TabularActions
              kind="venues"
              title={t('menu.venues')}
              filters={exportFilters}
              onImported={reload}
              size={isMobile ? 'small' : 'middle'}
            />
            {data?.abilities.create ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDrawer({ venue: null, contractOnly: false })}
              >
                {t('venue.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="ra-filters">
          <Input.Search
            allowClear
            placeholder={t('venue.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(v) => setFilter('q', v.trim())}
            style={{ width: isMobile ? undefined : 240 }}
          />
          <RegionTreeSelect
            value={filters.regionId}
            onChange={(v) => setFilter('regionId', v)}
            placeholder={t('registry.allRegions')}
            style={{ width: isMobile ? undefined : 180 }}
          />
          <Select<VenueCategory>
            allowClear
            placeholder={t('venue.allCategories')}
            value={filters.category}
            onChange={(v) => setFilter('category', v)}
            options={enumOptions(venueCategoryLabels, locale)}
            style={{ width: isMobile ? undefined : 150 }}
          />
          <Select<VenueFloor>
            allowClear
            placeholder={t('venue.allFloors')}
            value={filters.floor}
            onChange={(v) => setFilter('floor', v)}
            options={enumOptions(venueFloorLabels, locale)}
            style={{ width: isMobile ? undefined : 130 }}
          />
          <Select<GasSource>
            allowClear
            placeholder={t('venue.allGasSources')}
            value={filters.gasSource}
            onChange={(v) => setFilter('gasSource', v)}
            options={enumOptions(gasSourceLabels, locale)}
            style={{ width: isMobile ? undefined : 130 }}
          />
          <Select<SupplyStatus>
            allowClear
            placeholder={t('venue.allSupplyStatuses')}
            value={filters.supplyStatus}
            onChange={(v) => setFilter('supplyStatus', v)}
            options={enumOptions(supplyStatusLabels, locale)}
            style={{ width: isMobile ? undefined : 170 }}
          />
          <EnterpriseSelect
            kinds={['pipeline_operator', 'bottled_operator']}
            value={filters.supplierEnterpriseId}
            onChange={(v) => setFilter('supplierEnterpriseId', v ?? undefined)}
            placeholder={t('venue.allSuppliers')}
            style={{ width: isMobile ? undefined : 200 }}
          />
          <Checkbox checked={!!filters.archived} onChange={(e) => setFilter('archived', e.target.checked)}>
            {t('registry.showArchived')}
          </Checkbox>
        </div>
      </Card>
      {error && !data ? (
        <LoadError error={error} onRetry={reload} />
      ) : isMobile ? (
        // Phones: one card per venue (name, category and region, risk tags, actions).
        <List<Venue>
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={pagination}
          renderItem={(v) => (
            <Card size="small" style={{ marginBottom: 8 }}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Link to={`/registry/venues/${v.id}`} style={{ fontWeight: 500 }}>
                    {v.name}
                  </Link>
                  {v.archived ? <Tag>{t('registry.archived')}</Tag> : null}
                </Space>
                <span className="ra-muted">
                  {enumLabel(venueCategoryLabels, v.category, locale)} · {v.regionName} · {v.address}
                </span>
                <RiskFlagTags flags={v.riskFlags} supplyStatus={v.supplyStatus} />
                {v.abilities.edit || v.abilities.editContract ? (
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setDrawer({ venue: v, contractOnly: !v.abilities.edit })}
                  >
                    {t('common.edit')}
                  </Button>
                ) : null}
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<Venue>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 1400 }}
          pagination={pagination}
        />
      )}
      <VenueFormDrawer
        open={drawer !== null}
        venue={drawer?.venue}
        contractOnly={drawer?.contractOnly}
        onClose={() => setDrawer(null)}
        onSaved={() => {
          setDrawer(null);
          reload();
        }}
      />
    </>
  );
}
