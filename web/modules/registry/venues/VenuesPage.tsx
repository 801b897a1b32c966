import { EditOutlined } from '@ant-design/icons';
import { Button, Card, List, Space, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  gasSourceLabels,
  supplyStatusLabels,
  venueCategoryLabels,
  venueFloorLabels,
} from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { EmptyState } from '../../../app/PageState.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumLabel } from '../components/enumOptions.ts';
import {
  ArchivedFilter,
  EnumFilter,
  RegionFilter,
  RegistryListPage,
  RegistryTable,
  RowActions,
  SearchFilter,
  useRegistryList,
  useRegistryRows,
} from '../components/RegistryListPage.tsx';
import { RiskFlagTags } from './RiskFlagTags.tsx';
import { VenueFormDrawer } from './VenueFormDrawer.tsx';
import { type Venue, venuesApi } from './venues.api.ts';

/** 用气场所: the register of restaurants, crowded venues and households, with filters, risk tags, import and export. */
export function VenuesPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const list = useRegistryList(venuesApi.list, {
    types: {
      category: 'string',
      floor: 'string',
      gasSource: 'string',
      supplierEnterpriseId: 'string',
      supplyStatus: 'string',
      sort: 'string',
      order: 'string',
    },
  });
  const rows = useRegistryRows<Venue>({ api: venuesApi, reload: list.reload });
  const [contractOnly, setContractOnly] = useState(false);
  const { filters, data } = list;
  const editable = (v: Venue) => v.abilities.edit || v.abilities.editContract;
  const edit = (v: Venue) => {
    setContractOnly(!v.abilities.edit);
    rows.open(v);
  };

  const columns: TableColumnsType<Venue> = [
    {
      title: t('venue.name'),
      key: 'name',
      fixed: 'left',
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
  ];

  return (
    <RegistryListPage
      title={t('menu.venues')}
      tabularKind="venues"
      list={list}
      layout="split"
      create={
        data?.abilities.create
          ? {
              label: t('venue.create'),
              onClick: () => {
                setContractOnly(false);
                rows.create();
              },
            }
          : null
      }
      filters={
        <>
          <SearchFilter list={list} placeholder={t('venue.search')} width={240} />
          <RegionFilter list={list} width={180} placeholder={t('registry.allRegions')} />
          <EnumFilter
            labels={venueCategoryLabels}
            placeholder={t('venue.allCategories')}
            width={150}
            value={filters.category}
            onChange={(category) => list.set({ category })}
          />
          <EnumFilter
            labels={venueFloorLabels}
            placeholder={t('venue.allFloors')}
            width={130}
            value={filters.floor}
            onChange={(floor) => list.set({ floor })}
          />
          <EnumFilter
            labels={gasSourceLabels}
            placeholder={t('venue.allGasSources')}
            width={130}
            value={filters.gasSource}
            onChange={(gasSource) => list.set({ gasSource })}
          />
          <EnumFilter
            labels={supplyStatusLabels}
            placeholder={t('venue.allSupplyStatuses')}
            width={170}
            value={filters.supplyStatus}
            onChange={(supplyStatus) => list.set({ supplyStatus })}
          />
          <EnterpriseSelect
            kinds={['pipeline_operator', 'bottled_operator']}
            value={filters.supplierEnterpriseId}
            onChange={(v) => list.set({ supplierEnterpriseId: v ?? undefined })}
            placeholder={t('venue.allSuppliers')}
            style={{ width: isMobile ? undefined : 200 }}
          />
          <ArchivedFilter list={list} />
        </>
      }
    >
      {isMobile ? (
        // Phones: one card per venue (name, category and region, risk tags, actions).
        <List<Venue>
          loading={list.loading}
          dataSource={data?.items ?? []}
          pagination={list.table.pagination}
          locale={{ emptyText: <EmptyState description={list.table.emptyText} /> }}
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
                {editable(v) ? (
                  <Button size="small" icon={<EditOutlined />} onClick={() => edit(v)}>
                    {t('common.edit')}
                  </Button>
                ) : null}
              </Space>
            </Card>
          )}
        />
      ) : (
        <RegistryTable<Venue>
          {...list.table}
          columns={columns}
          scrollX={1400}
          actions={{
            width: 130,
            render: (v) => (
              <RowActions
                name={v.name}
                editIcon={<EditOutlined />}
                onEdit={editable(v) ? () => edit(v) : null}
                onArchive={v.abilities.archive ? () => rows.archive(v) : null}
              />
            ),
          }}
        />
      )}
      <VenueFormDrawer
        open={rows.drawer !== null}
        venue={rows.drawer?.record}
        contractOnly={contractOnly}
        onClose={rows.close}
        onSaved={() => {
          rows.close();
          list.reload();
        }}
      />
    </RegistryListPage>
  );
}
