import { Alert, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useLimitsInForce } from '../../rules/index.ts';
import { licenceKindLabels, licenceStatusLabels } from '../../../../domain/registry/registry.ts';
import { useT } from '../../../app/i18n.ts';
import { useSession } from '../../../app/session.tsx';
import { useSupervisedParty } from '../components/useSupervisedParty.ts';
import {
  ArchivedFilter,
  EnterpriseFilter,
  EnumFilter,
  RegionFilter,
  RegistryListPage,
  SearchFilter,
  useRegistryList,
} from '../components/RegistryListPage.tsx';
import { LicenceDetailDrawer } from './LicenceDetailDrawer.tsx';
import { LicenceFormDrawer } from './LicenceFormDrawer.tsx';
import { LicencesTable } from './LicencesTable.tsx';
import { type LicenceFilters, type LicenceList, licencesApi } from './licences.api.ts';

type Tab = 'all' | 'expiring';
/** The tab is part of the list's state in the address; what the server is asked comes from derive. */
type ListFilters = LicenceFilters & { tab?: 'expiring' };

/** 即将到期: the licences of any live status expiring within the warning window (a limit, 规则参数). */
function deriveWith(days: number) {
  return ({ tab, ...filters }: ListFilters): ListFilters =>
    tab === 'expiring' ? { ...filters, status: undefined, expiringWithinDays: days } : filters;
}

/**
 * 许可证: every licence in the user's scope with its computed status, and a tab of those
 * expiring within 60 days (the list the responsible department works through).
 */
export function LicencesPage() {
  const t = useT();
  const { can } = useSession();
  // Licences are registered by the regulator, not by the licensee (registry.regulator_fields).
  const supervised = useSupervisedParty();
  const warningDays = useLimitsInForce().licenceExpiryWarningDays;
  const derive = useMemo(() => deriveWith(warningDays), [warningDays]);
  const list = useRegistryList<Parameters<typeof licencesApi.list>[0], LicenceList, ListFilters>(licencesApi.list, {
    types: { kind: 'string', status: 'string', enterpriseId: 'string', expiringWithinDays: 'number', tab: 'string' },
    derive,
  });
  const tab: Tab = list.filters.tab === 'expiring' ? 'expiring' : 'all';
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  return (
    <RegistryListPage
      title={t('menu.licences')}
      tabularKind="licences"
      list={list}
      create={
        can('registry.manage') && !supervised ? { label: t('licence.create'), onClick: () => setCreating(true) } : null
      }
      head={
        <>
          <Tabs
            activeKey={tab}
            onChange={(k) => list.set({ tab: k === 'expiring' ? 'expiring' : undefined })}
            items={[
              { key: 'all', label: t('licence.tab.all') },
              { key: 'expiring', label: t('licence.tab.expiring') },
            ]}
          />
          {tab === 'expiring' ? (
            <Alert
              type="warning"
              showIcon
              title={t('licence.expiringHint', { days: warningDays })}
              style={{ marginBottom: 12 }}
            />
          ) : null}
        </>
      }
      filters={
        <>
          <SearchFilter list={list} placeholder={t('licence.search')} width={240} />
          <RegionFilter list={list} width={180} />
          <EnumFilter
            labels={licenceKindLabels}
            placeholder={t('registry.allKinds')}
            width={190}
            value={list.filters.kind}
            onChange={(kind) => list.set({ kind })}
          />
          {tab === 'all' ? (
            <EnumFilter
              labels={licenceStatusLabels}
              placeholder={t('registry.allStatuses')}
              width={130}
              value={list.filters.status}
              onChange={(status) => list.set({ status })}
            />
          ) : null}
          <EnterpriseFilter list={list} placeholder={t('licence.enterprise')} width={220} />
          <ArchivedFilter list={list} />
        </>
      }
    >
      <LicencesTable {...list.table} onOpen={(l) => setOpenId(l.id)} />
      <LicenceDetailDrawer licenceId={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
      <LicenceFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(saved) => {
          setCreating(false);
          list.reload();
          setOpenId(saved.id);
        }}
      />
    </RegistryListPage>
  );
}
