import { Drawer } from 'antd';
import { useState } from 'react';
import { facilityKindLabels } from '../../../../domain/registry/registry.ts';
import { useT } from '../../../app/i18n.ts';
import { useSession } from '../../../app/session.tsx';
import { useIsMobile } from '../../../app/useIsMobile.ts';
import { AuditHistory } from '../components/AuditHistory.tsx';
import {
  ArchivedFilter,
  EnterpriseFilter,
  EnumFilter,
  RegionFilter,
  RegistryListPage,
  SearchFilter,
  useRegistryList,
  useRegistryRows,
} from '../components/RegistryListPage.tsx';
import { FacilitiesTable } from './FacilitiesTable.tsx';
import { FacilityFormDrawer } from './FacilityFormDrawer.tsx';
import { type Facility, type FacilityDetail, facilitiesApi } from './facilities.api.ts';

/** Facility fields an edit may list in its audit entry. */
export function useFacilityFieldLabels() {
  const t = useT();
  return {
    kind: t('facility.kind'),
    name: t('facility.name'),
    regionId: t('registry.region'),
    address: t('registry.address'),
    lng: t('registry.lng'),
    lat: t('registry.lat'),
  };
}

/** 场站设施: filling stations, storage and supply stations, bottle shops of the enterprises in scope. */
export function FacilitiesPage() {
  const t = useT();
  const isMobile = useIsMobile();
  const { can } = useSession();
  const canManage = can('registry.manage');
  const fieldLabels = useFacilityFieldLabels();
  const list = useRegistryList(facilitiesApi.list, { types: { kind: 'string', enterpriseId: 'string' } });
  const rows = useRegistryRows<FacilityDetail>({ api: facilitiesApi, reload: list.reload });
  const [history, setHistory] = useState<Facility | null>(null);

  return (
    <RegistryListPage
      title={t('menu.facilities')}
      tabularKind="facilities"
      list={list}
      create={canManage ? { label: t('facility.create'), onClick: rows.create } : null}
      filters={
        <>
          <SearchFilter list={list} placeholder={t('facility.search')} width={220} />
          <RegionFilter list={list} width={180} />
          <EnumFilter
            labels={facilityKindLabels}
            placeholder={t('registry.allKinds')}
            width={160}
            value={list.filters.kind}
            onChange={(kind) => list.set({ kind })}
          />
          <EnterpriseFilter list={list} placeholder={t('facility.enterprise')} width={220} />
          <ArchivedFilter list={list} />
        </>
      }
    >
      <FacilitiesTable
        {...list.table}
        canManage={canManage}
        onEdit={(f) => void rows.edit(f)}
        onArchive={(f) => rows.archive(f)}
        onHistory={can('registry.read') ? setHistory : undefined}
      />
      <FacilityFormDrawer
        open={rows.drawer !== null}
        facility={rows.drawer?.record}
        onClose={rows.close}
        onSaved={rows.saved}
      />
      <Drawer
        open={history !== null}
        onClose={() => setHistory(null)}
        title={history ? `${history.name} · ${t('registry.history')}` : ''}
        size={isMobile ? '100%' : 480}
        destroyOnHidden
      >
        {history ? <AuditHistory subjectType="facility" subjectId={history.id} fieldLabels={fieldLabels} /> : null}
      </Drawer>
    </RegistryListPage>
  );
}
