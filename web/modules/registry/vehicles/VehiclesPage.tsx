import { App, Button, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type VehicleKind, vehicleKindLabels } from '../../../../domain/registry/registry.ts';
import { formatDate } from '../../../app/format.ts';
import { errorText } from '../../../app/http.ts';
import { type Translate, useLocale, useT } from '../../../app/i18n.ts';
import { useSession } from '../../../app/session.tsx';
import { enumLabel } from '../components/enumOptions.ts';
import {
  ArchivedFilter,
  ArchivedName,
  EnterpriseFilter,
  EnumFilter,
  RegionFilter,
  RegistryListPage,
  RegistryTable,
  SearchFilter,
  useRegistryList,
  useRegistryRows,
  YesNoFilter,
} from '../components/RegistryListPage.tsx';
import { BindWorkerModal } from './BindWorkerModal.tsx';
import { VehicleFormDrawer } from './VehicleFormDrawer.tsx';
import { type Vehicle, type VehicleDetail, vehiclesApi } from './vehicles.api.ts';

const detailPath = (id: string) => `/registry/vehicles/${id}`;

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
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const list = useRegistryList(vehiclesApi.list, {
    types: { kind: 'string', bound: 'boolean', enterpriseId: 'string' },
  });
  const rows = useRegistryRows<VehicleDetail>({ api: vehiclesApi, reload: list.reload, detailPath });
  const [binding, setBinding] = useState<Vehicle | null>(null);

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
          list.reload();
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });

  const mobileColumns: TableColumnsType<Vehicle> = [
    {
      title: t('vehicle.plate'),
      key: 'plate',
      render: (_, v) => (
        <div>
          <Link to={detailPath(v.id)} style={{ fontWeight: 500 }}>
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
  ];
  const columns: TableColumnsType<Vehicle> = [
    {
      title: t('vehicle.plate'),
      dataIndex: 'plate',
      width: 120,
      render: (plate: string, v) => (
        <ArchivedName archived={v.archived}>
          <Link to={detailPath(v.id)}>{plate}</Link>
        </ArchivedName>
      ),
    },
    {
      title: t('vehicle.kind'),
      dataIndex: 'kind',
      width: 150,
      render: (k: VehicleKind) => (
        <Tag color={k === 'hazardous_transport' ? 'volcano' : 'blue'}>{enumLabel(vehicleKindLabels, k, locale)}</Tag>
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

  return (
    <RegistryListPage
      title={t('menu.vehicles')}
      tabularKind="vehicles"
      list={list}
      create={canManage ? { label: t('vehicle.create'), onClick: rows.create } : null}
      filters={
        <>
          <SearchFilter list={list} placeholder={t('vehicle.search')} width={220} />
          <EnumFilter
            labels={vehicleKindLabels}
            placeholder={t('vehicle.kind')}
            width={160}
            value={list.filters.kind}
            onChange={(kind) => list.set({ kind })}
          />
          <YesNoFilter
            placeholder={t('vehicle.filterBound')}
            yes={t('vehicle.bound')}
            no={t('vehicle.unbound')}
            width={130}
            value={list.filters.bound}
            onChange={(bound) => list.set({ bound })}
          />
          <RegionFilter list={list} width={170} />
          <EnterpriseFilter list={list} placeholder={t('vehicle.enterprise')} width={200} />
          <ArchivedFilter list={list} />
        </>
      }
    >
      <RegistryTable<Vehicle>
        {...list.table}
        columns={columns}
        mobileColumns={mobileColumns}
        scrollX={1320}
        onOpen={(v) => navigate(detailPath(v.id))}
        actions={
          canManage
            ? rows.actions<Vehicle>(
                (v) => v.plate,
                230,
                (v) => (
                  <>
                    <Button type="link" size="small" onClick={() => setBinding(v)}>
                      {t(v.boundPerson ? 'vehicle.rebind' : 'vehicle.bind')}
                    </Button>
                    {v.boundPerson ? (
                      <Button type="link" size="small" onClick={() => unbind(v)}>
                        {t('vehicle.unbind')}
                      </Button>
                    ) : null}
                  </>
                ),
              )
            : null
        }
      />
      <VehicleFormDrawer
        open={rows.drawer !== null}
        vehicle={rows.drawer?.record}
        onClose={rows.close}
        onSaved={rows.saved}
      />
      <BindWorkerModal
        vehicle={binding}
        onClose={() => setBinding(null)}
        onBound={() => {
          setBinding(null);
          message.success(t('vehicle.bindDone'));
          list.reload();
        }}
      />
    </RegistryListPage>
  );
}
