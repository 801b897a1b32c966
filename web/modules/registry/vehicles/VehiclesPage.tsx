import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type VehicleKind, vehicleKindLabels } from '../../../../domain/registry/registry.ts';
import { formatDate } from '../../../app/format.ts';
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
import { BindWorkerModal } from './BindWorkerModal.tsx';
import { VehicleFormDrawer } from './VehicleFormDrawer.tsx';
import { type Vehicle, type VehicleDetail, type VehicleFilters, vehiclesApi } from './vehicles.api.ts';

/** The bound worker (人车对应), or 未绑定. */
export function BoundWorker({ vehicle, t }: { vehicle: Pick<Vehicle, 'boundPerson'>; t: Translate }) {
  if (!vehicle.boundPerson) return <Tag>{t('vehicle.unbound')}</Tag>;
  return (
    <span>
      <Link to={`/registry/people/${vehicle.boundPerson.id}`}>{vehicle.boundPerson.name}</Link>
      <span className="ra-muted"> {vehicle.boundPerson.phone}</span>
    </span>
  );
}

export function PermitCell({
  vehicle,
  t,
}: {
  vehicle: Pick<Vehicle, 'permitNumber' | 'permitValidTo' | 'permitExpired'>;
  t: Translate;
}) {
  if (!vehicle.permitNumber && !vehicle.permitValidTo) return <span className="ra-muted">—</span>;
  return (
    <div>
      <div>{vehicle.permitNumber ?? '—'}</div>
      {vehicle.permitValidTo ? (
        vehicle.permitExpired ? (
          <Tag color="red">{t('vehicle.permitExpired')}</Tag>
        ) : (
          <span className="ra-muted">{t('vehicle.validUntil', { date: formatDate(vehicle.permitValidTo) })}</span>
        )
      ) : null}
    </div>
  );
}

/** 车辆: delivery and hazardous-goods vehicles in the user's scope, with their bound worker. */
export function VehiclesPage() {
  const t = useT();
  const locale = useLocale();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const [filters, setFilters] = useState<VehicleFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [drawer, setDrawer] = useState<{ vehicle: VehicleDetail | null } | null>(null);
  const [binding, setBinding] = useState<Vehicle | null>(null);

  const set = (patch: Partial<VehicleFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const { data, error, loading, reload } = useRequest(
    useCallback(() => vehiclesApi.list({ ...filters, page, pageSize }), [filters, page, pageSize]),
  );

  const edit = async (v: Vehicle) => {
    try {
      setDrawer({ vehicle: await vehiclesApi.get(v.id) });
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const archive = async (v: Vehicle) => {
    try {
      await vehiclesApi.archive(v.id);
      message.success(t('registry.archivedDone'));
      reload();
    } catch (err) {
      message.error(errorText(err));
    }
  };
  const unbind = (v: Vehicle) =>
    modal.confirm({
      title: t('vehicle.unbindConfirm', { plate: v.plate, name: v.boundPerson?.name ?? '' }),
      okText: t('vehicle.unbind'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await vehiclesApi.unbind(v.id);
          message.success(t('vehicle.unbindDone'));
          reload();
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });

  const columns: TableColumnsType<Vehicle> = isMobile
    ? [
        {
          title: t('vehicle.plate'),
          key: 'plate',
          render: (_, v) => (
            <div>
              <Link to={`/registry/vehicles/${v.id}`} style={{ fontWeight: 500 }}>
                {v.plate}
              </Link>
              <span className="ra-muted"> · {enumLabel(vehicleKindLabels, v.kind, locale)}</span>
              <div className="ra-muted">{v.enterprise.name}</div>
              <div style={{ marginTop: 4 }}>
                <BoundWorker vehicle={v} t={t} />
              </div>
            </div>
          ),
        },
      ]
    : [
        {
          title: t('vehicle.plate'),
          dataIndex: 'plate',
          width: 120,
          render: (plate: string, v) => (
            <>
              <Link to={`/registry/vehicles/${v.id}`}>{plate}</Link>
              {v.archived ? <Tag style={{ marginInlineStart: 6 }}>{t('registry.archived')}</Tag> : null}
            </>
          ),
        },
        {
          title: t('vehicle.kind'),
          dataIndex: 'kind',
          width: 150,
          render: (k: VehicleKind) => (
            <Tag color={k === 'hazardous_transport' ? 'volcano' : 'blue'}>
              {enumLabel(vehicleKindLabels, k, locale)}
            </Tag>
          ),
        },
        { title: t('vehicle.worker'), key: 'worker', width: 230, render: (_, v) => <BoundWorker vehicle={v} t={t} /> },
        { title: t('vehicle.enterprise'), key: 'enterprise', width: 220, render: (_, v) => v.enterprise.name },
        { title: t('registry.region'), key: 'region', width: 120, render: (_, v) => v.region.name },
        {
          title: t('vehicle.permitNumber'),
          key: 'permit',
          width: 220,
          render: (_, v) => <PermitCell vehicle={v} t={t} />,
        },
      ];

  if (canManage && !isMobile) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 230,
      fixed: 'right',
      render: (_, v) =>
        v.archived ? null : (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setBinding(v)}>
              {t(v.boundPerson ? 'vehicle.rebind' : 'vehicle.bind')}
            </Button>
            {v.boundPerson ? (
              <Button type="link" size="small" onClick={() => unbind(v)}>
                {t('vehicle.unbind')}
              </Button>
            ) : null}
            <Button type="link" size="small" onClick={() => void edit(v)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('registry.archiveConfirm', { name: v.plate })}
              okText={t('registry.archive')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => archive(v)}
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
        title={t('menu.vehicles')}
        extra={
          <Space wrap>
            <TabularActions kind="vehicles" title={t('menu.vehicles')} filters={filters} onImported={reload} />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ vehicle: null })}>
                {t('vehicle.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <div className="ra-toolbar">
          <Input.Search
            allowClear
            placeholder={t('vehicle.search')}
            style={{ width: 220 }}
            maxLength={50}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          <Select<VehicleKind>
            allowClear
            placeholder={t('vehicle.kind')}
            style={{ width: 160 }}
            value={filters.kind}
            onChange={(v) => set({ kind: v })}
            options={enumOptions(vehicleKindLabels, locale)}
          />
          <Select<'yes' | 'no'>
            allowClear
            placeholder={t('vehicle.filterBound')}
            style={{ width: 130 }}
            value={filters.bound === undefined ? undefined : filters.bound ? 'yes' : 'no'}
            onChange={(v) => set({ bound: v === undefined ? undefined : v === 'yes' })}
            options={[
              { value: 'yes', label: t('vehicle.bound') },
              { value: 'no', label: t('vehicle.unbound') },
            ]}
          />
          <RegionTreeSelect value={filters.regionId} onChange={(v) => set({ regionId: v })} style={{ width: 170 }} />
          <EnterpriseSelect
            placeholder={t('vehicle.enterprise')}
            value={filters.enterpriseId}
            onChange={(v) => set({ enterpriseId: v ?? undefined })}
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
          <Table<Vehicle>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items}
            loading={loading}
            scroll={isMobile ? undefined : { x: 1320 }}
            onRow={(v) => (isMobile ? { onClick: () => navigate(`/registry/vehicles/${v.id}`) } : {})}
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
      <VehicleFormDrawer
        open={drawer !== null}
        vehicle={drawer?.vehicle}
        onClose={() => setDrawer(null)}
        onSaved={(saved) => {
          setDrawer(null);
          if (drawer?.vehicle) reload();
          else navigate(`/registry/vehicles/${saved.id}`);
        }}
      />
      <BindWorkerModal
        vehicle={binding}
        onClose={() => setBinding(null)}
        onBound={() => {
          setBinding(null);
          message.success(t('vehicle.bindDone'));
          reload();
        }}
      />
    </>
  );
}
